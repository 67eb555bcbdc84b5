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
}
