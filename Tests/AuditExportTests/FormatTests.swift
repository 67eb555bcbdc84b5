import AuditExport
import AuditModel
import AuditOutput
import Foundation
import SegmentStore
import TestSupport
import Testing

/// Every format, on a generated store with hostile events and twins: every stored event appears
/// exactly once, each row parses back, and its fields equal the event's.
@Suite struct FormatTests {
    /// The store's events with the ids an export must give them (twins ranked in store order).
    static func expected(_ events: [AuditEvent]) -> [String: AuditEvent] {
        var seen: [AuditEvent: Int] = [:]
        var out: [String: AuditEvent] = [:]
        for event in events {
            let n = seen[event, default: 0]
            seen[event] = n + 1
            out[EventIdentity.id(event, earlierTwins: n)] = event
        }
        return out
    }

    static func export(_ root: String, _ encoder: EventEncoder, checkpoint: String? = nil) async throws -> MemorySink {
        let sink = MemorySink(encoder: encoder)
        _ = try await Exporter(store: try AuditStore(root: root), selection: ExportSelection(), encoder: encoder, checkpoint: checkpoint)
            .run(into: sink)
        return sink
    }

    /// The event a row describes, rebuilt from the row alone, with its id.
    static func parse(_ line: String, _ format: ExportFormat) throws -> (id: String, event: AuditEvent) {
        switch format {
        case .ndjson:
            var event = try EventDecoder.decode(line)
            let id = event.extras.first { $0.key == "event_id" }?.json.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? ""
            event.extras.removeAll { $0.key == "event_id" }
            return (id, event)
        case .ecs:
            let o = try jsonObject(line)
            let raw = try JSONSerialization.data(withJSONObject: o["docker_hub"] ?? [:], options: [.sortedKeys])
            let event = try EventDecoder.decode(String(decoding: raw, as: UTF8.self))
            let ecsEvent = o["event"] as? [String: Any] ?? [:]
            #expect(o["@timestamp"] as? String == "\(event.timestamp)")
            #expect(ecsEvent["kind"] as? String == "event")
            #expect(ecsEvent["provider"] as? String == "docker-hub")
            #expect(ecsEvent["action"] as? String == event.action)
            #expect((o["user"] as? [String: Any])?["name"] as? String == event.actor)
            #expect((o["organization"] as? [String: Any])?["name"] as? String == event.account)
            #expect(o["message"] as? String == event.actionDescription)
            #expect(((o["related"] as? [String: Any])?["user"] as? [String])?.first == event.actor)
            return (ecsEvent["id"] as? String ?? "", event)
        case .splunk:
            let o = try jsonObject(line)
            #expect(Set(o.keys) == ["time", "host", "source", "sourcetype", "event"])
            var inner = o["event"] as? [String: Any] ?? [:]
            let id = inner.removeValue(forKey: "event_id") as? String ?? ""
            let raw = try JSONSerialization.data(withJSONObject: inner, options: [.sortedKeys])
            let event = try EventDecoder.decode(String(decoding: raw, as: UTF8.self))
            let time = (o["time"] as? NSNumber)?.doubleValue ?? .nan
            #expect(abs(time - (Double(event.timestamp.seconds) + Double(event.timestamp.nanoseconds) / 1e9)) < 1e-6)
            return (id, event)
        case .clickhouse:
            let o = try jsonObject(line)
            #expect(Set(o.keys) == Set(ClickHouseSchema.columns.map(\.name)))
            let data = try jsonObject(o["data"] as? String ?? "") as? [String: String] ?? [:]
            let extras = try jsonObject(o["extras"] as? String ?? "")
            let event = AuditEvent(
                account: o["account"] as? String ?? "", action: o["action"] as? String ?? "", name: o["name"] as? String,
                actor: o["actor"] as? String ?? "", data: data.map { DataField(key: $0.key, value: $0.value) },
                timestamp: Timestamp(seconds: Int64(o["time"] as? String ?? "") ?? 0, nanoseconds: Int32((o["nanoseconds"] as? Int) ?? 0)),
                actionDescription: o["description"] as? String,
                extras: try extras.keys.map { key in
                    ExtraField(key: key, json: String(decoding: try JSONSerialization.data(withJSONObject: extras[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self))
                })
            return (o["event_id"] as? String ?? "", event)
        case .csv:
            return try parseCSV(try CSVReader.row(line))
        }
    }

    static func parseCSV(_ cells: [String]) throws -> (id: String, event: AuditEvent) {
            #expect(cells.count == EventEncoder.csvColumns.count)
            let unformula = cells.map { $0.hasPrefix("'") ? String($0.dropFirst()) : $0 }
            let data = unformula[7].isEmpty ? nil : (try jsonObject(unformula[7]) as? [String: String] ?? [:]).map { DataField(key: $0.key, value: $0.value) }
            let extras = unformula[8].isEmpty ? [] : try ExtraField.members(ofObject: unformula[8])
            let event = AuditEvent(account: unformula[2], action: unformula[3], name: unformula[4].isEmpty ? nil : unformula[4],
                                   actor: unformula[5], data: data, timestamp: try Timestamp(dateOrRFC3339: unformula[1]),
                                   actionDescription: unformula[6].isEmpty ? nil : unformula[6], extras: extras)
            return (unformula[0], event)
    }

    /// Fields a format cannot tell apart from absent (an empty name in CSV, a missing `data` in
    /// ClickHouse); CSV shows control characters other than line breaks as visible escapes.
    static func comparable(_ event: AuditEvent, _ format: ExportFormat) -> AuditEvent {
        var e = event
        if format == .csv {
            let shown = { (text: String) in DisplayText(text, context: .csvField).text }
            e.actionDescription = e.actionDescription.map(shown)
            e.name = e.name.map(shown)
            e.actor = shown(e.actor)
            e.account = shown(e.account)
            if e.name == "" { e.name = nil }
            if e.actionDescription == "" { e.actionDescription = nil }
        }
        if format == .clickhouse, e.data == nil { e.data = [] }
        return e
    }

    @Test(arguments: [ExportFormat.ndjson, .ecs, .splunk, .csv, .clickhouse], [false, true])
    func everyEventOnceAndEqual(format: ExportFormat, checkpointed: Bool) async throws {
        let dir = TemporaryDirectory()
        let events = ExportFixture.events(count: 2_500, seed: ExportFixture.seed(7))
        try ExportFixture.append(events, to: dir.store)
        let expected = Self.expected(try ExportFixture.stored(dir.store))
        let sink = try await Self.export(dir.store, EventEncoder(format: format, withID: true), checkpoint: checkpointed ? "p" : nil)
        let rows: [(id: String, event: AuditEvent)]
        if format == .csv {
            let records = try CSVReader.records(String(decoding: sink.rows, as: UTF8.self))
            #expect(records.first == EventEncoder.csvColumns)
            rows = try records.dropFirst().map { try Self.parseCSV($0) }
        } else {
            rows = try sink.durableLines.map { try Self.parse($0, format) }
        }
        var ids = Set<String>()
        for (id, event) in rows {
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            let want = try #require(expected[id], "unknown id \(id)")
            #expect(Self.comparable(event, format) == Self.comparable(want, format))
        }
        #expect(ids.count == expected.count)
        #expect(ids == Set(expected.keys))
    }

    @Test func twinsGetDistinctStableIds() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.awkward, to: dir.store)
        let twin = ExportFixture.awkward[5]
        let base = Fingerprint(twin).description
        for checkpoint in [nil, "c"] as [String?] {
            let sink = try await Self.export(dir.store, EventEncoder(format: .ndjson, withID: true), checkpoint: checkpoint)
            let ids = try sink.durableLines.map { try jsonObject($0)["event_id"] as? String ?? "" }.filter { $0.hasPrefix(base) }
            #expect(ids.sorted() == [base, base + "-2", base + "-3"])
        }
    }

    @Test(arguments: [
        ("team.member.add", "iam", ["user", "group", "creation"]),
        ("team.delete", "iam", ["group", "deletion"]),
        ("org.member.remove", "iam", ["user", "deletion"]),
        ("org.member.role.change", "iam", ["user", "change"]),
        ("org.access_token.create", "iam", ["creation"]),
        ("repo.tag.push", "configuration", ["change"]),
        ("repo.change_privacy", "configuration", ["change"]),
        ("org.settings.update", "configuration", ["change"]),
        ("billing.plan.upgrade", "api", ["info"]),
    ])
    func ecsCategories(action: String, category: String, types: [String]) throws {
        let event = AuditEvent(account: "a", action: action, name: "bob", actor: "alice", data: nil,
                               timestamp: Timestamp(seconds: 0), actionDescription: nil)
        var raw: [UInt8] = []
        CanonicalJSON.appendEvent(event, to: &raw)
        var row: [UInt8] = []
        EventEncoder(format: .ecs).append(event, raw: raw[...], id: "x", to: &row)
        let o = try jsonObject(String(decoding: row, as: UTF8.self))
        let e = o["event"] as? [String: Any] ?? [:]
        #expect(e["category"] as? [String] == [category])
        #expect(e["type"] as? [String] == types)
        let target = ((o["user"] as? [String: Any])?["target"] as? [String: Any])?["name"] as? String
        #expect(target == (action.contains("member.") ? "bob" : nil))
    }

    @Test func csvNeutralisesFormulasAndQuotesEverythingHostile() async throws {
        let event = ExportFixture.awkward[1]
        var raw: [UInt8] = []
        CanonicalJSON.appendEvent(event, to: &raw)
        var row: [UInt8] = []
        EventEncoder(format: .csv).append(event, raw: raw[...], id: "x", to: &row)
        let cells = try CSVReader.records(String(decoding: row, as: UTF8.self))[0]
        let (name, actor, description) = (cells[4], cells[5], cells[6])
        #expect(name == "'=HYPERLINK(\"http://x\")")
        #expect(actor == "'+mallory")
        #expect(description == "line one\r\nline two, with \"quotes\"\\x1b[31m red\\x07")  // line breaks and quotes survive, escapes shown
        for cell in cells { #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? "")) }
    }

    @Test(arguments: [(Int64(1), Int32(0), "1"), (1, 500_000_000, "1.5"), (1_735_689_600, 1, "1735689600.000000001"), (-2, 500_000_000, "-1.5")])
    func splunkTime(seconds: Int64, nanos: Int32, text: String) async throws {
        let event = AuditEvent(account: "a", action: "b", name: nil, actor: "c", data: nil,
                               timestamp: Timestamp(seconds: seconds, nanoseconds: nanos), actionDescription: nil)
        var raw: [UInt8] = []
        CanonicalJSON.appendEvent(event, to: &raw)
        var row: [UInt8] = []
        EventEncoder(format: .splunk, host: "h").append(event, raw: raw[...], id: "x", to: &row)
        #expect(String(decoding: row, as: UTF8.self).hasPrefix(#"{"time":\#(text),"host":"h","#))
    }

    @Test func clickHouseSchemaAvoidsWhatVersion18Lacks() {
        let ddl = ClickHouseSchema.ddl()
        #expect(!ddl.contains("DateTime64") && !ddl.contains("LowCardinality"))
        #expect(ddl.contains("ENGINE = ReplacingMergeTree()") && ddl.contains("ORDER BY (time, event_id)"))
        for column in ClickHouseSchema.columns { #expect(ddl.contains("    \(column.name) \(column.type)")) }
    }
}

/// An RFC 4180 reader for the tests (quoted cells with doubled quotes, CR LF records).
enum CSVReader {
    struct Malformed: Error {}

    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); cell.unicodeScalars.append("\"") } else { quoted = false }
                } else { cell.unicodeScalars.append(c) }
            } else if c == "\"" {
                guard cell.isEmpty else { throw Malformed() }
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else if c == "\r", chars.first == "\n" {
                chars.removeFirst()
                cells.append(cell)
                records.append(cells)
                cells = []
                cell = ""
            } else { cell.unicodeScalars.append(c) }
        }
        guard !quoted else { throw Malformed() }
        if !cell.isEmpty || !cells.isEmpty { cells.append(cell); records.append(cells) }
        return records
    }

    static func row(_ line: String) throws -> [String] { try records(line + "\r\n").first ?? [] }
}
