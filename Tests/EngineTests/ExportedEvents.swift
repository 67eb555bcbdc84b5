import Foundation
import TestSupport
import Testing

/// Generated events imported into a fresh store and exported by today's `hubaudit export` to an
/// NDJSON file, with hubaudit's own per-action counts: what the engine tests read and compare.
struct ExportedEvents {
    /// The directory holding the store and the files (removed with this value).
    let directory = TemporaryDirectory()
    /// The `hubaudit export` output.
    let ndjson: String
    /// `hubaudit query 'count by action'`.
    let countsByAction: [String: Int]

    /// Events in shapes the generator never writes, for the engines too: an empty `data`, no
    /// `data`, `name` or description, identical twins, a fraction of nine digits, control and
    /// bidirectional characters, a formula-looking value, non-ASCII, an unknown top-level field.
    static let awkwardLines = [
        #"{"account":"acme","action":"repo.create","name":"acme/a","actor":"alice","data":{},"timestamp":"2024-01-01T00:00:00Z","action_description":"created"}"#,
        #"{"account":"acme","action":"custom.thing","actor":"bob","timestamp":"2024-01-01T00:00:01.5Z"}"#,
        #"{"account":"acme","action":"org.member.add","name":"bob","actor":"alice","data":{"role":"member"},"timestamp":"2024-01-01T00:00:02Z"}"#,
        #"{"account":"acme","action":"org.member.add","name":"bob","actor":"alice","data":{"role":"member"},"timestamp":"2024-01-01T00:00:02Z"}"#,
        #"{"account":"acme","action":"repo.tag.push","name":"acme/caf\u00e9","actor":"x\u001b[2J","data":{"tag":"=1+1","label":"\u202eevil"},"timestamp":"2024-01-01T00:00:03.123456789Z","action_description":"tab\there\nnewline \"quoted\"","extra_field":{"a":[1,2]}}"#,
    ]

    /// Generates `events` events from `seed` (printed, so a failure can be replayed with
    /// `HUBAUDIT_ENGINE_SEED=N`), adds ``awkwardLines``, imports and exports them.
    init(events: Int) throws {
        let seed = ProcessInfo.processInfo.environment["HUBAUDIT_ENGINE_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999)
        print("engine tests: seed \(seed) (replay with HUBAUDIT_ENGINE_SEED=\(seed))")
        let generated = directory.path + "/generated.ndjson"
        ndjson = directory.path + "/export.ndjson"
        let generatedRun = try CLI.run(["generate", "--events", "\(events)", "--seed", "\(seed)", "--output", generated])
        try #require(generatedRun.status == 0, "hubaudit generate: \(generatedRun.stderr)")
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: generated))
        try file.seekToEnd()
        try file.write(contentsOf: Data((Self.awkwardLines.joined(separator: "\n") + "\n").utf8))
        try file.close()
        let imported = try CLI.run(["import", "--store", directory.store, generated])
        try #require(imported.status == 0, "hubaudit import: \(imported.stderr)")
        let exported = try CLI.run(["export", "--store", directory.store])
        try #require(exported.status == 0, "hubaudit export: \(exported.stderr)")
        try Data(exported.stdout.utf8).write(to: URL(fileURLWithPath: ndjson))
        let counted = try CLI.run(["query", "--store", directory.store, "count by action", "--format", "ndjson"])
        try #require(counted.status == 0, "hubaudit query: \(counted.stderr)")
        countsByAction = try Self.counts(jsonLines: counted.stdout, key: "action", count: "count")
        try #require(countsByAction.values.reduce(0, +) == events + Self.awkwardLines.count)
    }

    /// `{key: count}` from NDJSON rows that hold both (counts as numbers or, as ClickHouse
    /// quotes 64-bit integers, strings).
    static func counts(jsonLines: String, key: String, count: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in jsonLines.split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
            let name = try #require(row[key] as? String, "no \(key) in \(line)")
            let n = try #require((row[count] as? Int) ?? (row[count] as? String).flatMap { Int($0) }, "no \(count) in \(line)")
            counts[name] = n
        }
        return counts
    }
}
