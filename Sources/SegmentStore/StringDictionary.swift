/// A block's dictionary of one string column, decoded value by value on first use.
///
/// A selective query returns a handful of events from a block whose dictionaries hold tens of
/// thousands of values (tags, repository names, image digests); building every one as a `String`
/// cost more than everything else the query did. The dictionary's layout is checked whole when it
/// is opened; each value is built (and validated as UTF-8) only when asked for, at most once.
/// Keep it in one variable and call ``value(_:)`` on it in place: a copy builds its values again.
struct StringDictionary {
    private let bytes: [UInt8]
    private let digests: Bool
    /// Where each value starts in `bytes`, plus the end of the last one.
    private let starts: [Int32]
    private var built: [String?]

    /// The number of values.
    let count: Int

    /// A dictionary with no values (for a column that is not read).
    static let empty = StringDictionary(bytes: [0, 0], digests: false, starts: [2], count: 0)

    private init(bytes: [UInt8], digests: Bool, starts: [Int32], count: Int) {
        self.bytes = bytes
        self.digests = digests
        self.starts = starts
        self.count = count
        built = []
    }

    /// Parses a dictionary chunk (see ``StringColumnBuilder/encode(context:contextCount:)``).
    init(_ bytes: [UInt8]) throws(BlockFormatError) {
        let parsed = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> (Bool, Int, [Int32]) in
                var r = ByteReader(raw)
                let kind = try r.u8()
                let count = try r.varintInt(limit: bytes.count * 8 + 8)
                switch kind {
                case 1:
                    let start = r.offset
                    guard (bytes.count - start) == 32 * count else {
                        throw BlockFormatError.malformed("a digest dictionary of \(count) values is \(bytes.count - start) bytes")
                    }
                    return (true, count, [Int32(start)])
                case 0:
                    var lengths: [Int] = []
                    lengths.reserveCapacity(count)
                    for _ in 0..<count { lengths.append(try r.varintInt(limit: bytes.count)) }
                    var starts: [Int32] = []
                    starts.reserveCapacity(count + 1)
                    var at = r.offset
                    for n in lengths {
                        starts.append(Int32(at))
                        at += n
                    }
                    guard at == bytes.count else { throw BlockFormatError.malformed("trailing bytes after a dictionary") }
                    starts.append(Int32(at))
                    return (false, count, starts)
                default:
                    throw BlockFormatError.malformed("unknown dictionary kind \(kind)")
                }
            }
        }
        (digests, count, starts) = try parsed.get()
        self.bytes = bytes
        built = [String?](repeating: nil, count: count)
    }

    /// The id of `value`, found by comparing bytes (no value is built), or `nil`.
    func id(of value: String) -> Int? {
        return value.withUTF8Bytes { wanted in
            bytes.withUnsafeBytes { raw -> Int? in
                if digests {
                    let text = String(decoding: wanted, as: UTF8.self)
                    guard DigestCodec.isDigest(text) else { return nil }
                    var binary: [UInt8] = []
                    DigestCodec.appendBinary(text, to: &binary)
                    let start = Int(starts[0])
                    for i in 0..<count where raw[(start + 32 * i)..<(start + 32 * i + 32)].elementsEqual(binary) { return i }
                    return nil
                }
                for i in 0..<count {
                    let from = Int(starts[i]), to = Int(starts[i + 1])
                    guard to - from == wanted.count else { continue }
                    if raw[from..<to].elementsEqual(wanted) { return i }
                }
                return nil
            }
        }
    }

    /// The value with id `i` (`i` below ``count``: ids are checked when the id column is read).
    mutating func value(_ i: Int) throws(BlockFormatError) -> String {
        if let value = built[i] { return value }
        let value = try make(i)
        built[i] = value
        return value
    }

    /// Every value, in id order (built now, except those already built).
    func all() throws(BlockFormatError) -> [String] {
        var out: [String] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            if let value = built[i] { out.append(value) } else { out.append(try make(i)) }
        }
        return out
    }

    private func make(_ i: Int) throws(BlockFormatError) -> String {
        let made = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> String in
                if digests {
                    let start = Int(starts[0]) + 32 * i
                    return DigestCodec.string(fromBinary: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 32)]))
                }
                let slice = UnsafeRawBufferPointer(rebasing: raw[Int(starts[i])..<Int(starts[i + 1])])
                guard let value = String(validating: slice, as: UTF8.self) else {
                    throw BlockFormatError.malformed("dictionary value \(i) is not UTF-8")
                }
                return value
            }
        }
        return try made.get()
    }
}
