import AuditOutput
import Testing

@Suite struct CSVWriterTests {
    func field(_ text: String) -> String {
        var out: [UInt8] = []
        CSVWriter.appendField(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("a field a spreadsheet would evaluate gets a leading quote inside its quotes", arguments: [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
        ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
        ("@SUM(1+1)", "\"'@SUM(1+1)\""),
        ("-2+3", "\"'-2+3\""),
        ("\t=1+1", "\"'\t=1+1\""),
        ("\r=1+1", "\"'\r=1+1\""),
        ("=1", "\"'=1\""),
    ])
    func formulas(_ raw: String, _ written: String) {
        #expect(field(raw) == written)
    }

    @Test("RFC 4180 quoting; plain fields stay as they are", arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("a=b", "a=b"),
        ("日本語", "日本語"),
        ("tab\tinside", "tab\tinside"),
    ])
    func quoting(_ raw: String, _ written: String) {
        #expect(field(raw) == written)
    }

    @Test("control characters are written as visible escapes", arguments: HostileCase.all)
    func controls(_ c: HostileCase) {
        #expect(field(c.raw) == c.shown)
    }

    @Test("a row ends in CRLF")
    func row() {
        var out: [UInt8] = []
        CSVWriter.appendRow(["a", "b,c", "=d"], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a,\"b,c\",\"'=d\"\r\n")
    }
}
