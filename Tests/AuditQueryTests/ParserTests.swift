import AuditModel
@testable import AuditQuery
import TestSupport
import Testing

@Suite struct ParserTests {
    func filter(_ text: String) throws -> FilterNode { try Query(parsing: text).filter }

    func term(_ name: String, _ op: ComparisonOperator, _ values: [String]) -> (String, ComparisonOperator, [String]) { (name, op, values) }

    /// A compact rendering of a filter for comparing structure: a(...) o(...) n(...) and terms.
    func shape(_ node: FilterNode) -> String {
        switch node {
        case .all: return "*"
        case .search(let s, _): return "?\(s)"
        case .term(let t): return "\(t.name)\(t.op.rawValue)\(t.values.map(\.text).joined(separator: ","))"
        case .and(let a, let b): return "a(\(shape(a)) \(shape(b)))"
        case .or(let a, let b): return "o(\(shape(a)) \(shape(b)))"
        case .not(let a): return "n(\(shape(a)))"
        }
    }

    @Test("precedence: not, then and, then or", arguments: [
        ("a=1 b=2 or c=3", "o(a(a=1 b=2) c=3)"),
        ("a=1 or b=2 c=3", "o(a=1 a(b=2 c=3))"),
        ("not a=1 b=2", "a(n(a=1) b=2)"),
        ("not (a=1 or b=2) and c=3", "a(n(o(a=1 b=2)) c=3)"),
        ("a=1 and b=2 and c=3", "a(a(a=1 b=2) c=3)"),
        ("x or y or z", "o(o(?x ?y) ?z)"),
        ("not not privacy", "n(n(?privacy))"),
        ("*", "*"),
        ("", "*"),
        ("actor in (a, \"b c\", d*)", "actorina,b c,d*"),
        ("actor not in (a)", "actornot ina"),
        ("since:-30d until:2025-01-01", "a(time>=-30d time<2025-01-01)"),
        ("since:\"2025-01-01T00:00:00+02:00\"", "time>=2025-01-01T00:00:00+02:00"),
        ("name~\"^acme/(web|api)$\"", "name~^acme/(web|api)$"),
        ("\"pushed the tag \\\"latest\\\"\"", "?pushed the tag \"latest\""),
        ("ACTOR=x AND Y", "a(ACTOR=x ?Y)"),
    ])
    func precedence(text: String, expected: String) throws {
        // Unknown field names are fine for the shape check; validate separately.
        let node: FilterNode
        do {
            node = try filter(text)
        } catch let error as QueryError {
            guard case .unknownField = error else { throw error }
            // a, b, c are not fields: check the shape with real fields substituted.
            let substituted = text.replacingOccurrences(of: "a=", with: "account=").replacingOccurrences(of: "b=", with: "actor=")
                .replacingOccurrences(of: "c=", with: "name=").replacingOccurrences(of: "ACTOR=", with: "actor=")
            let back = shape(try filter(substituted)).replacingOccurrences(of: "account=", with: "a=")
                .replacingOccurrences(of: "actor=", with: "b=").replacingOccurrences(of: "name=", with: "c=")
            let expectedBack = expected.replacingOccurrences(of: "ACTOR=", with: "b=")
            #expect(back == expectedBack, "\(text)")
            return
        }
        #expect(shape(node) == expected, "\(text)")
    }

    @Test("stages parse into the right kinds")
    func stages() throws {
        let q = try Query(parsing: "action=repo.tag.push | stats dcount(name) as repos, count(), max(time) by bin(time, 1mo), actor | sort repos desc, actor | limit 5 | fields actor, repos")
        #expect(q.stages.count == 4)
        guard case .stats(let aggs, let keys) = q.stages[0].kind else { Issue.record("not stats"); return }
        #expect(aggs.map(\.name) == ["repos", "count()", "max(time)"])
        #expect(keys.map(\.key) == [.bin(BinWidth(count: 1, unit: .month)), .field(.actor)])
        guard case .sort(let cols) = q.stages[1].kind else { Issue.record("not sort"); return }
        #expect(cols.map(\.name) == ["repos", "actor"])
        #expect(cols.map(\.descending) == [true, false])
        #expect(try Query(parsing: "count by action").stages.first?.kind == .countBy([KeyReference(key: .field(.action), range: SourceRange(9, 15))]))
        #expect(try Query(parsing: "| top 3 actor").stages.first?.kind == .top(3, [KeyReference(key: .field(.actor), range: SourceRange(8, 13))]))
    }

    @Test("comments and new lines in .hq text are white space")
    func comments() throws {
        let q = try Query(parsing: "# who pushed latest\naction=repo.tag.push # pushes\n  data.tag=latest\n| count by actor # per actor\n")
        #expect(q.stages.count == 1)
        #expect(shape(q.filter) == "a(action=repo.tag.push data.tag=latest)")
    }

    @Test("time values resolve against now")
    func timeValues() throws {
        let now = try Timestamp(rfc3339: "2025-05-10T15:30:45.25Z")
        func t(_ s: String) throws -> Timestamp { try TimeValue.parse(QueryValue(text: s, quoted: false, range: SourceRange(0, 1))).resolve(now: now) }
        #expect(try t("now") == now)
        #expect(try t("today") == Timestamp(rfc3339: "2025-05-10T00:00:00Z"))
        #expect(try t("-45s") == Timestamp(rfc3339: "2025-05-10T15:30:00.25Z"))
        #expect(try t("-90m") == Timestamp(rfc3339: "2025-05-10T14:00:45.25Z"))
        #expect(try t("-12h") == Timestamp(rfc3339: "2025-05-10T03:30:45.25Z"))
        #expect(try t("-30d") == Timestamp(rfc3339: "2025-04-10T15:30:45.25Z"))
        #expect(try t("-2w") == Timestamp(rfc3339: "2025-04-26T15:30:45.25Z"))
        #expect(try t("-1mo") == Timestamp(rfc3339: "2025-04-10T15:30:45.25Z"))
        #expect(try t("-3mo") == Timestamp(rfc3339: "2025-02-10T15:30:45.25Z"))
        #expect(try t("-1y") == Timestamp(rfc3339: "2024-05-10T15:30:45.25Z"))
        #expect(try t("-17mo") == Timestamp(rfc3339: "2023-12-10T15:30:45.25Z"))
        func from(_ now: String, _ s: String) throws -> Timestamp {
            try TimeValue.parse(QueryValue(text: s, quoted: false, range: SourceRange(0, 1))).resolve(now: Timestamp(rfc3339: now))
        }
        #expect(try from("2025-03-31T08:00:00Z", "-1mo") == Timestamp(rfc3339: "2025-02-28T08:00:00Z"))  // clamped
        #expect(try from("2024-03-31T08:00:00Z", "-1mo") == Timestamp(rfc3339: "2024-02-29T08:00:00Z"))
        #expect(try from("2024-02-29T00:00:00Z", "-1y") == Timestamp(rfc3339: "2023-02-28T00:00:00Z"))
        #expect(try t("2024-05-01") == Timestamp(rfc3339: "2024-05-01T00:00:00Z"))
        #expect(try t("2024-05-01T12:00:00+02:00") == Timestamp(rfc3339: "2024-05-01T10:00:00Z"))
    }

    @Test("calendar and fixed bins", arguments: [
        ("1mo", "2025-02-28T23:59:59Z", "2025-02-01T00:00:00Z"),
        ("1mo", "2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z"),
        ("3mo", "2025-05-15T00:00:00Z", "2025-04-01T00:00:00Z"),
        ("1y", "2025-12-31T23:59:59Z", "2025-01-01T00:00:00Z"),
        ("2y", "2025-06-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("1mo", "1969-12-31T23:59:59Z", "1969-12-01T00:00:00Z"),
        ("1d", "2025-03-01T05:00:00Z", "2025-03-01T00:00:00Z"),
        ("1w", "2025-03-01T05:00:00Z", "2025-02-24T00:00:00Z"),  // a Saturday: its week began on Monday
        ("1w", "2025-02-24T00:00:00Z", "2025-02-24T00:00:00Z"),
        ("1w", "2025-02-23T23:59:59Z", "2025-02-17T00:00:00Z"),  // a Sunday ends the week before
        ("1w", "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z"),
        ("2w", "1970-01-05T00:00:00Z", "1970-01-05T00:00:00Z"),
        ("6h", "2025-03-01T05:59:59Z", "2025-03-01T00:00:00Z"),
        ("90m", "2025-03-01T02:00:00Z", "2025-03-01T01:30:00Z"),
        ("1d", "1969-12-31T23:00:00Z", "1969-12-31T00:00:00Z"),
    ])
    func bins(width: String, time: String, start: String) throws {
        let w = try BinWidth.parse(QueryValue(text: width, quoted: false, range: SourceRange(0, 1)))
        let t = try Timestamp(rfc3339: time)
        let s = w.start(of: t.seconds)
        #expect(Timestamp(seconds: s).description == start)
        #expect(s <= t.seconds && t.seconds < w.next(after: s))
    }
}
