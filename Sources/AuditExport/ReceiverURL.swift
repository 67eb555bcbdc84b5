import Foundation

/// A receiver's base URL, checked: `http` or `https`, a host, no white space. Its ``display``
/// form (scheme, host and port only) is what messages show, so credentials in the URL (user
/// information, a webhook's secret path, a query) never reach a log.
public struct ReceiverURL: Sendable, Hashable {
    /// The URL as given, without a trailing `/`.
    public let base: String
    /// `scheme://host[:port]`, safe to print.
    public let display: String

    /// Checks `text`; throws a usage error naming what is wrong (without echoing secrets).
    public init(_ text: String, option: String) throws(ExportError) {
        guard !text.contains(where: { $0.isWhitespace || $0.isNewline }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw .usage("\(option): not an http(s) URL with a host (e.g. https://splunk.example.com:8088)")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        display = "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
