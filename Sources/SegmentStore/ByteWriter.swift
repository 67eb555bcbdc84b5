/// An append-only byte buffer with the little-endian and LEB128 encodings the block format uses.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    mutating func u32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }

    mutating func u64(_ v: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }

    /// Unsigned LEB128.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    /// Signed values as zigzag LEB128, so small negative numbers stay small.
    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A length-prefixed byte string.
    mutating func lengthPrefixed<C: Collection>(_ data: C) where C.Element == UInt8 {
        varint(data.count)
        bytes.append(contentsOf: data)
    }

    mutating func append<C: Collection>(contentsOf data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }
}

/// A bounds-checked reader over bytes that may be damaged: every read can fail with a reason
/// instead of trapping, so a corrupt block is reported rather than crashing the process.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }
    var atEnd: Bool { offset >= bytes.count }

    mutating func u8() throws(BlockFormatError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(BlockFormatError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw .truncated }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() throws(BlockFormatError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .truncated }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[offset + k]) << UInt32(8 * k) }
        offset += 4
        return v
    }

    mutating func u64() throws(BlockFormatError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw .truncated }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
        offset += 8
        return v
    }

    mutating func i64() throws(BlockFormatError) -> Int64 { Int64(bitPattern: try u64()) }

    @inline(__always)
    mutating func varint() throws(BlockFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw .malformed("varint longer than 64 bits") }
        }
        throw .truncated
    }

    mutating func varintInt(limit: Int = Int(Int32.max)) throws(BlockFormatError) -> Int {
        let v = try varint()
        guard v <= UInt64(limit) else { throw .malformed("value \(v) exceeds \(limit)") }
        return Int(v)
    }

    mutating func zigzag() throws(BlockFormatError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func slice(_ count: Int) throws(BlockFormatError) -> UnsafeRawBufferPointer {
        guard count >= 0, offset + count <= bytes.count else { throw .truncated }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func string(_ count: Int) throws(BlockFormatError) -> String {
        let s = try slice(count)
        guard let value = String(validating: s, as: UTF8.self) else { throw .malformed("string is not UTF-8") }
        return value
    }
}
