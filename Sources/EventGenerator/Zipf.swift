/// Zipf-like popularity weights: the item of rank `r` (0-based) weighs `1 / (r + offset)`.
///
/// Audit logs are dominated by a few repositories and actors; a harmonic law with a small offset
/// (Zipf–Mandelbrot with exponent 1) reproduces that skew while keeping the top item from taking
/// an implausible share. Only division is used, so the weights are bit-identical everywhere.
enum Zipf {
    /// Weights for `count` items in rank order.
    static func weights(count: Int, offset: Double) -> [Double] {
        (0..<max(count, 0)).map { 1.0 / (Double($0) + offset) }
    }

    /// Weights for `count` items whose ranks are a random permutation, so that popularity is not
    /// tied to the order in which names were generated.
    static func shuffledWeights(count: Int, offset: Double, rng: inout Xoshiro256) -> [Double] {
        var ranked = weights(count: count, offset: offset)
        shuffle(&ranked, rng: &rng)
        return ranked
    }

    /// A Fisher–Yates shuffle driven by the generator's own PRNG (the standard library's shuffle
    /// may change its algorithm between releases).
    static func shuffle<T>(_ items: inout [T], rng: inout Xoshiro256) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = rng.int(i + 1)
            if i != j { items.swapAt(i, j) }
        }
    }
}
