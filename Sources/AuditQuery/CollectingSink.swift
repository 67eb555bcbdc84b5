import AuditModel

/// A sink that keeps everything in memory (tests, and callers that want values).
public final class CollectingSink: ResultSink {
    /// The `fields` list of an event answer.
    public private(set) var fields: [QueryField]?
    /// The events of an event answer.
    public private(set) var events: [AuditEvent] = []
    /// The columns of a row answer.
    public private(set) var columns: [ResultColumn] = []
    /// The rows of a row answer.
    public private(set) var rows: [[Value]] = []

    /// Creates an empty sink.
    public init() {}

    /// Records the `fields` list.
    public func beginEvents(fields: [QueryField]?) throws { self.fields = fields }
    /// Keeps the event.
    public func event(_ event: AuditEvent) throws { events.append(event) }
    /// Records the columns.
    public func beginRows(columns: [ResultColumn]) throws { self.columns = columns }
    /// Keeps the row.
    public func row(_ values: [Value]) throws { rows.append(values) }
    /// Nothing to do: everything is in memory.
    public func finish() throws {}
}
