/// The ClickHouse table an export in the `clickhouse` format loads into.
///
/// It works on ClickHouse 18.16 (Debian's package: no `DateTime64`, no `LowCardinality`) as well
/// as on current ClickHouse and chDB. `time` is a `DateTime` (whole UTC seconds, written as a Unix
/// timestamp so the server's time zone does not matter) and `nanoseconds` keeps the fraction, so
/// a time round-trips exactly. `ReplacingMergeTree` keyed by `(time, event_id)` drops a row
/// delivered twice when parts merge (`SELECT … FINAL` drops it at once).
public enum ClickHouseSchema {
    /// The columns with their ClickHouse types, in row order.
    public static let columns: [(name: String, type: String)] = [
        ("event_id", "String"),
        ("time", "DateTime"),
        ("nanoseconds", "UInt32"),
        ("account", "String"),
        ("action", "String"),
        ("name", "Nullable(String)"),
        ("actor", "String"),
        ("description", "Nullable(String)"),
        ("data", "String"),
        ("extras", "String"),
    ]

    /// The `CREATE TABLE` statement for `table` (default `hubaudit_events`).
    public static func ddl(table: String = "hubaudit_events") -> String {
        let body = columns.map { "    \($0.name) \($0.type)" }.joined(separator: ",\n")
        return """
            CREATE TABLE IF NOT EXISTS \(table)
            (
            \(body)
            )
            ENGINE = ReplacingMergeTree()
            PARTITION BY toYYYYMM(time)
            ORDER BY (time, event_id)

            """
    }
}
