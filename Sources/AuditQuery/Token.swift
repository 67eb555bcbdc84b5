/// One lexical unit of a query, with where it is.
public struct Token: Hashable, Sendable {
    /// What kind of token, with its text where it has one.
    public enum Kind: Hashable, Sendable {
        /// A bare token: letters, digits and `. _ - / : @ * +`.
        case word(String)
        /// A `"double-quoted string"`, unescaped.
        case string(String)
        /// A comparison operator: `=`, `!=`, `~`, `!~`, `<`, `<=`, `>`, `>=`.
        case op(ComparisonOperator)
        /// `(`, `)`, `,` and `|`.
        case leftParen, rightParen, comma, pipe
        /// The end of the query.
        case end
    }

    /// The kind and text.
    public var kind: Kind
    /// Where it is in the query.
    public var range: SourceRange

    /// Creates a token.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// How an error message names the token.
    public var display: String {
        switch kind {
        case .word(let w): "'\(w)'"
        case .string(let s): "\"\(s)\""
        case .op(let op): "'\(op.rawValue)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .pipe: "'|'"
        case .end: "the end of the query"
        }
    }

    /// The text of a bare word, else `nil`.
    public var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    /// Whether this is the bare word `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        guard let w = word, w.utf8.count == keyword.utf8.count else { return false }
        return w.lowercased() == keyword
    }
}
