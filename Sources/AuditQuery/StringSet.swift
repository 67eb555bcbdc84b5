/// A set of strings that numbers them in insertion order (for group keys and `dcount`): the
/// UTF-8 bytes in one arena and an open-addressing table of (hash, id), with a cheap 64-bit hash.
///
/// `Set<String>` costs a SipHash, a reference count and often an allocation per insert; a
/// distinct count or a group-by over millions of values spends most of its time there.
struct StringSet {
    private var arena: [UInt8] = []
    private var slots: [Slot]
    /// Per id: where its bytes are in the arena.
    private var spans: [(offset: Int, length: Int)] = []

    private struct Slot {
        var hash: UInt64
        var id: Int32
    }

    /// Distinct strings inserted.
    var count: Int { spans.count }

    init() {
        slots = Array(repeating: Slot(hash: 0, id: -1), count: 16)
    }

    /// Inserts `value`; returns whether it was new.
    @discardableResult
    mutating func insert(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { intern($0).new }
    }

    /// The id of `value` (its insertion index), inserting it when new.
    mutating func id(of value: String) -> Int32 {
        var value = value
        return value.withUTF8 { intern($0).id }
    }

    /// The string with id `id`.
    func string(_ id: Int32) -> String {
        let span = spans[Int(id)]
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[span.offset..<(span.offset + span.length)]), as: UTF8.self) }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while i + 8 <= n, let base {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0x100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3
            i += 1
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }

    /// Inserts a UTF-8 byte string; returns its id and whether it was new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, new: Bool) {
        if (spans.count + 1) * 4 > slots.count * 3 { grow() }
        let h = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot.id < 0 {
                let id = Int32(truncatingIfNeeded: spans.count)
                spans.append((arena.count, bytes.count))
                arena.append(contentsOf: bytes)
                slots[i] = Slot(hash: h, id: id)
                return (id, true)
            }
            if slot.hash == h {
                let span = spans[Int(slot.id)]
                if span.length == bytes.count {
                    let same = arena.withUnsafeBufferPointer { a in
                        bytes.count == 0 || memcmpEqual(a.baseAddress! + span.offset, bytes.baseAddress!, bytes.count)
                    }
                    if same { return (slot.id, false) }
                }
            }
            i = (i + 1) & mask
        }
    }

    private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(hash: 0, id: -1), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.id >= 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].id >= 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// Inserts every string of `other`.
    mutating func formUnion(_ other: StringSet) {
        other.arena.withUnsafeBufferPointer { a in
            for span in other.spans {
                _ = intern(UnsafeBufferPointer(rebasing: a[span.offset..<(span.offset + span.length)]))
            }
        }
    }
}
