/// A parsed query: a filter and its stages, with the text it came from.
public struct Query: Hashable, Sendable {
    /// The text.
    public var source: String
    /// The filter.
    public var filter: FilterNode
    /// The stages, in order.
    public var stages: [Stage]

    /// Creates a query from its parts.
    public init(source: String, filter: FilterNode, stages: [Stage]) {
        self.source = source
        self.filter = filter
        self.stages = stages
    }

    /// Parses a query; throws a positioned ``QueryError``.
    public init(parsing source: String) throws(QueryError) {
        var parser = try Parser(source)
        self = try parser.parseQuery()
    }
}
