import CZlib

/// Incremental decompression of gzip or zlib input, for reading compressed NDJSON files in
/// bounded memory. Concatenated gzip members (as `cat a.gz b.gz` makes) are read one after another.
public struct StreamInflater: ~Copyable {
    private var stream: UnsafeMutablePointer<z_stream>
    private var finished = false

    /// Creates an inflater that detects gzip or zlib headers automatically.
    public init() throws(ZlibError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard hubaudit_inflateInit2(stream, 15 + 32) == Z_OK else {
            stream.deallocate()
            throw .initFailed
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates a chunk of compressed input, appending what it yields to `output`.
    public mutating func inflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(ZlibError) {
        guard input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while stream.pointee.avail_in > 0 {
            if finished {
                // Another gzip member follows the one that ended.
                guard inflateReset(stream) == Z_OK else { throw .corrupt("cannot start the next gzip member") }
                finished = false
            }
            let (status, produced): (Int32, Int) = chunk.withUnsafeMutableBytes { out in
                stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.pointee.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK: continue
            case Z_BUF_ERROR where produced > 0: continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw .corrupt(message)
            }
        }
    }

    /// Confirms that the input ended at the end of a compressed stream, not in the middle of one.
    public func finish() throws(ZlibError) {
        guard finished else { throw .corrupt("the compressed input ends early (truncated file?)") }
    }
}
