import AuditModel

/// A test on an event's time: a comparison with one instant, or membership in a list.
public struct TimeMatcher: Sendable, Hashable {
    /// `=`, `<`, `<=`, `>`, `>=` (`in` is `=` with several instants).
    public var op: ComparisonOperator
    /// The instants (one, except for `in`).
    public var bounds: [Timestamp]
    /// Negates the result (`!=`, `not in`).
    public var negated: Bool

    /// Whether the instant (seconds, nanoseconds) matches.
    @inline(__always)
    public func matches(_ s: Int64, _ ns: Int32) -> Bool {
        negated != test(Timestamp(seconds: s, nanoseconds: ns))
    }

    private func test(_ t: Timestamp) -> Bool {
        switch op {
        case .less: return t < bounds[0]
        case .lessOrEqual: return !(bounds[0] < t)
        case .greater: return bounds[0] < t
        case .greaterOrEqual: return !(t < bounds[0])
        default: return bounds.contains(t)
        }
    }

    /// Whether every instant in `[minSeconds, maxSeconds + 1)` matches (the block needs no time column).
    public func matchesAll(minSeconds: Int64, maxSeconds: Int64) -> Bool {
        if negated {
            let positive = TimeMatcher(op: op, bounds: bounds, negated: false)
            return !positive.mayMatch(minSeconds: minSeconds, maxSeconds: maxSeconds)
        }
        let lo = Timestamp(seconds: minSeconds), hiExclusive = Timestamp(seconds: maxSeconds + 1)
        switch op {
        case .greaterOrEqual: return !(lo < bounds[0])
        case .greater: return bounds[0] < lo
        case .less, .lessOrEqual: return !(bounds[0] < hiExclusive)
        default: return false
        }
    }

    /// Whether some instant in `[minSeconds, maxSeconds + 1)` can match (for block pruning).
    public func mayMatch(minSeconds: Int64, maxSeconds: Int64) -> Bool {
        if negated { return true }
        let lo = Timestamp(seconds: minSeconds), hiExclusive = Timestamp(seconds: maxSeconds + 1)
        switch op {
        case .less, .lessOrEqual: return lo < bounds[0] || (op == .lessOrEqual && lo == bounds[0])
        case .greater, .greaterOrEqual: return bounds[0] < hiExclusive
        default: return bounds.contains { !($0 < lo) && $0 < hiExclusive }
        }
    }
}
