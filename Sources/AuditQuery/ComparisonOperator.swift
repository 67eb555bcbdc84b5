/// A filter operator.
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    /// Equal; a bare value ending in `*` matches by prefix, `=*` means present and not empty.
    case equal = "="
    /// Not equal: the negation of `=` (an event lacking the field is not equal to any value).
    case notEqual = "!="
    /// Regular-expression search.
    case match = "~"
    /// The negation of `~`.
    case notMatch = "!~"
    /// Before (time) or below in byte order (text).
    case less = "<"
    /// `<` or equal.
    case lessOrEqual = "<="
    /// After (time) or above in byte order (text).
    case greater = ">"
    /// `>` or equal.
    case greaterOrEqual = ">="
    /// One of a list: `actor in (alice, bob)`.
    case `in` = "in"
    /// None of a list (the negation of `in`): `actor not in (alice, bob)`.
    case notIn = "not in"
}
