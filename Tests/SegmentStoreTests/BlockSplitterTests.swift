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
        var rng = SplitMix64(seed: seed ^ 0x5eed)
        return Events.hubLike(count, seed: seed, sorted: sorted).map { event in
            var event = event
            if rng.below(3) == 0 { event.actor = "person-\(rng.below(300))" }
            return event
        }
    }

    static let options = StoreOptions(blockEvents: 2_000, rareActorEvents: 4, sideBlockEvents: 150)

    @Test("every event lands in exactly one part, rare actors set aside, busy ones in the main part", arguments: [1, 2, 3])
    func partition(seed: UInt64) throws {
        let batch = Self.withCrowd(2_000, seed: seed, sorted: seed == 2)
        let split = try #require(BlockSplitter(options: Self.options).split(batch))
        #expect((split.main + split.rare).sorted() == Array(batch.indices))
        #expect(split.main == split.main.sorted() && split.rare == split.rare.sorted())
        var counts: [String: Int] = [:]
        for event in batch { counts[event.actor, default: 0] += 1 }
        for row in split.main { #expect(counts[batch[row].actor, default: 0] > 4) }
        for row in split.rare { #expect(counts[batch[row].actor, default: 0] <= 4) }
        // The same batch splits the same way every time.
        let again = try #require(BlockSplitter(options: Self.options).split(batch))
        #expect(again.main == split.main && again.rare == split.rare)
    }

    @Test("events set aside form side blocks of about the target size, each actor's events in one block", arguments: [1, 2])
    func sideBlocks(seed: UInt64) throws {
        let splitter = BlockSplitter(options: Self.options)
        var pooled: [AuditEvent] = []
        for batch in 0..<3 {
            let events = Self.withCrowd(2_000, seed: seed * 10 + UInt64(batch))
            let split = try #require(splitter.split(events))
            pooled += split.rare.map { events[$0] }
        }
        let blocks = splitter.sideBlocks(pooled)
        #expect(blocks.count == pooled.count / 150)
        #expect(blocks.flatMap { $0 }.sorted() == Array(pooled.indices))
        var blockOfActor: [String: Int] = [:]
        for (b, rows) in blocks.enumerated() {
            #expect(rows == rows.sorted())
            for row in rows { #expect(blockOfActor.updateValue(b, forKey: pooled[row].actor) ?? b == b) }
        }
        // A stable hash (not `Hasher`): the same grouping on every run and machine.
        #expect(splitter.sideBlocks(pooled) == blocks)
    }

    @Test("small batches, batches without rare actors, and a zero limit stay whole")
    func whole() {
        #expect(BlockSplitter(options: Self.options).split(Self.withCrowd(300, seed: 4)) == nil)
        #expect(BlockSplitter(options: Self.options).split(Events.hubLike(2_000, seed: 4)) == nil)
        let off = StoreOptions(blockEvents: 2_000, rareActorEvents: 0)
        #expect(BlockSplitter(options: off).split(Self.withCrowd(2_000, seed: 4)) == nil)
    }

    @Test("a side block gathered from several batches keeps each event's sequence number and reads back in time order")
    func sideBlockCodec() throws {
        var pool = SideEventPool()
        var first: UInt64 = 1_000
        for seed in [5, 6] as [UInt64] {
            let batch = Self.withCrowd(2_000, seed: seed, sorted: false)
            let split = try #require(BlockSplitter(options: Self.options).split(batch))
            pool.add(batch, rows: split.rare, batchFirstSeq: first)
            #expect(Array(pool.events.suffix(split.rare.count)) == split.rare.map { batch[$0] })
            first += UInt64(batch.count)
        }
        for rows in BlockSplitter(options: Self.options).sideBlocks(pool.events) {
            let block = try BlockEncoder.encode(pool.events, rows: rows, seqs: pool.seqs, level: 3)
            #expect(block.header.firstSeq == pool.seqs[rows[0]])
            #expect(block.header.seqSpan == Int(pool.seqs[rows[rows.count - 1]] - pool.seqs[rows[0]]) + 1)
            #expect(block.header.version == 2)
            let reader = try BlockReader(frame: block.bytes)
            #expect(reader.header == block.header)
            let decoded = try reader.events()
            #expect(decoded.map(\.event) == Events.exportOrder(rows.map { pool.events[$0] }))
            let bySeq = Dictionary(uniqueKeysWithValues: rows.map { (pool.seqs[$0], pool.events[$0]) })
            for stored in decoded { #expect(bySeq[stored.seq] == stored.event) }
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

    @Test("a rare actor's events of many batches share a few side blocks; windows bound each side block's span")
    func gatheredOverBatches() throws {
        let dir = TemporaryDirectory()
        let options = StoreOptions(blockEvents: 1_000, rareActorEvents: 4, sideBlockEvents: 100, sideWindowEvents: 4_000)
        let events = Self.withCrowd(20_000, seed: 8)
        do {
            let writer = try StoreWriter(root: dir.path, options: options)
            try writer.append(contentsOf: events)
            try writer.commit()
            writer.close()
        }
        let store = try AuditStore(root: dir.path)
        let snapshot = try store.snapshot()
        #expect(try store.allEvents().map(\.event) == Events.exportOrder(events))
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
        for block in snapshot.blocks {
            #expect(try snapshot.readBlock(block).header.seqSpan <= 4_000 + 1_000)
        }
        // 20 batches, windows of 4,000 sequence numbers: a person who is rare in every batch sits
        // in about five side blocks, not twenty.
        var counts: [String: Int] = [:]
        for event in events { counts[event.actor, default: 0] += 1 }
        let person = try #require(counts.filter { $0.key.hasPrefix("person-") }.min { $0.value < $1.value }?.key)
        let postings = try snapshot.blocks(where: .actor, equals: person)
        #expect(postings.reduce(0) { $0 + $1.count } == counts[person])
        #expect(postings.count <= 7)
    }

    @Test("events set aside but not committed are dropped by a rollback and never written")
    func rollbackDropsSetAside() throws {
        let dir = TemporaryDirectory()
        let events = Self.withCrowd(6_000, seed: 9)
        let writer = try StoreWriter(root: dir.path, options: Self.options)
        try writer.append(contentsOf: events.prefix(2_000))
        try writer.commit()
        try writer.append(contentsOf: events.dropFirst(2_000).prefix(2_500))  // one full batch, set aside
        try writer.rollback()
        try writer.append(contentsOf: events.dropFirst(4_500))
        try writer.commit()
        writer.close()
        let kept = Array(events.prefix(2_000)) + Array(events.dropFirst(4_500))
        let store = try AuditStore(root: dir.path)
        #expect(try store.allEvents().map(\.event) == Events.exportOrder(kept))
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
    }

    @Test("a sequence number outside the block's span is reported as damage")
    func seqOutOfSpan() throws {
        let batch = Self.withCrowd(2_000, seed: 7)
        let split = try #require(BlockSplitter(options: Self.options).split(batch))
        let block = try BlockEncoder.encode(batch, rows: split.rare, batchFirstSeq: 0, level: 3)
        var header = block.header
        header.seqSpan = header.eventCount + 1  // narrower than the gaps the seq column holds
        var frame = header.encode()
        frame += block.bytes[BlockHeader.size...]
        let reader = try BlockReader(frame: frame)
        #expect(throws: BlockFormatError.self) { try reader.sequenceNumbers() }
    }
}
