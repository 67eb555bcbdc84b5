import AuditModel

/// The store as of one committed transaction: its blocks and segments, and access to the index.
public struct StoreSnapshot: Sendable {
    /// The store it was taken from.
    public let store: AuditStore
    /// Every block, in append (id) order.
    public let blocks: [BlockInfo]
    /// Every segment, by id.
    public let segments: [SegmentInfo]
    /// The sequence number the next appended event will get; events hold `0..<nextSeq` minus gaps.
    public let nextSeq: UInt64
    /// Segment files mapped for reading, shared by every copy of the snapshot.
    let maps = SegmentMaps()

    /// Events in the snapshot.
    public var eventCount: Int { blocks.reduce(0) { $0 + $1.eventCount } }

    /// The highest block id of the snapshot.
    public var maxBlockID: Int64 { blocks.last?.id ?? 0 }

    /// Opens one block: checks its header and column directory, which it reads in place from the
    /// segment's mapping. Each column is checked and inflated when first used, so a query pays only
    /// for the columns it reads.
    public func readBlock(_ block: BlockInfo) throws(StoreError) -> BlockReader {
        let mapped = try maps.segment(block.segment, path: store.layout.segment(block.segment))
        guard CatalogRowCheck.end(of: block, within: mapped.currentLength) != nil else {
            throw Self.damaged(block, "the segment ends before the block's end (\(mapped.currentLength) bytes)")
        }
        do {
            return try BlockReader(segment: mapped, offset: Int(block.offset), length: block.length)
        } catch {
            throw Self.damaged(block, "\(error)")
        }
    }

    private static func damaged(_ block: BlockInfo, _ reason: String) -> StoreError {
        .damagedBlock(segment: StoreLayout.segmentName(block.segment), offset: Int(block.offset), reason: reason)
    }

    /// The blocks (with event counts) that hold events whose indexed `field` equals `value`.
    public func blocks(where field: IndexedField, equals value: String) throws(StoreError) -> [(block: Int64, count: Int)] {
        try store.postings(field, value, maxBlock: maxBlockID)
    }

    /// Every value of an indexed field with its event count in this snapshot, from the index alone.
    public func terms(_ field: IndexedField) throws(StoreError) -> [(value: String, events: Int)] {
        try store.terms(field, maxBlock: maxBlockID)
    }
}
