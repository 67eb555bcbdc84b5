import Zlib

/// The fixed 64-byte header that frames every block in a segment file.
///
/// It makes a block self-describing: with it alone a scan of a segment finds each block, checks
/// it, and rebuilds the catalog's row for it (sequence numbers, time range, size).
///
/// Layout (little-endian): magic `HAB1`, version u16, column count u16, payload length u32, event
/// count u32, first sequence number u64, min and max time (Unix seconds) i64, canonical NDJSON
/// bytes of its events u64, directory length u32, directory CRC-32 u32, sequence span u32 (version
/// 2; 0 in version 1, where it equals the event count), and the CRC-32 of the preceding 60 bytes.
public struct BlockHeader: Hashable, Sendable {
    /// Bytes in a header.
    public static let size = 64
    /// The magic that starts every block.
    public static let magic: [UInt8] = Array("HAB1".utf8)
    /// The format version of the block.
    public var version: UInt16
    /// How many column chunks the payload holds.
    public var columnCount: Int
    /// Bytes after the header: the directory and the column chunks.
    public var payloadLength: Int
    /// Events in the block.
    public var eventCount: Int
    /// The lowest sequence number of the block's events; they all lie in
    /// `firstSeq ..< firstSeq + seqSpan`.
    public var firstSeq: UInt64
    /// How far the block's sequence numbers reach past `firstSeq`: the event count when they are
    /// adjacent, more when other blocks of the same batch hold the numbers between.
    public var seqSpan: Int
    /// The earliest event's time, in whole Unix seconds.
    public var minSeconds: Int64
    /// The latest event's time, in whole Unix seconds (the instant is below `maxSeconds + 1`).
    public var maxSeconds: Int64
    /// The size of the block's events as canonical NDJSON, for the compression ratio.
    public var rawBytes: UInt64
    /// Length of the column directory at the start of the payload.
    public var directoryLength: Int
    /// CRC-32 of the column directory.
    public var directoryCRC: UInt32

    /// The whole frame's length: header plus payload.
    public var frameLength: Int { Self.size + payloadLength }

    func encode() -> [UInt8] {
        var w = ByteWriter(capacity: Self.size)
        w.append(contentsOf: Self.magic)
        w.u16(version)
        w.u16(UInt16(columnCount))
        w.u32(UInt32(payloadLength))
        w.u32(UInt32(eventCount))
        w.u64(firstSeq)
        w.i64(minSeconds)
        w.i64(maxSeconds)
        w.u64(rawBytes)
        w.u32(UInt32(directoryLength))
        w.u32(directoryCRC)
        w.u32(seqSpan == eventCount ? 0 : UInt32(seqSpan))
        w.u32(Zlib.crc32(w.bytes))
        return w.bytes
    }

    /// Parses and checks a header (magic, version, CRC, plausible lengths).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(BlockFormatError) -> BlockHeader {
        guard bytes.count >= size else { throw .truncated }
        guard bytes.prefix(4).elementsEqual(magic) else { throw .badMagic }
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<size]))
        r.offset = 4
        let version = try r.u16()
        let columns = try r.u16()
        let payload = try r.u32()
        let events = try r.u32()
        let firstSeq = try r.u64()
        let minSeconds = try r.i64()
        let maxSeconds = try r.i64()
        let raw = try r.u64()
        let directoryLength = try r.u32()
        let directoryCRC = try r.u32()
        let span = try r.u32()
        let stored = try r.u32()
        let computed = Zlib.crc32(UnsafeRawBufferPointer(rebasing: bytes[0..<60]))
        guard stored == computed else { throw .checksumMismatch(part: "block header") }
        guard version <= BlockFormat.currentVersion else { throw .unsupportedVersion(Int(version)) }
        guard directoryLength <= payload, minSeconds <= maxSeconds, span == 0 || span > events else {
            throw .malformed("header fields contradict each other")
        }
        return BlockHeader(
            version: version, columnCount: Int(columns), payloadLength: Int(payload), eventCount: Int(events),
            firstSeq: firstSeq, seqSpan: span == 0 ? Int(events) : Int(span), minSeconds: minSeconds, maxSeconds: maxSeconds,
            rawBytes: raw, directoryLength: Int(directoryLength), directoryCRC: directoryCRC
        )
    }
}
