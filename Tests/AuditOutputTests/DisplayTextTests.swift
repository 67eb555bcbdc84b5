@testable import AuditOutput
import Testing

@Suite struct DisplayTextTests {
    @Test("control characters, DEL, C1 and bidirectional marks are shown as escapes", arguments: HostileCase.all)
    func escapes(_ c: HostileCase) {
        #expect(DisplayText(c.raw, context: .tableCell).text == c.shown)
        #expect(DisplayText(c.raw, context: .message).text == c.shown)
    }

    @Test("line breaks: spaces in a table cell, kept in a message", arguments: [
        ("a\nb", "a b", "a\nb"),
        ("a\r\nb", "a b", "a\\x0d\nb"),
        ("a\tb", "a b", "a\tb"),
        ("a\u{2028}b", "a b", "a\u{2028}b"),
    ])
    func lineBreaks(raw: String, cell: String, message: String) {
        #expect(DisplayText(raw, context: .tableCell).text == cell)
        #expect(DisplayText(raw, context: .message).text == message)
    }

    @Test("width is counted in terminal cells", arguments: [
        ("abc", 3), ("日本語", 6), ("한국어", 6), ("ｆｕｌｌ", 8), ("e\u{301}", 1), ("\u{301}", 0), ("👍", 2),
        ("👩‍👩‍👧", 2), ("\u{1B}", 4), ("\u{202E}", 6), ("\u{FFFD}", 1), ("\u{FEFF}x", 1), ("\u{10FFFF}", 1),
        (String(decoding: [0x61, 0xFF, 0xC3], as: UTF8.self), 3),
    ])
    func width(_ text: String, _ cells: Int) {
        #expect(DisplayText(text, context: .tableCell).width == cells)
    }

    @Test("cutting never splits an escape or a wide character", arguments: [
        ("ab\u{1B}cdef", 5, "ab…", 3),
        ("ab\u{1B}cdef", 7, "ab\\x1b…", 7),
        ("日本語", 4, "日…", 3),
        ("日本語", 6, "日本語", 6),
        ("abcdefgh", 5, "abcd…", 5),
        ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…", 2),
    ])
    func fit(_ text: String, _ cells: Int, _ expected: String, _ used: Int) {
        let fitted = DisplayText(text, context: .tableCell).fit(to: cells)
        #expect(fitted.text == expected)
        #expect(fitted.width == used)
        #expect(fitted.width <= cells)
    }
}
