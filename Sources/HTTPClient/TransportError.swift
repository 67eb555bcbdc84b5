/// Why an ``HTTPTransport`` got no answer, in the short words a retry log shows.
///
/// No case carries a URL, header or body, so an error can never reveal a token.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer within the configured time (connecting, stalled, or overall).
    case timedOut
    /// Nothing listens at the address (or a firewall refused the connection).
    case connectionRefused
    /// The host name could not be resolved.
    case unknownHost
    /// The connection broke before the whole answer arrived (reset, closed early, cut short).
    case connectionLost
    /// The TLS handshake or the certificate check failed.
    case tlsFailure
    /// The calling task was cancelled.
    case cancelled
    /// The request cannot be sent as given (such as a header with a line break).
    case invalidRequest(String)
    /// The HTTP library (libcurl) could not be loaded; `reason` says why.
    case libraryUnavailable(reason: String)
    /// Any other failure, by the library's error number.
    case failed(code: Int)

    /// The short problem: `timed out`, `connection refused`, `unknown host`, `connection lost`,
    /// `TLS failure`, `cancelled`, or `network error N`.
    public var description: String {
        switch self {
        case .timedOut: "timed out"
        case .connectionRefused: "connection refused"
        case .unknownHost: "unknown host"
        case .connectionLost: "connection lost"
        case .tlsFailure: "TLS failure"
        case .cancelled: "cancelled"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .libraryUnavailable(let reason): "libcurl unavailable: \(reason)"
        case .failed(let code): "network error \(code)"
        }
    }
}
