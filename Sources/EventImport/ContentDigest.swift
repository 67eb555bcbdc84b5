/// A 128-bit digest of an input's lines, for the import ledger: the same content (whether read
/// plain or gzipped, from a file or standard input) gives the same digest, so a file imported
/// whole is recognised when it comes again.
///
/// Two 64-bit lanes mix eight bytes at a time with multiply-xorshift steps; each line is fed
/// with its length, so line boundaries count. It tells accidental repeats apart (a collision
/// among the files one store ever imports is about 2^-100 likely); it is not a defence against
/// someone crafting a file to collide, which needs write access to the inputs anyway.
public struct ContentDigest: Hashable, Sendable, CustomStringConvertible {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    /// Lines fed so far.
    public private(set) var lines = 0
    /// Bytes fed so far, line breaks included.
    public private(set) var bytes = 0

    /// An empty digest.
    public init() {}

    /// Feeds one line (without its line break).
    public mutating func add(line: UnsafeRawBufferPointer) {
        lines += 1
        bytes += line.count + 1
        var i = 0
        let n = line.count
        while i + 8 <= n {
            step(line.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(line[i]) << shift
            shift += 8
            i += 1
        }
        step(tail ^ (UInt64(n) << 56) ^ 0x0A)
    }

    @inline(__always)
    private mutating func step(_ w: UInt64) {
        a = (a ^ w) &* 0xBF58_476D_1CE4_E5B9
        a ^= a >> 29
        b = (b &+ w) &* 0x94D0_49BB_1331_11EB
        b ^= b >> 32
        b = (b << 23) | (b >> 41)
    }

    /// 32 lowercase hexadecimal digits (with the line count, so two digests of different
    /// lengths never compare equal).
    public var description: String {
        func mix(_ x: UInt64) -> UInt64 {
            var z = x ^ UInt64(lines)
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func hex(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(mix(a ^ (b >> 7))) + hex(mix(b ^ (a << 11)))
    }
}
