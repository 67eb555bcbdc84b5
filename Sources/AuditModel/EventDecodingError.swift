/// Why one line of NDJSON is not a valid audit event.
///
/// The importer prefixes these with `FILE:LINE:`, so each message names the field and the fault
/// in words a user can act on.
public enum EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line is not well-formed JSON; the column is 1-based, in bytes.
    case invalidJSON(column: Int, reason: String)
    /// The line is JSON but not an object.
    case notAnObject
    /// A required field is absent.
    case missingField(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String)
    /// The timestamp field does not parse.
    case badTimestamp(String, TimestampError)
    /// A key appears twice in one object.
    case duplicateKey(String)

    public var description: String {
        switch self {
        case .invalidJSON(let column, let reason): "invalid JSON at column \(column): \(reason)"
        case .notAnObject: "an audit event must be a JSON object"
        case .missingField(let field): "missing required field '\(field)'"
        case .wrongType(let field, let expected): "field '\(field)' must be \(expected)"
        case .badTimestamp(let text, let error): "field 'timestamp': \(error): \"\(text)\""
        case .duplicateKey(let key): "duplicate key '\(key)'"
        }
    }
}
