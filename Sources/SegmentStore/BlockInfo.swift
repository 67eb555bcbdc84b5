/// The catalog's row for one block: where it is and what it holds.
public struct BlockInfo: Sendable, Hashable {
    /// The block's id; ids grow in append order.
    public var id: Int64
    /// The segment file holding it.
    public var segment: Int64
    /// Where its frame starts in the segment.
    public var offset: Int64
    /// The frame's length.
    public var length: Int
    /// Events in the block.
    public var eventCount: Int
    /// The sequence number of its first appended event.
    public var firstSeq: UInt64
    /// Earliest event time (Unix seconds).
    public var minSeconds: Int64
    /// Latest event time (Unix seconds; the instant is below `maxSeconds + 1`).
    public var maxSeconds: Int64
    /// Its events' size as canonical NDJSON.
    public var rawBytes: UInt64

    /// Creates a block row.
    public init(id: Int64, segment: Int64, offset: Int64, length: Int, eventCount: Int, firstSeq: UInt64,
                minSeconds: Int64, maxSeconds: Int64, rawBytes: UInt64) {
        self.id = id
        self.segment = segment
        self.offset = offset
        self.length = length
        self.eventCount = eventCount
        self.firstSeq = firstSeq
        self.minSeconds = minSeconds
        self.maxSeconds = maxSeconds
        self.rawBytes = rawBytes
    }
}

/// The catalog's row for one segment file.
public struct SegmentInfo: Sendable, Hashable {
    /// The segment's id (its file is `NNNNNNNN.seg`).
    public var id: Int64
    /// Bytes of the file that committed blocks occupy.
    public var committedLength: Int64
    /// Whether the segment is full and takes no more blocks.
    public var sealed: Bool
}
