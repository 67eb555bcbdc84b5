/// How failed requests (5xx, resets, timeouts, bodies cut short) are retried: exponential
/// backoff with jitter, up to a bound.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included; past them the run stops with a temporary failure.
    public var maxAttempts: Int
    /// The delay before the first retry, in seconds.
    public var baseDelay: Double
    /// The longest delay between two attempts, in seconds.
    public var maxDelay: Double

    /// The defaults: 8 attempts, 0.5 s doubling to at most 30 s (about 2 minutes in all).
    public init(maxAttempts: Int = 8, baseDelay: Double = 0.5, maxDelay: Double = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(self.baseDelay, maxDelay)
    }

    /// The delay after failed attempt `attempt` (1-based): "equal jitter", half fixed and half
    /// random, so concurrent clients spread out but never retry at once.
    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return exponential / 2 + exponential / 2 * min(max(random, 0), 1)
    }
}
