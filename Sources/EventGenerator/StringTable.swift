/// Many short ASCII strings packed into one byte array, addressed by index.
///
/// The generator writes names millions of times; keeping them in one contiguous arena avoids a
/// `String` → UTF-8 conversion and a reference-count round trip per use.
struct StringTable: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    /// The number of strings.
    var count: Int { ends.count }

    /// Creates an empty table.
    init() {}

    /// Creates a table holding `strings` in order.
    init(_ strings: [String]) {
        for s in strings { append(s) }
    }

    /// Adds a string at index `count`.
    mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        ends.append(bytes.count)
    }

    /// Appends string `i`'s bytes to `out`.
    @inline(__always)
    func write(_ i: Int, to out: inout [UInt8]) {
        let start = i == 0 ? 0 : ends[i - 1]
        let end = ends[i]
        bytes.withUnsafeBufferPointer { all in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// String `i` as a `String`.
    func string(_ i: Int) -> String {
        let start = i == 0 ? 0 : ends[i - 1]
        return String(decoding: bytes[start..<ends[i]], as: UTF8.self)
    }

    /// Whether every byte is printable ASCII other than `"` and `\`, so that a string can be
    /// written into JSON without escaping (the fast path relies on it).
    var isJSONSafe: Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
    }
}

extension Array where Element == UInt8 {
    /// Appends a string literal's UTF-8 bytes without going through `String`.
    @inline(__always)
    mutating func appendLiteral(_ s: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends a non-negative number in decimal, zero-padded to `width` digits.
    @inline(__always)
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        var digits: (UInt64, UInt64) = (0, 0)
        var v = value < 0 ? 0 : value
        var n = 0
        Swift.withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[15 - n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0 && n < 16
            while n < width && n < 16 {
                buf[15 - n] = 48
                n += 1
            }
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(16 - n)...]))
        }
    }
}
