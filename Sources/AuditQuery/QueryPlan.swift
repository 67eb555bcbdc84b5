import AuditModel
import SegmentStore

/// How a query will run over a snapshot: the compiled filter, what the index says about its
/// terms, the blocks that can hold a match (only these are read), and the output's shape.
///
/// Planning reads the catalog and the index, never a block.
public struct QueryPlan: Sendable {
    /// The query.
    public let query: Query
    /// The instant `now`, `today` and offsets were resolved against.
    public let now: Timestamp
    /// One line per index predicate: the term, and how many blocks and events the index says hold it.
    public let indexPredicates: [String]
    /// The time range every match lies in, when the filter implies one.
    public let timeRange: (from: Timestamp?, to: Timestamp?)
    /// The blocks the scan reads, in time order.
    public let blocks: [BlockInfo]
    /// Blocks in the snapshot.
    public let totalBlocks: Int
    /// Events in the snapshot.
    public let totalEvents: Int
    /// Whether the answer comes from the index alone (an unfiltered count by an indexed field).
    public let answeredByIndex: Bool
    /// Values the filter compares an indexed field with (`=`, `in`, a prefix) that no stored
    /// event has, with the nearest values the index holds: most often a typo, whose answer
    /// would otherwise be a quiet zero. The CLI prints them on standard error (`--strict`
    /// makes them an exit status).
    public let absentValues: [AbsentValue]
    /// Blocks `verify` recorded as damaged that the filter may match, left out of the answer
    /// (only with `skipDamaged`; without it, planning fails on them).
    public let skippedDamage: [DamageRecord]

    let filter: CompiledFilter
    let blockSets: [Set<Int64>?]
    let shape: QueryShape
    let indexRows: [[Value]]?

    /// Events in the blocks the scan reads.
    public var eventsToRead: Int { answeredByIndex ? 0 : blocks.reduce(0) { $0 + $1.eventCount } }

    /// Plans `query` over `snapshot`. `useIndexAnswers: false` forces a scan even where the
    /// index alone could answer (tests compare the two). Blocks that `verify` recorded as
    /// damaged and that may hold matches fail the plan (``StoreError/recordedDamage(blocks:events:first:)``),
    /// or, with `skipDamaged`, are left out (``skippedDamage``) and the answer comes from a scan
    /// of the rest, never from index counts that include them.
    public init(_ query: Query, snapshot: StoreSnapshot, now: Timestamp, useIndexAnswers: Bool = true, skipDamaged: Bool = false) throws {
        self.query = query
        self.now = now
        let (extra, shape) = try ShapeBuilder.build(query, now: now)
        self.shape = shape
        let node = extra.reduce(query.filter) { .and($0, $1) }
        var lookups: [IndexLookup] = []
        let filter = try FilterCompiler.compile(node, now: now, lookups: &lookups)
        self.filter = filter

        var sets: [Set<Int64>?] = []
        var valueCounts: [[String: Int]] = []
        var predicates: [String] = []
        var termCache: [IndexedField: [(value: String, events: Int)]] = [:]
        var absent: [AbsentValue] = []
        for lookup in lookups {
            var values = lookup.values
            if !lookup.prefixes.isEmpty {
                let terms = try termCache[lookup.field] ?? snapshot.terms(lookup.field)
                termCache[lookup.field] = terms
                for t in terms where lookup.prefixes.contains(where: { t.value.hasPrefix($0) }) { values.append(t.value) }
            }
            guard !lookup.present, values.count <= 2_000 else {
                sets.append(nil)
                valueCounts.append([:])
                continue
            }
            var blocks = Set<Int64>()
            var events = 0
            var perValue: [String: Int] = [:]
            for value in Set(values) {
                for posting in try snapshot.blocks(where: lookup.field, equals: value) {
                    blocks.insert(posting.block)
                    events += posting.count
                    perValue[value, default: 0] += posting.count
                }
            }
            sets.append(blocks)
            valueCounts.append(perValue)
            let missingValues = Set(lookup.values).filter { (perValue[$0] ?? 0) == 0 }.sorted()
            let missingPrefixes = lookup.prefixes.filter { p in !values.contains { $0.hasPrefix(p) } }
            if !missingValues.isEmpty || !missingPrefixes.isEmpty {
                let terms = try termCache[lookup.field] ?? snapshot.terms(lookup.field)
                termCache[lookup.field] = terms
                let known = terms.filter { $0.events > 0 }.map(\.value)
                for value in missingValues {
                    absent.append(AbsentValue(field: lookup.field, value: value, isPrefix: false,
                                              nearest: Suggestion.nearest(to: value, in: known)))
                }
                for prefix in missingPrefixes {
                    absent.append(AbsentValue(field: lookup.field, value: prefix, isPrefix: true,
                                              nearest: Suggestion.nearest(to: prefix, in: known)))
                }
            }
            let written = lookup.values.map { Self.quoteIfNeeded($0) } + lookup.prefixes.map { Self.quoteIfNeeded($0) + "*" }
            let expansion = lookup.prefixes.isEmpty ? "" : " (\(Set(values).count) value\(Set(values).count == 1 ? "" : "s"))"
            let op = written.count == 1 ? "=" : "in"
            let list = written.count == 1 ? written[0] : "(" + written.joined(separator: ", ") + ")"
            predicates.append("\(lookup.field) \(op) \(list)\(expansion): \(blocks.count) block\(blocks.count == 1 ? "" : "s"), \(events) event\(events == 1 ? "" : "s")")
        }
        blockSets = sets
        indexPredicates = predicates
        absentValues = absent
        timeRange = Self.timeRange(of: filter)

        totalBlocks = snapshot.blocks.count
        totalEvents = snapshot.eventCount
        var candidates = snapshot.blocks.filter { filter.mayMatch($0, blockSets: sets) }
        candidates.sort { $0.minSeconds != $1.minSeconds ? $0.minSeconds < $1.minSeconds : $0.id < $1.id }
        let damage = try snapshot.damagedBlocks()
        let affected = damage.isEmpty ? [] : candidates.compactMap { damage[$0.id] }.sorted { $0.block < $1.block }
        if !affected.isEmpty {
            guard skipDamaged else {
                throw StoreError.recordedDamage(blocks: affected.count, events: affected.reduce(0) { $0 + $1.events },
                                                first: affected[0].description)
            }
            candidates.removeAll { damage[$0.id] != nil }
        }
        skippedDamage = affected
        let useIndexAnswers = useIndexAnswers && affected.isEmpty

        var indexRows: [[Value]]?
        if useIndexAnswers, case .all = filter, case .aggregate(let program) = shape, program.functions == [.count] {
            if program.keys.isEmpty {
                indexRows = [[.int(snapshot.eventCount)]]
            } else if program.keys.count == 1, case .field(let field) = program.keys[0], let indexed = field.indexedField {
                let terms = try termCache[indexed] ?? snapshot.terms(indexed)
                indexRows = terms.filter { $0.events > 0 }
                    .sorted { $0.value.utf8.lexicographicallyPrecedes($1.value.utf8) }
                    .map { [.string($0.value), .int($0.events)] }
            }
        }
        // `FIELD=V` (or `in`, or a prefix) on an indexed field, then `count` or `count by FIELD`:
        // the index's per-block counts are the answer.
        if useIndexAnswers, indexRows == nil, case .string(let field, .anyOf(_, _, false), let slot?) = filter,
           sets[slot] != nil, case .aggregate(let program) = shape, program.functions == [.count] {
            let counts = valueCounts[slot].filter { $0.value > 0 }
            if program.keys.isEmpty {
                indexRows = [[.int(counts.values.reduce(0, +))]]
            } else if program.keys == [.field(field)] {
                indexRows = counts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { [.string($0.key), .int($0.value)] }
            }
        }
        self.indexRows = indexRows
        answeredByIndex = indexRows != nil
        blocks = answeredByIndex ? [] : candidates
    }

    /// The plan as `--explain` prints it.
    public var explanation: String {
        var lines = ["query: \(query.source.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " "))",
                     "now: \(now)"]
        if indexPredicates.isEmpty {
            lines.append("index predicates: none")
        } else {
            lines.append("index predicates:")
            for p in indexPredicates { lines.append("  \(p)") }
        }
        if timeRange.from != nil || timeRange.to != nil {
            lines.append("time range: [\(timeRange.from.map { "\($0)" } ?? "-∞"), \(timeRange.to.map { "\($0)" } ?? "+∞"))")
        }
        if !skippedDamage.isEmpty {
            let events = skippedDamage.reduce(0) { $0 + $1.events }
            lines.append("left out: \(skippedDamage.count) damaged block(s) recorded by verify, \(events) events (--skip-damaged)")
        }
        if answeredByIndex {
            lines.append("answer: from the index alone (no block is read)")
            return lines.joined(separator: "\n") + "\n"
        }
        let percent = totalEvents == 0 ? 0 : Double(eventsToRead) * 100 / Double(totalEvents)
        lines.append("scan: \(blocks.count) of \(totalBlocks) blocks, \(eventsToRead) of \(totalEvents) events (\(Self.format(percent))%)")
        lines.append("output: \(outputDescription)")
        return lines.joined(separator: "\n") + "\n"
    }

    private var outputDescription: String {
        switch shape {
        case .events(let p):
            var s = p.sorted.isEmpty ? "events in time order" : "events, sorted in memory"
            if let limit = p.streamLimit { s += ", stop after \(limit)" }
            return s
        case .aggregate(let p):
            return "rows: " + p.columns.map(\.name).joined(separator: ", ")
        }
    }

    private static func format(_ x: Double) -> String {
        let scaled = (x * 100).rounded() / 100
        return String(scaled)
    }

    private static func quoteIfNeeded(_ s: String) -> String {
        s.allSatisfy(Lexer.isWordCharacter) && !s.isEmpty ? s : "\"" + s.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\""
    }

    /// The time bounds a conjunction of time terms implies (for the explanation).
    private static func timeRange(of filter: CompiledFilter) -> (from: Timestamp?, to: Timestamp?) {
        var from: Timestamp?, to: Timestamp?
        func visit(_ f: CompiledFilter) {
            switch f {
            case .and(let parts): parts.forEach(visit)
            case .time(let m) where !m.negated && m.bounds.count == 1:
                let b = m.bounds[0]
                switch m.op {
                case .greaterOrEqual, .greater: from = max(from ?? b, b)
                case .less, .lessOrEqual: to = min(to ?? b, b)
                default: break
                }
            default: break
            }
        }
        visit(filter)
        return (from, to)
    }
}
