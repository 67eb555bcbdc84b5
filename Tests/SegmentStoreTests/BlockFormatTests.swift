import AuditModel
import Foundation
@testable import SegmentStore
import TestSupport
import Testing

/// `BlockFormat` declares every column a block holds, and a field's columns are where it is read from.
@Suite("Block format declaration")
struct BlockFormatTests {
    @Test("every column of an encoded block is one that BlockFormat declares (property)")
    func columnsAreDeclared() throws {
        let seed = ProcessInfo.processInfo.environment["HUBAUDIT_TEST_SEED"].flatMap(UInt64.init) ?? 2026
        print("BlockFormatTests seed \(seed) (replay with HUBAUDIT_TEST_SEED=\(seed))")
        var rng = SplitMix64(seed: seed)
        for round in 0..<20 {
            let events = round % 2 == 0
                ? Events.hubLike(1 + rng.below(2000), seed: rng.next(), sorted: false)
                : (0..<(1 + rng.below(300))).map { _ in RandomAwkward.make(&rng) }
            let reader = try BlockReader(frame: try BlockEncoder.encode(events, firstSeq: 0).bytes)
            #expect(reader.header.version == BlockFormat.currentVersion)
            var dataKeys = Set<String>()
            for event in events { for field in event.data ?? [] { dataKeys.insert(field.key) } }
            let plain = [BlockFormat.Column.time, BlockFormat.Column.flags, BlockFormat.Column.nanos, BlockFormat.Column.seq]
            let strings: [StringColumn] = [.account, .action, .actor, .name, .dataKeys, .description, .extras] + dataKeys.map(StringColumn.data)
            let declared = Set(plain + strings.flatMap { [$0.dictionaryName, $0.idsName] })
            for column in reader.columns {
                #expect(declared.contains(column.name), "undeclared column \(column.name)")
            }
            // The columns a field is read from are in the block whenever an event has the field.
            // (A data key holding `/` is left out: `label(ofColumn:)` cuts a name at its first `/`,
            // so `--stats` does not count such a key's column; a known limit, kept as it was.)
            let fields: [EventField] = [.account, .action, .actor] + (events.contains { $0.name != nil } ? [.name] : [])
                + dataKeys.filter { !$0.contains("/") }.map(EventField.data)
            let labels = Set(reader.columns.map { String(BlockFormat.label(ofColumn: $0.name)) })
            for field in fields {
                for label in BlockFormat.columns(of: field) ?? [] {
                    #expect(labels.contains(label), "\(field) is read from \(label), which the block lacks")
                }
            }
        }
    }
}
