#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuditModel

/// An insert-only map from strings to dense ids, for building block dictionaries.
///
/// Import interns several strings per event; `Dictionary<String, _>` hashes each with SipHash,
/// which showed as a tenth of import time. This table hashes eight bytes at a time with a
/// multiply-xorshift mix and compares bytes only on a hash match. It is not exposed to input that
/// could be chosen to collide badly: a block holds at most a few tens of thousands of values.
struct StringTable {
    private var slots: [UInt64]      // (hash high 32 bits << 32) | (id + 1); 0 = empty
    private var mask: Int
    private(set) var values: [String] = []

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The id of `value`, inserting it with the next id when new; `inserted` says which.
    @inline(__always)
    mutating func intern(_ value: String) -> (id: UInt32, inserted: Bool) {
        let h = value.withUTF8Bytes { Self.hash($0) }
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { break }
            if slot >> 32 == tag {
                let id = UInt32(truncatingIfNeeded: slot) - 1
                if ExactString.same(values[Int(id)], value) { return (id, false) }
            }
            i = (i + 1) & mask
        }
        let id = UInt32(values.count)
        slots[i] = tag << 32 | UInt64(id + 1)
        values.append(value)
        if values.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        let old = values
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (id, value) in old.enumerated() {
            let h = value.withUTF8Bytes { Self.hash($0) }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (h >> 32) << 32 | UInt64(id + 1)
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}
