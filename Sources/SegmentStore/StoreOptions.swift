/// Tuning of how a writer lays out blocks and segments.
public struct StoreOptions: Sendable, Hashable {
    /// Events per block. Larger blocks compress better; smaller ones let the index skip more.
    public var blockEvents: Int
    /// A segment is sealed, and the next block starts a new file, past this size.
    public var segmentBytes: Int64
    /// The deflate level of column chunks (1 fastest … 9 smallest).
    public var compressionLevel: Int32

    /// An actor with at most this many events in a full batch has them written to a side block
    /// (see ``BlockSplitter``); 0 keeps every batch in one block.
    public var rareActorEvents: Int
    /// About how many events a side block holds.
    public var sideBlockEvents: Int
    /// Events set aside for side blocks are gathered over batches until their sequence numbers
    /// span this many (or they fill a batch), so that one actor's events of those batches share a
    /// block.
    public var sideWindowEvents: Int

    /// The defaults: 32,768 events a block, 64 MiB segments, deflate level 3 (measured in
    /// `Benchmarks/store.sh`: level 6 costs 20% more import time for 1.5% less space); actors
    /// with at most 20 events in a full batch are set aside and written, gathered over up to 8
    /// batches, as side blocks of about 768 events. Measured on 10M generated events
    /// (`Benchmarks/query/RESULTS.md`): an actor with 0.01% of the events, present in 77% of the
    /// batches, is read from 32 blocks (31,316 events) in about 10 ms, instead of 236 blocks in
    /// 32 ms when each batch had its own side blocks, and 540 ms with none.
    public init(blockEvents: Int = 32_768, segmentBytes: Int64 = 64 << 20, compressionLevel: Int32 = 3,
                rareActorEvents: Int = 20, sideBlockEvents: Int = 768, sideWindowEvents: Int? = nil) {
        self.blockEvents = max(1, blockEvents)
        self.segmentBytes = max(1, segmentBytes)
        self.compressionLevel = min(9, max(1, compressionLevel))
        self.rareActorEvents = max(0, rareActorEvents)
        self.sideBlockEvents = max(1, sideBlockEvents)
        // At most 2^30, so that a side block's sequence numbers (its window plus one batch) span
        // less than the header's 32 bits.
        self.sideWindowEvents = min(1 << 30, max(1, sideWindowEvents ?? 8 * self.blockEvents))
    }
}

/// What a writer found and repaired when it opened the store after a crash.
public struct RecoveryReport: Sendable, Hashable {
    /// Segments whose uncommitted tail was cut off, with how many bytes were removed.
    public var truncated: [(segment: Int64, bytes: Int64)] = []
    /// Segment files of a transaction that never committed, removed.
    public var removedSegments: [Int64] = []
    /// Problems that recovery cannot repair (a segment shorter than committed, or missing).
    public var problems: [String] = []

    /// Whether the store was clean.
    public var isClean: Bool { truncated.isEmpty && removedSegments.isEmpty && problems.isEmpty }

    public static func == (a: RecoveryReport, b: RecoveryReport) -> Bool {
        a.truncated.map { "\($0.segment):\($0.bytes)" } == b.truncated.map { "\($0.segment):\($0.bytes)" }
            && a.removedSegments == b.removedSegments && a.problems == b.problems
    }

    public func hash(into hasher: inout Hasher) {
        for t in truncated { hasher.combine(t.segment); hasher.combine(t.bytes) }
        hasher.combine(removedSegments)
        hasher.combine(problems)
    }
}

/// What one commit made durable.
public struct CommitSummary: Sendable, Hashable {
    /// Events committed.
    public var events: Int
    /// Blocks written.
    public var blocks: Int
    /// Sequence numbers `firstSeq ..< nextSeq` were assigned to those events.
    public var firstSeq: UInt64
    /// The next sequence number the store will assign.
    public var nextSeq: UInt64
}
