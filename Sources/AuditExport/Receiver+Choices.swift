extension Receiver {
    /// The row format to send: a receiver that takes one format only (Splunk HEC, ClickHouse) gets
    /// that one, and asking for another is a usage error; Elasticsearch gets ECS unless told
    /// otherwise; anything else (a webhook, a file, standard output) what was asked, else NDJSON.
    public static func format(requested: ExportFormat?, for receiver: Receiver?) throws(ExportError) -> ExportFormat {
        if let fixed = receiver?.fixedFormat {
            if let requested, requested != fixed {
                throw .usage("--format \(requested.rawValue) does not go with this receiver, which takes \(fixed.rawValue)")
            }
            return fixed
        }
        if case .elastic = receiver { return requested ?? .ecs }
        return requested ?? .ndjson
    }

    /// Events per HTTP batch when none is given: 20 for a chat webhook (one readable message per
    /// batch), 1,000 for the SIEM receivers.
    public var defaultBatchEvents: Int {
        if case .webhook = self { return 20 }
        return 1000
    }

    /// Checks a ClickHouse table name before it goes into an `INSERT` statement: letters, digits,
    /// `_` and `.` (database.table) only, so nothing can be injected through it.
    public static func checkTableName(_ table: String) throws(ExportError) {
        guard !table.isEmpty, table.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
            throw .usage("--table: '\(table)' is not a table name (letters, digits, _ and .)")
        }
    }
}
