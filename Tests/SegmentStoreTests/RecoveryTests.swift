import AuditModel
import Foundation
import GRDB
@testable import SegmentStore
import TestSupport
import Testing

/// Nothing committed is ever destroyed: a writer that finds intact blocks its catalog does not
/// name stops and points at `rebuild-catalog`, which recovers them all.
@Suite("Recovery never destroys committed blocks")
struct RecoveryTests {
    static let options = StoreOptions(blockEvents: 100, rareActorEvents: 0)
    static let first = Events.hubLike(450, seed: 11)
    static let second = Events.hubLike(380, seed: 12, start: 1_704_500_000)

    /// A store holding ``first`` then ``second``, committed separately; `between` runs after the first commit.
    static func store(_ dir: TemporaryDirectory, between: (String) throws -> Void = { _ in }) throws {
        let writer = try StoreWriter(root: dir.store, options: options)
        try writer.append(contentsOf: first)
        try writer.commit()
        try between(dir.store)
        try writer.append(contentsOf: second)
        try writer.commit()
        writer.close()
    }

    /// Appends and commits `events` with a writer of its own (released on return).
    static func append(_ events: [AuditEvent], to root: String) throws {
        let writer = try StoreWriter(root: root, options: options)
        try writer.append(contentsOf: events)
        try writer.commit()
        writer.close()
    }

    static func segmentBytes(_ root: String) -> [String: Data] {
        let layout = StoreLayout(root: root)
        var out: [String: Data] = [:]
        for id in layout.segmentIDsOnDisk() { out[StoreLayout.segmentName(id)] = FileManager.default.contents(atPath: layout.segment(id)) }
        return out
    }

    static func copyCatalog(from root: String, to place: String, suffixes: [String]) {
        for suffix in suffixes where FileManager.default.fileExists(atPath: root + "/catalog.sqlite" + suffix) {
            try? FileManager.default.removeItem(atPath: place + suffix)
            try? FileManager.default.copyItem(atPath: root + "/catalog.sqlite" + suffix, toPath: place + suffix)
        }
    }

    static func replaceCatalog(_ root: String, with place: String?) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: root + "/catalog.sqlite" + suffix) }
        if let place { copyCatalog(from: place.replacingOccurrences(of: "/catalog.sqlite", with: ""), to: root + "/catalog.sqlite", suffixes: ["", "-wal", "-shm"]) }
    }

    /// Opening a writer must refuse, leaving every segment byte as it was; then `rebuild-catalog`
    /// brings back every event, and the store verifies.
    static func expectRefusalThenRecovery(_ root: String) throws {
        let before = segmentBytes(root)
        let outcome = Result { () throws(StoreError) -> RecoveryReport in
            let writer = try StoreWriter(root: root, options: options)
            defer { writer.close() }
            return writer.recovery
        }
        switch outcome {
        case .success:
            Issue.record("the writer opened over blocks its catalog does not name")
        case .failure(let error):
            #expect("\(error)".contains("rebuild-catalog"), "\(error)")
        }
        #expect(segmentBytes(root) == before, "the writer changed segment bytes")
        if FileManager.default.fileExists(atPath: root + "/catalog.sqlite") {
            #expect(try !StoreVerifier.verify(root: root).isClean, "verify called a store with forgotten blocks whole")
        }
        let report = try CatalogRebuilder.rebuild(root: root)
        #expect(report.skipped.isEmpty)
        #expect(report.events == first.count + second.count)
        let events = try AuditStore(root: root).allEvents().map(\.event)
        #expect(events == Events.exportOrder(first + second))
        #expect(try StoreVerifier.verify(root: root).isClean)
        // And the store takes new events again.
        let writer = try StoreWriter(root: root, options: options)
        #expect(writer.recovery.isClean)
        writer.close()
    }

    /// Ways a store's catalog falls behind its segments.
    enum CatalogLoss: String, CaseIterable, Sendable {
        case older = "an older catalog restored from a copy"
        case empty = "an empty catalog.sqlite"
        case withoutWAL = "a catalog copied without its -wal"
        case deleted = "a deleted catalog"
    }

    @Test("a catalog that falls behind makes the writer stop, not cut; rebuild-catalog recovers everything",
          arguments: CatalogLoss.allCases)
    func catalogBehind(loss: CatalogLoss) throws {
        let dir = TemporaryDirectory()
        let saved = dir.path + "/old/catalog.sqlite"
        try FileManager.default.createDirectory(atPath: dir.path + "/old", withIntermediateDirectories: true)
        switch loss {
        case .older:
            try Self.append(Self.first, to: dir.store)
            Self.copyCatalog(from: dir.store, to: saved, suffixes: ["", "-wal", "-shm"])
            try Self.append(Self.second, to: dir.store)
            Self.replaceCatalog(dir.store, with: saved)
        case .empty:
            try Self.store(dir)
            Self.replaceCatalog(dir.store, with: nil)
            #expect(FileManager.default.createFile(atPath: dir.store + "/catalog.sqlite", contents: Data()))
        case .withoutWAL:
            // Copied while the writer is open: the last commits are still in the -wal.
            try Self.store(dir) { root in Self.copyCatalog(from: root, to: saved, suffixes: [""]) }
            Self.replaceCatalog(dir.store, with: saved)
        case .deleted:
            try Self.store(dir)
            Self.replaceCatalog(dir.store, with: nil)
        }
        try Self.expectRefusalThenRecovery(dir.store)
    }

    @Test("a torn tail (part of a block, or garbage) is still cut, and the report says how much", arguments: [17, 64, 300])
    func tornTail(keep: Int) throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let path = StoreLayout(root: dir.store).segment(1)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        // The start of a copy of the first block: its header may be whole, its body is not.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(bytes.prefix(keep))
        handle.closeFile()
        let writer = try StoreWriter(root: dir.store, options: Self.options)
        #expect(writer.recovery.truncated.map(\.bytes) == [Int64(keep)])
        writer.close()
        #expect(try AuditStore(root: dir.store).allEvents().map(\.event) == Events.exportOrder(Self.first + Self.second))
    }

    @Test("an interrupted append (its intent names this catalog) is cut, intact blocks and all")
    func interruptedAppend() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let layout = StoreLayout(root: dir.store)
        let snapshot = try AuditStore(root: dir.store).snapshot()
        let segments = Dictionary(uniqueKeysWithValues: snapshot.segments.map { ($0.id, $0.committedLength) })
        try WriteIntent(nextSeq: snapshot.nextSeq, segments: segments).record(at: layout.intent, directory: layout.root)
        // What a crash between the blocks' fsync and the catalog's commit leaves: a whole block.
        let last = try #require(snapshot.segments.last)
        let bytes = try #require(FileManager.default.contents(atPath: layout.segment(last.id)))
        let block = try #require(snapshot.blocks.first { $0.segment == last.id })
        let handle = try #require(FileHandle(forWritingAtPath: layout.segment(last.id)))
        handle.seekToEndOfFile()
        handle.write(bytes[Int(block.offset)..<(Int(block.offset) + block.length)])
        handle.closeFile()
        let writer = try StoreWriter(root: dir.store, options: Self.options)
        #expect(writer.recovery.truncated.map(\.bytes) == [Int64(block.length)])
        writer.close()
        #expect(try StoreVerifier.verify(root: dir.store).isClean)
        #expect(try AuditStore(root: dir.store).allEvents().count == Self.first.count + Self.second.count)
    }

    @Test("rebuild-catalog keeps a dated backup each time, never overwriting one; catalog and backups are 0600")
    func backups() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let one = try #require(try CatalogRebuilder.rebuild(root: dir.store).previousCatalog)
        let two = try #require(try CatalogRebuilder.rebuild(root: dir.store).previousCatalog)
        #expect(one != two)
        for path in [one, two, dir.store + "/catalog.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: path))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
        #expect(one.contains("catalog.sqlite.bak-"))
        #expect(try StoreVerifier.verify(root: dir.store).isClean)
    }
}

/// Reads never crash on a damaged catalog row or a segment that shrinks under a reader.
@Suite("Reads over damage")
struct ReadDamageTests {
    static func store(_ dir: TemporaryDirectory) throws {
        let writer = try StoreWriter(root: dir.store, options: StoreOptions(blockEvents: 100, rareActorEvents: 0))
        try writer.append(contentsOf: Events.hubLike(500, seed: 21))
        try writer.commit()
        writer.close()
    }

    /// A store of 500 events in five blocks whose catalog then runs `sql`.
    static func tampered(_ dir: TemporaryDirectory, _ sql: String) throws -> AuditStore {
        try store(dir)
        let store = try AuditStore(root: dir.store)
        try store.catalog.write { db in try db.execute(sql: sql) }
        return store
    }

    @Test("tampered block rows are errors naming the block", arguments: [
        "offset = 9223372036854775807", "offset = -1", "length = -5", "length = 9223372036854775807",
        "event_count = -1", "event_count = 9223372036854775807", "raw_bytes = -1",
    ])
    func tamperedRow(change: String) throws {
        let dir = TemporaryDirectory()
        let store = try Self.tampered(dir, "UPDATE blocks SET \(change) WHERE id = 2")
        do {
            _ = try store.allEvents()
            Issue.record("read over a tampered row (\(change)) succeeded")
        } catch let error as StoreError {
            #expect("\(error)".contains("block 2"), "\(error)")
        }
    }

    @Test("an offset past the file's end is an error with the block's place")
    func offsetPastEnd() throws {
        let dir = TemporaryDirectory()
        let store = try Self.tampered(dir, "UPDATE blocks SET offset = 1099511627000 WHERE id = 3")
        #expect(throws: StoreError.self) { try store.allEvents() }
    }

    @Test("a segment truncated between the snapshot and the read is an error, not SIGBUS")
    func shrinkUnderReader() throws {
        let dir = TemporaryDirectory()
        try Self.store(dir)
        let snapshot = try AuditStore(root: dir.store).snapshot()
        let blocks = snapshot.blocks
        // Open every block (mapping the whole segment), then cut the segment to half its size.
        let readers = try blocks.map { try snapshot.readBlock($0) }
        let path = StoreLayout(root: dir.store).segment(blocks[0].segment)
        #expect(truncate(path, off_t(StoreLayout.fileSize(path) / 2)) == 0)
        var failures = 0
        for reader in readers {
            do {
                _ = try reader.events()
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        // A reader opened before the cut (mapping the whole file) fails cleanly too.
        var scanner = try EventScanner(snapshot: snapshot)
        #expect(throws: StoreError.self) { while try scanner.next() != nil {} }
    }
}

/// A catalog that lost a block row never makes a full read answer with fewer events silently.
@Suite("Catalog coverage")
struct CatalogCoverageTests {
    @Test("a missing block row is an error, or with skipDamaged a recorded damage")
    func missingRow() throws {
        let dir = TemporaryDirectory()
        let store = try ReadDamageTests.tampered(dir, "DELETE FROM blocks WHERE id = 2")
        #expect(throws: StoreError.self) { try store.allEvents() }
        let read = try store.eventsSkippingDamage()
        #expect(read.events == 400)
        #expect(read.damaged.count == 1)
        #expect("\(read.damaged)".contains("rebuild-catalog"))
        #expect(try CatalogRebuilder.rebuild(root: dir.store).events == 500)
        #expect(try AuditStore(root: dir.store).allEvents().count == 500)
    }

    @Test("after rebuild-catalog leaves out a block with a damaged header, a full read still says so")
    func damagedHeaderAfterRebuild() throws {
        let dir = TemporaryDirectory()
        try ReadDamageTests.store(dir)
        let block = try #require(try AuditStore(root: dir.store).snapshot().blocks.first { $0.id == 2 })
        let handle = try #require(FileHandle(forUpdatingAtPath: StoreLayout(root: dir.store).segment(block.segment)))
        handle.seek(toFileOffset: UInt64(block.offset) + 20)
        handle.write(Data([0xFF, 0xFF]))
        handle.closeFile()
        let report = try CatalogRebuilder.rebuild(root: dir.store)
        #expect(report.events == 400 && !report.skipped.isEmpty)
        let store = try AuditStore(root: dir.store)
        #expect(throws: StoreError.self) { try store.allEvents() }
        let read = try store.eventsSkippingDamage()
        #expect(read.events == 400)
        #expect(read.damaged.count == 1)
    }
}

extension AuditStore {
    /// Reads every event with `skipDamaged`: how many were read, and the damage skipped.
    func eventsSkippingDamage() throws -> (events: Int, damaged: [StoreError]) {
        var scanner = try EventScanner(snapshot: snapshot(), skipDamaged: true)
        var count = 0
        while try scanner.next() != nil { count += 1 }
        return (count, scanner.damaged)
    }
}
