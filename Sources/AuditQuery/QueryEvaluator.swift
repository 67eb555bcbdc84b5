import AuditModel
import Dispatch
import Foundation
import SegmentStore
import Synchronization

/// Runs a ``QueryPlan`` over its snapshot and writes the answer to a ``ResultSink``.
///
/// Aggregations stream block by block (memory grows with the groups); events stream in time
/// order through a heap merge of the blocks that overlap in time, and stop early at a `limit`.
/// Only a `sort` of events holds the matching events in memory.
public struct QueryEvaluator: Sendable {
    /// The plan.
    public let plan: QueryPlan
    /// The snapshot it was planned over.
    public let snapshot: StoreSnapshot

    /// Prepares to run `plan` over `snapshot`.
    public init(plan: QueryPlan, snapshot: StoreSnapshot) {
        self.plan = plan
        self.snapshot = snapshot
    }

    /// Parses, plans and runs a query in one call (tests and simple callers).
    @discardableResult
    public static func run(_ text: String, snapshot: StoreSnapshot, now: Timestamp, into sink: some ResultSink,
                           useIndexAnswers: Bool = true) throws -> QueryStatistics {
        let query = try Query(parsing: text)
        let plan = try QueryPlan(query, snapshot: snapshot, now: now, useIndexAnswers: useIndexAnswers)
        return try QueryEvaluator(plan: plan, snapshot: snapshot).run(into: sink)
    }

    /// Runs the query; returns what it read.
    @discardableResult
    public func run(into sink: some ResultSink) throws -> QueryStatistics {
        let clock = ContinuousClock()
        let started = clock.now
        var stats = QueryStatistics()
        switch plan.shape {
        case .aggregate(let program):
            let rows: [[Value]]
            if let indexRows = plan.indexRows {
                rows = indexRows
            } else {
                let aggregated = try aggregate(program, &stats)
                rows = aggregated.rows
                stats.eventsMatched = aggregated.eventCount
            }
            var columns = program.columns
            var current = rows
            for step in program.steps {
                switch step {
                case .sort(let keys):
                    // A weekday group key sorts in calendar order (mon … sun), as it is grouped.
                    let weekday = columns.map { $0.name == QueryField.weekday.description && $0.type == .text }
                    current = Self.stableSort(current) { a, b in
                        for (i, descending) in keys where a[i] != b[i] {
                            let order = weekday[i] ? Value.ascendingWeekdays : Value.ascending
                            return descending ? order(b[i], a[i]) : order(a[i], b[i])
                        }
                        return false
                    }
                case .limit(let n): current = Array(current.prefix(n))
                case .fields(let indices):
                    columns = indices.map { columns[$0] }
                    current = current.map { row in indices.map { row[$0] } }
                case .filter(let f): current = current.filter { f.matches($0) }
                }
            }
            try sink.beginRows(columns: columns)
            for row in current { try sink.row(row) }
            stats.outputCount = current.count
        case .events(let program):
            try sink.beginEvents(fields: program.fields)
            if program.sorted.isEmpty {
                try streamEvents(limit: program.streamLimit, stats: &stats) { event in try sink.event(event) }
            } else {
                var events: [AuditEvent] = []
                // `sort … | limit N` keeps at most about 2N events: the buffer is sorted and cut
                // back to N whenever it fills (stable, since it only ever holds earlier events first).
                var bound: (keys: [(QueryField, Bool)], n: Int)?
                if program.sorted.count >= 2, case .sort(let keys) = program.sorted[0], case .limit(let n) = program.sorted[1] {
                    bound = (keys, n)
                }
                try streamEvents(limit: program.streamLimit, stats: &stats) { event in
                    events.append(event)
                    if let bound, events.count >= max(2 * bound.n, 4096) {
                        events = Array(Self.sortEvents(events, bound.keys).prefix(bound.n))
                    }
                }
                for step in program.sorted {
                    switch step {
                    case .sort(let keys): events = Self.sortEvents(events, keys)
                    case .limit(let n): events = Array(events.prefix(n))
                    }
                }
                for event in events { try sink.event(event) }
                stats.outputCount = events.count
            }
        }
        try sink.finish()
        let elapsed = clock.now - started
        stats.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return stats
    }

    /// How many threads scan blocks for an aggregation (each aggregates its share of the blocks;
    /// the partial tables are merged at the end). One for small scans.
    public var workers = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// What the workers of an aggregation share: the groups merged so far, what they read, and
    /// each worker's error.
    private struct AggregationState {
        var total: GroupAggregator
        var stats = QueryStatistics()
        var errors: [(any Error)?]
    }

    /// The aggregated rows and how many events they count.
    private func aggregate(_ program: AggregateProgram, _ stats: inout QueryStatistics) throws -> (rows: [[Value]], eventCount: Int) {
        let blocks = plan.blocks
        let n = blocks.count >= 16 ? min(workers, blocks.count) : 1
        let shared = Mutex(AggregationState(
            total: GroupAggregator(keys: program.keys, functions: program.functions), errors: Array(repeating: nil, count: n)))
        Self.forEach(n, parallel: n > 1) { [self] w in
            var aggregator = GroupAggregator(keys: program.keys, functions: program.functions)
            var local = QueryStatistics()
            var failure: (any Error)?
            do {
                var i = w
                while i < blocks.count {
                    let info = blocks[i]
                    let block = try open(info, &local)
                    let mask = try guarded(info) { () throws(BlockFormatError) in try plan.filter.mask(block, blockSets: plan.blockSets) }
                    try guarded(info) { () throws(BlockFormatError) in try aggregator.add(block, mask: mask) }
                    let used = block.bytesUsed
                    local.bytesInflated += used.inflated
                    local.bytesRead += used.stored
                    i += n
                }
            } catch {
                failure = error
            }
            // Merging is order-independent (counts, sets, extremes; rows are sorted by key).
            shared.withLock { state in
                state.total.merge(aggregator)
                state.stats.add(local)
                state.errors[w] = failure
            }
        }
        let (result, read, error) = shared.withLock { state in
            ((rows: state.total.rows(), eventCount: state.total.eventCount), state.stats, state.errors.lazy.compactMap { $0 }.first)
        }
        if let error { throw error }
        stats.add(read)
        return result
    }

    /// Runs `body` for each of `0..<n`: on several threads when `parallel`, otherwise in order on
    /// this one.
    private static func forEach(_ n: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if parallel {
            DispatchQueue.concurrentPerform(iterations: n, execute: body)
        } else {
            for i in 0..<n { body(i) }
        }
    }

    /// Events in the order of `keys` (stable).
    static func sortEvents(_ events: [AuditEvent], _ keys: [(QueryField, Bool)]) -> [AuditEvent] {
        stableSort(events) { a, b in
            for (field, descending) in keys {
                let x = value(field, of: a), y = value(field, of: b)
                if x != y { return descending ? Value.ascending(y, x) : Value.ascending(x, y) }
            }
            return false
        }
    }

    /// A field's value in an event, for sorting.
    static func value(_ field: QueryField, of event: AuditEvent) -> Value {
        if field == .time { return .time(event.timestamp) }
        return field.text(of: event).map { .string($0) } ?? .null
    }

    private static func stableSort<T>(_ items: [T], by less: (T, T) -> Bool) -> [T] {
        items.enumerated().sorted { a, b in
            if less(a.element, b.element) { return true }
            if less(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }

    private func open(_ info: BlockInfo, _ stats: inout QueryStatistics) throws -> BlockContext {
        // Only the header and directory now; each column is read from the segment when used.
        let reader = try snapshot.readBlock(info)
        stats.blocksRead += 1
        stats.eventsRead += info.eventCount
        stats.bytesRead += reader.prefixLength
        return BlockContext(info: info, reader: reader)
    }

    private func guarded<T>(_ info: BlockInfo, _ body: () throws(BlockFormatError) -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw .damagedBlock(segment: StoreLayout.segmentName(info.segment), offset: Int(info.offset), reason: "\(error)")
        }
    }

    /// The matching events of each block (in the order given), decoded in parallel.
    private func decodeMatching(_ blocks: [BlockInfo], _ stats: inout QueryStatistics) throws -> [[StoredEvent]] {
        let n = blocks.count
        // Each block's events, what reading it cost, and its error, in the order of `blocks`.
        let shared = Mutex([(events: [StoredEvent], stats: QueryStatistics, error: (any Error)?)](
            repeating: ([], QueryStatistics(), nil), count: n))
        Self.forEach(n, parallel: n > 1 && workers > 1) { [self] i in
            let info = blocks[i]
            var local = QueryStatistics()
            var events: [StoredEvent] = []
            var failure: (any Error)?
            do {
                let block = try open(info, &local)
                let mask = try guarded(info) { () throws(BlockFormatError) in try plan.filter.mask(block, blockSets: plan.blockSets) }
                if !mask.isEmpty {
                    events = try guarded(info) { () throws(BlockFormatError) in try block.events { mask.matches($0) } }
                    local.eventsMatched = events.count
                }
                let used = block.bytesUsed
                local.bytesInflated += used.inflated
                local.bytesRead += used.stored
            } catch {
                failure = error
            }
            shared.withLock { $0[i] = (events, local, failure) }
        }
        let results = shared.withLock { $0 }
        var decoded: [[StoredEvent]] = []
        decoded.reserveCapacity(n)
        for result in results {
            if let error = result.error { throw error }
            stats.add(result.stats)
            decoded.append(result.events)
        }
        return decoded
    }

    /// Matching events in ascending (time, sequence) order.
    private func streamEvents(limit: Int?, stats: inout QueryStatistics, _ emit: (AuditEvent) throws -> Void) throws {
        let candidates = plan.blocks
        var next = 0
        var merge = TimeOrderedMerge()
        var emitted = 0
        if let limit, limit <= 0 { return }
        var decoded: [[StoredEvent]] = []
        var batch = 1
        var decodedBlocks = 0
        while true {
            while next < candidates.count, merge.nextSeconds.map({ candidates[next].minSeconds <= $0 }) ?? true {
                if decoded.isEmpty {
                    // Decode the next few blocks on all workers; the batch grows so that a query
                    // with a small limit decodes little more than it needs. While blocks yield few
                    // matches (a rare actor), batches grow larger, for fewer waits on the slowest
                    // worker; held events stay bounded (64 blocks of under 256 matches each).
                    let count = min(batch, candidates.count - next)
                    decoded = try decodeMatching(Array(candidates[next..<(next + count)]), &stats)
                    decoded.reverse()
                    decodedBlocks += count
                    let sparse = stats.eventsMatched < 256 * decodedBlocks
                    batch = min(batch * 2, sparse ? 64 : 4 * max(1, workers))
                }
                next += 1
                if let events = decoded.popLast() { merge.add(events) }
            }
            guard let stored = merge.pop() else { return }
            try emit(stored.event)
            emitted += 1
            stats.outputCount = emitted
            if let limit, emitted >= limit { return }
        }
    }
}
