/// An aggregate function of `stats`.
public enum AggregateFunction: Hashable, Sendable, CustomStringConvertible {
    /// `count()`: events in the group.
    case count
    /// `dcount(F)`: distinct values of F (events lacking F do not count).
    case dcount(QueryField)
    /// `min(F)`: the smallest value (chronological for time, byte order otherwise).
    case min(QueryField)
    /// `max(F)`: the largest value.
    case max(QueryField)

    /// The aggregate as written, canonically: `count()`, `dcount(name)`.
    public var description: String {
        switch self {
        case .count: "count()"
        case .dcount(let f): "dcount(\(f))"
        case .min(let f): "min(\(f))"
        case .max(let f): "max(\(f))"
        }
    }
}
