/// The filter part of a query (and the condition of a `where` stage), as parsed.
public indirect enum FilterNode: Hashable, Sendable {
    /// Matches everything: an empty filter or `*`.
    case all
    /// `FIELD OP VALUE`.
    case term(Term)
    /// A bare word or quoted string: case-insensitive substring search in `description`.
    case search(String, SourceRange)
    /// Both hold (white space or `and`).
    case and(FilterNode, FilterNode)
    /// Either holds.
    case or(FilterNode, FilterNode)
    /// Negation.
    case not(FilterNode)
}
