/// One HTTP request for an ``HTTPTransport``: what a client (the Hub client, an export to a
/// collector) sends, independent of the library that sends it.
public struct HTTPRequest: Sendable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The absolute URL (`https://…`, or `http://` to loopback).
    public var url: String
    /// Request headers by name. Names and values must not contain CR or LF.
    public var headers: [String: String]
    /// The body, if the request has one (sent with its exact length).
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
