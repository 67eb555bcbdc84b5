import AuditModel

/// A JSON object built member by member for command output (stable key order, as inserted).
///
/// Strings are escaped by ``CanonicalJSON/appendDisplaySafeString(_:to:)``, the project's one
/// JSON escaper, in its display-safe form: every control character, DEL and bidirectional mark
/// as a `\u` escape, so the output stays valid JSON and shows nothing hidden on a terminal.
public struct JSONObject: Sendable {
    private var members: [(String, String)] = []

    /// An empty object.
    public init() {}

    /// Adds a string member.
    public mutating func add(_ key: String, _ value: String) { members.append((key, Self.quote(value))) }
    /// Adds an integer member.
    public mutating func add(_ key: String, _ value: Int) { members.append((key, String(value))) }
    /// Adds an integer member.
    public mutating func add(_ key: String, _ value: Int64) { members.append((key, String(value))) }
    /// Adds an integer member.
    public mutating func add(_ key: String, _ value: UInt64) { members.append((key, String(value))) }
    /// Adds a number member (`null` when not finite, which JSON cannot hold).
    public mutating func add(_ key: String, _ value: Double) { members.append((key, value.isFinite ? String(value) : "null")) }
    /// Adds a boolean member.
    public mutating func add(_ key: String, _ value: Bool) { members.append((key, value ? "true" : "false")) }
    /// Adds a string member, or `null` when `value` is `nil`.
    public mutating func add(_ key: String, _ value: String?) { members.append((key, value.map(Self.quote) ?? "null")) }
    /// Adds an array of objects.
    public mutating func add(_ key: String, _ objects: [JSONObject]) {
        members.append((key, "[" + objects.map(\.text).joined(separator: ",") + "]"))
    }
    /// Adds a `null` member.
    public mutating func addNull(_ key: String) { members.append((key, "null")) }

    /// The object as one line of JSON.
    public var text: String { "{" + members.map { Self.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}" }

    /// A JSON string literal for `s`, display-safe.
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        CanonicalJSON.appendDisplaySafeString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
