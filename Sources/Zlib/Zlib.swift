import CZlib

/// One-shot compression, decompression and checksums over the system zlib.
///
/// The store compresses each column of a block with raw deflate (no zlib or gzip header: the
/// block frame already records lengths and a CRC-32, so the header would only repeat them).
public enum Zlib {
    /// CRC-32 (the zlib / gzip polynomial) of a byte buffer, optionally continuing an earlier one.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        var value = UInt(crc)
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, Int(UInt32.max))
            value = CZlib.crc32(value, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))
            offset += n
        }
        return UInt32(truncatingIfNeeded: value)
    }

    /// CRC-32 of an array of bytes.
    public static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, continuing: crc) }
    }

    /// Compresses bytes with raw deflate at `level` (1 fastest … 9 smallest).
    public static func deflate(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws(ZlibError) -> [UInt8] {
        try compress(input, level: level, windowBits: -15)
    }

    /// One-shot deflate; `windowBits` picks the framing (-15 raw, 15 + 16 gzip).
    private static func compress(_ input: UnsafeRawBufferPointer, level: Int32, windowBits: Int32) throws(ZlibError) -> [UInt8] {
        var stream = z_stream()
        guard hubaudit_deflateInit2(&stream, level, windowBits) == Z_OK else { throw .initFailed }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            return CZlib.deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw .compressionFailed(status) }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Compresses an array of bytes with raw deflate.
    public static func deflate(_ input: [UInt8], level: Int32 = 6) throws(ZlibError) -> [UInt8] {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(ZlibError) -> [UInt8] in try deflate(buffer, level: level) }
        }
        return try result.get()
    }

    /// Compresses bytes into a complete gzip member (for `.gz` output and tests of gzip input).
    public static func gzip(_ input: [UInt8], level: Int32 = 6) throws(ZlibError) -> [UInt8] {
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(ZlibError) -> [UInt8] in try compress(buffer, level: level, windowBits: 15 + 16) }
        }
        return try result.get()
    }

    /// Decompresses raw deflate data that must inflate to exactly `expectedSize` bytes.
    public static func inflate(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(ZlibError) -> [UInt8] {
        var failure: ZlibError?
        // Not zero-filled first: inflate writes every byte, or the array is dropped.
        let output = [UInt8](unsafeUninitializedCapacity: expectedSize) { buffer, initialized in
            do throws(ZlibError) {
                try inflate(input, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = expectedSize
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses raw deflate data into a buffer that it must fill exactly.
    public static func inflate(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) throws(ZlibError) {
        var stream = z_stream()
        guard hubaudit_inflateInit2(&stream, -15) == Z_OK else { throw .initFailed }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        // zlib wants a non-null output pointer even for zero bytes.
        var dummy: UInt8 = 0
        let status: Int32 = withUnsafeMutablePointer(to: &dummy) { dummyPointer in
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? dummyPointer
            stream.avail_out = uInt(out.count)
            return CZlib.inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw .corrupt("inflate returned \(status)") }
        guard Int(stream.total_out) == out.count, stream.avail_in == 0 else {
            throw .corrupt("inflated \(stream.total_out) bytes, expected \(out.count)")
        }
    }
}

/// A zlib failure; for decompression this means the input is damaged.
public enum ZlibError: Error, Equatable, Sendable, CustomStringConvertible {
    /// zlib could not set up a stream (out of memory).
    case initFailed
    /// Deflate did not finish (should not happen with a large enough buffer).
    case compressionFailed(Int32)
    /// The compressed bytes are not valid deflate data or inflate to the wrong size.
    case corrupt(String)

    public var description: String {
        switch self {
        case .initFailed: "zlib could not allocate a stream"
        case .compressionFailed(let status): "zlib deflate failed with status \(status)"
        case .corrupt(let why): "compressed data is damaged: \(why)"
        }
    }
}
