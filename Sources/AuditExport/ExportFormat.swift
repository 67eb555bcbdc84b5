/// The shapes an export writes, one event per row (`hubaudit export --format`).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Docker Hub's fields as stored (canonical NDJSON), optionally with `event_id`.
    case ndjson
    /// Elastic Common Schema documents, the raw event under `docker_hub`.
    case ecs
    /// Splunk HTTP Event Collector envelopes (`time`, `host`, `source`, `sourcetype`, `event`).
    case splunk
    /// Comma-separated values with a header row (RFC 4180, formula cells neutralised).
    case csv
    /// ClickHouse `JSONEachRow` rows for the table `--print-schema clickhouse` creates.
    case clickhouse

    /// The file name extension of an export in this format.
    public var fileExtension: String { self == .csv ? "csv" : "ndjson" }

    /// The names, for help texts and messages.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
