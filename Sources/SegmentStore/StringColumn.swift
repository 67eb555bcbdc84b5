import AuditModel

/// Dictionary encoding of one string-valued column of a block.
///
/// Values become ids into a block-local dictionary ordered by frequency (the most common value
/// gets id 0, so most ids fit in one byte); the dictionary stores lengths apart from the bytes,
/// which deflate compresses better, and stores `sha256:` image digests as 32 raw bytes, since
/// their hex spelling is pure entropy at twice the size.
struct StringColumnBuilder {
    private var table = StringTable()
    var values: [String] { table.values }
    private(set) var counts: [Int] = []
    private(set) var ids: [UInt32] = []
    private var lastValue: String?
    private var jsonLengths: [Int] = []
    private var lastID: UInt32 = 0

    var isEmpty: Bool { ids.isEmpty }

    /// Adds one value; returns the length of its canonical JSON string literal (computed once
    /// per distinct value), which the encoder sums into the block's NDJSON size.
    @discardableResult
    mutating func add(_ value: String) -> Int {
        // Runs of one value (one account, one bot pushing) skip the hash lookup.
        if let lastValue, ExactString.same(value, lastValue) {
            ids.append(lastID)
            counts[Int(lastID)] += 1
            return jsonLengths[Int(lastID)]
        }
        lastValue = value
        let (id, inserted) = table.intern(value)
        lastID = id
        guard inserted else {
            ids.append(id)
            counts[Int(id)] += 1
            return jsonLengths[Int(id)]
        }
        counts.append(1)
        ids.append(id)
        let length = CanonicalJSON.literalLength(value)
        jsonLengths.append(length)
        return length
    }

    /// How the id chunk spells ids (its first byte).
    enum IDCoding: UInt8 {
        /// Frequency-ordered ids as LEB128.
        case plain = 0
        /// 0 when the value is the most common one among events sharing the context value (the
        /// event's action), else 1 + the id: a description template or data shape follows from
        /// the action, so this column costs almost nothing.
        case byContext = 1
        /// First-occurrence ids; 0 for a value not seen before, else how many new values back
        /// it first appeared: digests are mostly new, and reused ones were new a moment ago.
        case recency = 2
    }

    /// The dictionary chunk, the id chunk, and the final id of each value (for use as context).
    func encode(context: [UInt32]? = nil, contextCount: Int = 0) -> (dictionary: [UInt8], ids: [UInt8], finalIDs: [UInt32]) {
        let coding: IDCoding = context != nil ? .byContext : (values.count * 4 > ids.count && ids.count >= 64 ? .recency : .plain)
        // Frequency order (ties by first occurrence, so the encoding is deterministic), or
        // first-occurrence order for recency coding.
        let order = coding == .recency
            ? Array(values.indices)
            : values.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
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
        let finalIDs = ids.map { remap[Int($0)] }
        var idBytes = ByteWriter(capacity: ids.count + 16)
        idBytes.u8(coding.rawValue)
        switch coding {
        case .plain:
            for id in finalIDs { idBytes.varint(UInt64(id)) }
        case .recency:
            var nextNew: UInt32 = 0
            for id in finalIDs {
                if id == nextNew {
                    idBytes.varint(0)
                    nextNew += 1
                } else {
                    idBytes.varint(UInt64(nextNew - id))
                }
            }
        case .byContext:
            let context = context ?? []
            // The most common id per context value.
            var tallies = [[UInt32: Int]](repeating: [:], count: contextCount)
            for (id, c) in zip(finalIDs, context) { tallies[Int(c)][id, default: 0] += 1 }
            let defaults: [UInt32?] = tallies.map { tally in
                tally.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
            }
            idBytes.varint(contextCount)
            for d in defaults { idBytes.varint(d.map { UInt64($0) + 1 } ?? 0) }
            for (id, c) in zip(finalIDs, context) {
                idBytes.varint(defaults[Int(c)] == id ? 0 : UInt64(id) + 1)
            }
        }
        return (dict.bytes, idBytes.bytes, finalIDs)
    }

    /// Each distinct value with how many times it occurs (for the index).
    var valueCounts: [(value: String, count: Int)] {
        values.indices.map { (values[$0], counts[$0]) }
    }
}

/// Decoding of a dictionary-encoded string column.
enum StringColumnDecoder {
    /// Decodes an id chunk; `context` holds the context value (action id) of each event when
    /// the chunk is coded by context.
    static func ids(_ bytes: [UInt8], count: Int, dictionarySize: Int, context: [UInt32]? = nil) throws(BlockFormatError) -> [UInt32] {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [UInt32] in
                var r = ByteReader(raw)
                guard let coding = StringColumnBuilder.IDCoding(rawValue: try r.u8()) else {
                    throw BlockFormatError.malformed("unknown id coding")
                }
                var ids = [UInt32](repeating: 0, count: count)
                let size = UInt64(dictionarySize)
                switch coding {
                case .plain where r.remaining == count:
                    // One byte per id (a dictionary of at most 128 values, the common case for
                    // account, action and actor): no varint decoding, a loop that vectorises.
                    var largest: UInt8 = 0
                    ids.withUnsafeMutableBufferPointer { out in
                        let bytes = UnsafeRawBufferPointer(rebasing: raw[(raw.count - count)...])
                        for i in 0..<count {
                            let b = bytes[i]
                            largest = max(largest, b)
                            out[i] = UInt32(b)
                        }
                    }
                    guard count == 0 || (largest < 0x80 && UInt64(largest) < size) else {
                        throw BlockFormatError.malformed("dictionary id \(largest) out of range \(size) or not one byte")
                    }
                    r.offset = raw.count
                case .plain:
                    for i in 0..<count {
                        let id = try r.varint()
                        guard id < size else { throw BlockFormatError.malformed("dictionary id \(id) out of range \(size)") }
                        ids[i] = UInt32(id)
                    }
                case .recency:
                    var nextNew: UInt64 = 0
                    for i in 0..<count {
                        let code = try r.varint()
                        let id: UInt64
                        if code == 0 {
                            id = nextNew
                            nextNew += 1
                        } else {
                            guard code <= nextNew else { throw BlockFormatError.malformed("recency code out of range") }
                            id = nextNew - code
                        }
                        guard id < size else { throw BlockFormatError.malformed("dictionary id \(id) out of range \(size)") }
                        ids[i] = UInt32(id)
                    }
                case .byContext:
                    guard let context, context.count == count else { throw BlockFormatError.malformed("context missing for a column") }
                    let contexts = try r.varintInt(limit: 1 << 24)
                    var defaults = [UInt64](repeating: 0, count: contexts)
                    for c in 0..<contexts { defaults[c] = try r.varint() }
                    for i in 0..<count {
                        let code = try r.varint()
                        let c = Int(context[i])
                        guard c < contexts else { throw BlockFormatError.malformed("context value out of range") }
                        let plusOne = code == 0 ? defaults[c] : code
                        guard plusOne >= 1, plusOne - 1 < size else { throw BlockFormatError.malformed("dictionary id out of range") }
                        ids[i] = UInt32(plusOne - 1)
                    }
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
        return s.withUTF8Bytes { u in
            guard u.count == 71, u.starts(with: prefix) else { return false }
            for i in 7..<71 {
                let c = u[i]
                if !((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) { return false }
            }
            return true
        }
    }

    static func appendBinary(_ s: String, to out: inout [UInt8]) {
        s.withUTF8Bytes { u in
            var i = 7
            while i + 1 < u.count {
                let hi = u[i] <= 57 ? u[i] &- 48 : u[i] &- 87
                let lo = u[i + 1] <= 57 ? u[i + 1] &- 48 : u[i + 1] &- 87
                out.append(hi << 4 | lo)
                i += 2
            }
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
