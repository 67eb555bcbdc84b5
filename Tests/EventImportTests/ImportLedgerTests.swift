import AuditModel
import EventImport
import Foundation
import SegmentStore
import TestSupport
import Testing
import Zlib

/// The import ledger (issue 12, point 5): an input imported whole imports nothing the next
/// time, under any name and compression; a file that grew imports only its new lines; `force`
/// imports again; twins the input really holds stay; a failed import leaves no ledger entry.
@Suite("Import ledger")
struct ImportLedgerTests {
    func count(_ root: String) throws -> Int { try AuditStore(root: root).snapshot().eventCount }

    @Test("the same content twice, as a file, a copy and gzip on another path, is imported once")
    func sameContentOnce() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let text = generated(3_000, seed: 8)
        let file = dir.file("a.ndjson", text)
        let copy = dir.file("b.ndjson", text)
        let gz = dir.path + "/c.ndjson.gz"
        try Data(try Zlib.gzip(Array(text.utf8))).write(to: URL(fileURLWithPath: gz))
        let writer = try StoreWriter(root: store)
        defer { writer.close() }
        let importer = try Importer(writer: writer)
        let first = try importer.importFile(file)
        #expect(first.imported == 3_000 && first.alreadyImported == nil)
        for again in [file, copy, gz] {
            let result = try importer.importFile(again)
            #expect(result.imported == 0)
            #expect(result.alreadyImported?.events == 3_000)
            #expect(result.alreadyImported?.file == file)
        }
        #expect(try count(store) == 3_000)
        #expect(try exported(store) == text)
        let forced = try Importer(writer: writer, options: ImportOptions(force: true)).importFile(copy)
        #expect(forced.imported == 3_000)
        #expect(try count(store) == 6_000)
    }

    @Test("a file that grew imports only its new lines; twins the input holds stay", arguments: [1, 999, 2_999])
    func grownFile(firstLines: Int) throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let lines = generated(3_000, seed: 9).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        // The same event twice in the input: both are real, and both stay.
        let all = lines + [lines[lines.count - 1]]
        let path = dir.file("log.ndjson", all.prefix(firstLines).joined(separator: "\n") + "\n")
        let writer = try StoreWriter(root: store)
        defer { writer.close() }
        let importer = try Importer(writer: writer)
        #expect(try importer.importFile(path).imported == firstLines)
        try (all.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let grown = try importer.importFile(path)
        #expect(grown.resumed?.lines == firstLines)
        #expect(grown.imported == all.count - firstLines)
        #expect(try count(store) == all.count)
        #expect(try importer.importFile(path).alreadyImported?.events == all.count)
        #expect(try count(store) == all.count)
    }

    @Test("a file whose first lines changed is not taken for a grown one")
    func changedFile() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let a = generated(500, seed: 10), b = generated(700, seed: 11)
        let path = dir.file("x.ndjson", a)
        let writer = try StoreWriter(root: store)
        defer { writer.close() }
        let importer = try Importer(writer: writer)
        _ = try importer.importFile(path)
        try b.write(toFile: path, atomically: false, encoding: .utf8)
        let other = try importer.importFile(path)
        #expect(other.resumed == nil && other.imported == 700)
        #expect(try count(store) == 1_200)
        // Replaced by a shorter file: its lines cannot be the start of the longer one.
        try generated(200, seed: 13).write(toFile: path, atomically: false, encoding: .utf8)
        let shorter = try importer.importFile(path)
        #expect(shorter.resumed == nil && shorter.alreadyImported == nil && shorter.imported == 200)
        #expect(try count(store) == 1_400)
    }

    @Test("a failed import leaves no ledger entry: the fixed file is imported whole, once")
    func failedImportIsNotRecorded() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let text = generated(1_000, seed: 12)
        let path = dir.file("bad.ndjson", text + "{not json\n")
        let writer = try StoreWriter(root: store)
        defer { writer.close() }
        let importer = try Importer(writer: writer)
        #expect(throws: ImportError.self) { try importer.importFile(path) }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let fixed = try importer.importFile(path)
        #expect(fixed.imported == 1_000 && fixed.resumed == nil && fixed.alreadyImported == nil)
        #expect(try importer.importFile(path).alreadyImported != nil)
        #expect(try count(store) == 1_000)
    }
}
