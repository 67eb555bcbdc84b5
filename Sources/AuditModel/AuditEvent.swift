/// One Docker Hub audit event: the `AuditLog` object of `GET /v2/auditlogs/{account}`.
///
/// The Hub's schema names seven fields; an event may carry more (the Hub adds fields over time),
/// and those are kept in ``extras`` so that an archive never drops what the source said.
/// Optional fields stay distinguishable from empty ones, so an event round-trips exactly.
public struct AuditEvent: Hashable, Sendable {
    /// The namespace (organisation) the event belongs to.
    public var account: String
    /// `GROUP.NAME`, e.g. `repo.tag.push`; an open set, never validated against a list.
    public var action: String
    /// The repository, organisation or team member the event is about, when the Hub names one.
    public var name: String?
    /// The user who triggered the event.
    public var actor: String
    /// The action's parameters (`tag`, `digest`, `privacy`, …), sorted by key; `nil` when absent.
    public var data: [DataField]?
    /// When the event happened.
    public var timestamp: Timestamp
    /// The Hub's human-readable sentence, e.g. "pushed the tag latest with the digest …".
    public var actionDescription: String?
    /// Fields the schema does not know, sorted by key, each with its canonical JSON value.
    public var extras: [ExtraField]

    /// Creates an event; `data` and `extras` are sorted by key so equal events compare equal.
    public init(
        account: String, action: String, name: String?, actor: String, data: [DataField]?,
        timestamp: Timestamp, actionDescription: String?, extras: [ExtraField] = []
    ) {
        self.account = account
        self.action = action
        self.name = name
        self.actor = actor
        self.data = data.map { $0.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
        self.timestamp = timestamp
        self.actionDescription = actionDescription
        self.extras = extras.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// The value of a `data` key, or `nil` when the event has no such key.
    public func dataValue(_ key: String) -> String? {
        data?.first { $0.key == key }?.value
    }

    /// The field names of the Hub's schema, in the order the canonical encoding writes them.
    public static let schemaFields = SchemaField.allCases.map(\.rawValue)
}

/// One entry of an event's `data` map; the Hub's schema allows string values only.
public struct DataField: Hashable, Sendable {
    /// The key, e.g. `tag`.
    public var key: String
    /// The value, e.g. `latest`.
    public var value: String

    /// Creates a `data` entry.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A field outside the Hub's schema, kept as canonical JSON so it is exported again unchanged.
public struct ExtraField: Hashable, Sendable {
    /// The field's name.
    public var key: String
    /// The field's value as canonical JSON text (sorted object keys, no insignificant spaces).
    public var json: String

    /// Creates an extra field from its name and canonical JSON value.
    public init(key: String, json: String) {
        self.key = key
        self.json = json
    }
}

extension ExtraField {
    /// Splits a canonical JSON object (`{"k":v,…}`) into its members, each kept as canonical JSON.
    ///
    /// The store keeps an event's unknown fields as one such object; this turns it back into
    /// fields. Throws when the text is not a JSON object.
    public static func members(ofObject json: String) throws(EventDecodingError) -> [ExtraField] {
        let result = json.withUTF8Bytes { bytes in
            Result { () throws(EventDecodingError) -> [ExtraField] in
                var s = JSONScanner(UnsafeRawBufferPointer(bytes))
                try s.expect(UInt8(ascii: "{"), "'{'")
                var fields: [ExtraField] = []
                if s.peek() == UInt8(ascii: "}") { return fields }
                while true {
                    let key = try s.readString()
                    try s.expect(UInt8(ascii: ":"), "':'")
                    var value: [UInt8] = []
                    try s.readCanonicalValue(into: &value)
                    fields.append(ExtraField(key: key, json: String(decoding: value, as: UTF8.self)))
                    let next = s.peek()
                    s.index += 1
                    if next == UInt8(ascii: "}") { return fields }
                    guard next == UInt8(ascii: ",") else { throw s.fail("expected ',' or '}'") }
                }
            }
        }
        return try result.get()
    }

    /// The canonical JSON object holding these fields (assumed sorted by key, as events keep them).
    public static func object(_ fields: [ExtraField]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (n, field) in fields.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: field.json.utf8)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
