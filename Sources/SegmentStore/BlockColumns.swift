import AuditModel

/// One string field of every event of a block: a dictionary and, per event, an index into it.
///
/// Filters and aggregations work on the small dictionary (match each distinct value once) and
/// then on integer ids, never on per-event strings.
public struct StringVector: Sendable {
    /// The distinct values.
    public let dictionary: [String]
    /// Per event (in block order), an index into `dictionary`, or ``absent``.
    public let ids: [UInt32]
    /// The id of an event that lacks the field.
    public static let absent = UInt32.max

    /// The value of event `i`, or `nil` when it lacks the field.
    public subscript(i: Int) -> String? {
        let id = ids[i]
        return id == Self.absent ? nil : dictionary[Int(id)]
    }
}

/// Column-wise access to a block's events, decoding each column at most once and only when
/// asked: the query engine's view of a block.
public final class BlockColumns {
    /// The block's frame reader.
    public let reader: BlockReader
    /// Events in the block.
    public var count: Int { reader.header.eventCount }

    private var cachedSeconds: [Int64]?
    private var cachedNanos: [Int32]?
    private var cachedFlags: [UInt8]?
    private var cachedStrings: [EventField: StringVector] = [:]
    /// Dense columns (account, action, actor) with their dictionaries not yet built.
    private var lazyColumns: [StringColumn: (dictionary: StringDictionary, ids: [UInt32])] = [:]
    private var cachedEvents: [StoredEvent]?
    private var cachedShapes: (keys: [[String]], ids: [UInt32])?

    /// Wraps a block reader.
    public init(reader: BlockReader) {
        self.reader = reader
    }

    /// Event times (whole seconds), ascending.
    public func seconds() throws(BlockFormatError) -> [Int64] {
        if let cachedSeconds { return cachedSeconds }
        let value = try reader.seconds()
        cachedSeconds = value
        return value
    }

    /// The sub-second part of each event time.
    public func nanoseconds() throws(BlockFormatError) -> [Int32] {
        if let cachedNanos { return cachedNanos }
        let value = try reader.nanoseconds()
        cachedNanos = value
        return value
    }

    /// Event timestamps.
    public func timestamps() throws(BlockFormatError) -> [Timestamp] {
        let s = try seconds(), n = try nanoseconds()
        return (0..<count).map { Timestamp(seconds: s[$0], nanoseconds: n[$0]) }
    }

    /// Sequence numbers (store-wide append order).
    public func sequenceNumbers() throws(BlockFormatError) -> [UInt64] {
        try reader.sequenceNumbers()
    }

    /// One string field of every event.
    public func strings(_ field: EventField) throws(BlockFormatError) -> StringVector {
        if let cached = cachedStrings[field] { return cached }
        let vector: StringVector
        switch field {
        case .account: vector = try denseVector(.account)
        case .action: vector = try denseVector(.action)
        case .actor: vector = try denseVector(.actor)
        case .name:
            vector = try sparse(.name, bit: BlockFormat.Flag.name)
        case .description:
            // Descriptions are templates rendered from other fields: materialise the events.
            let events = try events()
            var lookup: [String: UInt32] = [:]
            var dictionary: [String] = []
            var ids = [UInt32](repeating: StringVector.absent, count: count)
            for (i, stored) in events.enumerated() {
                guard let text = stored.event.actionDescription else { continue }
                if let id = lookup[text] {
                    ids[i] = id
                } else {
                    let id = UInt32(dictionary.count)
                    lookup[text] = id
                    dictionary.append(text)
                    ids[i] = id
                }
            }
            vector = StringVector(dictionary: dictionary, ids: ids)
        case .data(let key):
            vector = try dataColumn(key)
        }
        cachedStrings[field] = vector
        return vector
    }

    /// For an `account`, `action` or `actor` test against a set of values: each event's
    /// dictionary id and, per id, whether it is one of `values`. The dictionary's values are
    /// compared as bytes, not built; `nil` for other fields.
    public func ids(_ field: EventField, matchingAnyOf values: Set<String>) throws(BlockFormatError) -> (ids: [UInt32], matches: [Bool])? {
        guard let strings = StringColumn(dense: field) else { return nil }
        if let vector = cachedStrings[field] { return (vector.ids, vector.dictionary.map { values.contains($0) }) }
        let column = try lazyColumn(strings)
        var matches = [Bool](repeating: false, count: column.dictionary.count)
        for value in values { if let id = column.dictionary.id(of: value) { matches[id] = true } }
        return (column.ids, matches)
    }

    private func denseVector(_ strings: StringColumn) throws(BlockFormatError) -> StringVector {
        let column = try lazyColumn(strings)
        return StringVector(dictionary: try column.dictionary.all(), ids: column.ids)
    }

    private func lazyColumn(_ strings: StringColumn) throws(BlockFormatError) -> (dictionary: StringDictionary, ids: [UInt32]) {
        if let known = lazyColumns[strings] { return known }
        let column = try reader.lazyStrings(strings, count: count)
        lazyColumns[strings] = column
        return column
    }

    /// Every event of the block, fully decoded (block order).
    public func events() throws(BlockFormatError) -> [StoredEvent] {
        if let cachedEvents { return cachedEvents }
        let value = try reader.events()
        cachedEvents = value
        return value
    }

    /// The events at the block positions `include` accepts (block order); nothing is cached.
    public func events(where include: (Int) -> Bool) throws(BlockFormatError) -> [StoredEvent] {
        if let cachedEvents { return cachedEvents.indices.filter(include).map { cachedEvents[$0] } }
        return try reader.events(where: include, known: lazyColumns)
    }

    /// The `data` keys that occur in the block.
    public func dataKeys() throws(BlockFormatError) -> [String] {
        let shapes = try shapeKeys()
        var seen = Set<String>()
        var out: [String] = []
        for keys in shapes.keys { for key in keys where seen.insert(key).inserted { out.append(key) } }
        return out
    }

    // MARK: - Internals

    private func flags() throws(BlockFormatError) -> [UInt8] {
        if let cachedFlags { return cachedFlags }
        guard let flags = try reader.column(BlockFormat.Column.flags), flags.count == count else { throw .malformed("flags column") }
        cachedFlags = flags
        return flags
    }

    private func sparse(_ strings: StringColumn, bit: UInt8) throws(BlockFormatError) -> StringVector {
        let flags = try flags()
        let present = flags.reduce(0) { $0 + ($1 & bit != 0 ? 1 : 0) }
        let (dictionary, packed) = try reader.strings(strings, count: present)
        var ids = [UInt32](repeating: StringVector.absent, count: count)
        var next = 0
        for i in 0..<count where flags[i] & bit != 0 {
            ids[i] = packed[next]
            next += 1
        }
        return StringVector(dictionary: dictionary, ids: ids)
    }

    private func shapeKeys() throws(BlockFormatError) -> (keys: [[String]], ids: [UInt32]) {
        if let cachedShapes { return cachedShapes }
        let flags = try flags()
        let actions = try strings(.action).ids
        let bit = BlockFormat.Flag.data
        let context = zip(flags, actions).compactMap { $0.0 & bit != 0 ? $0.1 : nil }
        let (dictionary, packed) = try reader.strings(.dataKeys, count: context.count, context: context)
        var keys: [[String]] = []
        for shape in dictionary { keys.append(try DataShape.keys(shape)) }
        var ids = [UInt32](repeating: StringVector.absent, count: count)
        var next = 0
        for i in 0..<count where flags[i] & bit != 0 {
            ids[i] = packed[next]
            next += 1
        }
        cachedShapes = (keys, ids)
        return (keys, ids)
    }

    private func dataColumn(_ key: String) throws(BlockFormatError) -> StringVector {
        let shapes = try shapeKeys()
        let hasKey = shapes.keys.map { $0.contains(key) }
        var uses = 0
        for id in shapes.ids where id != StringVector.absent && hasKey[Int(id)] { uses += 1 }
        guard uses > 0 else { return StringVector(dictionary: [], ids: [UInt32](repeating: StringVector.absent, count: count)) }
        let (dictionary, packed) = try reader.strings(.data(key), count: uses)
        var ids = [UInt32](repeating: StringVector.absent, count: count)
        var next = 0
        for i in 0..<count {
            let shape = shapes.ids[i]
            guard shape != StringVector.absent, hasKey[Int(shape)] else { continue }
            ids[i] = packed[next]
            next += 1
        }
        return StringVector(dictionary: dictionary, ids: ids)
    }
}
