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
        use(field)
        return try columns.strings(field)
    }

    /// Records that the evaluator read the columns that hold `field`.
    private func use(_ field: EventField) {
        if let used = BlockFormat.columns(of: field) {
            labels.formUnion(used.map { Substring($0) })
        } else {
            everything = true
        }
    }

    /// Each event's id and, per id, whether the value is one of `values` (`account`, `action`,
    /// `actor` only; `nil` otherwise): an equality test without building the dictionary.
    func ids(_ field: EventField, matchingAnyOf values: Set<String>) throws(BlockFormatError) -> (ids: [UInt32], matches: [Bool])? {
        guard let result = try columns.ids(field, matchingAnyOf: values) else { return nil }
        use(field)
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
        labels.insert(Substring(BlockFormat.Column.time))
        return try columns.seconds()
    }

    func nanoseconds() throws(BlockFormatError) -> [Int32] {
        labels.insert(Substring(BlockFormat.Column.nanos))
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

    /// Whether the evaluator used the column: its label was asked for.
    private func wasRead(_ column: BlockReader.Column) -> Bool {
        everything || labels.contains(BlockFormat.label(ofColumn: column.name))
    }
}
