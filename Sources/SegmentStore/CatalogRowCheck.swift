/// Bounds on the catalog's block and segment rows, checked before any reader uses them: a
/// tampered or damaged row (an offset of 2⁶³−1, a negative length) becomes an error naming the
/// row instead of an arithmetic trap or a read outside a file.
enum CatalogRowCheck {
    /// The largest frame a header can describe: the header plus a 32-bit payload.
    static let maximumFrame = Int64(BlockHeader.size) + Int64(UInt32.max)
    /// Offsets and lengths past this are not a segment's (1 TiB).
    static let maximumOffset: Int64 = 1 << 40

    /// Throws when `block` cannot be a real block's row.
    static func check(_ block: BlockInfo) throws(StoreError) {
        let fault: String?
        if block.offset < 0 || block.offset > maximumOffset {
            fault = "offset \(block.offset) is outside any segment"
        } else if Int64(block.length) < Int64(BlockHeader.size) || Int64(block.length) > maximumFrame {
            fault = "length \(block.length) is not a block's"
        } else if block.eventCount < 0 || Int64(block.eventCount) > Int64(UInt32.max) {
            fault = "event count \(block.eventCount) is not a block's"
        } else if block.rawBytes > UInt64(1) << 50 {
            fault = "size \(block.rawBytes) is not a block's"
        } else {
            fault = nil
        }
        if let fault {
            throw .catalog("block \(block.id) (segments/\(StoreLayout.segmentName(block.segment))): \(fault); "
                + "run 'hubaudit rebuild-catalog' to rebuild the catalog from the segments")
        }
    }

    /// Throws when `segment` cannot be a real segment's row.
    static func check(_ segment: SegmentInfo) throws(StoreError) {
        guard segment.committedLength >= 0, segment.committedLength <= maximumOffset else {
            throw .catalog("segment \(segment.id): committed length \(segment.committedLength) is impossible; "
                + "run 'hubaudit rebuild-catalog' to rebuild the catalog from the segments")
        }
    }

    /// Where `block` ends in its segment, when that lies within `fileLength` bytes.
    static func end(of block: BlockInfo, within fileLength: Int64) -> Int64? {
        guard block.offset >= 0, block.length >= 0 else { return nil }
        let (end, overflow) = block.offset.addingReportingOverflow(Int64(block.length))
        return !overflow && end <= fileLength ? end : nil
    }
}
