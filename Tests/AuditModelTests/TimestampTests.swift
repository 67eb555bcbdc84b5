import AuditModel
import TestSupport
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("parses RFC 3339 spellings to one canonical instant", arguments: [
        ("2021-02-19T01:34:35Z", "2021-02-19T01:34:35Z"),
        ("2021-02-19t01:34:35z", "2021-02-19T01:34:35Z"),
        ("2021-02-19T03:34:35+02:00", "2021-02-19T01:34:35Z"),
        ("2021-02-18T20:04:35-05:30", "2021-02-19T01:34:35Z"),
        ("2021-02-19T01:34:35.5Z", "2021-02-19T01:34:35.5Z"),
        ("2021-02-19T01:34:35.500Z", "2021-02-19T01:34:35.5Z"),
        ("2021-02-19T01:34:35.123456789Z", "2021-02-19T01:34:35.123456789Z"),
        ("2021-02-19T01:34:35.1234567890000Z", "2021-02-19T01:34:35.123456789Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.25Z", "1969-12-31T23:59:59.25Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ])
    func parses(input: String, canonical: String) throws {
        let t = try Timestamp(rfc3339: input)
        #expect(t.description == canonical)
        #expect(try Timestamp(rfc3339: canonical) == t)
    }

    @Test("rejects what is not RFC 3339", arguments: [
        "", "2021-02-19", "2021-02-19 01:34:35Z", "2021-02-19T01:34:35", "2021-13-01T00:00:00Z",
        "2021-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2021-02-19T24:00:00Z", "2021-02-19T01:60:00Z",
        "2021-02-19T01:34:35.Z", "2021-02-19T01:34:35.1234567891Z", "2021-02-19T01:34:35+2:00",
        "2021-02-19T01:34:35Zjunk", "21-02-19T01:34:35Z", "2021-02-19T01:34:35+24:00", "0000-01-01T00:00:00Z",
    ])
    func rejects(input: String) {
        #expect(throws: TimestampError.self) { try Timestamp(rfc3339: input) }
    }

    @Test("canonical text round-trips for random instants")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let seconds = Int64(rng.next() % UInt64(Timestamp.maximumSeconds - Timestamp.minimumSeconds)) + Timestamp.minimumSeconds
            let nanos = rng.next() % 3 == 0 ? 0 : Int32(rng.next() % 1_000_000_000)
            let t = Timestamp(seconds: seconds, nanoseconds: nanos)
            #expect(try Timestamp(rfc3339: t.description) == t)
        }
    }

    @Test("a bare date means midnight UTC")
    func dates() throws {
        #expect(try Timestamp(dateOrRFC3339: "2024-05-01").description == "2024-05-01T00:00:00Z")
        #expect(try Timestamp(dateOrRFC3339: "2024-05-01T12:00:00+01:00").description == "2024-05-01T11:00:00Z")
        #expect(throws: TimestampError.self) { try Timestamp(dateOrRFC3339: "2024-5-1") }
    }

    @Test("orders by instant")
    func ordering() throws {
        let a = try Timestamp(rfc3339: "2024-01-01T00:00:00.1Z")
        let b = try Timestamp(rfc3339: "2024-01-01T00:00:00.2Z")
        let c = try Timestamp(rfc3339: "2024-01-01T01:00:00.05+01:00")
        #expect(a < b)
        #expect(c < a)
    }
}
