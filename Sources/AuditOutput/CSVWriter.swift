/// Writes RFC 4180 CSV: fields separated by commas, rows ended by CRLF, a field quoted when it
/// holds a comma, a quote or a line break (quotes doubled inside).
///
/// Fields are untrusted, so a spreadsheet must never read one as a formula: a field beginning
/// with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` inside its quotes (OWASP's advice for
/// CSV injection), and control characters other than line breaks and tabs are written as visible
/// escapes (``DisplayText``). The one CSV writer of every command.
public enum CSVWriter {
    /// The first characters that make a spreadsheet evaluate a field.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// Appends one row, CRLF included.
    public static func appendRow(_ fields: [String], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends one field, quoted and guarded as needed.
    public static func appendField(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let plain = utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\"") }
        let guarded = utf8.first.map(formulaStarts.contains) ?? false
        if plain && !guarded {
            out.append(contentsOf: utf8)
            return
        }
        let text = DisplayText(field, context: .csvField).text.utf8
        let quoted = guarded || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard quoted else {
            out.append(contentsOf: text)
            return
        }
        out.append(UInt8(ascii: "\""))
        if guarded { out.append(UInt8(ascii: "'")) }
        for b in text {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}
