/// A compiled regular expression with the pattern it came from.
///
/// `Regex` holds no mutable state once built; the wrapper makes that explicit for Swift 6.
public struct CompiledRegex: @unchecked Sendable {
    /// The pattern as written.
    public let pattern: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `pattern`; throws a positioned error when it is not a valid regular expression.
    public init(_ pattern: String, at range: SourceRange) throws(QueryError) {
        self.pattern = pattern
        do {
            regex = try Regex(pattern)
        } catch {
            var reason = "\(error)"
            if reason.count > 200 { reason = String(reason.prefix(200)) + "…" }
            throw .badRegex(pattern, reason: reason, at: range)
        }
    }

    /// Whether the pattern occurs anywhere in `value`.
    public func matches(_ value: String) -> Bool {
        ((try? regex.firstMatch(in: value)) ?? nil) != nil
    }
}
