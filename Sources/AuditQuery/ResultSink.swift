import AuditModel

/// Where an evaluation's answer goes: either a stream of events or a header and rows.
///
/// ``ResultWriter`` formats for people and programs; tests collect into memory.
public protocol ResultSink: AnyObject {
    /// Events follow; `fields` is the `fields` stage's list, if any.
    func beginEvents(fields: [QueryField]?) throws
    /// One event.
    func event(_ event: AuditEvent) throws
    /// Rows follow, with these columns.
    func beginRows(columns: [ResultColumn]) throws
    /// One row, a value per column.
    func row(_ values: [Value]) throws
    /// The answer is complete.
    func finish() throws
}
