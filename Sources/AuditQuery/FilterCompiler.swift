import AuditModel
import SegmentStore

/// Compiles parsed filters into ``CompiledFilter``s.
public enum FilterCompiler {
    /// Checks an event filter without running it (the parser's last step).
    static func validateEventFilter(_ node: FilterNode) throws(QueryError) {
        var lookups: [IndexLookup] = []
        _ = try compile(node, now: Timestamp(seconds: 0), lookups: &lookups)
    }

    /// Compiles an event filter; `lookups[slot]` describes each indexable term.
    public static func compile(_ node: FilterNode, now: Timestamp, lookups: inout [IndexLookup]) throws(QueryError) -> CompiledFilter {
        switch node {
        case .all: return .all
        case .search(let text, _): return text.isEmpty ? .all : .search(text.lowercased())
        case .and(let a, let b):
            return .and([try compile(a, now: now, lookups: &lookups), try compile(b, now: now, lookups: &lookups)])
        case .or(let a, let b):
            return .or([try compile(a, now: now, lookups: &lookups), try compile(b, now: now, lookups: &lookups)])
        case .not(let a):
            return .not(try compile(a, now: now, lookups: &lookups))
        case .term(let term):
            let field = try QueryField.resolve(term.name, at: term.nameRange)
            if field == .time { return try compileTime(term, now: now) }
            var term = term
            if field == .hour || field == .weekday, term.op != .match, term.op != .notMatch {
                term.values = term.values.map { normalise($0, field) }
                try checkDomain(term, field)
            }
            let matcher = try stringMatcher(term, fieldName: field.description)
            var slot: Int?
            if let indexed = field.indexedField, case .anyOf(let exact, let prefixes, let present) = matcher {
                slot = lookups.count
                lookups.append(IndexLookup(field: indexed, values: exact.sorted(), prefixes: prefixes, present: present))
            }
            return .string(field, matcher, slot: slot)
        }
    }

    /// `hour=8` means `hour=08`; `weekday=Sat`, `weekday=saturday` and `weekday=Thurs` mean
    /// `weekday=sat` and `weekday=thu`.
    private static func normalise(_ value: QueryValue, _ field: QueryField) -> QueryValue {
        var value = value
        if field == .hour, value.text.count == 1, value.text.allSatisfy({ $0.isASCII && $0.isNumber }) { value.text = "0" + value.text }
        if field == .weekday, value.text != "*" {
            let lower = value.text.lowercased()
            value.text = lower
            if lower.count > 3, let day = QueryField.weekdayNames.firstIndex(where: { $0.hasPrefix(lower) }) {
                value.text = QueryField.weekdays[day]
            }
        }
        return value
    }

    /// `hour` and `weekday` have fixed values: one that is none of them (`weekday=funday`,
    /// `hour=25`) can only answer zero, so it is an error naming the values there are.
    private static func checkDomain(_ term: Term, _ field: QueryField) throws(QueryError) {
        guard [.equal, .notEqual, .in, .notIn].contains(term.op) else { return }
        let domain = field == .hour ? QueryField.hours : QueryField.weekdays
        for value in term.values where !value.isPresenceWildcard && value.prefix == nil && !domain.contains(value.text) {
            let reason = field == .hour ? "hour is 00 to 23 (UTC)" : "weekday is mon, tue, wed, thu, fri, sat or sun (UTC)"
            throw .badValue(value.text, reason: reason, at: value.range)
        }
    }

    /// The string test a term describes (shared with row filters on text columns).
    static func stringMatcher(_ term: Term, fieldName: String) throws(QueryError) -> StringMatcher {
        switch term.op {
        case .equal, .notEqual, .in, .notIn:
            var exact = Set<String>(), prefixes: [String] = [], present = false
            for value in term.values {
                if value.isPresenceWildcard { present = true } else if let p = value.prefix { prefixes.append(p) } else { exact.insert(value.text) }
            }
            let positive = StringMatcher.anyOf(exact: exact, prefixes: prefixes, present: present)
            return term.op == .equal || term.op == .in ? positive : .negated(positive)
        case .match, .notMatch:
            let value = term.values[0]
            let regex = StringMatcher.regex(try CompiledRegex(value.text, at: value.range))
            return term.op == .match ? regex : .negated(regex)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            return .compare(term.op, term.values[0].text)
        }
    }

    private static func compileTime(_ term: Term, now: Timestamp) throws(QueryError) -> CompiledFilter {
        switch term.op {
        case .match, .notMatch:
            throw .unsupportedOperator(term.op.rawValue, field: "time", reason: "time is compared with <, <=, >, >=, = or in (e.g. time>=-7d)", at: term.opRange)
        default: break
        }
        if term.values.contains(where: \.isPresenceWildcard) {
            // Every event has a time.
            return term.op == .equal || term.op == .in ? .all : .none
        }
        var bounds: [Timestamp] = []
        for value in term.values { bounds.append(try TimeValue.parse(value).resolve(now: now)) }
        switch term.op {
        case .notEqual: return .time(TimeMatcher(op: .equal, bounds: bounds, negated: true))
        case .notIn: return .time(TimeMatcher(op: .in, bounds: bounds, negated: true))
        default: return .time(TimeMatcher(op: term.op, bounds: bounds, negated: false))
        }
    }
}
