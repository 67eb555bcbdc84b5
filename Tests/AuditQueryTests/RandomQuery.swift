import AuditModel
import TestSupport

/// Random queries over the values that occur in a set of events (and some that do not).
struct RandomQuery {
    var rng: SplitMix64
    let actors: [String], actions: [String], accounts: [String], names: [String], tags: [String]

    init(seed: UInt64, events: [AuditEvent]) {
        rng = SplitMix64(seed: seed)
        var counts: [String: Int] = [:]
        for e in events { counts[e.actor, default: 0] += 1 }
        let byCount = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        actors = Array(byCount.prefix(8)) + Array(byCount.suffix(8)) + ["nobody-here", "build bot", "é-user"]
        actions = Array(Set(events.map(\.action))).sorted() + ["no.such.action"]
        accounts = Array(Set(events.map(\.account))).sorted() + ["umbrella"]
        let allNames = Array(Set(events.compactMap(\.name))).sorted()
        names = stride(from: 0, to: allNames.count, by: max(1, allNames.count / 12)).map { allNames[$0] } + ["acme/web api", "none/such"]
        tags = ["latest", "main", "v1.2.3", "", "dev", "1.0"]
    }

    static func quote(_ s: String) -> String {
        if !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || "._-/:@+".contains($0) }), !["and", "or", "not", "in"].contains(s.lowercased()) {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    mutating func value(for field: String) -> String {
        switch field {
        case "actor": return Self.quote(rng.pick(actors))
        case "action": return Self.quote(rng.pick(actions))
        case "account": return Self.quote(rng.pick(accounts))
        case "name": return Self.quote(rng.pick(names))
        case "data.tag": return Self.quote(rng.pick(tags))
        case "data.privacy": return rng.pick(["public", "private"])
        case "hour": return rng.pick(["00", "07", "08", "12", "17", "18", "23"])
        case "weekday": return rng.pick(["mon", "fri", "sat", "sun"])
        default: return Self.quote(rng.pick(["pushed the tag latest", "team", "privacy", "deleted"]))
        }
    }

    mutating func prefix(for field: String) -> String {
        switch field {
        case "action": return rng.pick(["team.member.*", "repo.tag.*", "org.*", "team.*", "repo.*", "x*"])
        case "actor": return rng.pick(["ci*", "a*", "github*", "j*"])
        case "account": return rng.pick(["ac*", "glob*", "i*"])
        case "name": return rng.pick(["acme/*", "globex/*", "initech/a*"])
        case "data.tag": return rng.pick(["v*", "1.*", "late*", "feature-*"])
        case "hour": return rng.pick(["0*", "1*", "2*"])
        default: return rng.pick(["m*", "s*", "t*"])
        }
    }

    mutating func time() -> String {
        switch rng.below(6) {
        case 0: return "-\(1 + rng.below(100))d"
        case 1: return "-\(1 + rng.below(400))h"
        case 2: return rng.pick(["today", "now", "-2w", "-90m", "-3600s"])
        case 3:
            let day = 1 + rng.below(28), month = 1 + rng.below(5)
            return "2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        case 4:
            return "2025-02-19T00:00:00.5Z"
        default:
            let s = 1_735_689_600 + Int64(rng.below(121 * 86_400))
            return Timestamp(seconds: s).description.replacingOccurrences(of: "Z", with: rng.chance(0.5) ? "Z" : "+00:00")
        }
    }

    mutating func term() -> String {
        let fields = ["actor", "action", "account", "name", "data.tag", "data.privacy", "hour", "weekday", "description", "time", "search"]
        let field = rng.pick(fields)
        if field == "search" { return rng.pick(["latest", "pushed", "team", "\"privacy\"", "Deleted", "quotes", "*"]) }
        if field == "time" {
            switch rng.below(4) {
            case 0: return "since:" + time()
            case 1: return "until:" + time()
            case 2: return "time" + rng.pick([">=", "<", ">", "<=", "=", "!="]) + time()
            default: return "time in (\(time()), \(time()))"
            }
        }
        switch rng.below(11) {
        case 0, 1, 2: return "\(field)=\(value(for: field))"
        case 3: return "\(field)!=\(value(for: field))"
        case 4: return "\(field) in (\(value(for: field)), \(value(for: field)), \(prefix(for: field)))"
        case 5: return "\(field) not in (\(value(for: field)), \(value(for: field)))"
        case 6: return "\(field)=\(prefix(for: field))"
        case 7:
            let pattern = rng.pick(["^acme/", "bot$", "(web|api)", "[0-9]+", "^v?[0-9]+\\\\.", "team\\\\.member", "^$", "A"])
            return "\(field)\(rng.chance(0.7) ? "~" : "!~")\"\(pattern)\""
        case 8: return "\(field)\(rng.pick(["<", "<=", ">", ">="]))\(value(for: field))"
        case 9: return "\(field)=*"
        default: return "\(field)!=*"
        }
    }

    mutating func filter(depth: Int) -> String {
        let r = rng.below(10)
        if depth > 0 && r < 2 { return "(\(filter(depth: depth - 1)) or \(filter(depth: depth - 1)))" }
        if depth > 0 && r < 4 { return "\(filter(depth: depth - 1))\(rng.chance(0.5) ? " and " : " ")\(filter(depth: depth - 1))" }
        if depth > 0 && r < 5 { return "not \(filter(depth: depth - 1))" }
        return term()
    }

    mutating func key() -> String {
        rng.pick(["action", "actor", "account", "name", "data.tag", "hour", "weekday",
                  "bin(time, 1d)", "bin(time, 6h)", "bin(time, 1w)", "bin(time, 2w)", "bin(time, 1mo)", "bin(time, 3mo)", "bin(time, 1y)", "bin(time, 90m)"])
    }

    mutating func keys() -> String {
        var ks = [key()]
        if rng.chance(0.35) { let k = key(); if !ks.contains(k) && !(k.hasPrefix("bin") && ks[0].hasPrefix("bin")) { ks.append(k) } }
        return ks.joined(separator: ", ")
    }

    mutating func aggregate() -> String {
        let field = rng.pick(["actor", "name", "data.tag", "time", "action", "account", "hour"])
        switch rng.below(4) {
        case 0: return "count()"
        case 1: return "dcount(\(field))"
        case 2: return "min(\(field))"
        default: return "max(\(field))"
        }
    }

    mutating func query() -> String {
        var q = rng.chance(0.1) ? "" : filter(depth: rng.below(4))
        switch rng.below(10) {
        case 0, 1: if rng.chance(0.5) { q += " | limit \(rng.below(30))" }
        case 2: q += " | count"
        case 3, 4, 5: q += " | count by \(keys())"
        case 6, 7:
            var aggregates: [String] = []
            for i in 0..<(1 + rng.below(3)) { aggregates.append(aggregate() + (i > 0 || rng.chance(0.3) ? " as c\(i)" : "")) }
            q += " | stats \(aggregates.joined(separator: ", "))"
            if rng.chance(0.8) { q += " by \(keys())" }
        default: q += " | top \(1 + rng.below(8)) \(keys())"
        }
        if q.contains("count by"), rng.chance(0.3) { q += " | sort count desc | limit \(1 + rng.below(10))" }
        return q
    }
}
