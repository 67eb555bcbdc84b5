import AuditModel
import EventGenerator
import EventImport
import Foundation
import SegmentStore
import TestSupport
import Testing

/// Property: whatever mix of event shapes is imported (the generator's output plus every shape it
/// never writes), `verify` finds the store whole and `export` gives back the canonical input.
///
/// Environment: `HUBAUDIT_TEST_SEED` replays one data set (its seed is printed on every run);
/// `HUBAUDIT_TEST_CASES` sets how many data sets (default 6); `HUBAUDIT_TEST_EVENTS` sets the
/// generator events of each (default a few hundred to a few thousand; up to 1,000,000), and
/// with it the store's default layout (32,768-event blocks) is used.
@Suite("Event shapes round-trip and verify")
struct ShapePropertyTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test("random data sets of odd shapes import, verify clean and export exactly")
    func randomDataSets() throws {
        let cases = Int(Self.environment["HUBAUDIT_TEST_CASES"] ?? "") ?? 6
        let seeds: [UInt64]
        if let text = Self.environment["HUBAUDIT_TEST_SEED"], let seed = UInt64(text) {
            seeds = [seed]
        } else {
            var rng = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1000))
            seeds = (0..<max(1, cases)).map { _ in rng.next() }
        }
        for seed in seeds {
            print("ShapePropertyTests: seed \(seed) (replay with HUBAUDIT_TEST_SEED=\(seed))")
            try check(seed: seed, largeEvents: Int(Self.environment["HUBAUDIT_TEST_EVENTS"] ?? ""))
        }
    }

    @Test("the issue's smallest case: a block that starts with empty data", arguments: [1, 2, 4096])
    func emptyDataFirst(blockEvents: Int) throws {
        let lines = [
            #"{"account":"acme","action":"repo.create","name":"acme/a","actor":"alice","data":{},"timestamp":"2024-01-01T00:00:00Z","action_description":"created"}"#,
            #"{"account":"acme","action":"repo.tag.push","name":"acme/a","actor":"ci","data":{"tag":"v1"},"timestamp":"2024-01-01T00:00:01Z","action_description":"pushed"}"#,
        ]
        try roundTrip(lines: lines, options: StoreOptions(blockEvents: blockEvents), context: "empty data first")
    }

    /// Builds, imports, verifies and exports the data set of `seed`.
    private func check(seed: UInt64, largeEvents: Int?) throws {
        var rng = SplitMix64(seed: seed)
        let generatorEvents = largeEvents.map { min($0, 1_000_000) } ?? rng.pick([0, 1, 200, 1500])
        let configuration = GeneratorConfiguration(
            events: generatorEvents, seed: rng.next(),
            start: Timestamp(seconds: Int64(rng.pick([0, 946_684_800, 1_704_067_200, 4_102_444_800]))),
            days: rng.pick([1, 3, 90, 3650]), organisations: rng.pick([1, 2, 7, 40]))
        var generator = EventGenerator(configuration)
        var buffer: [UInt8] = []
        _ = generator.appendNDJSON(to: &buffer, maxEvents: generatorEvents)
        var lines = buffer.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }

        // Odd shapes, mixed in at random places, sometimes at a block's start.
        let odd = largeEvents == nil ? rng.pick([1, 5, 300, 1000]) : 20_000
        var shapes = OddShapes(rng: SplitMix64(seed: rng.next()), start: configuration.start)
        for _ in 0..<odd {
            let line = shapes.line()
            lines.insert(line, at: rng.below(lines.count + 1))
            if rng.chance(0.03) { lines.insert(line, at: rng.below(lines.count + 1)) } // an identical twin
        }
        let options: StoreOptions
        if largeEvents != nil {
            options = StoreOptions()
        } else {
            // Blocks small enough for many, sometimes one event more or less than the data set.
            let blockEvents = rng.pick([lines.count < 500 ? 1 : 3, 2, 7, 64, 500, 4096, max(1, lines.count - 1), lines.count, lines.count + 1])
            options = StoreOptions(blockEvents: blockEvents, segmentBytes: rng.pick([4096, 1 << 20, 64 << 20]),
                                   rareActorEvents: rng.pick([0, 1, 20, 200]), sideBlockEvents: rng.pick([1, 16, 768]))
        }
        try roundTrip(lines: lines, options: options,
                      context: "seed \(seed), \(lines.count) events, \(configuration), \(options)")
    }

    /// Imports `lines`, then requires `verify` clean and `export` equal to their canonical form in
    /// time order (ties in input order).
    private func roundTrip(lines: [String], options: StoreOptions, context: String) throws {
        let dir = TemporaryDirectory()
        let input = dir.file("in.ndjson", lines.joined(separator: "\n") + "\n")
        let writer = try StoreWriter(root: dir.store, options: options)
        let result = try Importer(writer: writer).importFile(input)
        writer.close()
        #expect(result.imported == lines.count, "\(context)")

        let report = try StoreVerifier.verify(root: dir.store)
        #expect(report.isClean, "\(context): \(report.problems.prefix(5))")
        #expect(report.events == lines.count, "\(context)")

        let expected = try lines.enumerated().map { (n, line) in (n, try EventDecoder.decode(line)) }
            .sorted { $0.1.timestamp != $1.1.timestamp ? $0.1.timestamp < $1.1.timestamp : $0.0 < $1.0 }
        var scanner = try EventScanner(snapshot: AuditStore(root: dir.store).snapshot())
        var index = 0
        while let stored = try scanner.next() {
            guard index < expected.count else {
                Issue.record("\(context): export has more events than the input")
                return
            }
            let want = CanonicalJSON.line(expected[index].1), got = CanonicalJSON.line(stored.event)
            // Bytes, not `String` equality (which equates canonically equivalent spellings).
            if !want.utf8.elementsEqual(got.utf8) {
                Issue.record("\(context): export line \(index + 1) differs:\n want \(want) got  \(got)")
                return
            }
            index += 1
        }
        #expect(index == expected.count, "\(context): export has \(index) of \(expected.count) events")
    }
}

/// Events in the shapes the generator never writes, as (often non-canonical) NDJSON lines.
struct OddShapes {
    var rng: SplitMix64
    let start: Timestamp
    private var actors = 0

    init(rng: SplitMix64, start: Timestamp) {
        self.rng = rng
        self.start = start
    }

    private static let texts = [
        "", "a", "acme", "acme/a", "v1", "latest", "sha256:0123abcd", "Zoë", "Zoe\u{308}", "café", "cafe\u{301}", "a\u{301}\u{316}", "a\u{316}\u{301}", "日本語", "🐳 whale", "tab\there",
        "quote\"and\\back", "line\nbreak", "ctl\u{1B}[31m", "=1+2", "  spaced  ", "{}", "[1]", "null",
        "3:tag", "9:", ":", "{tag}", "%s", "\u{7F}", "\u{2028}", String(repeating: "long", count: 5000),
    ]

    mutating func text() -> String { rng.pick(Self.texts) + (rng.chance(0.3) ? String(rng.below(50)) : "") }

    mutating func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        CanonicalJSON.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One event line in a random odd shape.
    mutating func line() -> String {
        var fields: [String] = []
        fields.append(#""account":"# + quoted(rng.chance(0.8) ? "acme" : text()))
        let action = rng.pick(["repo.create", "repo.tag.push", "repo.tag.delete", "team.member.add", "x", "", "a.b.c.d.e"])
        fields.append(#""action":"# + quoted(action))
        let name: String? = rng.chance(0.2) ? nil : text()
        switch rng.below(4) {
        case 0: break // name absent
        case 1: fields.append(#""name":null"#)
        default: if let name { fields.append(#""name":"# + quoted(name)) }
        }
        // Many actors with a few events each (side blocks), and some common ones.
        let actor: String
        if rng.chance(0.5) {
            actors += 1
            actor = "rare-\(actors % 997)"
        } else {
            actor = rng.chance(0.9) ? rng.pick(["alice", "ci", "bob"]) : text()
        }
        fields.append(#""actor":"# + quoted(actor))
        var data: [(String, String)] = []
        switch rng.below(6) {
        case 0: break // data absent
        case 1: fields.append(#""data":null"#)
        case 2: fields.append(#""data":{}"#)
        default:
            var keys = Set<String>()
            for _ in 0..<(1 + rng.below(4)) { keys.insert(rng.pick(["tag", "digest", "", "k:1", "2:ab", "ünï", "u\u{308}n", "tag ", "privacy", text()])) }
            data = keys.sorted().map { ($0, rng.chance(0.2) ? "" : text()) }
            if rng.chance(0.5) { data.reverse() }
            fields.append(#""data":{"# + data.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: rng.chance(0.5) ? "," : " , ") + "}")
        }
        let seconds = start.seconds + Int64(rng.below(86_400 * 30))
        let nanos = rng.pick([0, 0, 0, 1, 500_000_000, 123_456_789, 999_999_999])
        fields.append(#""timestamp":"# + quoted(Timestamp(seconds: seconds, nanoseconds: Int32(nanos)).description))
        switch rng.below(6) {
        case 0: break
        case 1: fields.append(#""action_description":null"#)
        case 2: fields.append(#""action_description":"# + quoted(text()))
        default:
            // Descriptions built from the event's own values, as the Hub's templates do (and some that
            // only nearly match).
            var words = ["pushed"]
            if let (key, value) = data.first { words += ["the", key, value] }
            if let name, rng.chance(0.7) { words += ["to", name] }
            if rng.chance(0.3) { words.append(actor) }
            if rng.chance(0.2) { words.append("{tag}") }
            fields.append(#""action_description":"# + quoted(words.joined(separator: " ")))
        }
        // Fields outside the schema, of every JSON type.
        var extraKeys = Set<String>()
        for _ in 0..<(rng.chance(0.8) ? 0 : 1 + rng.below(3)) {
            let key = rng.pick(["ip", "extra", "zz", "Account", "💥", "data2"]) + String(rng.below(3))
            guard extraKeys.insert(key).inserted else { continue }
            let value = rng.pick([#"1"#, #"-2.5e3"#, #"true"#, #"false"#, #"null"#, #"{"b":[1,{"c":null}],"a":"x"}"#, #"[]"#, #"{}"#,
                                  quoted(text())])
            fields.append(quoted(key) + ":" + value)
        }
        for i in fields.indices.reversed() where rng.chance(0.5) { fields.swapAt(i, rng.below(i + 1)) }
        return "{" + fields.joined(separator: rng.chance(0.8) ? "," : ", ") + "}"
    }
}
