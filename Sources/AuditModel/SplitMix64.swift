/// SplitMix64: a tiny, fast, seeded 64-bit pseudo-random generator, the project's one.
///
/// Its output for a seed is fixed by the algorithm, so whatever is drawn from it (the generator's
/// seeds and noise, the emulator's fault decisions, property tests' cases) is the same on every
/// machine and Swift version, and a run can be replayed from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 pseudo-random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser: a fast, well-distributed 64-bit hash of `value`.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A hash of several keys, for noise that must be recomputable from its coordinates alone.
    public static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> UInt64 {
        mix(mix(mix(a &+ 0x632B_E59B_D9B4_E019) ^ b) &+ c)
    }

    /// A uniform double in [0, 1), from 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A number in `0..<n` (0 when `n` is not positive); slightly biased, which tests do not mind.
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    /// True with probability `p` (to a millionth).
    public mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }

    /// One of `items` (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
