/// One comparison, `FIELD OP VALUE` (or `FIELD in (V, …)`), with positions.
public struct Term: Hashable, Sendable {
    /// The field (or, after an aggregation, the column) as written.
    public var name: String
    /// Where the name is.
    public var nameRange: SourceRange
    /// The operator.
    public var op: ComparisonOperator
    /// Where the operator is.
    public var opRange: SourceRange
    /// The value, or the list of an `in`.
    public var values: [QueryValue]

    /// Creates a term.
    public init(name: String, nameRange: SourceRange, op: ComparisonOperator, opRange: SourceRange, values: [QueryValue]) {
        self.name = name
        self.nameRange = nameRange
        self.op = op
        self.opRange = opRange
        self.values = values
    }

    /// The whole term's span.
    public var range: SourceRange { values.reduce(nameRange.union(opRange)) { $0.union($1.range) } }
}
