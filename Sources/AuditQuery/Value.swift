import AuditModel

/// One cell of a result row.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    /// No value (an event lacking the field; `min` of nothing).
    case null
    /// A count.
    case int(Int)
    /// Text.
    case string(String)
    /// An instant (a bin start, `min(time)`).
    case time(Timestamp)

    /// The value as a table or CSV cell shows it (empty for null).
    public var description: String {
        switch self {
        case .null: ""
        case .int(let n): String(n)
        case .string(let s): s
        case .time(let t): t.description
        }
    }

    /// Orders values: null first, then numbers, times chronologically, text by byte order.
    public static func ascending(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.time(let x), .time(let y)): return x < y
        default: return a.rank < b.rank
        }
    }

    /// Ascending order for a column of days of the week: calendar order, Monday first (`mon`
    /// before `tue` … `sun`), where byte order would put `fri` first; other values as ``ascending(_:_:)``.
    public static func ascendingWeekdays(_ a: Value, _ b: Value) -> Bool {
        if case .string(let x) = a, case .string(let y) = b,
           let i = QueryField.weekdays.firstIndex(of: x), let j = QueryField.weekdays.firstIndex(of: y) {
            return i < j
        }
        return ascending(a, b)
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .int: 1
        case .time: 2
        case .string: 3
        }
    }
}
