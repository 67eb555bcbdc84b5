import Foundation

/// A small, fast, deterministic pseudo-random generator (SplitMix64) for property-style tests:
/// the same seed gives the same cases on every machine.
public struct SplitMix: Sendable {
    /// The generator's state.
    public var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 when `n` is not positive).
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }

    /// One of `items` (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

extension SplitMix {
    /// A generator for a randomised test, replayable: seeded from the environment variable
    /// `HUBAUDIT_TEST_SEED` when it holds a number, else from the system's generator. The seed is
    /// printed with `test`'s name, so a failure can be run again with the same draws.
    public static func replayable(test: String) -> SplitMix {
        let given = ProcessInfo.processInfo.environment["HUBAUDIT_TEST_SEED"].flatMap { UInt64($0) }
        let seed = given ?? UInt64.random(in: .min ... .max)
        print("\(test): seed \(seed) (replay with HUBAUDIT_TEST_SEED=\(seed))")
        return SplitMix(seed: seed)
    }
}
