import AuditModel
import Zlib

/// A block ready to be appended: its frame bytes, header, and the index terms it contributes.
public struct EncodedBlock: Sendable {
    /// The whole frame: header, directory and column chunks.
    public var bytes: [UInt8]
    /// The parsed header of `bytes`.
    public var header: BlockHeader
    /// The distinct accounts, actions and actors in the block, with counts.
    public var terms: [IndexTerm]
}

/// Encodes a batch of events into one self-describing, column-oriented, compressed block.
///
/// Events are ordered by time inside the block (stable, so equal times keep append order) and
/// each keeps its store-wide sequence number. Every column is deflated on its own and carries its
/// own CRC-32, so a query can inflate only the columns it needs and damage stays local.
public enum BlockEncoder {
    /// Encodes `events` (in append order) whose first sequence number is `firstSeq`.
    public static func encode(_ events: [AuditEvent], firstSeq: UInt64, level: Int32 = 6) throws(ZlibError) -> EncodedBlock {
        try encode(events, rows: nil, seqs: nil, firstSeq: firstSeq, level: level)
    }

    /// Encodes the events at `rows` (ascending positions in `batch`, whose first event has
    /// sequence number `batchFirstSeq`): one block of a batch that ``BlockSplitter`` split, each
    /// event keeping its place in the append order.
    public static func encode(_ batch: [AuditEvent], rows: [Int], batchFirstSeq: UInt64, level: Int32 = 6) throws(ZlibError) -> EncodedBlock {
        try encode(batch, rows: Optional(rows), seqs: nil, firstSeq: batchFirstSeq + UInt64(rows.first ?? 0), level: level)
    }

    /// Encodes the events at `rows` (ascending positions in `events`) whose sequence numbers are
    /// `seqs` (one per event of `events`, ascending): a side block gathered from several batches,
    /// each event keeping its place in the append order. The block's sequence numbers must span
    /// less than 2³² (``SideEventPool`` bounds its window for that).
    static func encode(_ events: [AuditEvent], rows: [Int], seqs: [UInt64], level: Int32 = 6) throws(ZlibError) -> EncodedBlock {
        precondition(seqs.count == events.count, "one sequence number per event")
        return try encode(events, rows: Optional(rows), seqs: seqs, firstSeq: seqs[rows.first ?? 0], level: level)
    }

    private static func encode(_ events: [AuditEvent], rows: [Int]?, seqs: [UInt64]?, firstSeq: UInt64, level: Int32) throws(ZlibError) -> EncodedBlock {
        // Stable order by time; `order[i]` is the batch position of the i-th event in the block.
        var order = rows ?? Array(events.indices)
        precondition(!order.isEmpty, "a block holds at least one event")
        let firstRow = order[0]
        let count = order.count
        var sorted = true
        for i in 1..<max(count, 1) where events[order[i]].timestamp < events[order[i - 1]].timestamp {
            sorted = false
            break
        }
        if !sorted {
            order.sort { a, b in
                let ta = events[a].timestamp, tb = events[b].timestamp
                return ta != tb ? ta < tb : a < b
            }
        }

        var time = ByteWriter(capacity: count * 2)
        var nanos = ByteWriter()
        var anyNanos = false
        var seq = ByteWriter()
        var previousOffset: Int64 = -1
        var permuted = false
        var flags = [UInt8](repeating: 0, count: count)
        var account = StringColumnBuilder()
        var action = StringColumnBuilder()
        var actor = StringColumnBuilder()
        var name = StringColumnBuilder()
        var shapes = StringColumnBuilder()
        var dataColumns: [(key: String, builder: StringColumnBuilder)] = []
        var dataColumnIndex: [ExactString: Int] = [:]
        var lastColumns: [Int] = []
        // The canonical length of `,"data":{}`: `lastKeys` starts empty, so this must match it
        // (it was 0 until this fix, see ``LegacyRawSize``).
        var lastKeysLength = CanonicalJSON.Overhead.data  // the empty key list's `,"data":{}`
        var descriptions = StringColumnBuilder()
        var extras = StringColumnBuilder()
        var templateCache: [String: (bytes: [UInt8], text: String)] = [:]
        var lastKeys: [String] = []
        var lastShape = ""
        var scratch: [UInt8] = []
        var rawBytes: UInt64 = 0
        let minSeconds = events[order[0]].timestamp.seconds
        var previous = minSeconds
        var maxSeconds = minSeconds

        // The event is borrowed from the batch, not copied: a copy retains and releases every
        // string of it, which cost a tenth of the import.
        func encodeEvent(_ i: Int, _ index: Int, _ event: AuditEvent) {
            time.varint(UInt64(event.timestamp.seconds - previous))
            previous = event.timestamp.seconds
            maxSeconds = event.timestamp.seconds
            nanos.varint(UInt64(event.timestamp.nanoseconds))
            if event.timestamp.nanoseconds != 0 { anyNanos = true }
            // Sequence numbers as the gap from the previous event's: 0 for adjacent ones, so a
            // block split from its batch (or a batch sorted by time) costs few bytes.
            let offset: Int64
            if let seqs {
                offset = Int64(seqs[index] - firstSeq)
            } else {
                offset = Int64(index - firstRow)
            }
            seq.zigzag(offset - previousOffset - 1)
            previousOffset = offset
            if offset != Int64(i) { permuted = true }

            // The event's canonical NDJSON size (newline included), from lengths each column caches per value.
            var length = CanonicalJSON.Overhead.required + 1 + CanonicalJSON.timestampLiteralLength(event.timestamp)
            length += account.add(event.account) + action.add(event.action) + actor.add(event.actor)
            var flag: UInt8 = 0
            if let value = event.name {
                flag |= BlockFormat.Flag.name
                length += CanonicalJSON.Overhead.name + name.add(value)
            }
            if let data = event.data {
                flag |= BlockFormat.Flag.data
                if !data.elementsEqual(lastKeys, by: { ExactString.same($0.key, $1) }) {
                    lastKeys = data.map(\.key)
                    lastShape = lastKeys.map(DataShape.netstring).joined()
                    lastColumns = lastKeys.map { key in
                        if let index = dataColumnIndex[ExactString(key)] { return index }
                        dataColumnIndex[ExactString(key)] = dataColumns.count
                        dataColumns.append((key, StringColumnBuilder()))
                        return dataColumns.count - 1
                    }
                    lastKeysLength = CanonicalJSON.Overhead.data + max(0, data.count - 1) + lastKeys.reduce(0) { $0 + 1 + CanonicalJSON.literalLength($1) }
                }
                length += lastKeysLength
                for (field, column) in zip(data, lastColumns) {
                    length += dataColumns[column].builder.add(field.value)
                }
                shapes.add(lastShape)
            }
            if let description = event.actionDescription {
                flag |= BlockFormat.Flag.description
                length += CanonicalJSON.Overhead.description + CanonicalJSON.literalLength(description)
                if let cached = templateCache[event.action],
                   DescriptionTemplate.reproduces(cached.bytes, event, description, scratch: &scratch) {
                    descriptions.add(cached.text)
                } else if let template = DescriptionTemplate.extract(event, scratch: &scratch) {
                    let text = String(decoding: template, as: UTF8.self)
                    templateCache[event.action] = (template, text)
                    descriptions.add(text)
                } else {
                    flag |= BlockFormat.Flag.literalDescription
                    descriptions.add(description)
                }
            }
            if !event.extras.isEmpty {
                flag |= BlockFormat.Flag.extras
                let object = ExtraField.object(event.extras)
                length += object.utf8.count - 1
                extras.add(object)
            }
            rawBytes += UInt64(length)
            flags[i] = flag
        }
        for (i, index) in order.enumerated() { encodeEvent(i, index, events[index]) }

        var columns: [(name: String, bytes: [UInt8])] = [(BlockFormat.Column.time, time.bytes), (BlockFormat.Column.flags, flags)]
        if anyNanos { columns.append((BlockFormat.Column.nanos, nanos.bytes)) }
        if permuted { columns.append((BlockFormat.Column.seq, seq.bytes)) }
        func add(_ column: StringColumn, _ builder: StringColumnBuilder, context: [UInt32]? = nil, contextCount: Int = 0) {
            guard !builder.isEmpty else { return }
            let (dictionary, ids, _) = builder.encode(context: context, contextCount: contextCount)
            columns.append((column.dictionaryName, dictionary))
            columns.append((column.idsName, ids))
        }
        add(.account, account)
        let (actionDictionary, actionIDs, finalActions) = action.encode()
        columns.append((StringColumn.action.dictionaryName, actionDictionary))
        columns.append((StringColumn.action.idsName, actionIDs))
        let actionCount = action.values.count
        add(.actor, actor)
        add(.name, name)
        // Data shapes and description templates follow from the action: code them by it.
        let actionsOf = { (bit: UInt8) in zip(flags, finalActions).compactMap { $0.0 & bit != 0 ? $0.1 : nil } }
        add(.dataKeys, shapes, context: actionsOf(BlockFormat.Flag.data), contextCount: actionCount)
        for column in dataColumns.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            add(.data(column.key), column.builder)
        }
        add(.description, descriptions, context: actionsOf(BlockFormat.Flag.description), contextCount: actionCount)
        add(.extras, extras)

        // Directory and chunks.
        var directory = ByteWriter(capacity: columns.count * 24)
        var chunks = ByteWriter()
        for column in columns {
            let deflated = try Zlib.deflate(column.bytes, level: level)
            let useDeflate = deflated.count < column.bytes.count
            let stored = useDeflate ? deflated : column.bytes
            directory.lengthPrefixed(Array(column.name.utf8))
            directory.u8(useDeflate ? 1 : 0)
            directory.varint(column.bytes.count)
            directory.varint(stored.count)
            directory.u32(Zlib.crc32(stored))
            chunks.append(contentsOf: stored)
        }
        // How far the sequence numbers reach: to the last row's (rows ascend in append order).
        let span: Int
        if let last = rows?.last {
            span = (seqs.map { Int($0[last] - firstSeq) } ?? last - firstRow) + 1
        } else {
            span = count
        }
        let header = BlockHeader(
            version: BlockFormat.currentVersion, columnCount: columns.count,
            payloadLength: directory.count + chunks.count, eventCount: count, firstSeq: firstSeq, seqSpan: span,
            minSeconds: minSeconds, maxSeconds: maxSeconds, rawBytes: rawBytes,
            directoryLength: directory.count, directoryCRC: Zlib.crc32(directory.bytes)
        )
        var frame = header.encode()
        frame.reserveCapacity(header.frameLength)
        frame.append(contentsOf: directory.bytes)
        frame.append(contentsOf: chunks.bytes)

        var terms: [IndexTerm] = []
        for (field, builder) in [(IndexedField.account, account), (.action, action), (.actor, actor)] {
            for (value, count) in builder.valueCounts { terms.append(IndexTerm(field: field, value: value, count: count)) }
        }
        return EncodedBlock(bytes: frame, header: header, terms: terms)
    }
}
