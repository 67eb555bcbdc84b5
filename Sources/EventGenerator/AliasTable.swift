#if canImport(Glibc)
import Glibc  // links libm, which `rounded()` and `squareRoot()` call on Linux
#elseif canImport(Musl)
import Musl
#endif

/// Samples an index in `0..<count` with probability proportional to integer weights, in O(1).
///
/// Walker's alias method (Vose's construction), done in exact integer arithmetic so that the table,
/// and therefore every sample, is the same on every machine. Used for the Zipf-skewed choice of
/// repositories and actors, which happens for nearly every generated event.
struct AliasTable: Sendable {
    /// Per bucket: a draw in `0..<capacity` below this keeps the bucket's own index.
    private var threshold: [UInt64]
    /// Per bucket: the index taken when the draw is at or above the threshold.
    private var alias: [Int32]
    /// The capacity of every bucket: the sum of the weights.
    private var capacity: UInt64

    /// The number of indices the table chooses from.
    var count: Int { threshold.count }

    /// Builds a table; weights must be at most 2^40 each and at most 2^22 of them.
    ///
    /// An empty list gives a table that always returns 0 (callers never sample one); all-zero
    /// weights are treated as equal weights.
    init(weights: [UInt64]) {
        let n = weights.count
        var weights = weights
        var total: UInt64 = weights.reduce(0, &+)
        if total == 0 {
            weights = Array(repeating: 1, count: n)
            total = UInt64(n)
        }
        capacity = max(total, 1)
        threshold = Array(repeating: capacity, count: n)
        alias = Array(0..<Int32(truncatingIfNeeded: n))
        guard n > 1 else { return }
        // Each bucket holds `total` units; index i owns `weights[i] * n` units in all.
        var scaled = weights.map { $0 &* UInt64(n) }
        var small: [Int] = []
        var large: [Int] = []
        small.reserveCapacity(n)
        large.reserveCapacity(n)
        for i in 0..<n {
            if scaled[i] < total { small.append(i) } else { large.append(i) }
        }
        while let s = small.popLast() {
            guard let l = large.last else {
                threshold[s] = total
                continue
            }
            threshold[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] -= total - scaled[s]
            if scaled[l] < total {
                large.removeLast()
                small.append(l)
            }
        }
        for l in large { threshold[l] = total }
    }

    /// One weighted sample.
    @inline(__always)
    func sample(_ rng: inout Xoshiro256) -> Int {
        let n = threshold.count
        guard n > 1 else { return 0 }
        let i = rng.int(n)
        return rng.below(capacity) < threshold[i] ? i : Int(alias[i])
    }
}

/// Converts non-negative `Double` weights into the integer weights ``AliasTable`` takes.
///
/// The largest weight maps to 2^32 and the others proportionally (rounded, but never below 1 for a
/// positive weight); only IEEE-exact operations are involved, so the result is portable.
func integerWeights(_ weights: [Double]) -> [UInt64] {
    let largest = weights.max() ?? 0
    guard largest > 0 else { return weights.map { _ in 1 } }
    return weights.map { w in
        guard w > 0 else { return 0 }
        return max(1, UInt64((w / largest * 4_294_967_296.0).rounded()))
    }
}
