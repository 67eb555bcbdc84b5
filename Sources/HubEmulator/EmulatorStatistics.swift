/// What the emulator saw and did, for tests and the `emulate` command's summary.
public struct EmulatorStatistics: Sendable, Hashable {
    /// Requests received.
    public var requests = 0
    /// Audit-log page requests answered with events.
    public var pagesServed = 0
    /// 429 answers.
    public var throttled = 0
    /// Requests that arrived while a 429's retry time had not come yet (more than a grace period
    /// after that 429 was sent, so not merely in flight).
    public var earlyRetries = 0
    /// Injected 5xx answers.
    public var failures = 0
    /// Injected connection resets.
    public var resets = 0
    /// Injected truncated bodies.
    public var truncations = 0
    /// Events that arrived while running.
    public var arrivals = 0
    /// Logins that issued a token.
    public var logins = 0
    /// 400 answers for paging beyond the result window.
    public var tooDeep = 0

    /// Creates zeroed counters.
    public init() {}
}
