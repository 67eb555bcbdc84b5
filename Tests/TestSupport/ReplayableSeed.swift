import AuditModel
import Foundation

extension SplitMix64 {
    /// A generator for a randomised test, replayable: seeded from the environment variable
    /// `HUBAUDIT_TEST_SEED` when it holds a number, else from the system's generator. The seed is
    /// printed with `test`'s name, so a failure can be run again with the same draws.
    public static func replayable(test: String) -> SplitMix64 {
        let given = ProcessInfo.processInfo.environment["HUBAUDIT_TEST_SEED"].flatMap { UInt64($0) }
        let seed = given ?? UInt64.random(in: .min ... .max)
        print("\(test): seed \(seed) (replay with HUBAUDIT_TEST_SEED=\(seed))")
        return SplitMix64(seed: seed)
    }
}
