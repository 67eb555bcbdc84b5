/// How a query's answer is printed.
public enum QueryOutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// One JSON object per line (events in Docker Hub's field names; rows keyed by column).
    case ndjson
    /// One JSON array.
    case json
    /// RFC 4180 comma-separated values with a header line.
    case csv
}
