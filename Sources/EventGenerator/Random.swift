import AuditModel

/// xoshiro256**: the generator behind every random choice the event generator makes.
///
/// Deliberately not `SystemRandomNumberGenerator` nor the standard library's `random(in:using:)`,
/// whose algorithms may change between releases: the same seed must give the same events forever.
struct Xoshiro256: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose state is filled from SplitMix64(`seed`), as the authors recommend.
    init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 pseudo-random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// A number in `0..<bound` (Lemire's multiply-high mapping; `bound` 0 gives 0).
    ///
    /// The bias is at most `bound / 2^64`, far below anything a statistic could notice, and the
    /// mapping needs no rejection loop, so every call consumes exactly one draw.
    @inline(__always)
    mutating func below(_ bound: UInt64) -> UInt64 {
        next().multipliedFullWidth(by: bound).high
    }

    /// An `Int` in `0..<bound`; `bound` must not be negative.
    @inline(__always)
    mutating func int(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: below(UInt64(truncatingIfNeeded: bound)))
    }

    /// An `Int` in `range` (which must not be empty).
    @inline(__always)
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// A `Double` in `[0, 1)` with 53 random bits; exact, so identical on every IEEE machine.
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }
}
