/// A result column: its name and type.
public struct ResultColumn: Hashable, Sendable {
    /// The column's name (a field, `count`, an aggregate as written, or its `as` name).
    public var name: String
    /// What it holds.
    public var type: ColumnType

    /// Creates a column.
    public init(name: String, type: ColumnType) {
        self.name = name
        self.type = type
    }
}
