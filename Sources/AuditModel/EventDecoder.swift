/// Decodes one NDJSON line into an ``AuditEvent``, validating it as the store requires.
///
/// Required: `account`, `action`, `actor` (strings) and `timestamp` (RFC 3339). Optional: `name`,
/// `action_description` (strings), `data` (an object of strings); `null` counts as absent for
/// them. Any other field is kept in ``AuditEvent/extras`` as canonical JSON.
public enum EventDecoder {
    static let knownFields = SchemaField.allCases
    static let knownKeys: [[UInt8]] = knownFields.map { Array($0.rawValue.utf8) }

    /// The previous event's values of the fields that repeat most, so that decoding a stream
    /// can reuse their strings instead of building new ones.
    public struct Cache: Sendable {
        var account: String?
        var action: String?
        var actor: String?
        var name: String?

        /// An empty cache.
        public init() {}
    }

    /// Decodes one line (without its newline; a trailing `\r` and spaces are allowed).
    public static func decode(_ line: UnsafeRawBufferPointer) throws(EventDecodingError) -> AuditEvent {
        var cache = Cache()
        return try decode(line, cache: &cache)
    }

    /// Decodes one line of a stream, reusing strings equal to the previous line's.
    public static func decode(_ line: UnsafeRawBufferPointer, cache: inout Cache) throws(EventDecodingError) -> AuditEvent {
        var s = JSONScanner(line)
        guard s.peek() == UInt8(ascii: "{") else {
            if s.peek() == 0 { throw EventDecodingError.invalidJSON(column: 1, reason: "empty line") }
            if s.peek() == UInt8(ascii: "[") || s.peek() == UInt8(ascii: "\"") { throw EventDecodingError.notAnObject }
            throw s.fail("expected '{'")
        }
        s.index += 1
        var account: String?
        var action: String?
        var name: String?
        var actor: String?
        var data: [DataField]?
        var timestamp: Timestamp?
        var description: String?
        var extras: [ExtraField] = []
        var seen: UInt8 = 0
        func mark(_ index: Int, _ key: String) throws(EventDecodingError) {
            let bit: UInt8 = 1 << index
            if seen & bit != 0 { throw EventDecodingError.duplicateKey(key) }
            seen |= bit
        }
        if s.peek() == UInt8(ascii: "}") {
            s.index += 1
        } else {
            while true {
                let (known, unknownKey) = try s.readKey(Self.knownKeys)
                try s.expect(UInt8(ascii: ":"), "':' after a key")
                let field = known.map { Self.knownFields[$0] }
                let key = field?.rawValue ?? unknownKey ?? ""
                if let known { try mark(known, key) }
                switch field {
                case .account:
                    account = try requiredString(&s, key, reusing: cache.account)
                    cache.account = account
                case .action:
                    action = try requiredString(&s, key, reusing: cache.action)
                    cache.action = action
                case .name:
                    name = try optionalString(&s, key, reusing: cache.name)
                    if name != nil { cache.name = name }
                case .actor:
                    actor = try requiredString(&s, key, reusing: cache.actor)
                    cache.actor = actor
                case .data:
                    data = try dataObject(&s)
                case .timestamp:
                    let text = try requiredString(&s, key)
                    let result = text.withUTF8Bytes { Timestamp.parse(UnsafeRawBufferPointer($0)) }
                    switch result {
                    case .success(let t): timestamp = t
                    case .failure(let e): throw EventDecodingError.badTimestamp(text, e)
                    }
                case .actionDescription:
                    description = try optionalString(&s, key)
                case nil:
                    var value: [UInt8] = []
                    try s.readCanonicalValue(into: &value)
                    if extras.contains(where: { $0.key == key }) { throw EventDecodingError.duplicateKey(key) }
                    extras.append(ExtraField(key: key, json: String(decoding: value, as: UTF8.self)))
                }
                let next = s.peek()
                s.index += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else {
                    s.index -= 1
                    throw s.fail(next == 0 ? "unexpected end of line, expected ',' or '}'" : "expected ',' or '}'")
                }
            }
        }
        s.skipWhitespace()
        guard s.atEnd else { throw s.fail("unexpected text after the event object") }
        guard let account else { throw EventDecodingError.missingField(SchemaField.account.rawValue) }
        guard let action else { throw EventDecodingError.missingField(SchemaField.action.rawValue) }
        guard let actor else { throw EventDecodingError.missingField(SchemaField.actor.rawValue) }
        guard let timestamp else { throw EventDecodingError.missingField(SchemaField.timestamp.rawValue) }
        return AuditEvent(
            account: account, action: action, name: name, actor: actor, data: data,
            timestamp: timestamp, actionDescription: description, extras: extras
        )
    }

    /// Decodes one line given as a string.
    public static func decode(_ line: String) throws(EventDecodingError) -> AuditEvent {
        let result = line.withUTF8Bytes { bytes in
            Result { () throws(EventDecodingError) -> AuditEvent in try decode(UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()
    }

    private static func requiredString(_ s: inout JSONScanner, _ key: String, reusing previous: String? = nil) throws(EventDecodingError) -> String {
        guard s.peek() == UInt8(ascii: "\"") else { throw EventDecodingError.wrongType(field: key, expected: "a string") }
        return try s.readString(reusing: previous)
    }

    private static func optionalString(_ s: inout JSONScanner, _ key: String, reusing previous: String? = nil) throws(EventDecodingError) -> String? {
        if s.readNullIfPresent() { return nil }
        return try requiredString(&s, key, reusing: previous)
    }

    private static func dataObject(_ s: inout JSONScanner) throws(EventDecodingError) -> [DataField]? {
        if s.readNullIfPresent() { return nil }
        guard s.peek() == UInt8(ascii: "{") else {
            throw EventDecodingError.wrongType(field: SchemaField.data.rawValue, expected: "an object of strings")
        }
        s.index += 1
        var fields: [DataField] = []
        if s.peek() == UInt8(ascii: "}") {
            s.index += 1
            return fields
        }
        while true {
            let key = try s.readString()
            try s.expect(UInt8(ascii: ":"), "':' after a key")
            guard s.peek() == UInt8(ascii: "\"") else {
                throw EventDecodingError.wrongType(field: EventField.data(key).description, expected: "a string")
            }
            let value = try s.readString()
            if fields.contains(where: { $0.key == key }) { throw EventDecodingError.duplicateKey(EventField.data(key).description) }
            fields.append(DataField(key: key, value: value))
            let next = s.peek()
            s.index += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else {
                s.index -= 1
                throw s.fail("expected ',' or '}' in 'data'")
            }
        }
        return fields
    }
}
