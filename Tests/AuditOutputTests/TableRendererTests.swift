@testable import AuditOutput
import Testing

@Suite struct TableRendererTests {
    @Test("tables align columns, right-align counts, cut long cells")
    func align() {
        let text = TableRenderer.render(header: ["actor", "count"], rows: [["alice", "5"], ["a-much-longer-name", "12345"]],
                                        rightAligned: [1])
        #expect(text == "actor               count\nalice                   5\na-much-longer-name  12345\n")
        let cut = TableRenderer.render(header: ["a", "description"], rows: [["x", String(repeating: "d", count: 100)]],
                                       style: TableStyle(width: 30))
        let lines = cut.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines[1].hasSuffix("…"))
    }

    @Test("a headerless table (name and value pairs) has no header line")
    func headerless() {
        let text = TableRenderer.render(header: ["", ""], rows: [["events", "3"], ["store", "/x"]], style: TableStyle(showsHeader: false))
        #expect(text == "events  3\nstore   /x\n")
    }

    @Test("wide characters are aligned by the cells they take", arguments: [("日本", 4), ("e\u{301}e\u{301}", 2)])
    func wide(_ name: String, _ cells: Int) {
        let text = TableRenderer.render(header: ["name", "n"], rows: [[name, "1"], ["abcdef", "2"]])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1] == name + String(repeating: " ", count: 6 - cells) + "  1")
    }

    @Test("hostile cells show their escapes and leave no control character in the table", arguments: HostileCase.all)
    func hostile(_ c: HostileCase) {
        let text = TableRenderer.render(header: ["name", "n"], rows: [[c.raw, "1"]], style: TableStyle(width: 200))
        #expect(text.contains(c.shown))
        #expect(TextChecks.hiddenCharacters(in: text, allowing: ["\n"]).isEmpty)
    }

    @Test("the header is bold only when colour is on")
    func bold() {
        #expect(TableRenderer.render(header: ["a"], rows: [], style: TableStyle(color: true)) == "\u{1B}[1ma\u{1B}[0m\n")
        #expect(TableRenderer.render(header: ["a"], rows: []) == "a\n")
    }

    /// (widths, width to fit, columns kept whole, expected widths).
    @Test("shrinking cuts the widest columns first and kept-whole columns last", arguments: [
        ([20, 6, 14, 10, 60], 80, Set([0]), [20, 6, 14, 10, 22]),
        ([20, 30, 30], 50, Set([0]), [20, 13, 13]),
        ([20, 30], 40, Set<Int>(), [19, 19]),
        ([20, 10], 20, Set([0]), [12, 6]),
        ([8, 8], 10, Set([0]), [6, 6]),
    ])
    func shrink(widths: [Int], total: Int, keepWhole: Set<Int>, expected: [Int]) {
        var w = widths
        TableRenderer.shrink(&w, toFit: total, keepWhole: keepWhole)
        #expect(w == expected)
        if expected.allSatisfy({ $0 > TableRenderer.minimumWidth }) { #expect(w.reduce(2 * (w.count - 1), +) <= total) }
    }
}
