import AuditModel
@testable import AuditOutput
import Foundation
import TestSupport
import Testing

/// Random strings full of control characters, wide and combining characters, through every
/// writer: nothing hidden comes out, JSON decodes back, and no table line is wider than allowed.
/// Replay a failure with AUDIT_OUTPUT_SEED=<seed printed>.
@Suite struct HostileTextPropertyTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["AUDIT_OUTPUT_SEED"].flatMap(UInt64.init)
        ?? UInt64(Date().timeIntervalSince1970 * 1000)

    /// Scalars drawn from the troublesome ranges and from plain text.
    static let pools: [ClosedRange<UInt32>] = [
        0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E...0x200F, 0x20...0x7E, 0x20...0x7E,
        0x300...0x36F, 0x4E00...0x4E80, 0xAC00...0xAC40, 0x1F600...0x1F64F, 0xFF01...0xFF20, 0xFFFD...0xFFFD, 0x200B...0x200D,
    ]

    static func randomString(_ rng: inout SplitMix64) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<rng.below(24) {
            let pool = rng.pick(pools)
            let value = pool.lowerBound + UInt32(rng.below(Int(pool.upperBound - pool.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { s.append(scalar) }
        }
        return String(s)
    }

    @Test("tables, CSV and JSON of random hostile strings")
    func randomStrings() throws {
        print("HostileTextPropertyTests seed \(Self.seed) (set AUDIT_OUTPUT_SEED to replay)")
        var rng = SplitMix64(seed: Self.seed)
        for _ in 0..<300 {
            let columns = 1 + rng.below(4)
            let header = (0..<columns).map { "c\($0)" }
            let rows = (0..<(1 + rng.below(5))).map { _ in (0..<columns).map { _ in Self.randomString(&rng) } }
            let total = 8 * columns + rng.below(60)
            let table = TableRenderer.render(header: header, rows: rows, rightAligned: rng.chance(0.5) ? [0] : [],
                                             style: TableStyle(width: total))
            #expect(TextChecks.hiddenCharacters(in: table, allowing: ["\n"]).isEmpty, "seed \(Self.seed): \(table.debugDescription)")
            #expect(!table.utf8.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }, "seed \(Self.seed)")
            for line in table.split(separator: "\n") {
                #expect(DisplayText(String(line), context: .message).width <= total, "seed \(Self.seed): \(line.debugDescription)")
            }

            var csv: [UInt8] = []
            for row in rows { CSVWriter.appendRow(row, to: &csv) }
            let csvText = String(decoding: csv, as: UTF8.self)
            #expect(TextChecks.hiddenCharacters(in: csvText, allowing: ["\n", "\r", "\t"]).isEmpty, "seed \(Self.seed)")

            for cell in rows.joined() {
                var o = JSONObject()
                o.add("v", cell)
                #expect(TextChecks.hiddenCharacters(in: o.text).isEmpty, "seed \(Self.seed)")
                let decoded = try JSONSerialization.jsonObject(with: Data(o.text.utf8)) as? [String: String]
                #expect(decoded?["v"] == cell, "seed \(Self.seed): \(cell.debugDescription)")
                let fitted = DisplayText(cell, context: .tableCell).fit(to: 6)
                #expect(fitted.width <= 6 && DisplayText(fitted.text, context: .message).width == fitted.width, "seed \(Self.seed)")
            }
        }
    }
}
