import AuditModel

/// A summary of a store: what it holds and what that costs on disk.
public struct StoreInfo: Sendable, Hashable {
    /// Events stored.
    public var events: Int
    /// Each organisation with its event count.
    public var accounts: [AccountCount]
    /// Earliest and latest event time (whole seconds), when the store is not empty.
    public var earliest: Timestamp?
    /// Latest event time.
    public var latest: Timestamp?
    /// Segment files.
    public var segments: Int
    /// Blocks.
    public var blocks: Int
    /// Bytes of the segment files.
    public var segmentBytes: Int64
    /// Bytes of the catalog (database, WAL and shared-memory files).
    public var catalogBytes: Int64
    /// The size of the stored events as canonical NDJSON.
    public var ndjsonBytes: UInt64
    /// The next sequence number.
    public var nextSeq: UInt64

    /// One organisation's share of the store.
    public struct AccountCount: Sendable, Hashable {
        /// The organisation.
        public var account: String
        /// Its events.
        public var events: Int
    }

    /// Segments and catalog together.
    public var bytesOnDisk: Int64 { segmentBytes + catalogBytes }
    /// Bytes on disk per stored event.
    public var bytesPerEvent: Double { events == 0 ? 0 : Double(bytesOnDisk) / Double(events) }
    /// How many times smaller the store is than the canonical NDJSON it holds.
    public var compressionRatio: Double { bytesOnDisk == 0 ? 0 : Double(ndjsonBytes) / Double(bytesOnDisk) }
}

extension AuditStore {
    /// Summarises the store from its catalog; no block is read.
    public func info() throws(StoreError) -> StoreInfo {
        let snapshot = try snapshot()
        let accounts = try snapshot.terms(.account).map { StoreInfo.AccountCount(account: $0.value, events: $0.events) }
        let segmentBytes = snapshot.segments.reduce(Int64(0)) { $0 + StoreLayout.fileSize(layout.segment($1.id)) }
        return StoreInfo(
            events: snapshot.eventCount, accounts: accounts,
            earliest: snapshot.blocks.map(\.minSeconds).min().map { Timestamp(seconds: $0) },
            latest: snapshot.blocks.map(\.maxSeconds).max().map { Timestamp(seconds: $0) },
            segments: snapshot.segments.count, blocks: snapshot.blocks.count, segmentBytes: segmentBytes,
            catalogBytes: catalogBytes(), ndjsonBytes: snapshot.blocks.reduce(0) { $0 + $1.rawBytes },
            nextSeq: snapshot.nextSeq
        )
    }
}

/// Where a store's segment bytes go, column by column: what tuning the encoding is about.
public struct ColumnUsage: Sendable, Hashable {
    /// The column's name in the block directory (`actor/i`, `data:digest/d`, …).
    public var column: String
    /// Bytes the column occupies in the segments.
    public var storedBytes: Int64
    /// Bytes it inflates to.
    public var rawBytes: Int64
}

extension AuditStore {
    /// Sums every block's column directory; reads each block's frame but inflates nothing.
    public func columnUsage() throws(StoreError) -> (columns: [ColumnUsage], headerBytes: Int64) {
        let snapshot = try snapshot()
        var usage: [String: ColumnUsage] = [:]
        var headers: Int64 = 0
        for block in snapshot.blocks {
            let reader = try snapshot.readBlock(block)
            headers += Int64(BlockHeader.size + reader.header.directoryLength)
            for column in reader.columns {
                usage[column.name, default: ColumnUsage(column: column.name, storedBytes: 0, rawBytes: 0)].storedBytes += Int64(column.storedLength)
                usage[column.name]?.rawBytes += Int64(column.rawLength)
            }
        }
        return (usage.values.sorted { $0.storedBytes > $1.storedBytes }, headers)
    }
}
