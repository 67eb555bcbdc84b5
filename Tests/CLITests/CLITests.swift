import AuditModel
import Foundation
import SegmentStore
import TestSupport
import Testing
import Zlib

@Suite("hubaudit command line", .serialized)
struct CLITests {
    @Test("every command's --help says what it does, with an example", arguments: [
        "demo", "import", "export", "info", "verify", "rebuild-catalog", "generate", "sync", "emulate", "actions", "query", "queries",
        "checkpoints", "query-language",
    ])
    func help(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("USAGE: hubaudit \(command)"))
    }

    @Test("help query-language prints the reference compiled from docs/query-language.md")
    func queryLanguageReference() throws {
        let viaHelp = try CLI.run(["help", "query-language"])
        #expect(viaHelp.status == 0)
        let document = try String(contentsOfFile: CLI.repositoryRoot + "/docs/query-language.md", encoding: .utf8)
        #expect(viaHelp.stdout == document)
        let direct = try CLI.run(["query-language"])
        #expect(direct.stdout == viaHelp.stdout)
        let queryHelp = try CLI.run(["query", "--help"])
        #expect(queryHelp.stdout.contains("hubaudit help query-language"))
        #expect(!queryHelp.stdout.contains("shared/design"))
    }

    @Test("usage errors exit with status 2 and say what is wrong")
    func usage() throws {
        let a = try CLI.run(["export", "--from", "last tuesday"])
        #expect(a.status == 2)
        #expect(a.stderr.contains("--from"))
        let b = try CLI.run(["import"])
        #expect(b.status == 2)
        let c = try CLI.run(["frobnicate"])
        #expect(c.status == 2)
    }

    @Test("generate | import (gzip on stdin) | export round-trips; info and verify report")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let generated = try CLI.run(["generate", "--events", "30000", "--seed", "3", "--days", "60"])
        #expect(generated.status == 0)
        let gz = try Zlib.gzip(Array(generated.stdout.utf8))
        let imported = try CLI.run(["import", "--store", store, "-"], stdin: Data(gz))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("imported 30000 events from <stdin>"))
        let exported = try CLI.run(["export", "--store", store])
        #expect(exported.status == 0)
        #expect(exported.stdout == generated.stdout)

        let info = try CLI.run(["info", "--store", store, "--format", "json"])
        #expect(info.status == 0)
        #expect(info.stdout.contains(#""events":30000"#))
        #expect(info.stdout.contains(#""account":"acme""#))
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("the store is whole"))

        // Time and account filters, via the environment's store.
        let lines = generated.stdout.split(separator: "\n")
        let from = try EventDecoder.decode(String(lines[10_000])).timestamp
        let to = try EventDecoder.decode(String(lines[20_000])).timestamp
        let expected = lines.filter { line in
            let t = (try? EventDecoder.decode(String(line)).timestamp) ?? from
            return !(t < from) && t < to
        }
        let window = try CLI.run(["export", "--from", from.description, "--to", to.description], environment: ["HUBAUDIT_STORE": store])
        #expect(window.stdout.split(separator: "\n") == expected)
    }

    @Test("no silent zero: FIELD:VALUE is FIELD=VALUE, before: is an error, an absent value warns and --strict exits 3")
    func noSilentZero() throws {
        let dir = TemporaryDirectory()
        let (store, events) = try Self.importedStore(dir, events: 3000, seed: 5)
        let actor = try EventDecoder.decode(String(events.split(separator: "\n")[100])).actor
        let equal = try CLI.run(["query", "--store", store, "actor=\(actor) | count"])
        let colon = try CLI.run(["query", "--store", store, "actor:\(actor) | count"])
        #expect(equal.status == 0 && colon.status == 0)
        #expect(colon.stdout == equal.stdout && !equal.stdout.contains(#"{"count":0}"#), "\(colon.stdout)")

        let before = try CLI.run(["query", "--store", store, "before:2026-11-02 | count"])
        #expect(before.status == 2 && before.stdout.isEmpty)
        #expect(before.stderr.contains("until:TIME"), "\(before.stderr)")

        let typo = "org.team.member.add"
        let warned = try CLI.run(["query", "--store", store, "action=\(typo) | count"])
        #expect(warned.status == 0)
        #expect(warned.stdout == #"{"count":0}"# + "\n")
        #expect(warned.stderr.contains("warning: no stored event has action '\(typo)' (did you mean 'team.member.add'"), "\(warned.stderr)")
        let strict = try CLI.run(["query", "--store", store, "--strict", "action=\(typo) | count"])
        #expect(strict.status == 3 && strict.stdout == warned.stdout && strict.stderr == warned.stderr)
        #expect(try CLI.run(["query", "--store", store, "--strict", "actor=\(actor) | count"]).status == 0)
    }

    @Test("importing the same input again imports nothing and says so; an empty file is a warning, not a stop")
    func importLedger() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let events = try CLI.run(["generate", "--events", "2000", "--seed", "6"]).stdout
        let file = dir.file("e.ndjson", events)
        let empty = dir.file("empty.ndjson", "")
        let first = try CLI.run(["import", "--store", store, empty, file])
        #expect(first.status == 0)
        #expect(first.stderr.contains("warning: \(empty): no events in the input") && first.stderr.contains("imported 2000 events from \(file)"))
        let again = try CLI.run(["import", "--store", store, "-"], stdin: Data(events.utf8))
        #expect(again.status == 0)
        #expect(again.stderr.contains("<stdin>: already imported (2000 events from \(file)") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try CLI.run(["query", "--store", store, "| count"]).stdout == #"{"count":2000}"# + "\n")
        #expect(try CLI.run(["import", "--store", store, "--force", file]).stderr.contains("imported 2000 events"))
        #expect(try CLI.run(["query", "--store", store, "| count"]).stdout == #"{"count":4000}"# + "\n")
    }

    @Test("a malformed line is reported as FILE:LINE and the store stays as it was")
    func malformed() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let file = dir.path + "/bad.ndjson"
        let good = try CLI.run(["generate", "--events", "10", "--seed", "1"]).stdout
        try (good + "{\"account\":\"a\"}\n").write(toFile: file, atomically: false, encoding: .utf8)
        let result = try CLI.run(["import", "--store", store, file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):11: missing required field 'action'"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let info = try CLI.run(["info", "--store", store, "--format", "json"])
        #expect(info.stdout.contains(#""events":0"#))
    }

    @Test("a second writer is refused at once with the owner's pid, and the store is untouched")
    func locked() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let holder = try StoreWriter(root: store)
        defer { holder.close() }
        let events = try CLI.run(["generate", "--events", "10", "--seed", "1"]).stdout
        let attempt = try CLI.run(["import", "--store", store, "-"], stdin: Data(events.utf8))
        #expect(attempt.status == 1)
        #expect(attempt.stderr.contains("store is locked by pid \(getpid())"))
        #expect(try AuditStore(root: store).snapshot().eventCount == 0)
    }

    /// A new store under `dir` holding `count` generated events (`seed`), and those events as NDJSON.
    static func importedStore(_ dir: TemporaryDirectory, events count: Int, seed: Int) throws -> (store: String, events: String) {
        let store = dir.path + "/store"
        let events = try CLI.run(["generate", "--events", String(count), "--seed", String(seed)]).stdout
        #expect(try CLI.run(["import", "--store", store, "-"], stdin: Data(events.utf8)).status == 0)
        return (store, events)
    }

    @Test("damage: verify names the block and exits 1; rebuild-catalog restores a deleted catalog")
    func damage() throws {
        let dir = TemporaryDirectory()
        let (store, events) = try Self.importedStore(dir, events: 50000, seed: 9)

        for suffix in ["", "-wal", "-shm"] { unlink(store + "/catalog.sqlite" + suffix) }
        let missing = try CLI.run(["export", "--store", store])
        #expect(missing.status == 1 && missing.stderr.contains("rebuild-catalog"))
        let rebuilt = try CLI.run(["rebuild-catalog", "--store", store])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        #expect(try CLI.run(["export", "--store", store]).stdout == events)

        let segment = store + "/segments/00000001.seg"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: segment))
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("problem: segments/00000001.seg block"))
        #expect(verify.stdout.contains("at offset"))
        let export = try CLI.run(["export", "--store", store])
        #expect(export.status == 1)
        let exportedLines = export.stdout.split(separator: "\n").count
        #expect(exportedLines > 0 && exportedLines < 50_000)
    }

    @Test("damage verify found is never answered silently: index answers refuse it, --skip-damaged leaves it out and says so")
    func recordedDamage() throws {
        let dir = TemporaryDirectory()
        let (store, _) = try Self.importedStore(dir, events: 30000, seed: 4)
        let whole = try CLI.run(["query", "--store", store, "| count"])
        #expect(whole.status == 0 && whole.stdout == #"{"count":30000}"# + "\n")

        let segment = URL(fileURLWithPath: store + "/segments/00000001.seg")
        let original = try Data(contentsOf: segment)
        var bytes = original
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: segment)

        let verify = try CLI.run(["verify", "--store", store, "--format", "json"])
        #expect(verify.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(report["clean"] as? Bool == false)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(!problems.isEmpty && problems[0]["segment"] as? String == "00000001.seg" && problems[0]["block"] is Int)
        let recorded = try #require(report["damaged_blocks_recorded"] as? Int)
        #expect(recorded >= 1)

        // The index alone would still say 30000: it must refuse instead.
        for query in ["| count", "| count by actor", "action=repo.tag.push | count"] {
            let refused = try CLI.run(["query", "--store", store, query])
            #expect(refused.status == 1 && refused.stdout.isEmpty, "\(query): \(refused.stdout)")
            #expect(refused.stderr.contains("damaged block(s)") && refused.stderr.contains("--skip-damaged"), "\(refused.stderr)")
        }
        let partial = try CLI.run(["query", "--store", store, "--skip-damaged", "| count"])
        #expect(partial.status == 1)
        #expect(partial.stderr.contains("the answer leaves out"), "\(partial.stderr)")
        let counted = try #require(Int(partial.stdout.filter(\.isNumber)))
        #expect(counted > 0 && counted < 30000)
        let byActor = try CLI.run(["query", "--store", store, "--skip-damaged", "--format", "csv", "| count by actor"])
        #expect(byActor.status == 1)
        let sum = byActor.stdout.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }.reduce(0, +)
        #expect(sum == counted)
        let explained = try CLI.run(["query", "--store", store, "--skip-damaged", "--explain", "| count"])
        #expect(explained.stdout.contains("left out: \(recorded) damaged block(s)"), "\(explained.stdout)")
        let info = try CLI.run(["info", "--store", store])
        #expect(info.status == 1 && info.stderr.contains("damaged block(s)"))

        // Repaired (restored from a backup) and verified again: the record is cleared.
        try original.write(to: segment)
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        #expect(try CLI.run(["query", "--store", store, "| count"]).stdout == whole.stdout)
        #expect(try CLI.run(["info", "--store", store]).status == 0)
    }

    @Test("hostile event content: escaped in tables and messages, guarded in CSV, \\u-escaped in JSON")
    func hostileContent() throws {
        let dir = TemporaryDirectory()
        let store = dir.path + "/store"
        let line = #"{"account":"acme","action":"repo.tag.push","name":"acme/app","actor":"=HYPERLINK(\"http://evil\")","#
            + #""data":{"tag":"x\u001b]0;PWNED\u0007"},"timestamp":"2025-01-01T00:00:00Z","action_description":"a\u009b2J\u202eb"}"#
        #expect(try CLI.run(["import", "--store", store, "-"], stdin: Data((line + "\n").utf8)).status == 0)
        let table = try CLI.run(["query", "--store", store, "--format", "table", "| fields actor, data.tag, description"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("x\\x1b]0;PWNED\\x07"))
        #expect(table.stdout.contains("a\\x9b2J\\u202eb"))
        #expect(!table.stdout.unicodeScalars.contains { ControlCharacters.isHostile($0) && $0 != "\n" })
        let csv = try CLI.run(["query", "--store", store, "--format", "csv", "| fields actor, data.tag"])
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://evil\"\")\",x\\x1b]0;PWNED\\x07\r\n"))
        let json = try CLI.run(["query", "--store", store, "--format", "ndjson", "account=acme"])
        #expect(json.stdout.contains(#""action_description":"a\u009b2J\u202eb""#))
        #expect(!json.stdout.unicodeScalars.contains { ControlCharacters.isHostile($0) && $0 != "\n" })
        let exported = try CLI.run(["export", "--store", store])
        #expect(exported.stdout.contains("a\u{9B}2J\u{202E}b"), "the canonical export keeps the content as it is")
        let info = try CLI.run(["info", "--store", store, "--format", "csv"])
        #expect(info.stdout.hasPrefix("field,value\r\nstore,"))
        let bad = #"{"account":"acme","action":"a","actor":"b","timestamp":"\u001b[2J\u009d0;x"}"#
        let rejected = try CLI.run(["import", "--store", store, "-"], stdin: Data((bad + "\n").utf8))
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("\\x1b[2J\\x9d0;x"), "\(rejected.stderr)")
        #expect(!rejected.stderr.unicodeScalars.contains { ControlCharacters.isHostile($0) && $0 != "\n" })
    }
}
