import AuditModel
@testable import AuditQuery
import TestSupport
import Testing

/// Random and mutated query strings: every one parses or fails with a positioned error
/// (never a trap, never a hang). A sample is also planned and run against the fixture store.
@Suite struct FuzzTests {
    static let seeds = [
        "actor=alice", "action=team.member.* since:-30d | count by bin(time, 1d)",
        "action=repo.tag.push | stats dcount(name) as repos by bin(time, 1mo)",
        "name~\"^acme/(web|api)$\" not (actor in (alice, \"build bot\") or data.tag!=latest)",
        "privacy | top 10 actor | sort count desc, actor asc | limit 3 | fields actor",
        "time>=2024-05-01T12:00:00.5+02:00 until:today | stats count(), min(time), max(data.tag) by hour, weekday",
        "| stats min(time) as first_seen by actor | where first_seen>=-7d and count>3",
        "\"pushed the tag \\\"latest\\\"\" or description=* # comment\n| count",
    ]
    static let alphabet: [Character] = Array("abcdeimnorstuy.*_-/:@+=!~<>()|,\"\\ #\n\t0123456789éß😀") + ["\u{301}", "\r\n"]
    static let fragments = ["actor", "action", "time", "data.tag", " and ", " or ", " not ", " in ", "(", ")", "|", "count", "by",
                            "stats", "dcount(", "bin(time, 1mo)", "top 5", "sort", "limit", "fields", "where", "~\"", "\"", "=",
                            "!=", ">=", "-30d", "since:", "until:", "now", "today", "*", ",", "as", "desc", "2024-02-30", "[", "(?", "\\"]

    @Test("100,000 random and mutated queries parse or fail with a positioned error", arguments: 0..<4)
    func fuzz(batch: Int) throws {
        var rng = SplitMix64(seed: 77 + UInt64(batch))
        let fixture = try Fixture.get()
        var parsed = 0, failed = 0, ran = 0
        for i in 0..<25_000 {
            var text: String
            switch rng.below(3) {
            case 0:
                text = String((0..<rng.below(40)).map { _ in rng.pick(Self.alphabet) })
            case 1:
                text = (0..<(1 + rng.below(8))).map { _ in rng.pick(Self.fragments) }.joined(separator: rng.chance(0.5) ? " " : "")
            default:
                var chars = Array(rng.pick(Self.seeds))
                for _ in 0..<(1 + rng.below(4)) {
                    let at = rng.below(chars.count + 1)
                    switch rng.below(4) {
                    case 0: if at < chars.count { chars.remove(at: at) }
                    case 1: chars.insert(rng.pick(Self.alphabet), at: at)
                    case 2: chars.insert(contentsOf: Array(rng.pick(Self.fragments)), at: at)
                    default: if at < chars.count { chars[at] = rng.pick(Self.alphabet) }
                    }
                }
                text = String(chars)
            }
            if text.count > 200 { text = String(text.prefix(200)) }
            switch Result(catching: { () throws(QueryError) -> Query in try Query(parsing: text) }) {
            case .success(let query):
                parsed += 1
                // Plan and run a sample against the store: evaluation errors are positioned too.
                if i % 50 == 0 {
                    do {
                        let plan = try QueryPlan(query, snapshot: fixture.snapshot, now: fixture.now)
                        try QueryEvaluator(plan: plan, snapshot: fixture.snapshot).run(into: CollectingSink())
                        ran += 1
                    } catch let error as QueryError {
                        #expect(error.range.start >= 0 && error.range.start <= text.count, "\(text)")
                    }
                }
            case .failure(let error):
                failed += 1
                let count = text.count
                #expect(error.range.start >= 0 && error.range.start <= count && error.range.end <= count + 1, "\(text)")
                #expect(!error.description.isEmpty)
                _ = error.render(query: text)
            }
        }
        #expect(parsed + failed == 25_000)
        #expect(parsed > 1_000 && failed > 1_000)
        #expect(ran > 10)
    }
}
