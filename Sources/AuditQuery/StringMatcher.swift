/// A test on one string value (or its absence), evaluated once per distinct value of a block's
/// dictionary and then looked up per event.
public enum StringMatcher: Sendable {
    /// `=` / `in`: equal to one of `exact`, starts with one of `prefixes`, or (with `present`)
    /// present and not empty.
    case anyOf(exact: Set<String>, prefixes: [String], present: Bool)
    /// `~`: a regular-expression search.
    case regex(CompiledRegex)
    /// `<` `<=` `>` `>=`: byte-order comparison with a value.
    case compare(ComparisonOperator, String)
    /// The negation (`!=`, `!~`, `not in`): true for an event that lacks the field.
    indirect case negated(StringMatcher)

    /// Whether `value` (`nil`: the event lacks the field) matches.
    public func matches(_ value: String?) -> Bool {
        switch self {
        case .anyOf(let exact, let prefixes, let present):
            guard let value else { return false }
            if present, !value.isEmpty { return true }
            if exact.contains(value) { return true }
            for p in prefixes where value.hasPrefix(p) { return true }
            return false
        case .regex(let regex):
            guard let value else { return false }
            return regex.matches(value)
        case .compare(let op, let bound):
            guard let value else { return false }
            return Self.compare(value, op, bound)
        case .negated(let inner):
            return !inner.matches(value)
        }
    }

    /// Byte-order comparison (UTF-8), as the spec defines `<` on strings.
    static func compare(_ value: String, _ op: ComparisonOperator, _ bound: String) -> Bool {
        let less = value.utf8.lexicographicallyPrecedes(bound.utf8)
        let greater = bound.utf8.lexicographicallyPrecedes(value.utf8)
        switch op {
        case .less: return less
        case .lessOrEqual: return !greater
        case .greater: return greater
        case .greaterOrEqual: return !less
        case .equal: return !less && !greater
        case .notEqual: return less || greater
        default: return false
        }
    }
}
