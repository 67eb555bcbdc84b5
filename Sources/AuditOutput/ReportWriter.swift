/// Prints a small report, rows of text under named columns, in any ``OutputFormat``: the
/// commands that list things (`actions`, `info --columns`) share it instead of each choosing
/// how to print.
public enum ReportWriter {
    /// The report's text: a table (``TableRenderer``), one JSON object per row keyed by the
    /// column names (NDJSON, or one array for JSON), or CSV with a header line.
    public static func render(header: [String], rows: [[String]], format: OutputFormat, rightAligned: Set<Int> = [],
                              style: TableStyle = TableStyle()) -> String {
        switch format {
        case .table:
            return TableRenderer.render(header: header, rows: rows, rightAligned: rightAligned, style: style)
        case .ndjson, .json:
            let objects = rows.map { row in
                var o = JSONObject()
                for (i, name) in header.enumerated() { o.add(name, i < row.count ? row[i] : "") }
                return o.text
            }
            if format == .ndjson { return objects.map { $0 + "\n" }.joined() }
            return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        case .csv:
            var out: [UInt8] = []
            CSVWriter.appendRow(header, to: &out)
            for row in rows { CSVWriter.appendRow(row, to: &out) }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
