import AuditModel

/// Turns a query's stages into a ``QueryShape`` and checks their order and column names.
enum ShapeBuilder {
    /// Splits the stages into event filters (returned, to AND with the query's filter) and the
    /// shape of the output.
    static func build(_ query: Query, now: Timestamp) throws(QueryError) -> (extraFilters: [FilterNode], shape: QueryShape) {
        var filters: [FilterNode] = []
        let aggregationIndex = query.stages.firstIndex { $0.kind.isAggregation }
        var seenLimit: Stage?
        var events = EventProgram(streamLimit: nil, sorted: [], fields: nil, fieldNames: nil)
        for (i, stage) in query.stages.enumerated() {
            if let aggregationIndex, i >= aggregationIndex { break }
            switch stage.kind {
            case .where(let node):
                if let limit = seenLimit {
                    throw .misplacedStage(StageKeyword.where.rawValue, reason: "on events it is a filter and must come before '\(limit.keyword)'", at: stage.range)
                }
                try FilterCompiler.validateEventFilter(node)
                filters.append(node)
            case .sort(let columns):
                guard aggregationIndex == nil else { throw misplacedBeforeAggregation(stage, query, aggregationIndex) }
                var keys: [(QueryField, Bool)] = []
                for c in columns { keys.append((try QueryField.resolve(c.name, at: c.range), c.descending)) }
                events.sorted.append(.sort(keys))
            case .limit(let n):
                guard aggregationIndex == nil else { throw misplacedBeforeAggregation(stage, query, aggregationIndex) }
                seenLimit = stage
                if events.sorted.isEmpty {
                    events.streamLimit = min(events.streamLimit ?? n, n)
                } else {
                    events.sorted.append(.limit(n))
                }
            case .fields(let columns):
                guard aggregationIndex == nil else { throw misplacedBeforeAggregation(stage, query, aggregationIndex) }
                var fields: [QueryField] = []
                for c in columns {
                    let f = try QueryField.resolve(c.name, at: c.range)
                    if let previous = events.fields, !previous.contains(f) {
                        throw .unknownColumn(c.name, available: previous.map(\.description), suggestion: nil, at: c.range)
                    }
                    fields.append(f)
                }
                events.fields = fields
                events.fieldNames = fields.map(\.description)
            default: break
            }
        }
        guard let aggregationIndex else { return (filters, .events(events)) }

        let stage = query.stages[aggregationIndex]
        var program: AggregateProgram
        switch stage.kind {
        case .count:
            program = AggregateProgram(keys: [], functions: [.count], columns: [ResultColumn(name: "count", type: .count)], steps: [])
        case .countBy(let keys):
            program = AggregateProgram(keys: keys.map(\.key), functions: [.count],
                                       columns: keyColumns(keys) + [ResultColumn(name: "count", type: .count)], steps: [])
        case .top(let n, let keys):
            program = AggregateProgram(keys: keys.map(\.key), functions: [.count],
                                       columns: keyColumns(keys) + [ResultColumn(name: "count", type: .count)], steps: [])
            program.steps = [.sort([(keys.count, true)] + keys.indices.map { ($0, false) }), .limit(n)]
        case .stats(let aggregates, let keys):
            var columns = keyColumns(keys)
            for a in aggregates {
                let type: ColumnType
                switch a.function {
                case .count, .dcount: type = .count
                case .min(let f), .max(let f): type = f == .time ? .time : .text
                }
                columns.append(ResultColumn(name: a.name, type: type))
            }
            program = AggregateProgram(keys: keys.map(\.key), functions: aggregates.map(\.function), columns: columns, steps: [])
        default:
            return (filters, .events(events))
        }
        var seen = Set<String>()
        for (i, column) in program.columns.enumerated() where !seen.insert(column.name).inserted {
            var range = stage.range
            if case .stats(let aggregates, let keys) = stage.kind {
                range = i >= keys.count ? aggregates[i - keys.count].range : keys[i].range
            } else if case .countBy(let keys) = stage.kind, i < keys.count {
                range = keys[i].range
            }
            throw .duplicateColumn(column.name, at: range)
        }

        var columns = program.columns
        for later in query.stages[(aggregationIndex + 1)...] {
            switch later.kind {
            case .count, .countBy, .stats, .top:
                throw .misplacedStage(later.keyword, reason: "a query has one aggregation ('\(stage.keyword)' already aggregated the events)", at: later.range)
            case .sort(let refs):
                var keys: [(Int, Bool)] = []
                for r in refs { keys.append((try ColumnResolver.resolve(r.name, in: columns, at: r.range), r.descending)) }
                program.steps.append(.sort(keys))
            case .limit(let n):
                program.steps.append(.limit(n))
            case .fields(let refs):
                var indices: [Int] = []
                for r in refs { indices.append(try ColumnResolver.resolve(r.name, in: columns, at: r.range)) }
                program.steps.append(.fields(indices))
                columns = indices.map { columns[$0] }
            case .where(let node):
                program.steps.append(.filter(try RowFilter.compile(node, columns: columns, now: now)))
            }
        }
        return (filters, .aggregate(program))
    }

    private static func keyColumns(_ keys: [KeyReference]) -> [ResultColumn] {
        keys.map { k in
            switch k.key {
            case .field(let f): ResultColumn(name: f.description, type: .text)
            case .bin: ResultColumn(name: "time", type: .time)
            }
        }
    }

    private static func misplacedBeforeAggregation(_ stage: Stage, _ query: Query, _ index: Int?) -> QueryError {
        let aggregation = index.map { query.stages[$0].keyword } ?? "the aggregation"
        return .misplacedStage(stage.keyword, reason: "only 'where' may come before '\(aggregation)'; move '\(stage.keyword)' after it", at: stage.range)
    }
}
