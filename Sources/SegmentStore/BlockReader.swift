import AuditModel
import Zlib

/// An event as the store holds it: the event and its store-wide sequence number.
public struct StoredEvent: Hashable, Sendable {
    /// The position of the event in the store's append order.
    public var seq: UInt64
    /// The event.
    public var event: AuditEvent

    /// Creates a stored event.
    public init(seq: UInt64, event: AuditEvent) {
        self.seq = seq
        self.event = event
    }
}

/// Reads one block: checks its frame, inflates the columns asked for, and rebuilds events.
///
/// Each column is inflated and checked only when read, so a query that filters on one field
/// pays only for that field's bytes.
public struct BlockReader: Sendable {
    /// One entry of the column directory.
    public struct Column: Sendable, Hashable {
        /// The column's name, e.g. `actor/i`.
        public var name: String
        /// Whether the chunk is deflated (otherwise stored as is).
        public var deflated: Bool
        /// The column's size once inflated.
        public var rawLength: Int
        /// Where the chunk starts, from the start of the frame.
        public var offset: Int
        /// The chunk's size in the frame.
        public var storedLength: Int
        /// CRC-32 of the stored chunk.
        public var crc: UInt32
    }

    /// The block's header.
    public let header: BlockHeader
    /// The columns, in directory order.
    public let columns: [Column]
    /// Where the frame's bytes are: an array of its own, or a segment's mapping.
    private let source: Source

    private enum Source: Sendable {
        case frame([UInt8])
        case mapped(MappedSegment, offset: Int)
    }

    /// Parses a frame (header, directory); the column chunks are checked when they are read.
    public init(frame: [UInt8]) throws(BlockFormatError) {
        (header, columns) = try frame.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) in try Self.parse(raw) }
        }.get()
        source = .frame(frame)
    }

    /// Parses the block whose frame lies at `offset` in a mapped segment, without copying it: each
    /// column chunk is checked and inflated straight from the mapping when asked for, so a query
    /// reads the bytes of the columns it uses and no others.
    init(segment: MappedSegment, offset: Int, length: Int) throws(BlockFormatError) {
        guard let frame = segment.bytes(at: Int64(offset), count: length) else { throw .truncated }
        (header, columns) = try Self.parse(frame)
        source = .mapped(segment, offset: offset)
    }

    /// Bytes of the header and directory: what must be read before any column.
    public var prefixLength: Int { BlockHeader.size + header.directoryLength }

    private static func parse(_ raw: UnsafeRawBufferPointer) throws(BlockFormatError) -> (BlockHeader, [Column]) {
        let header = try BlockHeader.decode(raw)
        if raw.count != header.frameLength {
            throw raw.count < header.frameLength ? BlockFormatError.truncated : .malformed("frame longer than its header says")
        }
        guard raw.count >= BlockHeader.size + header.directoryLength else { throw BlockFormatError.truncated }
        let dirStart = BlockHeader.size
        let dirBytes = UnsafeRawBufferPointer(rebasing: raw[dirStart..<(dirStart + header.directoryLength)])
        guard Zlib.crc32(dirBytes) == header.directoryCRC else { throw BlockFormatError.checksumMismatch(part: "column directory") }
        var r = ByteReader(dirBytes)
        var columns: [Column] = []
        var offset = dirStart + header.directoryLength
        for _ in 0..<header.columnCount {
            // No limit below the directory's own length: the encoder names a column after any
            // data key, however long, and such blocks must read.
            let nameLength = try r.varintInt(limit: header.directoryLength)
            let name = try r.string(nameLength)
            let encoding = try r.u8()
            let rawLength = try r.varintInt()
            let storedLength = try r.varintInt()
            let crc = try r.u32()
            guard encoding <= 1 else { throw BlockFormatError.malformed("unknown column encoding \(encoding)") }
            columns.append(Column(name: name, deflated: encoding == 1, rawLength: rawLength, offset: offset,
                                  storedLength: storedLength, crc: crc))
            offset += storedLength
        }
        guard r.atEnd, offset == header.frameLength else { throw BlockFormatError.malformed("column sizes do not add up") }
        return (header, columns)
    }

    /// Whether the block has a column of that name.
    public func has(_ name: String) -> Bool { columns.contains { ExactString.same($0.name, name) } }

    /// The inflated bytes of a column, after checking its CRC; `nil` when the block has no such column.
    public func column(_ name: String) throws(BlockFormatError) -> [UInt8]? {
        guard let column = columns.first(where: { ExactString.same($0.name, name) }) else { return nil }
        return try read(column)
    }

    func read(_ column: Column) throws(BlockFormatError) -> [UInt8] {
        switch source {
        case .frame(let frame):
            return try frame.withUnsafeBytes { raw in
                Result { () throws(BlockFormatError) in
                    try Self.decode(column, UnsafeRawBufferPointer(rebasing: raw[column.offset..<(column.offset + column.storedLength)]))
                }
            }.get()
        case .mapped(let segment, let offset):
            // The mapping outlives this call: `segment` is held by `self`.
            guard let stored = segment.bytes(at: Int64(offset + column.offset), count: column.storedLength) else { throw .truncated }
            return try Self.decode(column, stored)
        }
    }

    /// Checks a chunk's CRC and inflates it (or copies it, when stored as is).
    private static func decode(_ column: Column, _ stored: UnsafeRawBufferPointer) throws(BlockFormatError) -> [UInt8] {
        guard Zlib.crc32(stored) == column.crc else { throw BlockFormatError.checksumMismatch(part: "column '\(column.name)'") }
        guard column.deflated else { return Array(stored) }
        do {
            return try Zlib.inflate(stored, expectedSize: column.rawLength)
        } catch {
            throw BlockFormatError.malformed("column '\(column.name)': \(error)")
        }
    }

    /// Event times in block order (ascending), as whole seconds.
    public func seconds() throws(BlockFormatError) -> [Int64] {
        guard let bytes = try column(BlockFormat.Column.time) else { throw .malformed("no time column") }
        let count = header.eventCount
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [Int64] in
                var r = ByteReader(raw)
                var out = [Int64](repeating: 0, count: count)
                var t = header.minSeconds
                for i in 0..<count {
                    t += Int64(try r.varint())
                    out[i] = t
                }
                guard r.atEnd, t == header.maxSeconds || count == 0 else {
                    throw BlockFormatError.malformed("time column disagrees with the header")
                }
                return out
            }
        }
        return try result.get()
    }

    /// The sub-second part of each event time, in block order (zeros when the block has none).
    public func nanoseconds() throws(BlockFormatError) -> [Int32] {
        let n = header.eventCount
        var value = [Int32](repeating: 0, count: n)
        guard let bytes = try column(BlockFormat.Column.nanos) else { return value }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> Void in
                var r = ByteReader(raw)
                for i in 0..<n {
                    let v = try r.varint()
                    guard v < 1_000_000_000 else { throw BlockFormatError.malformed("nanoseconds out of range") }
                    value[i] = Int32(v)
                }
                guard r.atEnd else { throw BlockFormatError.malformed("trailing bytes in the nanos column") }
            }
        }
        try result.get()
        return value
    }

    /// Sequence numbers in block order.
    public func sequenceNumbers() throws(BlockFormatError) -> [UInt64] {
        let count = header.eventCount
        let first = header.firstSeq
        guard let bytes = try column(BlockFormat.Column.seq) else { return (0..<count).map { first + UInt64($0) } }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [UInt64] in
                var r = ByteReader(raw)
                var out = [UInt64](repeating: 0, count: count)
                // Version 1 stores each event's offset from its position; version 2 the gap from
                // the previous event's sequence number.
                let gaps = header.version >= BlockFormat.gapCodedSequenceVersion
                var previous: Int64 = -1
                for i in 0..<count {
                    let code = try r.zigzag()
                    let (offset, overflow) = gaps ? (previous + 1).addingReportingOverflow(code) : Int64(i).addingReportingOverflow(code)
                    guard !overflow, offset >= 0, offset < Int64(header.seqSpan) else {
                        throw BlockFormatError.malformed("sequence number out of the block's range")
                    }
                    out[i] = first + UInt64(offset)
                    previous = offset
                }
                guard r.atEnd else { throw BlockFormatError.malformed("trailing bytes in the seq column") }
                return out
            }
        }
        return try result.get()
    }

    /// One string column expanded to a value per event that has it (for columns not coded by
    /// context: `account`, `action`, `actor`, `name`, `data:KEY`, `extras`).
    public func strings(_ column: StringColumn, count: Int) throws(BlockFormatError) -> (dictionary: [String], ids: [UInt32]) {
        try strings(column, count: count, context: nil)
    }

    /// A string column coded by context (the action ids of the events that have it).
    func strings(_ column: StringColumn, count: Int, context: [UInt32]?) throws(BlockFormatError) -> (dictionary: [String], ids: [UInt32]) {
        let column = try lazyStrings(column, count: count, context: context)
        return (try column.dictionary.all(), column.ids)
    }

    /// A string column whose values are built only when used (for decoding a few events).
    func lazyStrings(_ strings: StringColumn, count: Int, context: [UInt32]? = nil) throws(BlockFormatError) -> (dictionary: StringDictionary, ids: [UInt32]) {
        guard let dictBytes = try column(strings.dictionaryName), let idBytes = try column(strings.idsName) else {
            if count == 0 { return (.empty, []) }
            throw .malformed("missing column '\(strings.label)'")
        }
        let dictionary = try StringDictionary(dictBytes)
        let ids = try StringColumnDecoder.ids(idBytes, count: count, dictionarySize: dictionary.count, context: context)
        return (dictionary, ids)
    }

    /// Decodes every event of the block, in block order (ascending time, ties in append order).
    public func events() throws(BlockFormatError) -> [StoredEvent] {
        try events { _ in true }
    }

    /// Decodes the events at the block positions `include` accepts, in block order: a selective
    /// query pays for building only the events it returns.
    public func events(where include: (Int) -> Bool) throws(BlockFormatError) -> [StoredEvent] {
        try events(where: include, known: [:])
    }

    private func knownOrLazy(_ strings: StringColumn, _ known: [StringColumn: (dictionary: StringDictionary, ids: [UInt32])]) throws(BlockFormatError)
        -> (dictionary: StringDictionary, ids: [UInt32]) {
        if let column = known[strings] { return column }
        return try lazyStrings(strings, count: header.eventCount)
    }

    /// As ``events(where:)``, reusing columns already read (`account`, `action`, `actor`).
    func events(where include: (Int) -> Bool, known: [StringColumn: (dictionary: StringDictionary, ids: [UInt32])]) throws(BlockFormatError) -> [StoredEvent] {
        let n = header.eventCount
        let wanted = (0..<n).reduce(0) { include($1) ? $0 + 1 : $0 }
        guard wanted > 0 else { return [] }
        let seconds = try seconds()
        let seqs = try sequenceNumbers()
        guard let flags = try column(BlockFormat.Column.flags), flags.count == n else { throw .malformed("flags column") }
        let nanos = try nanoseconds()
        func count(_ bit: UInt8) -> Int { flags.reduce(0) { $0 + ($1 & bit != 0 ? 1 : 0) } }
        var accounts = try knownOrLazy(.account, known)
        var actions = try knownOrLazy(.action, known)
        var actors = try knownOrLazy(.actor, known)
        var names = try lazyStrings(.name, count: count(BlockFormat.Flag.name))
        func actionsOf(_ bit: UInt8) -> [UInt32] { zip(flags, actions.ids).compactMap { $0.0 & bit != 0 ? $0.1 : nil } }
        let shapes = try strings(.dataKeys, count: count(BlockFormat.Flag.data), context: actionsOf(BlockFormat.Flag.data))
        var descriptions = try lazyStrings(.description, count: count(BlockFormat.Flag.description), context: actionsOf(BlockFormat.Flag.description))
        var extras = try lazyStrings(.extras, count: count(BlockFormat.Flag.extras))

        // Data keys as small integers, so the per-event work needs no hashing.
        var keyIndex: [ExactString: Int] = [:]
        var keyNames: [String] = []
        var shapeColumns: [[Int]] = []
        for shape in shapes.dictionary {
            shapeColumns.append(try DataShape.keys(shape).map { key in
                if let k = keyIndex[ExactString(key)] { return k }
                keyIndex[ExactString(key)] = keyNames.count
                keyNames.append(key)
                return keyNames.count - 1
            })
        }
        // The length of each data key's column, and whether a wanted event uses the key: only
        // those columns are read.
        var keyUse = [Int](repeating: 0, count: keyNames.count)
        var keyWanted = [Bool](repeating: false, count: keyNames.count)
        var shapeAt = 0
        for i in 0..<n where flags[i] & BlockFormat.Flag.data != 0 {
            guard shapeAt < shapes.ids.count else { throw .malformed("data shape column is short") }
            let wantedRow = include(i)
            for k in shapeColumns[Int(shapes.ids[shapeAt])] {
                keyUse[k] += 1
                if wantedRow { keyWanted[k] = true }
            }
            shapeAt += 1
        }
        var dataValues: [(dictionary: StringDictionary, ids: [UInt32])] = []
        for (k, key) in keyNames.enumerated() {
            dataValues.append(keyWanted[k] ? try lazyStrings(.data(key), count: keyUse[k]) : (.empty, []))
        }
        var dataCursor = [Int](repeating: 0, count: keyNames.count)
        var extrasDecoded = [[ExtraField]?](repeating: nil, count: extras.dictionary.count)

        var out: [StoredEvent] = []
        out.reserveCapacity(wanted)
        var nameIndex = 0, shapeIndex = 0, descIndex = 0, extrasIndex = 0
        var scratch: [UInt8] = []
        for i in 0..<n {
            let flag = flags[i]
            guard include(i) else {
                // Skip the event, but move every per-field cursor past it.
                if flag & BlockFormat.Flag.name != 0 { nameIndex += 1 }
                if flag & BlockFormat.Flag.data != 0 {
                    for k in shapeColumns[Int(shapes.ids[shapeIndex])] { dataCursor[k] += 1 }
                    shapeIndex += 1
                }
                if flag & BlockFormat.Flag.extras != 0 { extrasIndex += 1 }
                if flag & BlockFormat.Flag.description != 0 { descIndex += 1 }
                continue
            }
            var event = AuditEvent(
                account: try accounts.dictionary.value(Int(accounts.ids[i])), action: try actions.dictionary.value(Int(actions.ids[i])),
                name: nil, actor: try actors.dictionary.value(Int(actors.ids[i])), data: nil,
                timestamp: Timestamp(seconds: seconds[i], nanoseconds: nanos[i]), actionDescription: nil
            )
            if flag & BlockFormat.Flag.name != 0 {
                guard nameIndex < names.ids.count else { throw .malformed("name column is short") }
                event.name = try names.dictionary.value(Int(names.ids[nameIndex]))
                nameIndex += 1
            }
            if flag & BlockFormat.Flag.data != 0 {
                let keys = shapeColumns[Int(shapes.ids[shapeIndex])]
                shapeIndex += 1
                var fields: [DataField] = []
                fields.reserveCapacity(keys.count)
                for k in keys {
                    let cursor = dataCursor[k]
                    guard cursor < dataValues[k].ids.count else { throw .malformed("data column '\(keyNames[k])' is short") }
                    let id = Int(dataValues[k].ids[cursor])
                    fields.append(DataField(key: keyNames[k], value: try dataValues[k].dictionary.value(id)))
                    dataCursor[k] = cursor + 1
                }
                event.data = fields
            }
            if flag & BlockFormat.Flag.extras != 0 {
                guard extrasIndex < extras.ids.count else { throw .malformed("extras column is short") }
                let id = Int(extras.ids[extrasIndex])
                extrasIndex += 1
                if extrasDecoded[id] == nil {
                    do {
                        extrasDecoded[id] = try ExtraField.members(ofObject: try extras.dictionary.value(id))
                    } catch let error as BlockFormatError {
                        throw error
                    } catch {
                        throw .malformed("extras: \(error)")
                    }
                }
                event.extras = extrasDecoded[id] ?? []
            }
            if flag & BlockFormat.Flag.description != 0 {
                guard descIndex < descriptions.ids.count else { throw .malformed("description column is short") }
                let stored = try descriptions.dictionary.value(Int(descriptions.ids[descIndex]))
                descIndex += 1
                if flag & BlockFormat.Flag.literalDescription != 0 {
                    event.actionDescription = stored
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    guard DescriptionTemplate.render(stored.utf8, event, into: &scratch) else {
                        throw .malformed("description template names a field the event lacks")
                    }
                    event.actionDescription = String(decoding: scratch, as: UTF8.self)
                }
            }
            out.append(StoredEvent(seq: seqs[i], event: event))
        }
        return out
    }

    /// Checks every column's CRC and decodes every event: the whole of what `verify` needs.
    public func verify() throws(BlockFormatError) {
        for column in columns { _ = try read(column) }
        let decoded = try events()
        var raw: UInt64 = 0
        var line: [UInt8] = []
        for stored in decoded {
            line.removeAll(keepingCapacity: true)
            CanonicalJSON.appendEvent(stored.event, to: &line)
            raw += UInt64(line.count + 1)
        }
        guard raw == header.rawBytes || raw == header.rawBytes + LegacyRawSize.shortfall(decoded) else {
            throw .malformed("decoded events differ in size from what was stored")
        }
    }
}

extension BlockReader {
    /// The block's accounts, actions and actors with counts, read from its columns: what the
    /// catalog's index must say about it.
    public func indexTerms() throws(BlockFormatError) -> [IndexTerm] {
        var terms: [IndexTerm] = []
        for field in IndexedField.allCases {
            let (dictionary, ids) = try strings(StringColumn(field), count: header.eventCount)
            var counts = [Int](repeating: 0, count: dictionary.count)
            for id in ids { counts[Int(id)] += 1 }
            for (value, count) in zip(dictionary, counts) where count > 0 {
                terms.append(IndexTerm(field: field, value: value, count: count))
            }
        }
        return terms
    }
}
