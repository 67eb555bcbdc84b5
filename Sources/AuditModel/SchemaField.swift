/// The keys of the Hub's `AuditLog` object, in the order the canonical encoding writes them: the
/// one list of them that the decoder, the canonical JSON, the query output and the generator use.
public enum SchemaField: String, CaseIterable, Sendable {
    /// The namespace (organisation).
    case account
    /// `GROUP.NAME`, e.g. `repo.tag.push`.
    case action
    /// The repository, organisation or member the event is about (optional).
    case name
    /// The user who triggered the event.
    case actor
    /// The action's parameters, an object of strings (optional).
    case data
    /// When the event happened, RFC 3339.
    case timestamp
    /// The Hub's human-readable sentence (optional).
    case actionDescription = "action_description"

    /// The key as JSON writes it after the object's opening brace: `{"account":`.
    public var firstMember: [UInt8] { Array("{\"\(rawValue)\":".utf8) }
    /// The key as JSON writes it after another member: `,"action":`.
    public var member: [UInt8] { Array(",\"\(rawValue)\":".utf8) }
}
