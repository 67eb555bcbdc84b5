import AuditModel
import Zlib

/// A block ready to be appended: its frame bytes, header, and the index terms it contributes.
public struct EncodedBlock: Sendable {
    /// The whole frame: header, directory and column chunks.
    public var bytes: [UInt8]
    /// The parsed header of `bytes`.
    public var header: BlockHeader
    /// The distinct accounts, actions and actors in the block, with counts.
    public var terms: [IndexTerm]
}

/// Encodes a batch of events into one self-describing, column-oriented, compressed block.
///
/// Events are ordered by time inside the block (stable, so equal times keep append order) and
/// each keeps its store-wide sequence number. Every column is deflated on its own and carries its
/// own CRC-32, so a query can inflate only the columns it needs and damage stays local.
public enum BlockEncoder {
    /// Column flags per event.
    enum Flag {
        static let name: UInt8 = 1
        static let data: UInt8 = 2
        static let description: UInt8 = 4
        static let literalDescription: UInt8 = 8
        static let extras: UInt8 = 16
    }

    /// Encodes `events` (in append order) whose first sequence number is `firstSeq`.
    public static func encode(_ events: [AuditEvent], firstSeq: UInt64, level: Int32 = 6) throws(ZlibError) -> EncodedBlock {
        precondition(!events.isEmpty, "a block holds at least one event")
        // Stable order by time; `order[i]` is the append index of the i-th event in the block.
        var order = Array(events.indices)
        var sorted = true
        for i in 1..<max(events.count, 1) where events[i].timestamp < events[i - 1].timestamp {
            sorted = false
            break
        }
        if !sorted {
            order.sort { a, b in
                let ta = events[a].timestamp, tb = events[b].timestamp
                return ta != tb ? ta < tb : a < b
            }
        }

        var time = ByteWriter(capacity: events.count * 2)
        var nanos = ByteWriter()
        var anyNanos = false
        var seq = ByteWriter()
        var permuted = false
        var flags = [UInt8](repeating: 0, count: events.count)
        var account = StringColumnBuilder()
        var action = StringColumnBuilder()
        var actor = StringColumnBuilder()
        var name = StringColumnBuilder()
        var shapes = StringColumnBuilder()
        var dataColumns: [String: StringColumnBuilder] = [:]
        var descriptions = StringColumnBuilder()
        var extras = StringColumnBuilder()
        var templateCache: [String: [UInt8]] = [:]
        var scratch: [UInt8] = []
        var canonical: [UInt8] = []
        var rawBytes: UInt64 = 0
        let minSeconds = events[order[0]].timestamp.seconds
        var previous = minSeconds
        var maxSeconds = minSeconds

        for (i, index) in order.enumerated() {
            let event = events[index]
            time.varint(UInt64(event.timestamp.seconds - previous))
            previous = event.timestamp.seconds
            maxSeconds = event.timestamp.seconds
            nanos.varint(UInt64(event.timestamp.nanoseconds))
            if event.timestamp.nanoseconds != 0 { anyNanos = true }
            seq.zigzag(Int64(index - i))
            if index != i { permuted = true }

            account.add(event.account)
            action.add(event.action)
            actor.add(event.actor)
            var flag: UInt8 = 0
            if let value = event.name {
                flag |= Flag.name
                name.add(value)
            }
            if let data = event.data {
                flag |= Flag.data
                var shape = ""
                for field in data {
                    shape += DataShape.netstring(field.key)
                    dataColumns[field.key, default: StringColumnBuilder()].add(field.value)
                }
                shapes.add(shape)
            }
            if let description = event.actionDescription {
                flag |= Flag.description
                if let cached = templateCache[event.action],
                   DescriptionTemplate.reproduces(cached, event, description, scratch: &scratch) {
                    descriptions.add(String(decoding: cached, as: UTF8.self))
                } else if let template = DescriptionTemplate.extract(event, scratch: &scratch) {
                    templateCache[event.action] = template
                    descriptions.add(String(decoding: template, as: UTF8.self))
                } else {
                    flag |= Flag.literalDescription
                    descriptions.add(description)
                }
            }
            if !event.extras.isEmpty {
                flag |= Flag.extras
                extras.add(ExtraField.object(event.extras))
            }
            flags[i] = flag
            canonical.removeAll(keepingCapacity: true)
            CanonicalJSON.appendEvent(event, to: &canonical)
            rawBytes += UInt64(canonical.count + 1)
        }

        var columns: [(name: String, bytes: [UInt8])] = [("time", time.bytes), ("flags", flags)]
        if anyNanos { columns.append(("nanos", nanos.bytes)) }
        if permuted { columns.append(("seq", seq.bytes)) }
        func add(_ label: String, _ builder: StringColumnBuilder) {
            guard !builder.isEmpty else { return }
            let (dictionary, ids) = builder.encode()
            columns.append((label + "/d", dictionary))
            columns.append((label + "/i", ids))
        }
        add("account", account)
        add("action", action)
        add("actor", actor)
        add("name", name)
        add("data.keys", shapes)
        for key in dataColumns.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if let column = dataColumns[key] { add("data:" + key, column) }
        }
        add("desc", descriptions)
        add("extras", extras)

        // Directory and chunks.
        var directory = ByteWriter(capacity: columns.count * 24)
        var chunks = ByteWriter()
        for column in columns {
            let deflated = try Zlib.deflate(column.bytes, level: level)
            let useDeflate = deflated.count < column.bytes.count
            let stored = useDeflate ? deflated : column.bytes
            directory.lengthPrefixed(Array(column.name.utf8))
            directory.u8(useDeflate ? 1 : 0)
            directory.varint(column.bytes.count)
            directory.varint(stored.count)
            directory.u32(Zlib.crc32(stored))
            chunks.append(contentsOf: stored)
        }
        let header = BlockHeader(
            version: BlockHeader.currentVersion, columnCount: columns.count,
            payloadLength: directory.count + chunks.count, eventCount: events.count, firstSeq: firstSeq,
            minSeconds: minSeconds, maxSeconds: maxSeconds, rawBytes: rawBytes,
            directoryLength: directory.count, directoryCRC: Zlib.crc32(directory.bytes)
        )
        var frame = header.encode()
        frame.reserveCapacity(header.frameLength)
        frame.append(contentsOf: directory.bytes)
        frame.append(contentsOf: chunks.bytes)

        var terms: [IndexTerm] = []
        for (field, builder) in [(IndexedField.account, account), (.action, action), (.actor, actor)] {
            for (value, count) in builder.valueCounts { terms.append(IndexTerm(field: field, value: value, count: count)) }
        }
        return EncodedBlock(bytes: frame, header: header, terms: terms)
    }
}
