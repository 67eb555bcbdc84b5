import AuditModel
import TestSupport
import Testing

@Suite("EventDecoder and canonical NDJSON")
struct EventDecoderTests {
    static let hubExample = #"{"account":"docker","action":"repo.tag.push","name":"docker/example","actor":"docker","data":{"digest":"sha256:c1ae9c435032a276f80220c7d9b40f76266bbe79243d34f9cda30b76fe114dfa","tag":"latest"},"timestamp":"2021-02-19T01:34:35Z","action_description":"pushed the tag latest with the digest sha256:c1ae9c435032a to the repository docker/example"}"#

    @Test("decodes the Hub's example and re-encodes it byte for byte")
    func hubExample() throws {
        let event = try EventDecoder.decode(Self.hubExample)
        #expect(event.account == "docker")
        #expect(event.dataValue("tag") == "latest")
        #expect(event.timestamp.description == "2021-02-19T01:34:35Z")
        #expect(CanonicalJSON.line(event) == Self.hubExample + "\n")
    }

    @Test("canonical form: schema order, sorted data keys, UTC, unknown fields kept sorted")
    func canonicalises() throws {
        let input = #"{ "timestamp" : "2021-02-19T02:34:35.250+01:00", "zeta": [1, {"b":2,"a":null}], "actor":"a\u00e9\"b", "data":{"z":"1","a":"2"}, "action":"x.y", "account":"acme", "alpha": true }"#
        let event = try EventDecoder.decode(input)
        #expect(CanonicalJSON.line(event) == #"{"account":"acme","action":"x.y","actor":"aé\"b","data":{"a":"2","z":"1"},"timestamp":"2021-02-19T01:34:35.25Z","alpha":true,"zeta":[1,{"a":null,"b":2}]}"# + "\n")
    }

    @Test("null optional fields count as absent; empty ones are kept")
    func optionalFields() throws {
        let a = try EventDecoder.decode(#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","name":null,"data":null,"action_description":null}"#)
        #expect(a.name == nil && a.data == nil && a.actionDescription == nil)
        let b = try EventDecoder.decode(#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","name":"","data":{},"action_description":""}"#)
        #expect(b.name == "" && b.data == [] && b.actionDescription == "")
        #expect(CanonicalJSON.line(b).contains(#""data":{}"#))
    }

    @Test("rejects malformed events with a reason", arguments: [
        ("", "empty line"),
        ("[1]", "must be a JSON object"),
        (#"{"action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "missing required field 'account'"),
        (#"{"account":"a","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "missing required field 'action'"),
        (#"{"account":"a","action":"b","timestamp":"2024-01-01T00:00:00Z"}"#, "missing required field 'actor'"),
        (#"{"account":"a","action":"b","actor":"c"}"#, "missing required field 'timestamp'"),
        (#"{"account":1,"action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "field 'account' must be a string"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"yesterday"}"#, "field 'timestamp'"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","data":{"tag":1}}"#, "field 'data.tag' must be a string"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","data":["x"]}"#, "field 'data' must be an object"),
        (#"{"account":"a","account":"b","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "duplicate key 'account'"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"} x"#, "unexpected text after"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z""#, "unexpected end of line"),
        (#"{"account":"a\x","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "invalid escape"),
        (#"{"account":"\ud800","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z"}"#, "lone surrogate"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","n":01}"#, "expected ',' or '}'"),
        (#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","n":tru}"#, "expected a value"),
    ])
    func rejects(line: String, reason: String) {
        do {
            _ = try EventDecoder.decode(line)
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test("rejects invalid UTF-8")
    func invalidUTF8() {
        var bytes = Array(#"{"account":"a","action":"b","actor":"c","timestamp":"2024-01-01T00:00:00Z","name":"x"#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: EventDecodingError.self) {
            try bytes.withUnsafeBytes { raw in try EventDecoder.decode(raw) }
        }
    }

    @Test("random events round-trip through canonical NDJSON")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let event = RandomEvents.make(&rng)
            let line = CanonicalJSON.line(event)
            let decoded = try EventDecoder.decode(String(line.dropLast()))
            #expect(decoded == event)
            #expect(CanonicalJSON.line(decoded) == line)
            #expect(Fingerprint(decoded) == Fingerprint(event))
        }
    }

    @Test("fingerprints differ when content differs")
    func fingerprints() throws {
        let a = try EventDecoder.decode(Self.hubExample)
        var b = a
        b.actor = "someone-else"
        var c = a
        c.timestamp.nanoseconds = 1
        #expect(Fingerprint(a) != Fingerprint(b))
        #expect(Fingerprint(a) != Fingerprint(c))
        #expect(Fingerprint(a).description.count == 32)
    }
}

/// Random events with awkward content: escapes, non-ASCII, optional fields, unknown fields.
enum RandomEvents {
    static let pieces = ["acme", "web", "é", "\"", "\\", "\n", "\t", "\u{1}", "😀", "/", " ", "latest", "sha256:", "{", "}", "x"]

    static func string(_ rng: inout SplitMix64, maxPieces: Int = 4) -> String {
        let n = Int(rng.next() % UInt64(maxPieces + 1))
        return (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    static func make(_ rng: inout SplitMix64) -> AuditEvent {
        var data: [DataField]?
        if rng.next() % 4 != 0 {
            var keys = Set<String>()
            for _ in 0..<(rng.next() % 4) { keys.insert(string(&rng, maxPieces: 2)) }
            data = keys.map { DataField(key: $0, value: string(&rng)) }
        }
        var extras: [ExtraField] = []
        if rng.next() % 5 == 0 { extras.append(ExtraField(key: "zz_" + string(&rng, maxPieces: 1), json: "[1,\"two\",{\"a\":null}]")) }
        return AuditEvent(
            account: string(&rng), action: string(&rng), name: rng.next() % 3 == 0 ? nil : string(&rng),
            actor: string(&rng), data: data,
            timestamp: Timestamp(seconds: Int64(rng.next() % 4_000_000_000), nanoseconds: rng.next() % 2 == 0 ? 0 : Int32(rng.next() % 1_000_000_000)),
            actionDescription: rng.next() % 4 == 0 ? nil : string(&rng, maxPieces: 8), extras: extras)
    }
}

@Suite("Canonical length")
struct CanonicalLengthTests {
    @Test("encodedLength equals the encoded bytes for random events")
    func lengths() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<5_000 {
            let event = RandomEvents.make(&rng)
            var bytes: [UInt8] = []
            CanonicalJSON.appendEvent(event, to: &bytes)
            #expect(CanonicalJSON.encodedLength(event) == bytes.count)
        }
    }
}
