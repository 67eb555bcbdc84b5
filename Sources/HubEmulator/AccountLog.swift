import AuditModel

/// One organisation's audit log as the emulator holds it: events in ascending time order (ties
/// in arrival order), each kept as its canonical JSON with the position of its timestamp, so a
/// page is served by copying bytes.
struct AccountLog {
    private(set) var times: [Timestamp] = []
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private var timestampStarts: [Int32] = []
    private var timestampLengths: [Int16] = []
    private var actions: [String] = []
    private var actors: [String] = []
    private var names: [String?] = []
    private var bytes: [UInt8] = []

    var count: Int { times.count }

    /// Adds an event at its place in time (after events of the same instant).
    mutating func insert(_ event: AuditEvent) {
        var position = times.count
        if let last = times.last, event.timestamp < last {
            var low = 0, high = times.count
            while low < high {
                let mid = (low + high) / 2
                if times[mid] <= event.timestamp { low = mid + 1 } else { high = mid }
            }
            position = low
        }
        let offset = bytes.count
        CanonicalJSON.appendEvent(event, to: &bytes)
        let length = bytes.count - offset
        let tsLength = CanonicalJSON.timestampLiteralLength(event.timestamp)
        var suffix = 2  // closing quote and brace
        if let description = event.actionDescription { suffix += 22 + CanonicalJSON.literalLength(description) }
        for extra in event.extras { suffix += 2 + CanonicalJSON.literalLength(extra.key) + extra.json.utf8.count }
        var tsStart = length - suffix - tsLength
        if !Self.isTimestampKey(bytes, at: offset + tsStart) {
            tsStart = Self.searchTimestamp(bytes, offset: offset, length: length) ?? -1
        }
        times.insert(event.timestamp, at: position)
        offsets.insert(offset, at: position)
        lengths.insert(Int32(length), at: position)
        timestampStarts.insert(Int32(tsStart), at: position)
        timestampLengths.insert(Int16(tsLength), at: position)
        actions.insert(event.action, at: position)
        actors.insert(event.actor, at: position)
        names.insert(event.name, at: position)
    }

    private static func isTimestampKey(_ bytes: [UInt8], at position: Int) -> Bool {
        let key = Array(SchemaField.timestamp.member.dropFirst()) + [UInt8(ascii: "\"")]
        guard position >= key.count else { return false }
        return Array(bytes[(position - key.count)..<position]) == key
    }

    private static func searchTimestamp(_ bytes: [UInt8], offset: Int, length: Int) -> Int? {
        let key = SchemaField.timestamp.member + [UInt8(ascii: "\"")]
        var i = offset + length - key.count
        while i >= offset {
            if bytes[i] == key[0], Array(bytes[i..<(i + key.count)]) == key { return i + key.count - offset }
            i -= 1
        }
        return nil
    }

    /// The index range of events in `[from, to)`.
    func range(from: Timestamp?, to: Timestamp?) -> Range<Int> {
        func lowerBound(_ t: Timestamp) -> Int {
            var low = 0, high = times.count
            while low < high {
                let mid = (low + high) / 2
                if times[mid] < t { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let lo = from.map(lowerBound) ?? 0
        let hi = to.map(lowerBound) ?? times.count
        return lo..<max(lo, hi)
    }

    /// The index range of the events sharing event `i`'s instant.
    func tieGroup(of i: Int) -> Range<Int> {
        var low = i, high = i + 1
        while low > 0 && times[low - 1] == times[i] { low -= 1 }
        while high < times.count && times[high] == times[i] { high += 1 }
        return low..<high
    }

    /// Whether event `i` passes the optional filters.
    func matches(_ i: Int, action: String?, actor: String?, name: String?) -> Bool {
        if let action, actions[i] != action { return false }
        if let actor, actors[i] != actor { return false }
        if let name, names[i] != name { return false }
        return true
    }

    /// Appends event `i` as the Hub writes it.
    func appendJSON(_ i: Int, style: TimestampStyle, to out: inout [UInt8]) {
        let start = offsets[i]
        let end = start + Int(lengths[i])
        let ts = Int(timestampStarts[i])
        guard style == .hubExample, ts >= 0 else {
            out.append(contentsOf: bytes[start..<end])
            return
        }
        let tsStart = start + ts
        let tsEnd = tsStart + Int(timestampLengths[i])
        out.append(contentsOf: bytes[start..<tsStart])
        // 2021-02-19T01:34:35Z -> 2021-02-19 01:34:35+00:00
        out.append(contentsOf: bytes[tsStart..<(tsStart + 10)])
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: bytes[(tsStart + 11)..<(tsEnd - 1)])
        out.append(contentsOf: "+00:00".utf8)
        out.append(contentsOf: bytes[tsEnd..<end])
    }

    /// Event `i`, decoded back.
    func event(_ i: Int) -> AuditEvent? {
        let start = offsets[i]
        let end = start + Int(lengths[i])
        return bytes[start..<end].withUnsafeBytes { try? EventDecoder.decode($0) }
    }

    /// Every action name present.
    var actionNames: Set<String> { Set(actions) }
}
