import AuditModel
import EventGenerator

/// Facts about a generated stream that the distribution tests check (and the benchmark prints).
struct StreamStatistics {
    var events = 0
    var pushes = 0
    var actionCounts: [String: Int] = [:]
    var actors: [String: Int] = [:]
    var pushActors: [String: Int] = [:]
    var repositories = Set<String>()
    var pushesWithNewDigest = 0
    var exactDuplicates = 0
    var weekdayEvents = 0
    var weekendEvents = 0
    var weekdays = Set<Int64>()
    var weekendDays = Set<Int64>()
    var tagCounts: [String: Int] = [:]
    var sameSecondAsPrevious = 0

    init<S: Sequence>(_ events: S) where S.Element == AuditEvent {
        var digests = Set<String>()
        var previous: AuditEvent?
        for event in events {
            self.events += 1
            actionCounts[event.action, default: 0] += 1
            actors[event.actor, default: 0] += 1
            if event.action.hasPrefix("repo."), let name = event.name { repositories.insert(name) }
            if event.action == "repo.tag.push" {
                pushes += 1
                pushActors[event.actor, default: 0] += 1
                if let digest = event.dataValue("digest"), digests.insert(digest).inserted { pushesWithNewDigest += 1 }
                if let tag = event.dataValue("tag") { tagCounts[tag, default: 0] += 1 }
            }
            if let previous, previous == event { exactDuplicates += 1 }
            if let previous, previous.timestamp == event.timestamp { sameSecondAsPrevious += 1 }
            let day = Timestamp.floorDiv(event.timestamp.seconds, 86_400)
            let weekday = ((day % 7) + 7 + 3) % 7
            if weekday >= 5 {
                weekendEvents += 1
                weekendDays.insert(day)
            } else {
                weekdayEvents += 1
                weekdays.insert(day)
            }
            previous = event
        }
    }

    var pushShare: Double { Double(pushes) / Double(Swift.max(events, 1)) }
    var newDigestShare: Double { Double(pushesWithNewDigest) / Double(Swift.max(pushes, 1)) }
    var duplicateShare: Double { Double(exactDuplicates) / Double(Swift.max(events, 1)) }
    var topFivePushShare: Double {
        let top = pushActors.values.sorted(by: >).prefix(5).reduce(0, +)
        return Double(top) / Double(Swift.max(pushes, 1))
    }
    var weekdayRate: Double { Double(weekdayEvents) / Double(Swift.max(weekdays.count, 1)) }
    var weekendRate: Double { Double(weekendEvents) / Double(Swift.max(weekendDays.count, 1)) }

    var summary: String {
        let actions = actionCounts.sorted { $0.value > $1.value }
            .map { "\($0.key) \(String(format3(100 * Double($0.value) / Double(events))))%" }
            .joined(separator: ", ")
        let tags = tagCounts.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key):\($0.value)" }.joined(separator: " ")
        let topActors = actors.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key):\($0.value)" }.joined(separator: " ")
        return """
        events \(events), pushes \(format3(100 * pushShare))%, distinct actors \(actors.count), \
        distinct repositories \(repositories.count), pushes with a new digest \(format3(100 * newDigestShare))%, \
        exact duplicates \(format3(100 * duplicateShare))%, top-5 push share \(format3(100 * topFivePushShare))%, \
        same second as previous \(format3(100 * Double(sameSecondAsPrevious) / Double(Swift.max(events, 1))))%, \
        weekday/weekend per-day \(Int(weekdayRate))/\(Int(weekendRate))
        actions: \(actions)
        tags: \(tags)
        actors: \(topActors)
        """
    }
}

/// A number with three decimals, without Foundation.
func format3(_ x: Double) -> String {
    let scaled = Int((x * 1000).rounded())
    let whole = scaled / 1000
    let fraction = abs(scaled % 1000)
    let pad = fraction < 10 ? "00" : fraction < 100 ? "0" : ""
    return "\(whole).\(pad)\(fraction)"
}
