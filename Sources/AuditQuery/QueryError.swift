/// Why a query could not be parsed or evaluated, with where in its text the problem is.
///
/// Every case carries a ``SourceRange``; ``render(query:)`` prints the query with a caret
/// under it, as the CLI shows it (exit status 2).
public enum QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field name the language does not know, with the closest known one.
    case unknownField(String, suggestion: String?, at: SourceRange)
    /// A bare `NAME:VALUE` word whose NAME is not a field: neither a field filter nor, silently,
    /// a word to search for.
    case unknownPrefix(String, word: String, suggestion: String?, at: SourceRange)
    /// A column that the rows after an aggregation do not have.
    case unknownColumn(String, available: [String], suggestion: String?, at: SourceRange)
    /// A `(` without its `)` or a `)` without its `(`.
    case unbalancedParenthesis(opening: Bool, at: SourceRange)
    /// A `"` string that runs to the end of the query.
    case unterminatedString(at: SourceRange)
    /// A character that cannot start a token.
    case invalidCharacter(Character, at: SourceRange)
    /// A token where another was expected.
    case unexpected(found: String, expected: String, at: SourceRange)
    /// A regular expression that does not compile.
    case badRegex(String, reason: String, at: SourceRange)
    /// A duration (`-30d`, `1mo`) that is not a positive number and a known unit.
    case badDuration(String, reason: String, at: SourceRange)
    /// A time value that is not a timestamp, a date, `now`, `today` or an offset.
    case badTime(String, reason: String, at: SourceRange)
    /// A stage that needs a number (`limit`, `top`) and did not get one.
    case expectedNumber(stage: String, found: String, at: SourceRange)
    /// An aggregate function the language does not have.
    case unknownAggregate(String, at: SourceRange)
    /// An operator that does not apply to a field (e.g. a regular expression on `time`).
    case unsupportedOperator(String, field: String, reason: String, at: SourceRange)
    /// A stage in a place where it cannot run, with what to do instead.
    case misplacedStage(String, reason: String, at: SourceRange)
    /// Two output columns with the same name.
    case duplicateColumn(String, at: SourceRange)
    /// A value that does not fit the column it is compared with (e.g. text against a count).
    case badValue(String, reason: String, at: SourceRange)

    /// Where in the query the problem is.
    public var range: SourceRange {
        switch self {
        case .unknownField(_, _, let r), .unknownPrefix(_, _, _, let r), .unknownColumn(_, _, _, let r), .unbalancedParenthesis(_, let r),
             .unterminatedString(let r), .invalidCharacter(_, let r), .unexpected(_, _, let r),
             .badRegex(_, _, let r), .badDuration(_, _, let r), .badTime(_, _, let r),
             .expectedNumber(_, _, let r), .unknownAggregate(_, let r), .unsupportedOperator(_, _, _, let r),
             .misplacedStage(_, _, let r), .duplicateColumn(_, let r), .badValue(_, _, let r):
            r
        }
    }

    /// The one-line message, without the position.
    public var description: String {
        switch self {
        case .unknownField(let name, let suggestion, _):
            if let suggestion { return "unknown field '\(name)' (did you mean '\(suggestion)'?)" }
            return "unknown field '\(name)'; fields are \(QueryField.knownNames.joined(separator: ", "))"
        case .unknownPrefix(let name, let word, let suggestion, _):
            let field = suggestion.map { "did you mean '\($0):'? " } ?? ""
            return "'\(name):' is not a field (\(field)FIELD:VALUE means FIELD=VALUE); to search for the text, quote it: \"\(word)\""
        case .unknownColumn(let name, let available, let suggestion, _):
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "unknown column '\(name)'\(hint); the rows have \(available.map { "'\($0)'" }.joined(separator: ", "))"
        case .unbalancedParenthesis(let opening, _):
            return opening ? "unbalanced parenthesis: this '(' is never closed; add a ')'"
                : "unbalanced parenthesis: this ')' has no matching '('"
        case .unterminatedString:
            return "unterminated string: add a closing '\"'"
        case .invalidCharacter(let c, _):
            return "unexpected character '\(c)'; quote values that contain it: \"…\""
        case .unexpected(let found, let expected, _):
            return "expected \(expected), found \(found)"
        case .badRegex(let pattern, let reason, _):
            return "bad regular expression \"\(pattern)\": \(reason)"
        case .badDuration(let text, let reason, _):
            return "bad duration '\(text)': \(reason)"
        case .badTime(let text, let reason, _):
            return "bad time '\(text)': \(reason); use 2024-05-01, 2024-05-01T12:00:00Z, now, today or an offset like -30d"
        case .expectedNumber(let stage, let found, _):
            return "'\(stage)' needs a number of rows, e.g. '\(stage) 10', found \(found)"
        case .unknownAggregate(let name, _):
            return "unknown aggregate '\(name)'; use count(), dcount(FIELD), min(FIELD) or max(FIELD)"
        case .unsupportedOperator(let op, let field, let reason, _):
            return "'\(op)' cannot be used on '\(field)': \(reason)"
        case .misplacedStage(let stage, let reason, _):
            return "'\(stage)' cannot go here: \(reason)"
        case .duplicateColumn(let name, _):
            return "two columns are named '\(name)'; rename one with 'as NAME'"
        case .badValue(let text, let reason, _):
            return "bad value '\(text)': \(reason)"
        }
    }

    /// The message with the query line and a caret under the offending column:
    ///
    ///     error: unknown field 'actr' (did you mean 'actor'?)
    ///       actr=alice | count
    ///       ^
    ///
    /// A query of several lines (a `.hq` file) shows the line the error is on, with its number.
    public func render(query: String, prefix: String = "error: ") -> String {
        let chars = Array(query)
        let start = min(max(0, range.start), chars.count)
        var lineStart = start
        while lineStart > 0, chars[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
        let lineNumber = chars[0..<lineStart].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
        let multiline = chars.contains("\n")
        let line = String(chars[lineStart..<lineEnd].map { $0 == "\t" || $0 == "\r" ? " " : $0 })
        let column = start - lineStart
        let width = max(1, min(range.end, lineEnd) - start)
        let gutter = multiline ? "line \(lineNumber): " : ""
        let indent = String(repeating: " ", count: 2 + gutter.count + column)
        return "\(prefix)\(description)\n  \(gutter)\(line)\n\(indent)\(String(repeating: "^", count: width))"
    }
}
