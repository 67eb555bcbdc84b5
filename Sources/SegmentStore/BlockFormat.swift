import AuditModel

/// The block format, declared once: the format versions, the names of a block's columns, the
/// per-event flag bits, and which columns each event field is stored in.
///
/// The encoder writes what this says, the reader and the query engine's byte accounting read it;
/// none of them spells a column name or a flag bit of its own. Changing a value here changes the
/// bytes on disk: existing stores must keep reading (see `FormatVersionTests`).
public enum BlockFormat {
    /// The format version this build writes, and the newest it reads. Version 2 blocks may hold
    /// sequence numbers with gaps (main and side blocks, see ``BlockSplitter``) and code them as
    /// gaps; version 1 blocks hold adjacent ones, coded as offsets.
    public static let currentVersion: UInt16 = 2
    /// The first version whose `seq` column codes each sequence number as the gap from the
    /// previous event's; version 1 coded it as the offset from the event's position.
    public static let gapCodedSequenceVersion: UInt16 = 2

    /// The bits of the `flags` column: one byte per event saying which optional fields it has.
    public enum Flag {
        /// The event has a `name`.
        public static let name: UInt8 = 1
        /// The event has a `data` map.
        public static let data: UInt8 = 2
        /// The event has an `action_description`.
        public static let description: UInt8 = 4
        /// The description is stored as it is, not as a template rendered from other fields.
        public static let literalDescription: UInt8 = 8
        /// The event has fields outside the Hub's schema.
        public static let extras: UInt8 = 16
    }

    /// Column names of the columns that are not string columns.
    public enum Column {
        /// Event times: whole seconds, each as the gap from the previous event's.
        public static let time = "time"
        /// One ``Flag`` byte per event.
        public static let flags = "flags"
        /// Sub-second parts of event times; absent when all are zero.
        public static let nanos = "nanos"
        /// Sequence numbers; absent when they ascend with the block order.
        public static let seq = "seq"
    }

    /// The separator between a string column's label and its part (`actor/d`, `actor/i`).
    static let partSeparator = UInt8(ascii: "/")

    /// The label of the column a directory entry belongs to: the name before `/` for a string
    /// column's part, the whole name otherwise.
    public static func label(ofColumn name: String) -> Substring {
        let utf8 = name.utf8
        guard let slash = utf8.firstIndex(of: partSeparator) else { return Substring(name) }
        return Substring(utf8[..<slash])
    }

    /// The labels of the columns that hold `field` (what a query reads to get it), or `nil` when
    /// it is built from every column (a description is a template rendered from other fields).
    public static func columns(of field: EventField) -> [String]? {
        switch field {
        case .account: [StringColumn.account.label]
        case .action: [StringColumn.action.label]
        case .actor: [StringColumn.actor.label]
        case .name: [StringColumn.name.label, Column.flags]
        case .data(let key): [StringColumn.data(key).label, StringColumn.dataKeys.label, Column.flags, StringColumn.action.label]
        case .description: nil
        }
    }
}

/// A dictionary-coded string column of a block, stored as two columns: `LABEL/d` (the distinct
/// values) and `LABEL/i` (an id per event that has the field).
public struct StringColumn: Hashable, Sendable {
    /// The column's label, e.g. `actor` or `data:tag`.
    public let label: String

    private init(label: String) { self.label = label }

    /// The organisation.
    public static let account = StringColumn(label: "account")
    /// The action.
    public static let action = StringColumn(label: "action")
    /// The actor.
    public static let actor = StringColumn(label: "actor")
    /// The name, for the events that have one.
    public static let name = StringColumn(label: "name")
    /// The shape (netstring list of keys) of each `data` map, coded by action.
    public static let dataKeys = StringColumn(label: "data.keys")
    /// Descriptions, as templates or literally (``BlockFormat/Flag/literalDescription``), coded by action.
    public static let description = StringColumn(label: "desc")
    /// The fields outside the schema, as one canonical JSON object per event that has any.
    public static let extras = StringColumn(label: "extras")

    /// The values of one `data` key, for the events whose map has it.
    public static func data(_ key: String) -> StringColumn { StringColumn(label: "data:" + key) }

    /// The column of an indexed field (`account`, `action`, `actor`).
    public init(_ field: IndexedField) {
        switch field {
        case .account: self = .account
        case .action: self = .action
        case .actor: self = .actor
        }
    }

    /// The column of a field every event has (`account`, `action`, `actor`): one id per event;
    /// `nil` for the others, which are stored sparsely (see ``BlockFormat/columns(of:)``).
    public init?(dense field: EventField) {
        switch field {
        case .account: self = .account
        case .action: self = .action
        case .actor: self = .actor
        default: return nil
        }
    }

    /// The name of the dictionary part.
    public var dictionaryName: String { label + "/d" }
    /// The name of the ids part.
    public var idsName: String { label + "/i" }
}
