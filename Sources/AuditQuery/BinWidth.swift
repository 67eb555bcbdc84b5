import AuditModel

/// The width of a `bin(time, D)` group key: fixed units aligned to the Unix epoch (weeks to
/// Mondays), or calendar months and years in UTC.
public struct BinWidth: Hashable, Sendable, CustomStringConvertible {
    /// The unit of a bin width.
    public enum Unit: String, Hashable, Sendable {
        /// `s m h d w` are fixed lengths; `mo` and `y` calendar months and years (UTC).
        case second = "s", minute = "m", hour = "h", day = "d", week = "w", month = "mo", year = "y"
    }

    /// How many units (at least 1).
    public var count: Int64
    /// The unit.
    public var unit: Unit

    /// Creates a bin width.
    public init(count: Int64, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// The fixed length in seconds, or `nil` for months and years.
    public var fixedSeconds: Int64? {
        switch unit {
        case .second: count
        case .minute: count * 60
        case .hour: count * 3600
        case .day: count * 86_400
        case .week: count * 604_800
        case .month, .year: nil
        }
    }

    /// Parses `1d`, `15m`, `1mo`, `1y`.
    static func parse(_ value: QueryValue) throws(QueryError) -> BinWidth {
        let (amount, unitText) = try TimeValue.splitDuration(value.text, original: value.text, at: value.range)
        guard let unit = Unit(rawValue: unitText) else {
            throw .badDuration(value.text, reason: "unknown unit '\(unitText)'; use s, m, h, d, w, mo or y (e.g. 1d, 1mo)", at: value.range)
        }
        guard amount >= 1 else { throw .badDuration(value.text, reason: "a bin must be at least 1\(unitText) wide", at: value.range) }
        let width = BinWidth(count: amount, unit: unit)
        if let s = width.fixedSeconds, s > 400 * 366 * 86_400 {
            throw .badDuration(value.text, reason: "too wide", at: value.range)
        }
        if width.fixedSeconds == nil, amount > 12 * 10_000 {
            throw .badDuration(value.text, reason: "too wide", at: value.range)
        }
        return width
    }

    /// Where fixed bins are aligned: the Unix epoch, except for weeks, which start on Mondays
    /// (ISO 8601) at 00:00 UTC: 1970-01-05, the first Monday after the epoch (a Thursday).
    public var origin: Int64 { unit == .week ? 4 * 86_400 : 0 }

    /// The start (Unix seconds) of the bin holding `seconds`.
    public func start(of seconds: Int64) -> Int64 {
        if let width = fixedSeconds { return Timestamp.floorDiv(seconds - origin, width) * width + origin }
        let days = Timestamp.floorDiv(seconds, 86_400)
        let (year, month, _) = Timestamp.civilFromDays(days)
        let months = unit == .year ? count * 12 : count
        let index = year * 12 + Int64(month - 1)
        let binIndex = Timestamp.floorDiv(index - 1970 * 12, months) * months + 1970 * 12
        let y = Timestamp.floorDiv(binIndex, 12)
        let m = Int(binIndex - y * 12) + 1
        return Timestamp.daysFromCivil(year: y, month: m, day: 1) * 86_400
    }

    /// The start of the bin after the one starting at `start`.
    public func next(after start: Int64) -> Int64 {
        if let width = fixedSeconds { return start + width }
        let (year, month, _) = Timestamp.civilFromDays(Timestamp.floorDiv(start, 86_400))
        let months = unit == .year ? count * 12 : count
        let index = year * 12 + Int64(month - 1) + months
        let y = Timestamp.floorDiv(index, 12)
        let m = Int(index - y * 12) + 1
        return Timestamp.daysFromCivil(year: y, month: m, day: 1) * 86_400
    }
}
