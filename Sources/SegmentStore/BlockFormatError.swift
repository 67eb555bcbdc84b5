/// A fault found while decoding a block's bytes: the block is damaged (or not a block at all).
public enum BlockFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes end before the structure they describe.
    case truncated
    /// The frame does not start with the block magic.
    case badMagic
    /// The block was written by a newer format version than this build reads.
    case unsupportedVersion(Int)
    /// A stored CRC-32 does not match the bytes; `part` names the header, directory or column.
    case checksumMismatch(part: String)
    /// A column does not inflate or its contents contradict the header.
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated: "block is truncated"
        case .badMagic: "no block starts here (bad magic)"
        case .unsupportedVersion(let v): "block format version \(v) is newer than this hubaudit reads"
        case .checksumMismatch(let part): "checksum mismatch in \(part)"
        case .malformed(let why): "block is malformed: \(why)"
        }
    }
}
