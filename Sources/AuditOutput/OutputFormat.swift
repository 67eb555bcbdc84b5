/// How a command prints its data: a table for people at a terminal; NDJSON, JSON or CSV for
/// programs and spreadsheets.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// One JSON object per line.
    case ndjson
    /// One JSON array (or, for a single report, one object).
    case json
    /// RFC 4180 comma-separated values with a header line.
    case csv

    /// The format to use: the one chosen, else a table on a terminal and NDJSON when standard
    /// output is piped (the one place this rule lives).
    public static func resolve(_ chosen: OutputFormat?, stdoutIsTerminal: Bool = Terminal.stdoutIsTerminal) -> OutputFormat {
        chosen ?? (stdoutIsTerminal ? .table : .ndjson)
    }
}
