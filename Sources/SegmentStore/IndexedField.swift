import AuditModel

/// The event fields the store indexes per block, so that a query reads only the blocks that
/// can match.
public enum IndexedField: Int, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    /// The organisation.
    case account = 1
    /// The action, e.g. `repo.tag.push`.
    case action = 2
    /// The user who triggered the event.
    case actor = 3

    public var description: String {
        switch self {
        case .account: EventField.account.description
        case .action: EventField.action.description
        case .actor: EventField.actor.description
        }
    }
}

/// One value of an indexed field that occurs in a block, with how many of its events carry it.
public struct IndexTerm: Hashable, Sendable {
    /// Which field.
    public var field: IndexedField
    /// The field's value.
    public var value: String
    /// Events in the block with this value.
    public var count: Int

    /// Creates an index term.
    public init(field: IndexedField, value: String, count: Int) {
        self.field = field
        self.value = value
        self.count = count
    }
}
