import AuditModel
import SegmentStore

extension CompiledFilter {
    /// Evaluates the filter over a block's events, column by column: each string test runs once
    /// per distinct value of the block's dictionary; per event it is an array lookup.
    /// `blockSets[slot]` holds the blocks the index says can match that term.
    func mask(_ block: BlockContext, blockSets: [Set<Int64>?]) throws(BlockFormatError) -> Mask {
        let n = block.count
        switch self {
        case .all: return .all
        case .none: return .none
        case .string(let field, let matcher, let slot):
            if let slot, slot < blockSets.count, let set = blockSets[slot], !set.contains(block.info.id) { return .none }
            if case .anyOf(let exact, let prefixes, false) = matcher, prefixes.isEmpty, let eventField = field.eventField,
               let (ids, table) = try block.ids(eventField, matchingAnyOf: exact) {
                return Self.lookup(ids, table, false, n)
            }
            guard let vector = try block.vector(field) else { return .all }
            let table = vector.dictionary.map { matcher.matches($0) }
            let absent = matcher.matches(nil)
            return Self.lookup(vector.ids, table, absent, n)
        case .search(let needle):
            let vector = try block.strings(.description)
            let table = vector.dictionary.map { $0.lowercased().contains(needle) }
            return Self.lookup(vector.ids, table, false, n)
        case .time(let matcher):
            if !matcher.mayMatch(minSeconds: block.info.minSeconds, maxSeconds: block.info.maxSeconds) { return .none }
            if matcher.matchesAll(minSeconds: block.info.minSeconds, maxSeconds: block.info.maxSeconds) { return .all }
            let seconds = try block.seconds()
            let nanos = try block.nanoseconds()
            var bits = [Bool](repeating: false, count: n)
            var any = false, every = true
            for i in 0..<n {
                let m = matcher.matches(seconds[i], nanos[i])
                bits[i] = m
                any = any || m
                every = every && m
            }
            return every ? .all : (any ? .some(bits) : .none)
        case .not(let inner):
            switch try inner.mask(block, blockSets: blockSets) {
            case .all: return .none
            case .none: return .all
            case .some(let bits): return .some(bits.map { !$0 })
            }
        case .and(let parts):
            var result = Mask.all
            for part in parts {
                let m = try part.mask(block, blockSets: blockSets)
                switch (result, m) {
                case (_, .none): return .none
                case (_, .all): continue
                case (.all, .some): result = m
                case (.some(var a), .some(let b)):
                    for i in 0..<n where a[i] && !b[i] { a[i] = false }
                    result = a.contains(true) ? .some(a) : .none
                    if case .none = result { return .none }
                case (.none, _): return .none
                }
            }
            return result
        case .or(let parts):
            var result = Mask.none
            for part in parts {
                let m = try part.mask(block, blockSets: blockSets)
                switch (result, m) {
                case (_, .all): return .all
                case (_, .none): continue
                case (.none, .some): result = m
                case (.some(var a), .some(let b)):
                    for i in 0..<n where b[i] { a[i] = true }
                    result = a.contains(false) ? .some(a) : .all
                    if case .all = result { return .all }
                case (.all, _): return .all
                }
            }
            return result
        }
    }

    private static func lookup(_ ids: [UInt32], _ table: [Bool], _ absent: Bool, _ n: Int) -> Mask {
        if !absent, !table.contains(true) { return .none }
        if absent, !table.contains(false) { return .all }
        var bits = [Bool](repeating: false, count: n)
        var any = false, every = true
        ids.withUnsafeBufferPointer { ids in
            table.withUnsafeBufferPointer { table in
                for i in 0..<n {
                    let id = ids[i]
                    let m = id == StringVector.absent ? absent : table[Int(id)]
                    bits[i] = m
                    any = any || m
                    every = every && m
                }
            }
        }
        return every ? .all : (any ? .some(bits) : .none)
    }

    /// Whether a block can hold a matching event, from the catalog and the index alone.
    func mayMatch(_ block: BlockInfo, blockSets: [Set<Int64>?]) -> Bool {
        switch self {
        case .all: return true
        case .none: return false
        case .string(_, _, let slot):
            guard let slot, slot < blockSets.count, let set = blockSets[slot] else { return true }
            return set.contains(block.id)
        case .search: return true
        case .time(let m): return m.mayMatch(minSeconds: block.minSeconds, maxSeconds: block.maxSeconds)
        case .not: return true
        case .and(let parts): return parts.allSatisfy { $0.mayMatch(block, blockSets: blockSets) }
        case .or(let parts): return parts.contains { $0.mayMatch(block, blockSets: blockSets) }
        }
    }

    /// Whether one event matches (for events already decoded; the slow path and tests).
    func matches(_ event: AuditEvent) -> Bool {
        switch self {
        case .all: return true
        case .none: return false
        case .string(let field, let matcher, _):
            return field == .time || matcher.matches(field.text(of: event))
        case .search(let needle): return event.actionDescription?.lowercased().contains(needle) ?? false
        case .time(let m): return m.matches(event.timestamp.seconds, event.timestamp.nanoseconds)
        case .not(let inner): return !inner.matches(event)
        case .and(let parts): return parts.allSatisfy { $0.matches(event) }
        case .or(let parts): return parts.contains { $0.matches(event) }
        }
    }
}
