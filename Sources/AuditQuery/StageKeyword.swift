/// The keyword that starts a stage after `|`: the one list of the query language's stage names.
public enum StageKeyword: String, CaseIterable, Sendable {
    /// `count` and `count by K…`.
    case count
    /// `stats AGG … [by K…]`.
    case stats
    /// `top N K…`.
    case top
    /// `sort F [asc|desc], …`.
    case sort
    /// `limit N`.
    case limit
    /// `fields F, …`.
    case fields
    /// `where CONDITION`.
    case `where`
}
