/// Draws rows as aligned columns: counts right-aligned, long values cut with `…` so the table
/// fits the terminal's width.
public enum TableRenderer {
    /// The table's text; `rightAligned` columns hold numbers. `footer` (e.g. "… 12 more rows") goes under it.
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int>, style: TableStyle, footer: String? = nil) -> String {
        guard !header.isEmpty else { return "" }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        if let total = style.width {
            let gaps = 2 * (widths.count - 1)
            let minimum = 6
            var excess = widths.reduce(gaps, +) - total
            while excess > 0 {
                guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > minimum else { break }
                let second = widths.enumerated().filter { $0.offset != widest }.map(\.element).max() ?? minimum
                let cut = max(1, min(excess, widths[widest] - max(second, minimum)))
                widths[widest] -= cut
                excess -= cut
            }
        }
        func fit(_ cell: String, _ width: Int) -> String {
            cell.count <= width ? cell : String(cell.prefix(max(0, width - 1))) + "…"
        }
        func line(_ cells: [String], bold: Bool) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = fit(i < cells.count ? cells[i].replacingNewlines() : "", width)
                let pad = String(repeating: " ", count: max(0, width - cell.count))
                if rightAligned.contains(i) {
                    parts.append(pad + cell)
                } else {
                    parts.append(i == widths.count - 1 ? cell : cell + pad)
                }
            }
            let text = parts.joined(separator: "  ")
            return bold ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
        }
        var out = line(header, bold: style.color) + "\n"
        for row in rows { out += line(row, bold: false) + "\n" }
        if let footer { out += footer + "\n" }
        return out
    }
}

extension String {
    func replacingNewlines() -> String {
        guard contains(where: { $0.isNewline || $0 == "\t" }) else { return self }
        return String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
