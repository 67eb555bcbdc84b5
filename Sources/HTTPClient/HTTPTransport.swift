/// Sends HTTP requests: what hubaudit's clients (the Docker Hub client, exports that POST to a
/// collector) need from HTTP.
///
/// They need little (a method, URL, headers and body; the status, headers and body back), so the
/// transport is this one small requirement; ``CurlTransport`` implements it over libcurl, and a
/// test can put anything else behind a client.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the final answer, following redirects. Throws
    /// ``TransportError`` when no answer arrived (an HTTP error status is an answer, not an
    /// error), and ``TransportError/cancelled`` promptly when the calling task is cancelled.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
