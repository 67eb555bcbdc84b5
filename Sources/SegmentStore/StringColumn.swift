/// Dictionary encoding of one string-valued column of a block.
///
/// Values become ids into a block-local dictionary ordered by frequency (the most common value
/// gets id 0, so most ids fit in one byte); the dictionary stores lengths apart from the bytes,
/// which deflate compresses better, and stores `sha256:` image digests as 32 raw bytes, since
/// their hex spelling is pure entropy at twice the size.
struct StringColumnBuilder {
    private(set) var values: [String] = []
    private(set) var counts: [Int] = []
    private var lookup: [String: UInt32] = [:]
    private(set) var ids: [UInt32] = []

    var isEmpty: Bool { ids.isEmpty }

    mutating func add(_ value: String) {
        if let id = lookup[value] {
            ids.append(id)
            counts[Int(id)] += 1
        } else {
            let id = UInt32(values.count)
            lookup[value] = id
            values.append(value)
            counts.append(1)
            ids.append(id)
        }
    }

    /// The dictionary chunk and the id chunk.
    func encode() -> (dictionary: [UInt8], ids: [UInt8]) {
        // Most frequent first; ties keep first-occurrence order, so the encoding is deterministic.
        let order = values.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var remap = [UInt32](repeating: 0, count: values.count)
        for (newID, oldID) in order.enumerated() { remap[oldID] = UInt32(newID) }

        var dict = ByteWriter(capacity: values.count * 16)
        let allDigests = !values.isEmpty && values.allSatisfy(DigestCodec.isDigest)
        dict.u8(allDigests ? 1 : 0)
        dict.varint(values.count)
        if allDigests {
            for old in order { DigestCodec.appendBinary(values[old], to: &dict.bytes) }
        } else {
            for old in order { dict.varint(values[old].utf8.count) }
            for old in order { dict.append(contentsOf: values[old].utf8) }
        }
        var idBytes = ByteWriter(capacity: ids.count + 16)
        for id in ids { idBytes.varint(UInt64(remap[Int(id)])) }
        return (dict.bytes, idBytes.bytes)
    }

    /// Each distinct value with how many times it occurs (for the index).
    var valueCounts: [(value: String, count: Int)] {
        values.indices.map { (values[$0], counts[$0]) }
    }
}

/// Decoding of a dictionary-encoded string column.
enum StringColumnDecoder {
    static func dictionary(_ bytes: [UInt8]) throws(BlockFormatError) -> [String] {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [String] in
                var r = ByteReader(raw)
                let kind = try r.u8()
                let count = try r.varintInt(limit: bytes.count * 8 + 8)
                var values: [String] = []
                values.reserveCapacity(count)
                switch kind {
                case 1:
                    for _ in 0..<count { values.append(DigestCodec.string(fromBinary: try r.slice(32))) }
                case 0:
                    var lengths: [Int] = []
                    lengths.reserveCapacity(count)
                    for _ in 0..<count { lengths.append(try r.varintInt(limit: bytes.count)) }
                    for n in lengths { values.append(try r.string(n)) }
                default:
                    throw BlockFormatError.malformed("unknown dictionary kind \(kind)")
                }
                guard r.atEnd else { throw BlockFormatError.malformed("trailing bytes after a dictionary") }
                return values
            }
        }
        return try result.get()
    }

    static func ids(_ bytes: [UInt8], count: Int, dictionarySize: Int) throws(BlockFormatError) -> [UInt32] {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [UInt32] in
                var r = ByteReader(raw)
                var ids = [UInt32](repeating: 0, count: count)
                for i in 0..<count {
                    let id = try r.varint()
                    guard id < UInt64(dictionarySize) else {
                        throw BlockFormatError.malformed("dictionary id \(id) out of range \(dictionarySize)")
                    }
                    ids[i] = UInt32(id)
                }
                guard r.atEnd else { throw BlockFormatError.malformed("trailing bytes after an id column") }
                return ids
            }
        }
        return try result.get()
    }
}

/// The binary form of `sha256:` digests.
enum DigestCodec {
    private static let prefix = Array("sha256:".utf8)

    /// Whether a string is `sha256:` followed by exactly 64 lowercase hexadecimal digits.
    static func isDigest(_ s: String) -> Bool {
        let u = s.utf8
        guard u.count == 71 else { return false }
        var i = 0
        for c in u {
            if i < 7 {
                if c != prefix[i] { return false }
            } else if !((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) {
                return false
            }
            i += 1
        }
        return true
    }

    static func appendBinary(_ s: String, to out: inout [UInt8]) {
        var high: UInt8 = 0
        for (i, c) in s.utf8.dropFirst(7).enumerated() {
            let nibble = c <= 57 ? c - 48 : c - 87
            if i & 1 == 0 { high = nibble << 4 } else { out.append(high | nibble) }
        }
    }

    static func string(fromBinary b: UnsafeRawBufferPointer) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = prefix
        out.reserveCapacity(71)
        for byte in b {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
