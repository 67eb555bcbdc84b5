/// A span of a query's text, in characters from its start: where an AST node or an error is.
///
/// Positions count `Character`s (what a terminal shows as columns), so a caret printed under
/// the query lines up with what the user typed.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The first character of the span.
    public var start: Int
    /// One past the last character (equal to `start` for an empty span, e.g. the end of input).
    public var end: Int

    /// Creates a span; `end` is clamped to be at least `start`.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The span covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}
