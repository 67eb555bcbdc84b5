import AuditModel

/// A query's event filter as a yes/no test on single events, for commands that select events
/// without aggregating them (`hubaudit export --query`).
///
/// The filter part counts, and so do `where` stages (more event filters); `fields` stages are
/// accepted and ignored (an export always hands over whole events), so a saved query such as
/// `@privacy-changes` selects the same events it lists. Aggregations, `sort` and `limit` change
/// what a query answers, so they are refused with a positioned ``QueryError``.
public struct EventPredicate: Sendable {
    /// The query text it was built from.
    public let source: String
    private let filter: CompiledFilter

    /// Parses and compiles `source`; relative times resolve against `now`.
    public init(_ source: String, now: Timestamp) throws(QueryError) {
        let query = try Query(parsing: source)
        var node = query.filter
        for stage in query.stages {
            switch stage.kind {
            case .fields: continue
            case .where(let condition): node = .and(node, condition)
            default:
                throw .misplacedStage(stage.keyword, reason: "an export hands over events; give only a filter (and 'where' or 'fields' stages)",
                                      at: stage.range)
            }
        }
        var lookups: [IndexLookup] = []
        self.source = source
        self.filter = try FilterCompiler.compile(node, now: now, lookups: &lookups)
    }

    /// Whether the event passes the filter.
    public func matches(_ event: AuditEvent) -> Bool { filter.matches(event) }

    /// Whether the filter accepts every event (no test per event is needed).
    public var acceptsAll: Bool {
        if case .all = filter { return true }
        return false
    }
}
