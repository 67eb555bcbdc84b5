import AuditModel

/// What a query produces after its filter: events (possibly sorted, limited and reduced to
/// some fields), or aggregated rows followed by row stages.
///
/// Rules the spec leaves open, chosen here: at most one aggregation per query, and only
/// `where` may come before it; a `where` on events is one more filter (so it cannot follow a
/// `limit`); a `fields` stage after another may only keep fields the first kept.
enum QueryShape: Sendable {
    case events(EventProgram)
    case aggregate(AggregateProgram)
}

/// The event stages: a limit applied while streaming, then stages that need the events in
/// memory (from the first `sort` on), and the fields to print.
struct EventProgram: Sendable {
    var streamLimit: Int?
    var sorted: [EventStep]
    var fields: [QueryField]?
    var fieldNames: [String]?
}

enum EventStep: Sendable {
    case sort([(QueryField, Bool)])
    case limit(Int)
}

/// An aggregation and the stages on its rows.
struct AggregateProgram: Sendable {
    var keys: [GroupKey]
    var functions: [AggregateFunction]
    var columns: [ResultColumn]
    var steps: [RowStep]
}

enum RowStep: Sendable {
    case sort([(Int, Bool)])
    case limit(Int)
    case fields([Int])
    case filter(RowFilter)
}
