/// A stage after `|`.
public enum StageKind: Hashable, Sendable {
    /// `count`.
    case count
    /// `count by K1, K2`.
    case countBy([KeyReference])
    /// `stats AGG [as NAME], … [by K1, …]`.
    case stats([Aggregate], by: [KeyReference])
    /// `top N K` (also `top N K1, K2`, an extension).
    case top(Int, [KeyReference])
    /// `sort F [asc|desc], …`.
    case sort([ColumnReference])
    /// `limit N`.
    case limit(Int)
    /// `fields F1, F2`.
    case fields([ColumnReference])
    /// `where FILTER` (extension): on events, one more filter; after an aggregation, a
    /// condition on the rows' columns.
    case `where`(FilterNode)

    /// Whether the stage aggregates events into rows.
    public var isAggregation: Bool {
        switch self {
        case .count, .countBy, .stats, .top: true
        default: false
        }
    }
}
