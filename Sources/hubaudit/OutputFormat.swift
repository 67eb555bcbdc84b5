import ArgumentParser
import AuditModel

/// How a command prints its data: a table for people at a terminal, NDJSON or JSON for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, ndjson, json

    /// The default: a table on a terminal, NDJSON when standard output is piped.
    static func resolve(_ chosen: OutputFormat?) -> OutputFormat {
        chosen ?? (Terminal.stdoutIsTerminal ? .table : .ndjson)
    }
}

/// A small JSON object builder for command output (stable key order, as inserted).
struct JSONObject {
    private var members: [(String, String)] = []

    mutating func add(_ key: String, _ value: String) { members.append((key, quote(value))) }
    mutating func add(_ key: String, _ value: Int) { members.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Int64) { members.append((key, String(value))) }
    mutating func add(_ key: String, _ value: UInt64) { members.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Double) { members.append((key, value.isFinite ? String(value) : "null")) }
    mutating func add(_ key: String, _ value: Bool) { members.append((key, value ? "true" : "false")) }
    mutating func add(_ key: String, raw: String) { members.append((key, raw)) }
    mutating func addNull(_ key: String) { members.append((key, "null")) }

    var text: String { "{" + members.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}" }

    private func quote(_ s: String) -> String {
        var out: [UInt8] = []
        CanonicalJSON.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Aligns `rows` of cells into columns for a terminal; `rightAligned` columns are numbers.
func renderTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            return rightAligned.contains(i) ? pad + cell : (i == cells.count - 1 ? cell : cell + pad)
        }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
}
