/// One CSV cell, RFC 4180: quoted when it holds a comma, quote, CR or LF (quotes doubled); a
/// cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
/// gets a leading `'`, so untrusted event text never becomes a formula.
enum CSVCell {
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let formula = bytes.first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } ?? false
            let quote = formula || bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if quote { out.append(0x22) }
            if formula { out.append(0x27) }
            if quote {
                for b in bytes {
                    out.append(b)
                    if b == 0x22 { out.append(0x22) }
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }
}
