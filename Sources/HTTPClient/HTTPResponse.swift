/// The final answer to an ``HTTPRequest`` (after any redirects): status, headers and body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers of the final answer only, names lowercased; repeated headers are joined with
    /// `", "` (as URLSession did).
    public var headers: [String: String]
    /// The body, whole.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header, by name in any case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
