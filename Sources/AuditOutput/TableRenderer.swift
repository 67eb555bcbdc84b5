/// Draws rows as aligned columns: counts right-aligned, long values cut with `…` so the table
/// fits the terminal's width. The one table renderer of every command.
///
/// Cells are untrusted (event content, Hub answers): each is shown through ``DisplayText``, so
/// control characters appear as escapes, and widths are terminal cells, not characters.
public enum TableRenderer {
    /// The narrowest a column is cut to when the table must fit a width.
    static let minimumWidth = 6

    /// The table's text; `rightAligned` columns hold numbers; `keepWhole` columns (times) are
    /// never cut while another column can give way. `footer` (e.g. "… 12 more rows") goes under it.
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = [], keepWhole: Set<Int> = [],
                              style: TableStyle = TableStyle(), footer: String? = nil) -> String {
        guard !header.isEmpty else { return "" }
        let head = header.map { DisplayText($0, context: .tableCell) }
        let body = rows.map { row in header.indices.map { DisplayText($0 < row.count ? row[$0] : "", context: .tableCell) } }
        var widths = head.map(\.width)
        for row in body {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.width) }
        }
        if let total = style.width { shrink(&widths, toFit: total, keepWhole: keepWhole) }
        func line(_ cells: [DisplayText], bold: Bool) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let (text, used) = cells[i].fit(to: width)
                let pad = String(repeating: " ", count: max(0, width - used))
                if rightAligned.contains(i) {
                    parts.append(pad + text)
                } else {
                    parts.append(i == widths.count - 1 ? text : text + pad)
                }
            }
            let text = parts.joined(separator: "  ")
            return bold ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
        }
        var out = style.showsHeader ? line(head, bold: style.color) + "\n" : ""
        for row in body { out += line(row, bold: false) + "\n" }
        if let footer { out += footer + "\n" }
        return out
    }

    /// Narrows the widest columns (never below ``minimumWidth``) until the columns and their
    /// two-cell gaps fit `total`: the widest first, so free text (descriptions, names) gives way
    /// before short values; `keepWhole` columns only when nothing else can.
    static func shrink(_ widths: inout [Int], toFit total: Int, keepWhole: Set<Int> = []) {
        var excess = widths.reduce(2 * (widths.count - 1), +) - total
        for protected in [false, true] {
            let candidates = widths.indices.filter { protected || !keepWhole.contains($0) }
            while excess > 0 {
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }), widths[widest] > minimumWidth else { break }
                let second = candidates.filter { $0 != widest }.map { widths[$0] }.max() ?? minimumWidth
                let cut = max(1, min(excess, widths[widest] - max(second, minimumWidth)))
                widths[widest] -= cut
                excess -= cut
            }
        }
    }
}
