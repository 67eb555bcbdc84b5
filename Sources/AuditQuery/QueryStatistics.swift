/// What an evaluation actually did, for `--stats`.
public struct QueryStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Blocks read from disk.
    public var blocksRead = 0
    /// Events in those blocks.
    public var eventsRead = 0
    /// Compressed bytes read.
    public var bytesRead = 0
    /// Bytes that decompression produced (only the columns the query needed).
    public var bytesInflated = 0
    /// Events that passed the filter.
    public var eventsMatched = 0
    /// Rows or events written.
    public var outputCount = 0
    /// Wall-clock time, planning and output included.
    public var seconds = 0.0

    /// Creates empty statistics.
    public init() {}

    /// Adds what another part of the same evaluation read and matched (a worker's share).
    mutating func add(_ other: QueryStatistics) {
        blocksRead += other.blocksRead
        eventsRead += other.eventsRead
        bytesRead += other.bytesRead
        bytesInflated += other.bytesInflated
        eventsMatched += other.eventsMatched
    }

    public var description: String {
        let ms = (seconds * 100_000).rounded() / 100
        return "read \(blocksRead) blocks, \(eventsRead) events, \(bytesRead) bytes (\(bytesInflated) inflated); "
            + "matched \(eventsMatched) events; wrote \(outputCount) \(outputCount == 1 ? "row" : "rows"); \(ms) ms"
    }
}
