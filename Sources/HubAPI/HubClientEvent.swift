/// Something a ``HubClient`` did that a progress display or a log wants to show.
///
/// None carries a secret.
public enum HubClientEvent: Sendable, Hashable {
    /// Logged in; `method` is the endpoint that issued the token.
    case loggedIn(method: String)
    /// Used a cached token instead of logging in.
    case usedCachedToken
    /// The token was rejected mid-run; logging in again.
    case reauthenticating
    /// A request failed and will be retried after `delay` seconds.
    case retrying(operation: String, attempt: Int, delay: Double, problem: String)
    /// Requests wait `seconds` for the rate limit (`reason`: a 429, or the window running out).
    case waitingForRateLimit(seconds: Double, reason: String)
}

/// Counters of a client's traffic.
public struct HubClientStatistics: Sendable, Hashable {
    /// HTTP requests sent (answered or not).
    public var requests = 0
    /// Requests retried after a failure (5xx, reset, timeout, malformed body).
    public var retries = 0
    /// 429 answers received.
    public var throttled = 0
    /// Seconds spent waiting for the rate limit (pacing and 429s).
    public var rateLimitWait = 0.0
    /// Logins performed.
    public var logins = 0

    /// Creates zeroed counters.
    public init() {}
}
