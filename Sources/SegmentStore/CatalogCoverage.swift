/// Checks that the catalog names every block its segments hold below their committed lengths.
///
/// A lost block row (a damaged or hand-edited catalog) would otherwise make a full read answer
/// with fewer events and no word. Walking the frame headers costs one 64-byte read per block.
enum CatalogCoverage {
    /// One error per block that a catalogued segment holds, inside its committed length, at an
    /// offset the catalog's block rows do not name, and per damaged header that no catalogued
    /// block covers.
    static func unnamedBlocks(_ snapshot: StoreSnapshot) throws(StoreError) -> [StoreError] {
        var named: [Int64: Set<Int64>] = [:]
        for block in snapshot.blocks { named[block.segment, default: []].insert(block.offset) }
        var found: [StoreError] = []
        for segment in snapshot.segments where segment.committedLength > 0 {
            let path = snapshot.store.layout.segment(segment.id)
            guard StoreLayout.exists(path) else { continue }
            let file = try RawFile.openForReading(path)
            let end = min(segment.committedLength, try file.size())
            var offset: Int64 = 0
            while offset <= end - Int64(BlockHeader.size) {
                let bytes = try file.read(at: offset, count: BlockHeader.size)
                let parsed = bytes.withUnsafeBytes { raw in
                    Result { () throws(BlockFormatError) -> BlockHeader in try BlockHeader.decode(raw) }
                }
                let isNamed = named[segment.id]?.contains(offset) == true
                guard case .success(let header) = parsed else {
                    // A damaged header: reading a catalogued block there reports it; bytes no
                    // catalogued block covers are reported here. Go on at the next named block.
                    if !isNamed {
                        found.append(.damagedBlock(
                            segment: StoreLayout.segmentName(segment.id), offset: Int(offset),
                            reason: "unreadable bytes that no catalogued block covers (a damaged block header?); run 'hubaudit verify'"))
                    }
                    guard let next = named[segment.id]?.filter({ $0 > offset }).min() else { break }
                    offset = next
                    continue
                }
                if !isNamed {
                    found.append(.damagedBlock(
                        segment: StoreLayout.segmentName(segment.id), offset: Int(offset),
                        reason: "a block of \(header.eventCount) events that the catalog does not name; run 'hubaudit verify' "
                            + "('hubaudit rebuild-catalog' recovers it if it is intact)"))
                }
                offset += Int64(header.frameLength)
            }
        }
        return found
    }
}
