/// Finds a column by name for `sort`, `fields` and `where` after an aggregation.
enum ColumnResolver {
    static func resolve(_ name: String, in columns: [ResultColumn], at range: SourceRange) throws(QueryError) -> Int {
        if let i = columns.firstIndex(where: { $0.name == name }) { return i }
        let names = columns.map(\.name)
        // `count` also finds `count()` and the other way round.
        if let i = columns.firstIndex(where: { $0.name == name + "()" || $0.name + "()" == name }) { return i }
        throw .unknownColumn(name, available: names, suggestion: Suggestion.closest(to: name, in: names), at: range)
    }
}
