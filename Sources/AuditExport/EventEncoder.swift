import AuditModel
import AuditOutput

/// Writes one event as one row of an ``ExportFormat``, straight into a byte buffer.
///
/// JSON strings go through the project's one escaper (``CanonicalJSON``); the raw event is its
/// canonical encoding, which ``encode(_:into:)`` writes once and reuses for the fingerprint.
public struct EventEncoder: Sendable {
    /// The format written.
    public let format: ExportFormat
    /// Whether `ndjson` rows carry `event_id` (the other formats always do).
    public let withID: Bool
    /// The `host` of Splunk envelopes.
    public let host: String

    /// The CSV header's columns, in row order.
    public static let csvColumns = ["event_id", "timestamp", "account", "action", "name", "actor", "action_description", "data", "extras"]

    /// Creates an encoder; `host` names this machine in Splunk envelopes.
    public init(format: ExportFormat, withID: Bool = false, host: String = "hubaudit") {
        self.format = format
        self.withID = withID
        self.host = host
    }

    /// Whether rows need the event id (computing it costs a fingerprint per event).
    public var needsID: Bool { format != .ndjson || withID }

    /// What goes before the first row (the CSV header), if anything.
    public var header: [UInt8] {
        guard format == .csv else { return [] }
        var out: [UInt8] = []
        CSVWriter.appendRow(Self.csvColumns, to: &out)
        return out
    }

    /// Appends the row of `event` (with its canonical encoding `raw` and id `id`) and its line end.
    public func append(_ event: AuditEvent, raw: ArraySlice<UInt8>, id: String, to out: inout [UInt8]) {
        switch format {
        case .ndjson:
            if withID {
                out.append(contentsOf: raw.dropLast())
                out.append(contentsOf: #","event_id":""#.utf8)
                out.append(contentsOf: id.utf8)
                out.append(contentsOf: "\"}".utf8)
            } else {
                out.append(contentsOf: raw)
            }
            out.append(0x0A)
        case .ecs: appendECS(event, raw: raw, id: id, to: &out)
        case .splunk: appendSplunk(event, raw: raw, id: id, to: &out)
        case .csv: appendCSV(event, id: id, to: &out)
        case .clickhouse: appendClickHouse(event, id: id, to: &out)
        }
    }

    private func appendECS(_ event: AuditEvent, raw: ArraySlice<UInt8>, id: String, to out: inout [UInt8]) {
        let category = ECSCategory(action: event.action)
        out.append(contentsOf: #"{"@timestamp":""#.utf8)
        event.timestamp.appendRFC3339(to: &out)
        out.append(contentsOf: #"","event":{"kind":"event","action":"#.utf8)
        CanonicalJSON.appendString(event.action, to: &out)
        out.append(contentsOf: #","category":[""#.utf8)
        out.append(contentsOf: category.category.utf8)
        out.append(contentsOf: #""],"type":["#.utf8)
        for (n, type) in category.types.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: type.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: #"],"id":""#.utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: #"","provider":"docker-hub","dataset":"docker_hub.audit"},"user":{"name":"#.utf8)
        CanonicalJSON.appendString(event.actor, to: &out)
        let target = ECSCategory.isMember(event.action) ? Self.memberName(event) : nil
        if let target {
            out.append(contentsOf: #","target":{"name":"#.utf8)
            CanonicalJSON.appendString(target, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"},"organization":{"name":"#.utf8)
        CanonicalJSON.appendString(event.account, to: &out)
        out.append(contentsOf: #"},"related":{"user":["#.utf8)
        CanonicalJSON.appendString(event.actor, to: &out)
        if let target, target != event.actor {
            out.append(UInt8(ascii: ","))
            CanonicalJSON.appendString(target, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
        if let description = event.actionDescription {
            out.append(contentsOf: #","message":"#.utf8)
            CanonicalJSON.appendString(description, to: &out)
        }
        out.append(contentsOf: #","docker_hub":"#.utf8)
        out.append(contentsOf: raw)
        out.append(contentsOf: "}\n".utf8)
    }

    /// The member a member event is about: `data.member` or `data.username` when present, else `name`.
    static func memberName(_ event: AuditEvent) -> String? {
        event.dataValue("member") ?? event.dataValue("username") ?? event.name
    }

    private func appendSplunk(_ event: AuditEvent, raw: ArraySlice<UInt8>, id: String, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"time":"#.utf8)
        Self.appendEpoch(event.timestamp, to: &out)
        out.append(contentsOf: #","host":"#.utf8)
        CanonicalJSON.appendString(host, to: &out)
        out.append(contentsOf: #","source":"hubaudit","sourcetype":"docker:hub:audit","event":"#.utf8)
        out.append(contentsOf: raw.dropLast())
        out.append(contentsOf: #","event_id":""#.utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: "\"}}\n".utf8)
    }

    /// Epoch seconds with the fraction (trailing zeros dropped), as Splunk's `time` wants.
    static func appendEpoch(_ t: Timestamp, to out: inout [UInt8]) {
        var seconds = t.seconds
        var nanos = Int64(t.nanoseconds)
        if seconds < 0, nanos > 0 {  // -1.5 s is seconds -2 + 500 ms
            out.append(UInt8(ascii: "-"))
            seconds = -seconds - 1
            nanos = 1_000_000_000 - nanos
        }
        out.append(contentsOf: String(seconds).utf8)
        guard nanos > 0 else { return }
        var digits = Array(String(nanos).utf8)
        digits.insert(contentsOf: [UInt8](repeating: 0x30, count: 9 - digits.count), at: 0)
        while digits.last == 0x30 { digits.removeLast() }
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: digits)
    }

    private func appendCSV(_ event: AuditEvent, id: String, to out: inout [UInt8]) {
        var time: [UInt8] = []
        event.timestamp.appendRFC3339(to: &time)
        let cells = [id, String(decoding: time, as: UTF8.self), event.account, event.action, event.name ?? "", event.actor,
                     event.actionDescription ?? "", Self.dataObject(event) ?? "", event.extras.isEmpty ? "" : ExtraField.object(event.extras)]
        CSVWriter.appendRow(cells, to: &out)
    }

    /// The `data` map as a canonical JSON object, or `nil` when the event has none.
    static func dataObject(_ event: AuditEvent) -> String? {
        guard let data = event.data else { return nil }
        var out: [UInt8] = []
        CanonicalJSON.appendData(data, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendClickHouse(_ event: AuditEvent, id: String, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"event_id":""#.utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: #"","time":""#.utf8)
        out.append(contentsOf: String(event.timestamp.seconds).utf8)
        out.append(contentsOf: #"","nanoseconds":"#.utf8)
        out.append(contentsOf: String(event.timestamp.nanoseconds).utf8)
        out.append(contentsOf: #","account":"#.utf8)
        CanonicalJSON.appendString(event.account, to: &out)
        out.append(contentsOf: #","action":"#.utf8)
        CanonicalJSON.appendString(event.action, to: &out)
        out.append(contentsOf: #","name":"#.utf8)
        Self.appendOptional(event.name, to: &out)
        out.append(contentsOf: #","actor":"#.utf8)
        CanonicalJSON.appendString(event.actor, to: &out)
        out.append(contentsOf: #","description":"#.utf8)
        Self.appendOptional(event.actionDescription, to: &out)
        out.append(contentsOf: #","data":"#.utf8)
        CanonicalJSON.appendString(Self.dataObject(event) ?? "{}", to: &out)
        out.append(contentsOf: #","extras":"#.utf8)
        CanonicalJSON.appendString(ExtraField.object(event.extras), to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    private static func appendOptional(_ text: String?, to out: inout [UInt8]) {
        if let text { CanonicalJSON.appendString(text, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }
}
