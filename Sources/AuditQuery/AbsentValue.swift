import SegmentStore

/// A value a query compares an indexed field with that no stored event has: `action=org.team.member.add`
/// where events say `team.member.add`. The query's answer is right (nothing matches) but is most
/// likely not what was meant, so it is reported beside the answer.
public struct AbsentValue: Sendable, Hashable, CustomStringConvertible {
    /// The indexed field.
    public var field: IndexedField
    /// The value (or, when ``isPrefix``, the prefix) as written.
    public var value: String
    /// Whether the query used it as a prefix (`action=team.*`).
    public var isPrefix: Bool
    /// The nearest values the index holds, nearest first (at most three).
    public var nearest: [String]

    /// Creates a report.
    public init(field: IndexedField, value: String, isPrefix: Bool, nearest: [String]) {
        self.field = field
        self.value = value
        self.isPrefix = isPrefix
        self.nearest = nearest
    }

    /// The line the CLI prints: `no stored event has action 'x' (did you mean 'y'?)`.
    public var description: String {
        let what = isPrefix ? "an \(field) starting with '\(value)'" : "\(field) '\(value)'"
        let hint = nearest.isEmpty ? "" : " (did you mean \(nearest.map { "'\($0)'" }.joined(separator: " or "))?)"
        return "no stored event has \(what)\(hint)"
    }
}
