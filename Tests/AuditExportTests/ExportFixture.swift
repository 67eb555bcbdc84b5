import AuditExport
import AuditModel
import EventGenerator
import Foundation
import SegmentStore
import TestSupport

/// Stores of generated events plus awkward and hostile hand-made ones, and helpers that run an
/// export into memory.
enum ExportFixture {
    /// The seed of generated data: `HUBAUDIT_TEST_SEED` when set (to replay a failure), else `fallback`.
    static func seed(_ fallback: UInt64) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["HUBAUDIT_TEST_SEED"].flatMap(UInt64.init) ?? fallback
        print("export test seed: \(seed) (replay with HUBAUDIT_TEST_SEED=\(seed))")
        return seed
    }

    /// Events with missing names and data, fractions of a second, control characters, formula
    /// starters, quotes, and three identical twins.
    static let awkward: [AuditEvent] = {
        let base: Int64 = 1_735_689_600 + 5 * 86_400
        let twin = AuditEvent(account: "acme", action: "org.member.add", name: "bob", actor: "alice",
                              data: [DataField(key: "role", value: "member")], timestamp: Timestamp(seconds: base + 7),
                              actionDescription: "added bob")
        return [
            AuditEvent(account: "acme", action: "repo.tag.push", name: nil, actor: "é-user",
                       data: [DataField(key: "tag", value: "")], timestamp: Timestamp(seconds: base, nanoseconds: 500_000_000),
                       actionDescription: nil),
            AuditEvent(account: "acme", action: "repo.create", name: "=HYPERLINK(\"http://x\")", actor: "+mallory",
                       data: [DataField(key: "tag", value: "-1+1"), DataField(key: "digest", value: "@SUM(A1)")],
                       timestamp: Timestamp(seconds: base, nanoseconds: 1),
                       actionDescription: "line one\r\nline two, with \"quotes\"\u{1B}[31m red\u{07}"),
            AuditEvent(account: "", action: "custom.thing", name: "", actor: "\tcarol",
                       data: nil, timestamp: Timestamp(seconds: base + 1, nanoseconds: 999_999_999),
                       actionDescription: "<!channel> & friends", extras: [ExtraField(key: "zz", json: #"{"a":[1,2]}"#)]),
            twin, twin, twin,
        ]
    }()

    /// Generated events (seeded) followed by ``awkward``.
    static func events(count: Int, seed: UInt64) -> [AuditEvent] {
        Array(EventGenerator(GeneratorConfiguration(events: count, seed: seed, days: 20, organisations: 2))) + awkward
    }

    /// Appends `events` to the store at `root` in commits of `perCommit`, with small blocks and
    /// side blocks, so scans meet blocks that overlap in time and in sequence numbers.
    static func append(_ events: [AuditEvent], to root: String, perCommit: Int = 700) throws {
        let writer = try StoreWriter(root: root, options: StoreOptions(blockEvents: 200, rareActorEvents: 2, sideBlockEvents: 30))
        var start = 0
        while start < events.count {
            try writer.append(contentsOf: events[start..<min(events.count, start + perCommit)])
            _ = try writer.commit()
            start += perCommit
        }
        writer.close()
    }

    /// Every stored event in time order, ties in store order.
    static func stored(_ root: String) throws -> [AuditEvent] {
        var scanner = try EventScanner(snapshot: try AuditStore(root: root).snapshot())
        var out: [AuditEvent] = []
        while let e = try scanner.next() { out.append(e.event) }
        return out
    }
}

/// A sink that keeps the rows in memory and reports them durable every `batch` events; it can
/// be told to fail (as a crash would) after some events, before they are durable.
final class MemorySink: ExportSink {
    let encoder: EventEncoder
    let batch: Int
    let failAfter: Int?
    private(set) var rows: [UInt8] = []
    private var durableEnd = 0
    private var added = 0
    private var pendingEvents = 0
    private var lastSeq: UInt64 = 0

    init(encoder: EventEncoder, batch: Int = 100, failAfter: Int? = nil) {
        self.encoder = encoder
        self.batch = batch
        self.failAfter = failAfter
        rows = encoder.header
    }

    /// The rows made durable, as lines.
    var durableLines: [String] {
        String(decoding: rows[..<durableEnd], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered? {
        if let failAfter, added >= failAfter { throw .receiverDown("simulated crash") }
        added += 1
        encoder.append(event, raw: raw, id: id, to: &rows)
        pendingEvents += 1
        lastSeq = seq
        return pendingEvents >= batch ? take() : nil
    }

    func finish() async throws(ExportError) -> Delivered? { take() }

    func abandon() { rows.removeSubrange(durableEnd...) }

    private func take() -> Delivered? {
        defer { pendingEvents = 0 }
        durableEnd = rows.count
        return pendingEvents == 0 ? nil : Delivered(events: pendingEvents, lastSeq: lastSeq)
    }
}

/// Parses one JSON line into an object.
func jsonObject(_ line: some StringProtocol) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw CocoaError(.coderReadCorrupt)
    }
    return object
}
