import AuditModel
import SegmentStore

/// An event filter ready to run: fields resolved, times resolved against "now", regular
/// expressions compiled, and each term on an indexed field numbered so the planner can attach
/// the blocks the index says hold it.
public indirect enum CompiledFilter: Sendable {
    /// Every event.
    case all
    /// No event.
    case none
    /// A test on a string field; `slot` numbers terms the index can answer (positive `=`/`in`
    /// on account, action or actor).
    case string(QueryField, StringMatcher, slot: Int?)
    /// A test on the time.
    case time(TimeMatcher)
    /// Case-insensitive substring search in `description` (the needle is lower-cased).
    case search(String)
    /// All hold.
    case and([CompiledFilter])
    /// One holds.
    case or([CompiledFilter])
    /// Negation.
    case not(CompiledFilter)
}
