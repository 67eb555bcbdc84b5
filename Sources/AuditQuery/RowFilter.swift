import AuditModel

/// The condition of a `where` stage after an aggregation, compiled against the rows' columns:
/// counts compare as integers, times chronologically (relative times allowed), text like
/// event fields (`=`, prefixes, `in`, regular expressions, byte-order comparisons).
indirect enum RowFilter: Sendable {
    case all, none
    case text(Int, StringMatcher)
    case count(Int, ComparisonOperator, [Int], negated: Bool)
    case time(Int, TimeMatcher)
    case and(RowFilter, RowFilter)
    case or(RowFilter, RowFilter)
    case not(RowFilter)

    static func compile(_ node: FilterNode, columns: [ResultColumn], now: Timestamp) throws(QueryError) -> RowFilter {
        switch node {
        case .all: return .all
        case .search(_, let range):
            throw .misplacedStage(StageKeyword.where.rawValue, reason: "a bare word searches event descriptions; after an aggregation write COLUMN OP VALUE, e.g. count>=10", at: range)
        case .and(let a, let b): return .and(try compile(a, columns: columns, now: now), try compile(b, columns: columns, now: now))
        case .or(let a, let b): return .or(try compile(a, columns: columns, now: now), try compile(b, columns: columns, now: now))
        case .not(let a): return .not(try compile(a, columns: columns, now: now))
        case .term(let term):
            let index = try ColumnResolver.resolve(term.name, in: columns, at: term.nameRange)
            switch columns[index].type {
            case .text:
                return .text(index, try FilterCompiler.stringMatcher(term, fieldName: term.name))
            case .time:
                var lookups: [IndexLookup] = []
                let renamed = Term(name: "time", nameRange: term.nameRange, op: term.op, opRange: term.opRange, values: term.values)
                switch try FilterCompiler.compile(.term(renamed), now: now, lookups: &lookups) {
                case .time(let m): return .time(index, m)
                case .none: return .none
                default: return .all
                }
            case .count:
                switch term.op {
                case .match, .notMatch:
                    throw .unsupportedOperator(term.op.rawValue, field: term.name, reason: "it is a number; compare it with =, <, >= …", at: term.opRange)
                default: break
                }
                if term.values.contains(where: \.isPresenceWildcard) {
                    return term.op == .equal || term.op == .in ? .all : .none
                }
                var numbers: [Int] = []
                for value in term.values {
                    guard let n = Int(value.text) else {
                        throw .badValue(value.text, reason: "'\(term.name)' is a number", at: value.range)
                    }
                    numbers.append(n)
                }
                switch term.op {
                case .notEqual: return .count(index, .equal, numbers, negated: true)
                case .notIn: return .count(index, .in, numbers, negated: true)
                default: return .count(index, term.op, numbers, negated: false)
                }
            }
        }
    }

    func matches(_ row: [Value]) -> Bool {
        switch self {
        case .all: return true
        case .none: return false
        case .text(let i, let m):
            if case .string(let s) = row[i] { return m.matches(s) }
            return m.matches(nil)
        case .time(let i, let m):
            if case .time(let t) = row[i] { return m.matches(t.seconds, t.nanoseconds) }
            return m.negated
        case .count(let i, let op, let values, let negated):
            guard case .int(let n) = row[i] else { return negated }
            let r: Bool
            switch op {
            case .less: r = n < values[0]
            case .lessOrEqual: r = n <= values[0]
            case .greater: r = n > values[0]
            case .greaterOrEqual: r = n >= values[0]
            default: r = values.contains(n)
            }
            return r != negated
        case .and(let a, let b): return a.matches(row) && b.matches(row)
        case .or(let a, let b): return a.matches(row) || b.matches(row)
        case .not(let a): return !a.matches(row)
        }
    }
}
