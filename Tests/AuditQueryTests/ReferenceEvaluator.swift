import AuditModel
@testable import AuditQuery
import Foundation
import TestSupport

/// A deliberately naive evaluator: it interprets the parsed query event by event over an array,
/// with its own string, time and calendar code, to check the real engine against.
final class ReferenceEvaluator {
    /// Memoised slow parts (regular expressions per value, calendar per day), per evaluation.
    final class Caches {
        var regex: [String: (Regex<AnyRegexOutput>, [String: Bool])] = [:]
        var weekday: [Int64: String] = [:]
        var month: [Int64: (Int, Int)] = [:]
    }
    let caches = Caches()

    enum Answer: Equatable {
        case events([AuditEvent])
        case rows([String], [[Value]])
    }

    func text(_ name: String, _ e: AuditEvent) -> String? {
        switch name {
        case "account": return e.account
        case "action": return e.action
        case "actor": return e.actor
        case "name": return e.name
        case "description": return e.actionDescription
        case "hour":
            let s = ((e.timestamp.seconds % 86_400) + 86_400) % 86_400
            return String(format: "%02d", Int(s / 3600))
        case "weekday":
            let day = Int64((Double(e.timestamp.seconds) / 86_400).rounded(.down))
            if let w = caches.weekday[day] { return w }
            let date = Date(timeIntervalSince1970: TimeInterval(e.timestamp.seconds))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let w = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][calendar.component(.weekday, from: date) - 1]
            caches.weekday[day] = w
            return w
        default:
            if name.hasPrefix("data.") { return e.data?.first { $0.key == String(name.dropFirst(5)) }?.value }
            return nil
        }
    }

    func bytesLess(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    func matches(_ node: FilterNode, _ e: AuditEvent, now: Timestamp) throws -> Bool {
        switch node {
        case .all: return true
        case .search(let text, _): return e.actionDescription?.lowercased().contains(text.lowercased()) ?? false
        case .and(let a, let b): return try matches(a, e, now: now) && matches(b, e, now: now)
        case .or(let a, let b): return try matches(a, e, now: now) || matches(b, e, now: now)
        case .not(let a): return try !matches(a, e, now: now)
        case .term(let t):
            if t.name == "time" {
                if t.values.contains(where: { !$0.quoted && $0.text == "*" }) { return t.op == .equal || t.op == .in }
                let times = try t.values.map { try TimeValue.parse($0).resolve(now: now) }
                let x = e.timestamp
                switch t.op {
                case .equal, .in: return times.contains(x)
                case .notEqual, .notIn: return !times.contains(x)
                case .less: return x < times[0]
                case .lessOrEqual: return x <= times[0]
                case .greater: return x > times[0]
                case .greaterOrEqual: return x >= times[0]
                default: return false
                }
            }
            let v = text(t.name, e)
            func equalsAny() -> Bool {
                guard let v else { return false }
                for value in t.values {
                    if !value.quoted && value.text == "*" { if !v.isEmpty { return true } }
                    else if !value.quoted && value.text.count > 1 && value.text.hasSuffix("*") { if v.hasPrefix(String(value.text.dropLast())) { return true } }
                    else if v == value.text { return true }
                }
                return false
            }
            switch t.op {
            case .equal, .in: return equalsAny()
            case .notEqual, .notIn: return !equalsAny()
            case .match, .notMatch:
                let pattern = t.values[0].text
                var entry = try caches.regex[pattern] ?? (Regex(pattern), [:])
                var found = false
                if let v {
                    if let known = entry.1[v] { found = known } else {
                        found = (try? entry.0.firstMatch(in: v)) != nil
                        entry.1[v] = found
                    }
                }
                caches.regex[pattern] = entry
                return t.op == .match ? found : !found
            case .less: return v.map { bytesLess($0, t.values[0].text) } ?? false
            case .lessOrEqual: return v.map { !bytesLess(t.values[0].text, $0) } ?? false
            case .greater: return v.map { bytesLess(t.values[0].text, $0) } ?? false
            case .greaterOrEqual: return v.map { !bytesLess($0, t.values[0].text) } ?? false
            }
        }
    }

    func binStart(_ width: BinWidth, _ t: Timestamp) -> Int64 {
        switch width.unit {
        case .month, .year:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let day = Int64((Double(t.seconds) / 86_400).rounded(.down))
            let ym = caches.month[day] ?? {
                let c = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(t.seconds)))
                return (c.year!, c.month!)
            }()
            caches.month[day] = ym
            let c = (year: Optional(ym.0), month: Optional(ym.1))
            let months = width.unit == .year ? Int(width.count) * 12 : Int(width.count)
            let index = (c.year! - 1970) * 12 + (c.month! - 1)
            let start = Int((Double(index) / Double(months)).rounded(.down)) * months
            let y = 1970 + Int((Double(start) / 12).rounded(.down))
            let m = start - (y - 1970) * 12 + 1
            return Int64(calendar.date(from: DateComponents(year: y, month: m, day: 1))!.timeIntervalSince1970)
        case .week:
            // Weeks start on Monday 00:00 UTC (ISO 8601): Foundation's ISO calendar says where
            // the week holding `t` starts; N-week bins count whole weeks from 1970-01-05.
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let monday = Int64(calendar.dateInterval(of: .weekOfYear, for: Date(timeIntervalSince1970: TimeInterval(t.seconds)))!.start.timeIntervalSince1970)
            let weeks = Int64((Double(monday - 345_600) / 604_800).rounded(.down))
            return 345_600 + Int64((Double(weeks) / Double(width.count)).rounded(.down)) * width.count * 604_800
        default:
            let w = width.fixedSeconds!
            return Int64((Double(t.seconds) / Double(w)).rounded(.down)) * w
        }
    }

    func keyValue(_ key: GroupKey, _ e: AuditEvent) -> Value {
        switch key {
        case .bin(let w): return .time(Timestamp(seconds: binStart(w, e.timestamp)))
        case .field(let f): return text(f.description, e).map { .string($0) } ?? .null
        }
    }

    func less(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return false
        case (.null, _): return true
        case (_, .null): return false
        case (.int(let x), .int(let y)): return x < y
        case (.time(let x), .time(let y)): return x < y
        case (.string(let x), .string(let y)): return bytesLess(x, y)
        default: return false
        }
    }

    func lessRows(_ a: [Value], _ b: [Value], _ keys: [(Int, Bool)], weekdays: Set<Int> = []) -> Bool {
        for (i, desc) in keys where a[i] != b[i] {
            if weekdays.contains(i), case .string(let x) = a[i], case .string(let y) = b[i],
               let p = Self.calendarWeek.firstIndex(of: x), let q = Self.calendarWeek.firstIndex(of: y) {
                return desc ? q < p : p < q
            }
            return desc ? less(b[i], a[i]) : less(a[i], b[i])
        }
        return false
    }

    /// Weekday keys sort in calendar order, Monday first.
    static let calendarWeek = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    func evaluate(_ query: Query, events: [AuditEvent], now: Timestamp) throws -> Answer {
        var filter = query.filter
        for stage in query.stages { if case .where(let f) = stage.kind { filter = .and(filter, f) } }
        let matched = try events.filter { try matches(filter, $0, now: now) }
        guard let agg = query.stages.first(where: { $0.kind.isAggregation }) else {
            var out = matched
            for stage in query.stages { if case .limit(let n) = stage.kind { out = Array(out.prefix(n)) } }
            return .events(out)
        }
        var keys: [GroupKey] = []
        var functions: [AggregateFunction] = []
        var names: [String] = []
        switch agg.kind {
        case .count: functions = [.count]; names = ["count"]
        case .countBy(let k), .top(_, let k):
            keys = k.map(\.key); functions = [.count]; names = k.map(\.key.columnName) + ["count"]
        case .stats(let a, let k):
            keys = k.map(\.key); functions = a.map(\.function); names = k.map(\.key.columnName) + a.map(\.name)
        default: break
        }
        var groups: [[Value]: [AuditEvent]] = [:]
        for e in matched { groups[keys.map { keyValue($0, e) }, default: []].append(e) }
        if keys.isEmpty && groups.isEmpty { groups[[]] = [] }
        var rows: [[Value]] = groups.map { key, members in
            key + functions.map { f in
                switch f {
                case .count: return .int(members.count)
                case .dcount(let field):
                    if field == .time { return .int(Set(members.map(\.timestamp)).count) }
                    return .int(Set(members.compactMap { text(field.description, $0) }).count)
                case .min(let field), .max(let field):
                    let isMax: Bool = { if case .max = f { return true } else { return false } }()
                    let values: [Value] = field == .time ? members.map { .time($0.timestamp) }
                        : members.compactMap { text(field.description, $0) }.map { .string($0) }
                    guard var best = values.first else { return .null }
                    for v in values.dropFirst() where isMax ? less(best, v) : less(v, best) { best = v }
                    return best
                }
            }
        }
        let weekdays = Set(keys.indices.filter { names[$0] == "weekday" })
        rows.sort { lessRows($0, $1, keys.indices.map { ($0, false) }, weekdays: weekdays) }
        if case .top(let n, _) = agg.kind {
            rows.sort { lessRows($0, $1, [(keys.count, true)] + keys.indices.map { ($0, false) }, weekdays: weekdays) }
            rows = Array(rows.prefix(n))
        }
        var afterAggregation = false
        for stage in query.stages {
            if stage == agg { afterAggregation = true; continue }
            guard afterAggregation else { continue }
            switch stage.kind {
            case .sort(let refs):
                let keys = refs.map { r in (names.firstIndex(of: r.name) ?? names.firstIndex(of: r.name + "()")!, r.descending) }
                rows = rows.enumerated().sorted { a, b in
                    lessRows(a.element, b.element, keys, weekdays: weekdays)
                        || (!lessRows(b.element, a.element, keys, weekdays: weekdays) && a.offset < b.offset)
                }.map(\.element)
            case .limit(let n): rows = Array(rows.prefix(n))
            default: break
            }
        }
        return .rows(names, rows)
    }
}
