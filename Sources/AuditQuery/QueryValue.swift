/// A value as written in a query: its text, whether it was quoted, and where it is.
///
/// A bare value ending in `*` matches by prefix; a quoted one is always literal.
public struct QueryValue: Hashable, Sendable {
    /// The text (unescaped when quoted).
    public var text: String
    /// Whether it was a `"quoted string"`.
    public var quoted: Bool
    /// Where it is.
    public var range: SourceRange

    /// Creates a value.
    public init(text: String, quoted: Bool, range: SourceRange) {
        self.text = text
        self.quoted = quoted
        self.range = range
    }

    /// `*` alone, unquoted: "present and not empty" with `=`.
    public var isPresenceWildcard: Bool { !quoted && text == "*" }

    /// The prefix of a bare `abc*` value, else `nil`.
    public var prefix: String? {
        guard !quoted, text.utf8.count > 1, text.hasSuffix("*") else { return nil }
        return String(text.dropLast())
    }
}
