/// How a ``HubClient`` talks to the Hub.
public struct HubClientConfiguration: Sendable {
    /// Where the Hub is.
    public var endpoint: HubEndpoint
    /// Seconds before a request without an answer counts as failed (and is retried).
    public var requestTimeout: Double
    /// Retries of failed requests.
    public var retry: RetryPolicy
    /// The longest single wait a 429 may impose before the run gives up (a temporary failure).
    public var maxRateLimitWait: Double
    /// Whether to pace requests on the `X-RateLimit-*` headers (off only to test the 429 path).
    public var pacing: Bool
    /// Connections (and so requests in flight) at most.
    public var maxConnections: Int

    /// Creates a configuration with the defaults: 30 s timeout, 8 attempts, waits of up to an
    /// hour, pacing on, 4 connections.
    public init(
        endpoint: HubEndpoint, requestTimeout: Double = 30, retry: RetryPolicy = RetryPolicy(),
        maxRateLimitWait: Double = 3600, pacing: Bool = true, maxConnections: Int = 4
    ) {
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.maxRateLimitWait = maxRateLimitWait
        self.pacing = pacing
        self.maxConnections = max(1, maxConnections)
    }
}
