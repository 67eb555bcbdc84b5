import SegmentStore

/// An index term the planner looks up: a field and the values (exact or prefixes) it must have.
public struct IndexLookup: Sendable, Hashable {
    /// The indexed field.
    public var field: IndexedField
    /// Exact values.
    public var values: [String]
    /// Prefixes (from `action=team.member.*`), expanded through the index's term list.
    public var prefixes: [String]
    /// Whether the term was `FIELD=*` (present and not empty).
    public var present: Bool
}
