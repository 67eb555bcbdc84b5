import AuditModel
import SegmentStore

/// A field of an audit event as a query names it: `time`, `account`, `action`, `actor`, `name`,
/// `description` or `data.KEY`.
public enum QueryField: Hashable, Sendable, CustomStringConvertible {
    /// The timestamp, and the event's string fields (`description` is `action_description`).
    case time, account, action, actor, name, description
    /// A key of the event's `data` map.
    case data(String)
    /// Extension: the hour of the event's time in UTC, `00` to `23` (two digits, so byte order
    /// is numeric order): `hour<08 or hour>=18`.
    case hour
    /// Extension: the day of the week of the event's time in UTC, `mon` to `sun`.
    case weekday

    /// The fields of an event as a table shows them: `time` and the event's fields without a key.
    static let eventColumns: [QueryField] = [.time] + EventField.named.map(QueryField.init)
    /// Every field without a key.
    static let named: [QueryField] = eventColumns + [.hour, .weekday]

    /// The field names a user can type (`data.KEY` stands for every data key).
    public static let knownNames = eventColumns.map(\.description) + [EventField.dataPrefix + "KEY"] + [QueryField.hour, .weekday].map(\.description)

    /// The query field of an event field.
    public init(_ field: EventField) {
        switch field {
        case .account: self = .account
        case .action: self = .action
        case .actor: self = .actor
        case .name: self = .name
        case .description: self = .description
        case .data(let key): self = .data(key)
        }
    }

    /// The Hub's own names, as event NDJSON writes them, accepted for the query's names:
    /// `timestamp` is `time`, `action_description` is `description`.
    static let aliases: [String: QueryField] = [SchemaField.timestamp.rawValue: .time, SchemaField.actionDescription.rawValue: .description]

    /// Parses a field name (or one of ``aliases``); `nil` when it is not one.
    public init?(name: String) {
        if let field = Self.aliases[name] {
            self = field
        } else if let field = Self.named.first(where: { $0.description == name }) {
            self = field
        } else if let field = EventField(name: name) {
            self.init(field)
        } else {
            return nil
        }
    }

    /// The field as a query writes it.
    public var description: String {
        switch self {
        case .time: "time"
        case .hour: "hour"
        case .weekday: "weekday"
        default: eventField?.description ?? ""
        }
    }

    /// The store's column for a string field; `nil` for `time` and the fields derived from it.
    public var eventField: EventField? {
        switch self {
        case .time, .hour, .weekday: nil
        case .account: .account
        case .action: .action
        case .actor: .actor
        case .name: .name
        case .description: .description
        case .data(let key): .data(key)
        }
    }

    /// The index that covers the field, if any.
    public var indexedField: IndexedField? {
        switch self {
        case .account: .account
        case .action: .action
        case .actor: .actor
        default: nil
        }
    }

    /// Resolves a field name or throws an error with the closest known name.
    static func resolve(_ name: String, at range: SourceRange) throws(QueryError) -> QueryField {
        if let field = QueryField(name: name) { return field }
        throw .unknownField(name, suggestion: suggestion(for: name), at: range)
    }

    /// The known field name closest to `name` (which is not one), if any is close.
    static func suggestion(for name: String) -> String? {
        let prefix = EventField.dataPrefix
        var suggestion = Suggestion.closest(to: name, in: named.map(\.description))
        if name == SchemaField.data.rawValue || name == prefix { suggestion = prefix + "KEY" }
        if name.lowercased().hasPrefix(prefix) { suggestion = prefix + name.dropFirst(prefix.count) }
        if let s = suggestion, s == name { suggestion = nil }
        return suggestion
    }
}

extension QueryField {
    /// The names of the days of the week, Monday first.
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    /// The days' full names, in the same order (`weekday=monday` means `weekday=mon`).
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// `00` … `23`.
    static let hours = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }

    /// The hour (`00`–`23`) of an instant in UTC.
    static func hourIndex(_ seconds: Int64) -> Int {
        Int((seconds - Timestamp.floorDiv(seconds, 86_400) * 86_400) / 3600)
    }

    /// The day of the week (0 = Monday) of an instant in UTC; 1970-01-01 was a Thursday.
    static func weekdayIndex(_ seconds: Int64) -> Int {
        let days = Timestamp.floorDiv(seconds, 86_400) + 3
        return Int(days - Timestamp.floorDiv(days, 7) * 7)
    }

    /// The field's text in an event (`nil` when the event lacks it).
    public func text(of event: AuditEvent) -> String? {
        switch self {
        case .time: event.timestamp.description
        case .account: event.account
        case .action: event.action
        case .actor: event.actor
        case .name: event.name
        case .description: event.actionDescription
        case .data(let key): event.dataValue(key)
        case .hour: Self.hours[Self.hourIndex(event.timestamp.seconds)]
        case .weekday: Self.weekdays[Self.weekdayIndex(event.timestamp.seconds)]
        }
    }
}

/// "Did you mean …?": the closest name by edit distance, when it is close enough to help.
/// The project's one edit distance (query fields, stages, columns and saved-query names).
public enum Suggestion {
    /// The candidate closest to `name` (case-insensitive), if within a third or so of its length.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        guard target.count <= 64 else { return nil }
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased()))
            if d <= max(1, min(3, candidate.count / 2)), best.map({ d < $0.1 }) ?? true { best = (candidate, d) }
        }
        return best?.0
    }

    /// Up to `limit` candidates near `value`, nearest first: those that contain it or that it
    /// contains, at least half as long (`org.team.member.add` and `team.member.add`), and those
    /// within a small edit distance. For "did you mean" over the values an index holds.
    public static func nearest(to value: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = value.lowercased()
        guard !target.isEmpty, target.count <= 256 else { return [] }
        let letters = Array(target)
        var scored: [(String, Int)] = []
        for candidate in candidates {
            let lower = candidate.lowercased()
            let shorter = min(lower.count, target.count), longer = max(lower.count, target.count)
            if lower.count >= 3, shorter * 2 >= longer, target.contains(lower) || lower.contains(target) {
                scored.append((candidate, abs(lower.count - target.count)))
                continue
            }
            guard abs(lower.count - target.count) <= 3 else { continue }
            let d = distance(letters, Array(lower))
            if d <= max(1, min(3, target.count / 3)) { scored.append((candidate, d)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.prefix(limit).map(\.0)
    }

    /// Levenshtein distance, with adjacent transpositions counting one.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
