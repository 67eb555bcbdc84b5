import AuditModel

/// A time as a query writes it, resolved against "now" when the query runs.
public enum TimeValue: Hashable, Sendable, CustomStringConvertible {
    /// An RFC 3339 timestamp or a date (midnight UTC).
    case absolute(Timestamp)
    /// `now`.
    case now
    /// `today`: 00:00 UTC of now's day.
    case today
    /// An offset before now, in seconds: `-30d` is `.ago(2_592_000)`.
    case ago(Int64)
    /// An offset before now in calendar months (`-1mo`, and `-1y` as 12): the same day of the
    /// month and time of day, the day clamped to the month's length (`-1mo` from 31 March is
    /// 28 or 29 February).
    case monthsAgo(Int64)

    /// The instant, given the instant "now" stands for.
    public func resolve(now: Timestamp) -> Timestamp {
        switch self {
        case .absolute(let t): return t
        case .now: return now
        case .today: return Timestamp(seconds: Timestamp.floorDiv(now.seconds, 86_400) * 86_400)
        case .ago(let seconds):
            let s = now.seconds.subtractingReportingOverflow(seconds)
            return Timestamp(seconds: s.overflow ? Timestamp.minimumSeconds : max(Timestamp.minimumSeconds, s.partialValue),
                             nanoseconds: now.nanoseconds)
        case .monthsAgo(let months):
            let days = Timestamp.floorDiv(now.seconds, 86_400)
            let timeOfDay = now.seconds - days * 86_400
            let (year, month, day) = Timestamp.civilFromDays(days)
            let index = year * 12 + Int64(month - 1) - months
            let y = Timestamp.floorDiv(index, 12)
            let m = Int(index - y * 12) + 1
            let nextMonth = m == 12 ? Timestamp.daysFromCivil(year: y + 1, month: 1, day: 1) : Timestamp.daysFromCivil(year: y, month: m + 1, day: 1)
            let length = Int(nextMonth - Timestamp.daysFromCivil(year: y, month: m, day: 1))
            let seconds = Timestamp.daysFromCivil(year: y, month: m, day: min(day, length)) * 86_400 + timeOfDay
            return Timestamp(seconds: max(Timestamp.minimumSeconds, seconds), nanoseconds: now.nanoseconds)
        }
    }

    public var description: String {
        switch self {
        case .absolute(let t): t.description
        case .now: "now"
        case .today: "today"
        case .ago(let s): "-\(s)s"
        case .monthsAgo(let m): "-\(m)mo"
        }
    }

    /// Parses a time value or throws a positioned error saying what is expected.
    public static func parse(_ value: QueryValue) throws(QueryError) -> TimeValue {
        let text = value.text
        switch text.lowercased() {
        case "now": return .now
        case "today": return .today
        default: break
        }
        if text.hasPrefix("-") || text.hasPrefix("+") {
            guard text.hasPrefix("-") else {
                throw .badDuration(text, reason: "offsets count back from now and start with '-', e.g. -30d", at: value.range)
            }
            let (amount, unit) = try splitDuration(String(text.dropFirst()), original: text, at: value.range)
            let seconds: Int64
            switch unit {
            case "s": seconds = 1
            case "m": seconds = 60
            case "h": seconds = 3600
            case "d": seconds = 86_400
            case "w": seconds = 604_800
            case "mo", "y":
                let months = unit == "y" ? amount * 12 : amount
                guard months <= 12 * 10_000 else { throw .badDuration(text, reason: "too long", at: value.range) }
                return .monthsAgo(months)
            default:
                throw .badDuration(text, reason: "unknown unit '\(unit)'; use s, m, h, d, w, mo or y (e.g. -30d, -1mo)", at: value.range)
            }
            let total = amount.multipliedReportingOverflow(by: seconds)
            guard !total.overflow, total.partialValue <= 400 * 366 * 86_400 * 25 else {
                throw .badDuration(text, reason: "too long", at: value.range)
            }
            return .ago(total.partialValue)
        }
        do {
            return .absolute(try Timestamp(dateOrRFC3339: text))
        } catch {
            throw .badTime(text, reason: "\(error)", at: value.range)
        }
    }

    /// Splits `30d` into 30 and "d"; throws when there is no number or no unit.
    static func splitDuration(_ body: String, original: String, at range: SourceRange) throws(QueryError) -> (Int64, String) {
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        let unit = String(body.dropFirst(digits.count))
        guard !digits.isEmpty else {
            throw .badDuration(original, reason: "expected a number then a unit, e.g. 30d", at: range)
        }
        guard let amount = Int64(digits), amount <= 1_000_000_000 else {
            throw .badDuration(original, reason: "the number is too large", at: range)
        }
        guard !unit.isEmpty else {
            throw .badDuration(original, reason: "missing unit after \(digits); use s, m, h, d, w, mo or y", at: range)
        }
        return (amount, unit)
    }
}
