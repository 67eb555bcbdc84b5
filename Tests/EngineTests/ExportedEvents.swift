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

    /// Generates `events` events from `seed` (printed, so a failure can be replayed with
    /// `HUBAUDIT_ENGINE_SEED=N`), imports and exports them.
    init(events: Int) throws {
        let seed = ProcessInfo.processInfo.environment["HUBAUDIT_ENGINE_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999)
        print("engine tests: seed \(seed) (replay with HUBAUDIT_ENGINE_SEED=\(seed))")
        let generated = directory.path + "/generated.ndjson"
        ndjson = directory.path + "/export.ndjson"
        for arguments in [["generate", "--events", "\(events)", "--seed", "\(seed)", "--output", generated],
                          ["import", "--store", directory.store, generated]] {
            let run = try CLI.run(arguments)
            try #require(run.status == 0, "hubaudit \(arguments[0]): \(run.stderr)")
        }
        let exported = try CLI.run(["export", "--store", directory.store])
        try #require(exported.status == 0, "hubaudit export: \(exported.stderr)")
        try Data(exported.stdout.utf8).write(to: URL(fileURLWithPath: ndjson))
        let counted = try CLI.run(["query", "--store", directory.store, "count by action", "--format", "ndjson"])
        try #require(counted.status == 0, "hubaudit query: \(counted.stderr)")
        countsByAction = try Self.counts(jsonLines: counted.stdout, key: "action", count: "count")
        try #require(countsByAction.values.reduce(0, +) == events)
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
