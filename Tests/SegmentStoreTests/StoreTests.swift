import AuditModel
import Foundation
@testable import SegmentStore
import TestSupport
import Testing

@Suite("Store: append, commit, read")
struct StoreTests {
    @Test("committed events read back in time order, across blocks and segments")
    func appendAndRead() throws {
        let dir = TemporaryDirectory()
        let events = Events.hubLike(5000, seed: 11)
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 300, segmentBytes: 8_000))
        try writer.append(contentsOf: events[0..<2000])
        let first = try writer.commit()
        #expect(first.events == 2000 && first.firstSeq == 0 && first.nextSeq == 2000)
        try writer.append(contentsOf: events[2000...])
        try writer.commit(state: ["cursor:acme": "x"])
        writer.close()

        let store = try AuditStore(root: dir.path)
        let snapshot = try store.snapshot()
        #expect(snapshot.eventCount == 5000)
        #expect(snapshot.segments.count > 1)
        #expect(snapshot.segments.dropLast().allSatisfy { $0.sealed })
        let stored = try store.allEvents()
        #expect(stored.map(\.event) == Events.exportOrder(events))
        #expect(stored.map(\.seq).sorted() == Array(0..<5000))
        #expect(stored.allSatisfy { events[Int($0.seq)] == $0.event })
        #expect(try store.state("cursor:acme") == "x")
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
    }

    @Test("blocks that overlap in time merge by time, ties in append order")
    func overlappingBlocks() throws {
        let dir = TemporaryDirectory()
        let events = Events.hubLike(3000, seed: 12, sorted: false)
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 256))
        try writer.append(contentsOf: events)
        try writer.commit()
        writer.close()
        let stored = try AuditStore(root: dir.path).allEvents()
        #expect(stored.map(\.event) == Events.exportOrder(events))
    }

    @Test("filters by time range and account use the index and keep order")
    func filters() throws {
        let dir = TemporaryDirectory()
        let events = Events.hubLike(4000, seed: 13)
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 200))
        try writer.append(contentsOf: events)
        try writer.commit()
        writer.close()
        let store = try AuditStore(root: dir.path)
        let from = events[1000].timestamp, to = events[3000].timestamp
        let expected = events.filter { !($0.timestamp < from) && $0.timestamp < to && $0.account == "globex" }
        #expect(try store.allEvents(EventFilter(from: from, to: to, account: "globex")).map(\.event) == expected)
        let scanner = try EventScanner(snapshot: store.snapshot(), filter: EventFilter(account: "nobody"))
        #expect(scanner.blocksToRead == 0)
        let postings = try store.snapshot().blocks(where: .actor, equals: "alice")
        #expect(postings.reduce(0) { $0 + $1.count } == events.filter { $0.actor == "alice" }.count)
    }

    @Test("a reader's snapshot stays consistent while the writer commits more")
    func snapshotIsolation() throws {
        let dir = TemporaryDirectory()
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 100))
        try writer.append(contentsOf: Events.hubLike(1000, seed: 30))
        try writer.commit()
        let reader = try AuditStore(root: dir.path)
        let before = try reader.snapshot()
        try writer.append(contentsOf: Events.hubLike(500, seed: 31, start: 1_800_000_000))
        try writer.commit()
        var scanner = try EventScanner(snapshot: before)
        var seen = 0
        while try scanner.next() != nil { seen += 1 }
        #expect(seen == 1000)
        #expect(try before.blocks(where: .account, equals: "acme").allSatisfy { $0.block <= before.maxBlockID })
        // Index answers (terms with counts) stay those of the snapshot too.
        #expect(try before.terms(.account).reduce(0) { $0 + $1.events } == 1000)
        #expect(try before.terms(.actor).map(\.events) == Dictionary(grouping: Events.hubLike(1000, seed: 30), by: \.actor)
            .sorted { $0.key < $1.key }.map(\.value.count))
        #expect(try reader.snapshot().terms(.account).reduce(0) { $0 + $1.events } == 1500)
        #expect(try reader.snapshot().eventCount == 1500)
        writer.close()
    }

    @Test("a block read in place from the segment's mapping reads the same columns and events as its frame copied out")
    func lazyBlocks() throws {
        let dir = TemporaryDirectory()
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 700))
        try writer.append(contentsOf: Events.hubLike(3000, seed: 40, sorted: false))
        try writer.commit()
        writer.close()
        let snapshot = try AuditStore(root: dir.path).snapshot()
        for block in snapshot.blocks {
            let segment = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshot.store.layout.segment(block.segment))))
            let whole = try BlockReader(frame: Array(segment[Int(block.offset)..<(Int(block.offset) + block.length)]))
            let lazy = try snapshot.readBlock(block)
            #expect(lazy.prefixLength == BlockHeader.size + whole.header.directoryLength)
            #expect(try lazy.column("actor/i") == whole.column("actor/i"))
            #expect(try lazy.events() == whole.events())
            try lazy.verify()
        }
    }

    @Test("rollback leaves the store as it was")
    func rollback() throws {
        let dir = TemporaryDirectory()
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 100, segmentBytes: 4_000))
        try writer.append(contentsOf: Events.hubLike(500, seed: 1))
        try writer.commit()
        let size = StoreLayout.fileSize(StoreLayout(root: dir.path).segment(1))
        try writer.append(contentsOf: Events.hubLike(2000, seed: 2))
        try writer.rollback()
        #expect(writer.pendingEvents == 0)
        try writer.append(contentsOf: Events.hubLike(10, seed: 3))
        let summary = try writer.commit()
        #expect(summary.firstSeq == 500)
        writer.close()
        #expect(StoreLayout.fileSize(StoreLayout(root: dir.path).segment(1)) >= size)
        #expect(try AuditStore(root: dir.path).snapshot().eventCount == 510)
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
    }

    @Test("a second writer is refused with the owner's pid")
    func lock() throws {
        let dir = TemporaryDirectory()
        let writer = try StoreWriter(root: dir.path)
        do {
            _ = try StoreWriter(root: dir.path)
            Issue.record("a second writer opened the store")
        } catch {
            #expect(error.description.contains("store is locked by pid \(getpid())"))
        }
        writer.close()
    }

    @Test("an uncommitted tail and an uncommitted segment are cut off when a writer opens")
    func tornTail() throws {
        let dir = TemporaryDirectory()
        let layout = StoreLayout(root: dir.path)
        do {
            let writer = try StoreWriter(root: dir.path)
            try writer.append(contentsOf: Events.hubLike(100, seed: 4))
            try writer.commit()
            writer.close()
        }
        let committed = StoreLayout.fileSize(layout.segment(1))
        let garbage = Array(try BlockEncoder.encode(Events.hubLike(10, seed: 5), firstSeq: 100).bytes.prefix(77))
        let handle = try #require(FileHandle(forWritingAtPath: layout.segment(1)))
        handle.seekToEndOfFile()
        handle.write(Data(garbage))
        try handle.close()
        try Data(garbage).write(to: URL(fileURLWithPath: layout.segment(2)))

        let report = try StoreVerifier.verify(root: dir.path)
        #expect(report.isClean)
        #expect(report.notes.count == 2)

        let writer = try StoreWriter(root: dir.path)
        #expect(writer.recovery.truncated.first?.bytes == 77)
        #expect(writer.recovery.removedSegments == [2])
        writer.close()
        #expect(StoreLayout.fileSize(layout.segment(1)) == committed)
        #expect(!StoreLayout.exists(layout.segment(2)))
        #expect(try AuditStore(root: dir.path).snapshot().eventCount == 100)
    }

    @Test("opening a directory that is not a store says so")
    func notAStore() throws {
        let dir = TemporaryDirectory()
        #expect(throws: StoreError.self) { try AuditStore(root: dir.path + "/nothing") }
        #expect(throws: StoreError.self) { try AuditStore(root: dir.path) }
    }
}

@Suite("Store: damage, verify, rebuild")
struct DamageTests {
    func makeStore(_ dir: TemporaryDirectory, events: [AuditEvent]) throws {
        let writer = try StoreWriter(root: dir.path, options: StoreOptions(blockEvents: 250, segmentBytes: 20_000))
        try writer.append(contentsOf: events)
        try writer.commit()
        writer.close()
    }

    @Test("a flipped byte inside a block is reported with segment, block and offset; the rest stays readable")
    func flippedByte() throws {
        let dir = TemporaryDirectory()
        let events = Events.hubLike(3000, seed: 21)
        try makeStore(dir, events: events)
        let store = try AuditStore(root: dir.path)
        let victim = try store.snapshot().blocks[3]
        let path = store.layout.segment(victim.segment)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let at = Int(victim.offset) + victim.length / 2
        bytes[at] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))

        let report = try StoreVerifier.verify(root: dir.path)
        #expect(!report.isClean)
        let problem = try #require(report.problems.first)
        #expect(problem.segment == StoreLayout.segmentName(victim.segment))
        #expect(problem.block == victim.id)
        #expect(problem.offset == victim.offset)
        #expect(problem.description.contains("checksum mismatch"))

        var scanner = try EventScanner(snapshot: store.snapshot(), skipDamaged: true)
        var readable = 0
        while try scanner.next() != nil { readable += 1 }
        #expect(readable == 3000 - victim.eventCount)
        #expect(scanner.damaged.count == 1)
    }

    @Test("a truncated segment is reported and the blocks before the cut stay readable")
    func truncatedSegment() throws {
        let dir = TemporaryDirectory()
        try makeStore(dir, events: Events.hubLike(3000, seed: 22))
        let store = try AuditStore(root: dir.path)
        let snapshot = try store.snapshot()
        let segment = snapshot.segments[0]
        let blocksInSegment = snapshot.blocks.filter { $0.segment == segment.id }
        let last = try #require(blocksInSegment.last)
        let path = store.layout.segment(segment.id)
        truncate(path, off_t(last.offset + 10))

        let report = try StoreVerifier.verify(root: dir.path)
        #expect(report.problems.contains { $0.description.contains("shorter than its committed length") })
        #expect(report.problems.contains { $0.block == last.id })
        var scanner = try EventScanner(snapshot: snapshot, skipDamaged: true)
        var readable = 0
        while try scanner.next() != nil { readable += 1 }
        #expect(readable == 3000 - last.eventCount)
    }

    @Test("rebuild-catalog restores a deleted catalog, index and state included")
    func rebuild() throws {
        let dir = TemporaryDirectory()
        let events = Events.hubLike(3000, seed: 23)
        try makeStore(dir, events: events)
        let before = try AuditStore(root: dir.path).allEvents()
        let layout = StoreLayout(root: dir.path)
        for suffix in ["", "-wal", "-shm"] { unlink(layout.catalog + suffix) }
        #expect(throws: StoreError.self) { try AuditStore(root: dir.path) }
        #expect(throws: StoreError.self) { try StoreWriter(root: dir.path) }

        let report = try CatalogRebuilder.rebuild(root: dir.path)
        #expect(report.events == 3000 && report.skipped.isEmpty)
        let store = try AuditStore(root: dir.path)
        #expect(try store.allEvents() == before)
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
        let alice = try store.snapshot().blocks(where: .actor, equals: "alice").reduce(0) { $0 + $1.count }
        #expect(alice == events.filter { $0.actor == "alice" }.count)

        // Appending after a rebuild continues the sequence.
        let writer = try StoreWriter(root: dir.path)
        try writer.append(contentsOf: Events.hubLike(5, seed: 24, start: 1_800_000_000))
        #expect(try writer.commit().firstSeq == 3000)
        writer.close()
        #expect(try StoreVerifier.verify(root: dir.path).isClean)
    }

    @Test("rebuild skips a damaged block and keeps the others")
    func rebuildWithDamage() throws {
        let dir = TemporaryDirectory()
        try makeStore(dir, events: Events.hubLike(2000, seed: 25))
        let store = try AuditStore(root: dir.path)
        let victim = try store.snapshot().blocks[2]
        let path = store.layout.segment(victim.segment)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[Int(victim.offset) + 5] ^= 0xFF  // inside the header: the scanner must resynchronise
        try bytes.write(to: URL(fileURLWithPath: path))
        let report = try CatalogRebuilder.rebuild(root: dir.path)
        #expect(report.skipped.count == 1)
        #expect(report.events == 2000 - victim.eventCount)
        // The left-out block is still damage: a full read fails, or skips it and says so.
        let rebuilt = try AuditStore(root: dir.path)
        #expect(throws: StoreError.self) { try rebuilt.allEvents() }
        let read = try rebuilt.eventsSkippingDamage()
        #expect(read.events == 2000 - victim.eventCount)
        #expect(read.damaged.count == 1)
    }
}
