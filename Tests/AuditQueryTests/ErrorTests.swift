import AuditModel
@testable import AuditQuery
import TestSupport
import Testing

@Suite struct ErrorTests {
    /// (query, a phrase the message must contain, the column the caret must be under).
    @Test("errors say what is wrong and where", arguments: [
        ("actr=alice | count", "unknown field 'actr' (did you mean 'actor'?)", 0),
        ("action=x | count by acton", "did you mean 'action'?", 20),
        ("(actor=alice or actor=bob", "unbalanced parenthesis", 0),
        ("actor=alice)", "unbalanced parenthesis", 11),
        ("actor in (a, b", "unbalanced parenthesis", 9),
        ("name~\"(unclosed\"", "bad regular expression", 5),
        ("time>=-30x", "bad duration '-30x'", 6),
        ("since:-d", "bad duration", 6),
        ("action=x | count by bin(time, 0d)", "at least 1d", 30),
        ("action=x | count by bin(time, 5q)", "unknown unit 'q'", 30),
        ("time>=yesterday", "bad time 'yesterday'", 6),
        ("| limit", "'limit' needs a number", 7),
        ("| limit ten", "'limit' needs a number", 8),
        ("| top actor", "'top' needs a number", 6),
        ("| stats dcount(nme)", "unknown field 'nme' (did you mean 'name'?)", 15),
        ("| stats sum(name)", "unknown aggregate 'sum'", 8),
        ("| stats max(time) as n, min(time) as n", "two columns are named 'n'", 24),
        ("actor=\"alice", "unterminated string", 6),
        ("actor=alice $", "unexpected character '$'", 12),
        ("actor=", "expected a value after '='", 6),
        ("=alice", "a field name before it", 0),
        ("actor=a | frobnicate", "a stage", 10),
        ("actor=a | cont", "did you mean 'count'?", 10),
        ("time~\"2025\"", "'~' cannot be used on 'time'", 4),
        ("| count by time", "group by a time bin", 11),
        ("| count by actor | sort cnt", "unknown column 'cnt'", 24),
        ("| count by actor | where total>3", "unknown column 'total'", 25),
        ("| count by actor | where count>many", "bad value 'many'", 31),
        ("| sort actor | count", "only 'where' may come before 'count'", 2),
        ("| count | count by actor", "a query has one aggregation", 10),
        ("| limit 3 | where actor=x", "must come before 'limit'", 12),
        ("actor=a and", "a term after 'and'", 11),
        ("actor=a or or", "a term after 'or'", 11),
        ("not", "a term after 'not'", 3),
        ("()", "a term inside the parentheses", 1),
        ("| fields actor | fields name", "unknown column 'name'", 24),
        ("| stats count(actor)", "count() with no field", 8),
        ("| stats dcount()", "a field inside", 8),
        ("| count by actor | where hello", "a bare word searches", 25),
        ("data=x", "did you mean 'data.KEY'?", 0),
        // No silent zeros (issue 13): a word: prefix that is not a field, values hour and weekday cannot have.
        ("before:2026-11-02 | count", "until:TIME", 0),
        ("since:2026-11-01 after:2026-11-02", "since:TIME", 17),
        ("acter:bob", "did you mean 'actor:'?", 0),
        ("nginx:latest", "quote it: \"nginx:latest\"", 0),
        ("actor:", "a value after 'actor:'", 6),
        ("weekday=monnday", "weekday is mon, tue", 8),
        ("weekday in (mon, funday)", "bad value 'funday'", 17),
        ("hour=25", "hour is 00 to 23", 5),
        ("hour!=7am", "bad value '7am'", 6),
    ])
    func errorCase(query: String, phrase: String, column: Int) throws {
        let error = try #require(throws: QueryError.self) {
            let q = try Query(parsing: query)
            let snapshot = try Fixture.get().snapshot
            _ = try QueryPlan(q, snapshot: snapshot, now: Timestamp(seconds: 0))
        }
        #expect(error.description.contains(phrase), "\(query): \(error.description)")
        #expect(error.range.start == column, "\(query): caret at \(error.range.start)")
        let rendered = error.render(query: query)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("error: "))
        #expect(lines[1] == "  " + query)
        #expect(lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) } == 2 + column)
    }

    @Test("the spec's example error renders exactly")
    func specExample() throws {
        let error = try #require(throws: QueryError.self) { try Query(parsing: "actr=alice | count") }
        #expect(error.render(query: "actr=alice | count") == """
            error: unknown field 'actr' (did you mean 'actor'?)
              actr=alice | count
              ^^^^
            """)
    }

    @Test("an error in a multi-line query shows its line")
    func multiline() throws {
        let text = "# comment\naction=x\n| count by nmae\n"
        let error = try #require(throws: QueryError.self) { try Query(parsing: text) }
        let rendered = error.render(query: text)
        #expect(rendered.contains("line 3: | count by nmae"))
        #expect(rendered.hasSuffix("                    ^^^^"))
    }
}
