/// A field of an audit event as a query and the store's columns name it: `account`, `action`,
/// `actor`, `name`, `description` (the Hub's `action_description`) or `data.KEY`.
public enum EventField: Hashable, Sendable, CustomStringConvertible {
    /// The organisation.
    case account
    /// The action.
    case action
    /// The user who triggered the event.
    case actor
    /// The repository, organisation or member the event is about.
    case name
    /// The Hub's sentence about the event (`action_description`).
    case description
    /// A key of the event's `data` map.
    case data(String)

    /// The fields without a key, in the order a table of events shows them.
    public static let named: [EventField] = [.account, .action, .actor, .name, .description]

    /// The prefix of a `data` key's field name.
    public static let dataPrefix = "data."

    /// The field's name: the schema's key, except `description` and `data.KEY`.
    public var description: String {
        switch self {
        case .account: SchemaField.account.rawValue
        case .action: SchemaField.action.rawValue
        case .actor: SchemaField.actor.rawValue
        case .name: SchemaField.name.rawValue
        case .description: "description"
        case .data(let key): Self.dataPrefix + key
        }
    }

    /// The key of the Hub's JSON object that holds the field (`data` for every data key).
    public var schemaField: SchemaField {
        switch self {
        case .account: .account
        case .action: .action
        case .actor: .actor
        case .name: .name
        case .description: .actionDescription
        case .data: .data
        }
    }

    /// Parses a field name (`data.KEY` with a non-empty key); `nil` when it is not one.
    public init?(name: String) {
        if let field = Self.named.first(where: { $0.description == name }) {
            self = field
        } else if name.hasPrefix(Self.dataPrefix), name.utf8.count > Self.dataPrefix.utf8.count {
            self = .data(String(name.dropFirst(Self.dataPrefix.count)))
        } else {
            return nil
        }
    }
}
