/// The intact blocks of a segment's bytes that the catalog does not name: what the writer must
/// not cut, and what `rebuild-catalog` recovers.
struct UncataloguedBlocks: Sendable, Hashable {
    /// Complete blocks whose every checksum holds.
    var blocks = 0
    /// Events in those blocks.
    var events = 0
    /// Where the first of them starts.
    var firstOffset: Int64?

    /// Scans `path` from `start` (to its end) for intact blocks.
    static func scan(_ path: String, from start: Int64) throws(StoreError) -> UncataloguedBlocks {
        var found = UncataloguedBlocks()
        var scanner = try SegmentScanner(path: path, from: start)
        while let item = try scanner.next() {
            if case .frame(let offset, let header, _, nil) = item {
                found.blocks += 1
                found.events += header.eventCount
                if found.firstOffset == nil { found.firstOffset = offset }
            }
        }
        return found
    }

    /// Whether bytes past the catalog in `snapshot`'s store are an interrupted append's own (its
    /// ``WriteIntent`` names this very catalog state), which the next writer may cut.
    static func isInterruptedAppend(_ snapshot: StoreSnapshot) -> Bool {
        let segments = Dictionary(snapshot.segments.map { ($0.id, $0.committedLength) }, uniquingKeysWith: { $1 })
        return WriteIntent.load(snapshot.store.layout.intent) == WriteIntent(nextSeq: snapshot.nextSeq, segments: segments)
    }

    /// The problem to report when `found` holds intact blocks, for `verify`.
    func problem(segment: String, root: String) -> VerifyProblem? {
        guard blocks > 0 else { return nil }
        return VerifyProblem(segment: segment, offset: firstOffset,
                             message: "\(blocks) intact block(s) (\(events) events) that the catalog does not name; "
                                + "run 'hubaudit rebuild-catalog --store \(root)' to recover them")
    }
}
