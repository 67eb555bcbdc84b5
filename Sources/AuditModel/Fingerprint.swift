/// A 128-bit content fingerprint of an event, computed over its canonical encoding.
///
/// Sync uses it to recognise an event it already holds when pages overlap. Identical events
/// (same content, same second) share a fingerprint; callers count fingerprints rather than
/// collapse them, because the Hub can report two identical events that both happened.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The high 64 bits.
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    /// The fingerprint of an event.
    public init(_ event: AuditEvent) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        CanonicalJSON.appendEvent(event, to: &bytes)
        self.init(bytes: bytes)
    }

    /// The fingerprint of a byte string (two independently seeded 64-bit mixes).
    public init<C: Collection>(bytes: C) where C.Element == UInt8 {
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x8422_2325_cbf2_9ce4 ^ UInt64(bytes.count)
        for b in bytes {
            h1 = (h1 ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            h2 = (h2 ^ UInt64(b)) &* 0x9e37_79b9_7f4a_7c15
            h2 = (h2 << 31) | (h2 >> 33)
        }
        self.high = Fingerprint.mix(h1 ^ (h2 >> 7))
        self.low = Fingerprint.mix(h2 ^ (h1 << 11))
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// 32 lowercase hexadecimal digits.
    public var description: String {
        let hi = String(high, radix: 16)
        let lo = String(low, radix: 16)
        return String(repeating: "0", count: 16 - hi.count) + hi + String(repeating: "0", count: 16 - lo.count) + lo
    }
}
