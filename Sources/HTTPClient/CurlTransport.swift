/// An ``HTTPTransport`` over libcurl, loaded with `dlopen` at the first request.
///
/// Why not URLSession: on Linux FoundationNetworking is itself a wrapper around libcurl, and
/// linking it makes every `hubaudit` process load libcurl and its ~30 libraries at start-up
/// (~7 ms), even commands that never reach the network. Loading libcurl only when a request is
/// made keeps those commands fast; `libcurl.so.4` is present wherever Swift runs.
///
/// Each transfer runs the blocking `curl_easy_perform` on a thread of its own, never on Swift
/// concurrency's cooperative pool. Easy handles are pooled (at most `maxConnections`, further
/// requests wait their turn) and reused, so connections are kept alive between requests.
/// Timeouts follow URLSession's: `requestTimeout` to connect and as the longest stall, four
/// times that for the whole request. Redirects are followed (at most `maxRedirects`, http and
/// https only, never from https to http), without the `Authorization` header when the host
/// changes. TLS certificates and host names are always verified. Nothing about a request (URL,
/// headers, body) ever appears in an error, and libcurl's verbose output is never enabled.
public final class CurlTransport: HTTPTransport {
    /// Seconds to connect, and the longest a request may stall without a byte arriving.
    public let requestTimeout: Double
    /// Connections (easy handles) at most, and so requests in flight.
    public let maxConnections: Int
    /// Redirects followed at most.
    public let maxRedirects: Int
    private let pool: CurlHandlePool

    /// Creates a transport. Nothing is loaded or connected until the first request.
    public init(requestTimeout: Double = 30, maxConnections: Int = 4, maxRedirects: Int = 5) {
        self.requestTimeout = requestTimeout
        self.maxConnections = max(1, maxConnections)
        self.maxRedirects = max(0, maxRedirects)
        pool = CurlHandlePool(capacity: self.maxConnections)
    }

    /// Sends a request; see ``HTTPTransport/send(_:)``. Throws
    /// ``TransportError/libraryUnavailable(reason:)`` when libcurl cannot be loaded.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try CurlLibrary.load()
        let transfer = try CurlTransfer(
            request: request, limits: CurlTransfer.Limits(requestTimeout: requestTimeout, maxRedirects: maxRedirects))
        if Task.isCancelled { throw .cancelled }
        let handle = try await pool.acquire()
        let pool = self.pool
        return try await transfer.run(on: handle) { pool.release($0) }.get()
    }
}
