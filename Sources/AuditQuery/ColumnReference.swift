/// A column (or event field) reference of `sort` and `fields`, with its position.
public struct ColumnReference: Hashable, Sendable {
    /// The name as written (`count`, `actor`, `data.tag`, `dcount(name)`).
    public var name: String
    /// Where it is.
    public var range: SourceRange
    /// `desc` (for `sort`).
    public var descending: Bool

    /// Creates a reference.
    public init(name: String, range: SourceRange, descending: Bool = false) {
        self.name = name
        self.range = range
        self.descending = descending
    }
}
