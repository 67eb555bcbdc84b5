/// Walks the frames of one segment file from its start, for `verify` and `rebuild-catalog`.
///
/// A frame whose header is damaged cannot tell where the next one starts, so the scanner then
/// searches forward for the next offset that holds a valid header: one damaged block costs that
/// block, not the rest of the segment.
struct SegmentScanner {
    enum Item {
        /// A frame whose header is sound; `reader` is nil and `error` set when its body is damaged.
        case frame(offset: Int64, header: BlockHeader, reader: BlockReader?, error: BlockFormatError?)
        /// Bytes that hold no valid frame, from `offset` for `length` bytes.
        case garbage(offset: Int64, length: Int64, reason: String)
    }

    private let file: RawFile
    private let end: Int64
    private var offset: Int64 = 0

    /// Scans `path` from byte `start` up to `limit` bytes (the whole file when nil).
    init(path: String, from start: Int64 = 0, limit: Int64? = nil) throws(StoreError) {
        file = try RawFile.openForReading(path)
        let size = try file.size()
        end = min(size, limit ?? size)
        offset = max(0, start)
    }

    mutating func next() throws(StoreError) -> Item? {
        guard offset < end else { return nil }
        let start = offset
        let headerBytes = try file.read(at: offset, count: min(BlockHeader.size, Int(end - offset)))
        let parsed = headerBytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> BlockHeader in try BlockHeader.decode(raw) }
        }
        switch parsed {
        case .success(let header) where start + Int64(header.frameLength) <= end:
            let frame = try file.read(at: start, count: header.frameLength)
            offset = start + Int64(header.frameLength)
            do {
                let reader = try BlockReader(frame: frame)
                try reader.verify()
                return .frame(offset: start, header: header, reader: reader, error: nil)
            } catch {
                return .frame(offset: start, header: header, reader: nil, error: error)
            }
        case .success:
            offset = end
            return .garbage(offset: start, length: end - start, reason: "a block that ends beyond the end of the file (torn write)")
        case .failure(let error):
            let resume = try findNextHeader(after: start)
            offset = resume
            return .garbage(offset: start, length: resume - start, reason: "\(error)")
        }
    }

    /// The next offset after `start` where a valid header begins, or the end.
    private func findNextHeader(after start: Int64) throws(StoreError) -> Int64 {
        var position = start + 1
        let window = 1 << 20
        while position < end {
            let count = Int(min(Int64(window + BlockHeader.size), end - position))
            let bytes = try file.read(at: position, count: count)
            let hit: Int64? = bytes.withUnsafeBytes { raw in
                var i = 0
                while i + BlockHeader.size <= raw.count {
                    if raw[i] == BlockHeader.magic[0], raw[i + 1] == BlockHeader.magic[1], raw[i + 2] == BlockHeader.magic[2],
                       raw[i + 3] == BlockHeader.magic[3],
                       (try? BlockHeader.decode(UnsafeRawBufferPointer(rebasing: raw[i..<(i + BlockHeader.size)]))) != nil {
                        return Int64(i)
                    }
                    i += 1
                }
                return nil
            }
            if let hit { return position + hit }
            if count < window + BlockHeader.size { break }
            position += Int64(window)
        }
        return end
    }
}
