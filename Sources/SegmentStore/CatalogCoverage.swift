/// Checks that the catalog names every block its segments hold below their committed lengths.
///
/// A lost block row (a damaged or hand-edited catalog) would otherwise make a full read answer
/// with fewer events and no word. Walking the frame headers costs one 64-byte read per block.
enum CatalogCoverage {
    /// One error per block that a catalogued segment holds, inside its committed length, at an
    /// offset the catalog's block rows do not name. A header that does not parse ends the walk of
    /// its segment: reading the catalogued blocks reports such damage.
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
                guard case .success(let header) = parsed else { break }
                if named[segment.id]?.contains(offset) != true {
                    found.append(.damagedBlock(
                        segment: StoreLayout.segmentName(segment.id), offset: Int(offset),
                        reason: "a block of \(header.eventCount) events that the catalog does not name; "
                            + "run 'hubaudit rebuild-catalog' to recover it"))
                }
                offset += Int64(header.frameLength)
            }
        }
        return found
    }
}
