import AuditModel
import EventGenerator
import EventImport
import Foundation
import SegmentStore
import TestSupport
import Testing
import Zlib

func generated(_ count: Int, seed: UInt64) -> String {
    var generator = EventGenerator(GeneratorConfiguration(events: count, seed: seed, start: Timestamp(seconds: 1_704_067_200), days: 30))
    var buffer: [UInt8] = []
    _ = generator.appendNDJSON(to: &buffer, maxEvents: count)
    return String(decoding: buffer, as: UTF8.self)
}

func exported(_ root: String) throws -> String {
    var scanner = try EventScanner(snapshot: AuditStore(root: root).snapshot())
    var out = ""
    while let e = try scanner.next() { out += CanonicalJSON.line(e.event) }
    return out
}

@Suite("Importer")
struct ImporterTests {
    @Test("import then export gives back the canonical input, event for event")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        let text = generated(20_000, seed: 1)
        let file = dir.file("events.ndjson", text)
        let writer = try StoreWriter(root: dir.path + "/store", options: StoreOptions(blockEvents: 1000))
        let result = try Importer(writer: writer).importFile(file)
        writer.close()
        #expect(result.imported == 20_000)
        #expect(try exported(dir.path + "/store") == text)
    }

    @Test("gzip input is recognised by its magic bytes, whatever its name")
    func gzip() throws {
        let dir = TemporaryDirectory()
        let text = generated(3000, seed: 2)
        let path = dir.path + "/events.txt"
        try Data(try Zlib.gzip(Array(text.utf8))).write(to: URL(fileURLWithPath: path))
        let writer = try StoreWriter(root: dir.path + "/store")
        #expect(try Importer(writer: writer).importFile(path).imported == 3000)
        writer.close()
        #expect(try exported(dir.path + "/store") == text)
    }

    @Test("a malformed line names file and line, and nothing of that file is committed")
    func malformed() throws {
        let dir = TemporaryDirectory()
        let good = dir.file("good.ndjson", generated(100, seed: 3))
        var lines = generated(5000, seed: 4).split(separator: "\n").map(String.init)
        lines[4321] = #"{"account":"acme","action":"repo.tag.push","actor":"x","timestamp":"2024-02-30T00:00:00Z"}"#
        let bad = dir.file("bad.ndjson", lines.joined(separator: "\n") + "\n")
        let writer = try StoreWriter(root: dir.path + "/store", options: StoreOptions(blockEvents: 500))
        let importer = try Importer(writer: writer)
        _ = try importer.importFile(good)
        do {
            _ = try importer.importFile(bad)
            Issue.record("the bad file was imported")
        } catch {
            #expect(error.description.hasPrefix("\(bad):4322: field 'timestamp'"))
        }
        writer.close()
        #expect(try AuditStore(root: dir.path + "/store").snapshot().eventCount == 100)
        #expect(try StoreVerifier.verify(root: dir.path + "/store").isClean)
    }

    @Test("with --skip-invalid, bad lines go to the rejects file with their numbers")
    func skipInvalid() throws {
        let dir = TemporaryDirectory()
        var lines = generated(50, seed: 5).split(separator: "\n").map(String.init)
        lines[9] = "not json"
        lines[19] = #"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","data":{"n":1}}"#
        let file = dir.file("mixed.ndjson", lines.joined(separator: "\n"))
        let rejects = dir.path + "/rejects.ndjson"
        let writer = try StoreWriter(root: dir.path + "/store")
        let result = try Importer(writer: writer, options: ImportOptions(skipInvalid: true, rejectsPath: rejects)).importFile(file)
        writer.close()
        #expect(result.imported == 48 && result.rejected == 2)
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(rejected.count == 2)
        #expect(rejected[0].contains(#""line":10"#) && rejected[0].contains(#""text":"not json""#))
        #expect(rejected[1].contains(#""line":20"#) && rejected[1].contains("data.n"))
    }

    @Test("empty input, a directory, a missing file and truncated gzip are one-line errors", arguments: [
        "empty", "blank", "directory", "missing", "truncated-gzip",
    ])
    func badInputs(kind: String) throws {
        let dir = TemporaryDirectory()
        let path: String
        switch kind {
        case "empty": path = dir.file("empty.ndjson", "")
        case "blank": path = dir.file("blank.ndjson", "\n  \n\n")
        case "directory": path = dir.path
        case "missing": path = dir.path + "/nope.ndjson"
        default:
            path = dir.path + "/cut.gz"
            let packed = try Zlib.gzip(Array(generated(500, seed: 6).utf8))
            try Data(packed.prefix(packed.count / 2)).write(to: URL(fileURLWithPath: path))
        }
        let writer = try StoreWriter(root: dir.path + "/store")
        #expect(throws: ImportError.self) { try Importer(writer: writer).importFile(path) }
        writer.close()
        #expect(try AuditStore(root: dir.path + "/store").snapshot().eventCount == 0)
    }

    @Test("a line longer than the read buffer is read whole; one past the limit is an error")
    func longLines() throws {
        let dir = TemporaryDirectory()
        let long = String(repeating: "x", count: 3 << 20)
        let line = #"{"account":"acme","action":"repo.create","name":"acme/big","actor":"a","timestamp":"2024-01-01T00:00:00Z","action_description":"\#(long)"}"#
        let text = generated(10, seed: 8) + line + "\n" + generated(10, seed: 9)
        let file = dir.file("long.ndjson", text)
        let writer = try StoreWriter(root: dir.path + "/store")
        #expect(try Importer(writer: writer).importFile(file).imported == 21)
        writer.close()
        #expect(try exported(dir.path + "/store").contains(long))

        let huge = dir.file("huge.ndjson", String(repeating: "y", count: LineReader.maximumLineLength + (2 << 20)))
        let second = try StoreWriter(root: dir.path + "/store2")
        do {
            _ = try Importer(writer: second).importFile(huge)
            Issue.record("a line past the limit was accepted")
        } catch {
            #expect(error.description.contains("huge.ndjson:1: line longer than"))
        }
        second.close()
    }

    @Test("lines without a final newline and with CRLF endings are read")
    func lineEndings() throws {
        let dir = TemporaryDirectory()
        let lines = generated(3, seed: 7).split(separator: "\n")
        let file = dir.file("crlf.ndjson", lines.joined(separator: "\r\n"))
        let writer = try StoreWriter(root: dir.path + "/store")
        #expect(try Importer(writer: writer).importFile(file).imported == 3)
        writer.close()
    }
}
