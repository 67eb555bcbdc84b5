/// One aggregate of `stats` with its output column name.
public struct Aggregate: Hashable, Sendable {
    /// The function.
    public var function: AggregateFunction
    /// The column's name: the `as` name, or the aggregate as written.
    public var name: String
    /// Where it is.
    public var range: SourceRange

    /// Creates an aggregate.
    public init(function: AggregateFunction, name: String, range: SourceRange) {
        self.function = function
        self.name = name
        self.range = range
    }
}
