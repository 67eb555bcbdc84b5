import AuditModel
import AuditOutput
@testable import AuditQuery
import TestSupport
import Testing

@Suite struct OutputTests {
    func render(_ text: String, _ format: OutputFormat, style: TableStyle = TableStyle()) throws -> String {
        let fixture = try Fixture.get()
        var bytes: [UInt8] = []
        let writer = ResultWriter(format: format, style: style) { bytes += $0 }
        try QueryEvaluator.run(text, snapshot: fixture.snapshot, now: fixture.now, into: writer)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("ndjson rows: counts are integers, bins RFC 3339 strings, missing values null")
    func ndjsonRows() throws {
        let out = try render("action=team.member.* | count by bin(time, 1mo) | limit 1", .ndjson)
        #expect(out == "{\"time\":\"2025-01-01T00:00:00Z\",\"count\":\(try count("action=team.member.* until:2025-02-01"))}\n")
        let nulls = try render("actor=alice | stats max(data.tag) as t by name | limit 1", .ndjson)
        #expect(nulls.hasPrefix("{\"name\":\"\",\"t\":null}"))
    }

    func count(_ filter: String) throws -> Int {
        let fixture = try Fixture.get()
        let sink = CollectingSink()
        try QueryEvaluator.run(filter + " | count", snapshot: fixture.snapshot, now: fixture.now, into: sink)
        guard case .int(let n) = sink.rows.first?.first else { return -1 }
        return n
    }

    @Test("ndjson events keep the Hub's field names; fields reduce them")
    func ndjsonEvents() throws {
        let full = try render("actor=\"build bot\"", .ndjson)
        #expect(full == CanonicalJSON.line(Fixture.awkward[1]) + "\n" || full == CanonicalJSON.line(Fixture.awkward[1]))
        let reduced = try render("actor=\"build bot\" | fields time, actor, data.tag, description, data.nope", .ndjson)
        #expect(reduced == "{\"timestamp\":\"2025-02-20T00:00:00.5Z\",\"actor\":\"build bot\",\"data\":{\"tag\":\"latest\",\"nope\":null},\"action_description\":\"pushed the tag latest with \\\"quotes\\\", commas\"}\n")
    }

    @Test("json is one array; an empty answer is []")
    func json() throws {
        #expect(try render("actor=nobody", .json) == "[]\n")
        #expect(try render("actor=\"build bot\" | count by actor", .json) == "[\n{\"actor\":\"build bot\",\"count\":1}\n]\n")
    }

    @Test("csv quotes commas, quotes and new lines")
    func csv() throws {
        let out = try render("actor in (\"build bot\", alice) name=* | fields actor, description", .csv)
        #expect(out.hasPrefix("actor,description\r\n"))
        #expect(out.contains("build bot,\"pushed the tag latest with \"\"quotes\"\", commas\"\r\n"))
        let events = try render("actor=\"build bot\"", .csv)
        #expect(events.hasPrefix("account,action,name,actor,data,timestamp,action_description\r\n"))
        #expect(events.contains("\"{\"\"digest\"\":\"\"sha256:00\"\",\"\"tag\"\":\"\"latest\"\"}\""))
    }

    @Test("a table on a terminal stops at maxRows and says how many more")
    func moreRows() throws {
        let out = try render("| count by name", .table, style: TableStyle(width: 80, maxRows: 3))
        let lines = out.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[4].hasPrefix("… ") && lines[4].contains("more rows") && lines[4].contains("--max-rows 0"))
    }

    @Test("an event table at 80 columns keeps every time whole and cuts the free text first", arguments: [60, 80, 100])
    func eightyColumns(width: Int) throws {
        let out = try render("action=repo.tag.push | limit 20", .table, style: TableStyle(width: width))
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 21)
        for line in lines.dropFirst() {
            #expect(line.count <= width, "\(line)")
            let time = String(line.prefix(20))
            #expect((try? Timestamp(rfc3339: time)) != nil, "time cut: \(line)")
        }
    }
}
