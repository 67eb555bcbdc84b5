import AuditModel
import HubAPI
import TestSupport
import Testing

@Suite struct PageParserTests {
    @Test(arguments: [
        (#"{"logs":[]}"#, 0),
        (#"{}"#, 0),
        (#" { "other": [1, {"a": "b"}], "logs" : [ ] } "#, 0),
        (#"{"logs":[{"account":"acme","action":"repo.tag.push","actor":"bob","timestamp":"2021-02-19 01:34:35+00:00"}]}"#, 1),
        (#"{"logs":[{"account":"acme","action":"new.kind.of.thing","actor":"bob","timestamp":"2021-02-19T01:34:35Z","surprise":{"x":[1,2]}},{"account":"acme","action":"a","actor":"b","data":{"timestamp":"keep me"},"timestamp":"2021-02-19 01:34:35.5+02:00"}]}"#, 2),
    ])
    func parsesPages(body: String, count: Int) throws {
        let events = try AuditLogPageParser.parse(Array(body.utf8))
        #expect(events.count == count)
    }

    @Test func keepsUnknownFieldsAndNormalisesHubTimestamps() throws {
        let body = #"{"logs":[{"account":"acme","action":"new.kind","actor":"bob","data":{"timestamp":"2021 x"},"timestamp":"2021-02-19 01:34:35+00:00","extra":true}]}"#
        let event = try #require(try AuditLogPageParser.parse(Array(body.utf8)).first)
        #expect(event.timestamp == (try Timestamp(rfc3339: "2021-02-19T01:34:35Z")))
        #expect(event.dataValue("timestamp") == "2021 x")
        #expect(event.extras == [ExtraField(key: "extra", json: "true")])
        #expect(event.action == "new.kind")
    }

    @Test(arguments: [
        #"{"logs":[{"account":"acme","action":"a","actor":"b","timestamp":"2021-02-19T01:34:35Z"}"#,
        #"{"logs":[{"account":"acme","action":"a","actor":"b","timest"#,
        #"{"logs":["#,
        #"<html>bad gateway</html>"#,
        "",
    ])
    func rejectsTruncatedBodies(body: String) {
        #expect(throws: AuditLogPageParser.Failure.self) { try AuditLogPageParser.parse(Array(body.utf8)) }
    }
}
