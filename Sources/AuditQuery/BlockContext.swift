import AuditModel
import SegmentStore

/// One block as the evaluator reads it: its columns, decoded on demand, and a record of which
/// columns were inflated (for `--stats`).
final class BlockContext {
    let info: BlockInfo
    let columns: BlockColumns
    private var labels = Set<Substring>()
    private var everything = false

    init(info: BlockInfo, reader: BlockReader) {
        self.info = info
        columns = BlockColumns(reader: reader)
    }

    var count: Int { columns.count }

    func strings(_ field: EventField) throws(BlockFormatError) -> StringVector {
        switch field {
        case .account, .action, .actor: labels.insert(Substring(field.description))
        case .name: labels.formUnion(["name", "flags"])
        case .data(let key): labels.formUnion([Substring("data:" + key), "data.keys", "flags", "action"])
        case .description: everything = true
        }
        return try columns.strings(field)
    }

    /// Each event's id and, per id, whether the value is one of `values` (`account`, `action`,
    /// `actor` only; `nil` otherwise): an equality test without building the dictionary.
    func ids(_ field: EventField, matchingAnyOf values: Set<String>) throws(BlockFormatError) -> (ids: [UInt32], matches: [Bool])? {
        guard let result = try columns.ids(field, matchingAnyOf: values) else { return nil }
        labels.insert(Substring(field.description))
        return result
    }

    /// A string field's column, including the fields derived from time; `nil` for `time`.
    func vector(_ field: QueryField) throws(BlockFormatError) -> ColumnVector? {
        switch field {
        case .time: return nil
        case .hour:
            let seconds = try seconds()
            return ColumnVector(dictionary: QueryField.hours, ids: seconds.map { UInt32(QueryField.hourIndex($0)) })
        case .weekday:
            let seconds = try seconds()
            return ColumnVector(dictionary: QueryField.weekdays, ids: seconds.map { UInt32(QueryField.weekdayIndex($0)) })
        default:
            guard let eventField = field.eventField else { return nil }
            let v = try strings(eventField)
            return ColumnVector(dictionary: v.dictionary, ids: v.ids)
        }
    }

    func seconds() throws(BlockFormatError) -> [Int64] {
        labels.insert("time")
        return try columns.seconds()
    }

    func nanoseconds() throws(BlockFormatError) -> [Int32] {
        labels.insert("nanos")
        return try columns.nanoseconds()
    }

    func events() throws(BlockFormatError) -> [StoredEvent] {
        everything = true
        return try columns.events()
    }

    /// Only the events at the positions `include` accepts (the rows a filter matched).
    func events(where include: (Int) -> Bool) throws(BlockFormatError) -> [StoredEvent] {
        everything = true
        return try columns.events(where: include)
    }

    /// Bytes of the columns the evaluator used, as stored and as inflated (what decompression
    /// produced), in one pass over the directory.
    var bytesUsed: (stored: Int, inflated: Int) {
        var stored = 0, inflated = 0
        for column in columns.reader.columns where wasRead(column) {
            stored += column.storedLength
            if column.deflated { inflated += column.rawLength }
        }
        return (stored, inflated)
    }

    /// Whether the evaluator used the column: its label (the name before `/`) was asked for.
    private func wasRead(_ column: BlockReader.Column) -> Bool {
        if everything { return true }
        let name = column.name.utf8
        let label = name.firstIndex(of: UInt8(ascii: "/")).map { Substring(name[..<$0]) } ?? Substring(column.name)
        return labels.contains(label)
    }
}
