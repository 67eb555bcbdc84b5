/// The set of `data` keys of an event, spelled as netstrings (`3:tag6:digest`) so that any key,
/// even one containing separators, round-trips.
enum DataShape {
    static func netstring(_ key: String) -> String {
        "\(key.utf8.count):" + key
    }

    static func keys(_ shape: String) throws(BlockFormatError) -> [String] {
        var keys: [String] = []
        let bytes = Array(shape.utf8)
        var i = 0
        while i < bytes.count {
            var length = 0
            while i < bytes.count, bytes[i] != UInt8(ascii: ":") {
                guard bytes[i] >= 48, bytes[i] <= 57, length < 1 << 24 else { throw .malformed("bad data shape") }
                length = length * 10 + Int(bytes[i] - 48)
                i += 1
            }
            i += 1
            guard i + length <= bytes.count else { throw .malformed("bad data shape") }
            keys.append(String(decoding: bytes[i..<(i + length)], as: UTF8.self))
            i += length
        }
        return keys
    }
}
