/// A group key: a field, or `bin(time, D)`.
public enum GroupKey: Hashable, Sendable, CustomStringConvertible {
    /// Group by a string field's value (events lacking it form one group, with a null key).
    case field(QueryField)
    /// Group by time bin; the key is the bin's start.
    case bin(BinWidth)

    /// The output column's name: the field as written, or `time` for a bin.
    public var columnName: String {
        switch self {
        case .field(let f): f.description
        case .bin: "time"
        }
    }

    public var description: String {
        switch self {
        case .field(let f): f.description
        case .bin(let w): "bin(time, \(w))"
        }
    }
}
