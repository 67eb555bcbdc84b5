import AuditModel
import Foundation
@testable import SegmentStore
import TestSupport
import Testing

/// Batches split into a main block and side blocks for rare actors.
@Suite("Side blocks for rare actors")
struct BlockSplitterTests {
    /// Hub-like events where about a third come from a crowd of 300 occasional people.
    static func withCrowd(_ count: Int, seed: UInt64, sorted: Bool = true) -> [AuditEvent] {
        var rng = SplitMix(seed: seed ^ 0x5eed)
        return Events.hubLike(count, seed: seed, sorted: sorted).map { event in
            var event = event
            if rng.below(3) == 0 { event.actor = "person-\(rng.below(300))" }
            return event
        }
    }

    static let options = StoreOptions(blockEvents: 2_000, rareActorEvents: 4, sideBlockEvents: 150)

    @Test("every event lands in exactly one part, rare actors whole in one side part, busy ones in the main part", arguments: [1, 2, 3])
    func partition(seed: UInt64) throws {
        let batch = Self.withCrowd(2_000, seed: seed, sorted: seed == 2)
        let parts = try #require(BlockSplitter(options: Self.options).split(batch))
        #expect(parts.count > 2)
        #expect(parts.flatMap { $0 }.sorted() == Array(batch.indices))
        for rows in parts { #expect(rows == rows.sorted()) }
        var counts: [String: Int] = [:]
        for event in batch { counts[event.actor, default: 0] += 1 }
        for row in parts[0] { #expect(counts[batch[row].actor, default: 0] > 4) }
        var partOfActor: [String: Int] = [:]
        for (p, rows) in parts.enumerated().dropFirst() {
            for row in rows {
                let actor = batch[row].actor
                #expect(counts[actor, default: 0] <= 4)
                #expect(partOfActor.updateValue(p, forKey: actor) ?? p == p)
            }
        }
        // The same batch splits the same way every time (a stable hash, not `Hasher`).
        #expect(BlockSplitter(options: Self.options).split(batch) == parts)
    }

    @Test("small batches, batches without rare actors, and a zero limit stay whole")
    func whole() {
        #expect(BlockSplitter(options: Self.options).split(Self.withCrowd(300, seed: 4)) == nil)
        #expect(BlockSplitter(options: Self.options).split(Events.hubLike(2_000, seed: 4)) == nil)
        let off = StoreOptions(blockEvents: 2_000, rareActorEvents: 0)
        #expect(BlockSplitter(options: off).split(Self.withCrowd(2_000, seed: 4)) == nil)
    }

    @Test("a side block keeps each event's sequence number and reads back in time order")
    func sideBlockCodec() throws {
        let batch = Self.withCrowd(2_000, seed: 5, sorted: false)
        let parts = try #require(BlockSplitter(options: Self.options).split(batch))
        for rows in parts {
            let block = try BlockEncoder.encode(batch, rows: rows, batchFirstSeq: 1_000, level: 3)
            #expect(block.header.firstSeq == 1_000 + UInt64(rows[0]))
            #expect(block.header.seqSpan == rows[rows.count - 1] - rows[0] + 1)
            #expect(block.header.version == 2)
            let reader = try BlockReader(frame: block.bytes)
            #expect(reader.header == block.header)
            let decoded = try reader.events()
            #expect(decoded.map(\.event) == Events.exportOrder(rows.map { batch[$0] }))
            for stored in decoded { #expect(batch[Int(stored.seq - 1_000)] == stored.event) }
            try reader.verify()
        }
    }

    @Test("a store written in split batches exports every event once, in order, and verifies and rebuilds clean")
    func store() throws {
        let dir = TemporaryDirectory()
        let events = Self.withCrowd(9_000, seed: 6, sorted: false)
        do {
            let writer = try StoreWriter(root: dir.path, options: Self.options)
            try writer.append(contentsOf: events.prefix(5_000))
            try writer.commit()
            try writer.append(contentsOf: events.dropFirst(5_000))
            try writer.commit()
            writer.close()
        }

        let store = try AuditStore(root: dir.path)
        let snapshot = try store.snapshot()
        #expect(snapshot.blocks.count > 9)
        let stored = try store.allEvents()
        #expect(stored.map(\.event) == Events.exportOrder(events))
        #expect(stored.map(\.seq).sorted() == (0..<UInt64(events.count)).map { $0 })
        #expect(try StoreVerifier.verify(root: dir.path).isClean)

        // A rare actor's events sit in side blocks only, a few hundred events each.
        let person = try #require(events.first { $0.actor.hasPrefix("person-") }?.actor)
        let postings = try snapshot.blocks(where: .actor, equals: person)
        #expect(postings.reduce(0) { $0 + $1.count } == events.filter { $0.actor == person }.count)
        let sizes = Dictionary(uniqueKeysWithValues: snapshot.blocks.map { ($0.id, $0.eventCount) })
        for posting in postings { #expect(sizes[posting.block, default: 0] < 600) }

        // Rebuilt from the segments alone, the catalog gives the same events and next sequence number.
        for file in ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"] { unlink(dir.path + "/" + file) }
        _ = try CatalogRebuilder.rebuild(root: dir.path)
        let rebuilt = try AuditStore(root: dir.path)
        #expect(try rebuilt.snapshot().nextSeq == UInt64(events.count))
        #expect(try rebuilt.allEvents() == stored)
    }

    @Test("a sequence number outside the block's span is reported as damage")
    func seqOutOfSpan() throws {
        let batch = Self.withCrowd(2_000, seed: 7)
        let parts = try #require(BlockSplitter(options: Self.options).split(batch))
        let block = try BlockEncoder.encode(batch, rows: parts[1], batchFirstSeq: 0, level: 3)
        var header = block.header
        header.seqSpan = header.eventCount + 1  // narrower than the gaps the seq column holds
        var frame = header.encode()
        frame += block.bytes[BlockHeader.size...]
        let reader = try BlockReader(frame: frame)
        #expect(throws: BlockFormatError.self) { try reader.sequenceNumbers() }
    }
}
