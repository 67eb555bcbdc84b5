import Foundation

/// The Hub's base URL, checked: `https://` anywhere, plain `http://` only to loopback.
public struct HubEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The public Docker Hub.
    public static let dockerHub = "https://hub.docker.com"

    /// The base URL, without a trailing slash.
    public let baseURL: String

    /// Checks and normalises a base URL.
    public init(_ text: String = HubEndpoint.dockerHub) throws(HubError) {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .invalidURL(text, reason: "not an absolute URL") }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidURL(text, reason: "a base URL has no query or fragment")
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(host) else { throw .invalidURL(text, reason: "plain http would send the token in clear text") }
        default:
            throw .invalidURL(text, reason: "unsupported scheme '\(scheme)'")
        }
        baseURL = trimmed
    }

    /// Whether a host name or address is the local machine.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }

    /// The URL of a path (starting with `/`) with query items.
    func url(_ path: String, query: [URLQueryItem] = []) -> URL? {
        guard var components = URLComponents(string: baseURL + path) else { return nil }
        if !query.isEmpty {
            components.queryItems = query
            // `+` in a time offset would read as a space.
            let encoded = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            components.percentEncodedQuery = encoded
        }
        return components.url
    }

    public var description: String { baseURL }
}
