import AuditModel
import SegmentStore

/// Groups events and computes `count()`, `dcount`, `min` and `max` per group, a block at a time.
///
/// Inside a block everything works on dictionary ids: each event's group is a small integer
/// computed from the ids of its key columns (and its time bin), values are deduplicated per
/// block by id, and only the block's distinct groups and values are turned into strings and
/// merged into the global table. Memory grows with the number of groups (and, for `dcount`,
/// the distinct values per group), never with the number of events. A value (`Sendable`), so a
/// worker's partial table can be handed to the one that merges them.
struct GroupAggregator: Sendable {
    let keys: [GroupKey]
    let functions: [AggregateFunction]

    /// Group keys are packed as integers: a string key's id in `interners[k]` (-1: null), or a
    /// bin's start.
    private var interners: [StringSet]
    private var groupIndex: [PackedKey: Int] = [:]
    private var groupKeys: [PackedKey] = []
    private var counts: [Int] = []
    /// Per aggregate, per group: distinct values (strings, or times for `dcount(time)`).
    private var distinctStrings: [[StringSet]]
    private var distinctTimes: [[Set<Timestamp>]]
    /// Per aggregate, per group: the current min or max.
    private var extremes: [[Value]]

    struct PackedKey: Hashable {
        var first: Int64 = 0
        var second: Int64 = 0
        var rest: [Int64] = []

        init(_ parts: [Int64]) {
            if parts.count > 0 { first = parts[0] }
            if parts.count > 1 { second = parts[1] }
            if parts.count > 2 { rest = Array(parts[2...]) }
        }

        subscript(k: Int) -> Int64 { k == 0 ? first : k == 1 ? second : rest[k - 2] }
    }

    /// What a block-local key code stands for.
    enum KeyPart: Hashable {
        case null
        case string(String)
        case time(Int64)
    }

    init(keys: [GroupKey], functions: [AggregateFunction]) {
        self.keys = keys
        self.functions = functions
        interners = Array(repeating: StringSet(), count: keys.count)
        distinctStrings = Array(repeating: [], count: functions.count)
        distinctTimes = Array(repeating: [], count: functions.count)
        extremes = Array(repeating: [], count: functions.count)
    }

    /// Events counted so far.
    var eventCount: Int { counts.reduce(0, +) }

    private mutating func group(for key: PackedKey) -> Int {
        if let g = groupIndex[key] { return g }
        let g = groupKeys.count
        groupIndex[key] = g
        groupKeys.append(key)
        counts.append(0)
        for a in functions.indices {
            distinctStrings[a].append(StringSet())
            distinctTimes[a].append([])
            extremes[a].append(.null)
        }
        return g
    }

    /// A key column of one block: per event a small code, and what each code stands for.
    private struct LocalKey {
        var codes: [Int32]
        var parts: [KeyPart]
    }

    private func localKey(_ key: GroupKey, _ block: BlockContext) throws(BlockFormatError) -> LocalKey {
        switch key {
        case .field(let field):
            guard let vector = try block.vector(field) else { return LocalKey(codes: [Int32](repeating: 0, count: block.count), parts: [.null]) }
            // Ids index the dictionary; `absent` (the largest UInt32) becomes the null part's code.
            let absentCode = UInt32(vector.dictionary.count)
            let codes = [Int32](unsafeUninitializedCapacity: vector.ids.count) { out, initialized in
                vector.ids.withUnsafeBufferPointer { ids in
                    for i in 0..<ids.count { out[i] = Int32(truncatingIfNeeded: min(ids[i], absentCode)) }
                }
                initialized = vector.ids.count
            }
            return LocalKey(codes: codes, parts: vector.dictionary.map { .string($0) } + [.null])
        case .bin(let width):
            let seconds = try block.seconds()
            var codes = [Int32](repeating: 0, count: seconds.count)
            var starts: [Int64] = []
            var lookup: [Int64: Int32] = [:]
            var current: Int64 = 0, next: Int64 = Int64.min, code: Int32 = -1
            for (i, s) in seconds.enumerated() {
                if code < 0 || s < current || s >= next {
                    current = width.start(of: s)
                    next = width.next(after: current)
                    if let c = lookup[current] {
                        code = c
                    } else {
                        code = Int32(starts.count)
                        lookup[current] = code
                        starts.append(current)
                    }
                }
                codes[i] = code
            }
            return LocalKey(codes: codes, parts: starts.map { .time($0) })
        }
    }

    /// Adds the events of `block` that `mask` keeps.
    mutating func add(_ block: BlockContext, mask: Mask) throws(BlockFormatError) {
        if case .none = mask { return }
        let n = block.count
        let locals = try keys.map { (key) throws(BlockFormatError) -> LocalKey in try localKey(key, block) }

        // Each event's local group, and each local group's codes.
        var groupOfEvent = [Int32](repeating: -1, count: n)
        var localCodes: [[Int32]] = []
        var radixProduct = 1
        var fits = true
        for local in locals {
            let (p, overflow) = radixProduct.multipliedReportingOverflow(by: max(1, local.parts.count))
            if overflow { fits = false; break }
            radixProduct = p
        }
        if fits && radixProduct <= 1 << 20 && functions.allSatisfy({ $0 == .count }) {
            countOnly(locals, radixProduct: radixProduct, mask: mask, n: n)
            return
        }
        if fits && radixProduct <= 1 << 20 {
            // Key-major: combine the key codes into one integer per event, then look groups up
            // in a dense table (no per-event allocation or reference counting).
            var combined = [Int](repeating: 0, count: n)
            combined.withUnsafeMutableBufferPointer { out in
                for local in locals {
                    let radix = local.parts.count
                    local.codes.withUnsafeBufferPointer { codes in
                        for i in 0..<n { out[i] = out[i] &* radix &+ Int(codes[i]) }
                    }
                }
            }
            var dense = [Int32](repeating: -1, count: radixProduct)
            var firstEvent: [Int] = []
            var keep = [Bool]()
            var filtered = false
            if case .some(let bits) = mask {
                keep = bits
                filtered = true
            }
            for i in 0..<n {
                if filtered && !keep[i] { continue }
                let code = combined[i]
                var g = dense[code]
                if g < 0 {
                    g = Int32(firstEvent.count)
                    dense[code] = g
                    firstEvent.append(i)
                }
                groupOfEvent[i] = g
            }
            localCodes = firstEvent.map { i in locals.map { $0.codes[i] } }
        } else {
            var sparse: [[Int32]: Int32] = [:]
            for i in 0..<n where mask.matches(i) {
                let parts = locals.map { $0.codes[i] }
                if let g = sparse[parts] {
                    groupOfEvent[i] = g
                } else {
                    let g = Int32(localCodes.count)
                    sparse[parts] = g
                    localCodes.append(parts)
                    groupOfEvent[i] = g
                }
            }
        }
        let localCount = localCodes.count
        guard localCount > 0 else { return }
        // Local codes to packed global codes, interning each key value once per block.
        var translations: [[Int64]] = locals.map { [Int64](repeating: Int64.min, count: $0.parts.count) }
        var scratch = [Int64](repeating: 0, count: locals.count)
        let global = localCodes.map { codes in
            for (k, c) in codes.enumerated() {
                var t = translations[k][Int(c)]
                if t == Int64.min {
                    switch locals[k].parts[Int(c)] {
                    case .null: t = -1
                    case .string(let s): t = Int64(interners[k].id(of: s))
                    case .time(let start): t = start
                    }
                    translations[k][Int(c)] = t
                }
                scratch[k] = t
            }
            return group(for: PackedKey(scratch))
        }

        var localCounts = [Int](repeating: 0, count: localCount)
        localCounts.withUnsafeMutableBufferPointer { counts in
            groupOfEvent.withUnsafeBufferPointer { groups in
                for i in 0..<n {
                    let g = groups[i]
                    if g >= 0 { counts[Int(g)] += 1 }
                }
            }
        }
        for (l, g) in global.enumerated() { counts[g] += localCounts[l] }

        for (a, function) in functions.enumerated() {
            switch function {
            case .count: continue
            case .dcount(let field):
                if field == .time {
                    let seconds = try block.seconds(), nanos = try block.nanoseconds()
                    for i in 0..<n where groupOfEvent[i] >= 0 {
                        distinctTimes[a][global[Int(groupOfEvent[i])]].insert(Timestamp(seconds: seconds[i], nanoseconds: nanos[i]))
                    }
                    continue
                }
                guard let vector = try block.vector(field) else { continue }
                let width = vector.dictionary.count
                guard width > 0 else { continue }
                var pairs: [(Int, Int)] = []
                if localCount * width <= 1 << 22 {
                    var seen = [Bool](repeating: false, count: localCount * width)
                    for i in 0..<n {
                        let g = groupOfEvent[i], id = vector.ids[i]
                        guard g >= 0, id != StringVector.absent else { continue }
                        let slot = Int(g) * width + Int(id)
                        if !seen[slot] {
                            seen[slot] = true
                            pairs.append((Int(g), Int(id)))
                        }
                    }
                } else {
                    var seen = Set<Int>()
                    for i in 0..<n {
                        let g = groupOfEvent[i], id = vector.ids[i]
                        guard g >= 0, id != StringVector.absent else { continue }
                        if seen.insert(Int(g) * width + Int(id)).inserted { pairs.append((Int(g), Int(id))) }
                    }
                }
                for (l, id) in pairs { distinctStrings[a][global[l]].insert(vector.dictionary[id]) }
            case .min(let field), .max(let field):
                let wantMax: Bool
                if case .max = function { wantMax = true } else { wantMax = false }
                if field == .time {
                    let seconds = try block.seconds(), nanos = try block.nanoseconds()
                    var best = [Timestamp?](repeating: nil, count: localCount)
                    for i in 0..<n where groupOfEvent[i] >= 0 {
                        let t = Timestamp(seconds: seconds[i], nanoseconds: nanos[i])
                        let l = Int(groupOfEvent[i])
                        if let b = best[l] {
                            if wantMax ? b < t : t < b { best[l] = t }
                        } else {
                            best[l] = t
                        }
                    }
                    for (l, t) in best.enumerated() { if let t { merge(.time(t), into: a, group: global[l], max: wantMax) } }
                    continue
                }
                guard let vector = try block.vector(field) else { continue }
                let order = vector.dictionary.indices.sorted { vector.dictionary[$0].utf8.lexicographicallyPrecedes(vector.dictionary[$1].utf8) }
                var rank = [Int](repeating: 0, count: order.count)
                for (r, id) in order.enumerated() { rank[id] = r }
                var best = [Int](repeating: -1, count: localCount)
                for i in 0..<n {
                    let g = groupOfEvent[i], id = vector.ids[i]
                    guard g >= 0, id != StringVector.absent else { continue }
                    let r = rank[Int(id)], l = Int(g)
                    if best[l] < 0 || (wantMax ? r > best[l] : r < best[l]) { best[l] = r }
                }
                for (l, r) in best.enumerated() where r >= 0 {
                    merge(.string(vector.dictionary[order[r]]), into: a, group: global[l], max: wantMax)
                }
            }
        }
    }

    /// The common case (`count`, `count by`, `top`): count events per combined key code in a
    /// dense table, then turn each non-zero code into a group.
    private mutating func countOnly(_ locals: [LocalKey], radixProduct: Int, mask: Mask, n: Int) {
        var perCode = [Int](repeating: 0, count: radixProduct)
        var keep = [Bool]()
        var filtered = false
        if case .some(let bits) = mask {
            keep = bits
            filtered = true
        }
        if locals.count == 1 {
            let codes = locals[0].codes
            precondition(codes.count == n && (!filtered || keep.count == n), "one key code and mask bit per event")
            if filtered {
                perCode.withUnsafeMutableBufferPointer { t in
                    codes.withUnsafeBufferPointer { c in
                        keep.withUnsafeBufferPointer { k in
                            // Branch-free: the mask keeps most events, in no pattern.
                            for i in 0..<n { t[Int(c[i])] &+= k[i] ? 1 : 0 }
                        }
                    }
                }
            } else {
                // Four interleaved tallies: runs of one code would otherwise wait on each other's
                // increments of the same counter.
                let width = radixProduct
                var tallies = [Int](repeating: 0, count: 4 * width)
                tallies.withUnsafeMutableBufferPointer { t in
                    codes.withUnsafeBufferPointer { c in
                        var i = 0
                        while i + 4 <= n {
                            t[Int(c[i])] += 1
                            t[width + Int(c[i + 1])] += 1
                            t[2 * width + Int(c[i + 2])] += 1
                            t[3 * width + Int(c[i + 3])] += 1
                            i += 4
                        }
                        while i < n {
                            t[Int(c[i])] += 1
                            i += 1
                        }
                    }
                }
                for code in 0..<width {
                    perCode[code] = tallies[code] + tallies[width + code] + tallies[2 * width + code] + tallies[3 * width + code]
                }
            }
        } else {
            var combined = [Int](repeating: 0, count: n)
            for local in locals {
                let radix = local.parts.count
                let codes = local.codes
                for i in 0..<n { combined[i] = combined[i] &* radix &+ Int(codes[i]) }
            }
            if filtered {
                for i in 0..<n where keep[i] { perCode[combined[i]] += 1 }
            } else {
                for i in 0..<n { perCode[combined[i]] += 1 }
            }
        }
        var translations: [[Int64]] = locals.map { [Int64](repeating: Int64.min, count: $0.parts.count) }
        var scratch = [Int64](repeating: 0, count: locals.count)
        for (code, count) in perCode.enumerated() where count > 0 {
            var rest = code
            for k in stride(from: locals.count - 1, through: 0, by: -1) {
                let radix = locals[k].parts.count
                let c = rest % radix
                rest /= radix
                var t = translations[k][c]
                if t == Int64.min {
                    switch locals[k].parts[c] {
                    case .null: t = -1
                    case .string(let s): t = Int64(interners[k].id(of: s))
                    case .time(let start): t = start
                    }
                    translations[k][c] = t
                }
                scratch[k] = t
            }
            counts[group(for: PackedKey(scratch))] += count
        }
    }

    private mutating func merge(_ value: Value, into a: Int, group g: Int, max: Bool) {
        let current = extremes[a][g]
        if case .null = current {
            extremes[a][g] = value
        } else if max ? Value.ascending(current, value) : Value.ascending(value, current) {
            extremes[a][g] = value
        }
    }

    /// Adds another aggregator's groups (built over other blocks, e.g. on another thread).
    mutating func merge(_ other: GroupAggregator) {
        for (h, packed) in other.groupKeys.enumerated() {
            let g = group(for: PackedKey(keys.indices.map { k in
                let v = packed[k]
                guard case .field = keys[k], v >= 0 else { return v }
                return Int64(interners[k].id(of: other.interners[k].string(Int32(v))))
            }))
            counts[g] += other.counts[h]
            for a in functions.indices {
                switch functions[a] {
                case .count: break
                case .dcount:
                    distinctStrings[a][g].formUnion(other.distinctStrings[a][h])
                    distinctTimes[a][g].formUnion(other.distinctTimes[a][h])
                case .min, .max:
                    let isMax: Bool
                    if case .max = functions[a] { isMax = true } else { isMax = false }
                    if other.extremes[a][h] != .null { merge(other.extremes[a][h], into: a, group: g, max: isMax) }
                }
            }
        }
    }

    /// The rows: keys then aggregates, in ascending order of the keys. With no keys there is
    /// always exactly one row (a count of 0 when nothing matched).
    mutating func rows() -> [[Value]] {
        if keys.isEmpty && groupKeys.isEmpty { _ = group(for: PackedKey([])) }
        let values: [[Value]] = groupKeys.map { packed in
            keys.indices.map { k in
                let v = packed[k]
                switch keys[k] {
                case .bin: return .time(Timestamp(seconds: v))
                case .field: return v < 0 ? .null : .string(interners[k].string(Int32(v)))
                }
            }
        }
        let weekday = keys.map { $0 == .field(.weekday) }
        let order = groupKeys.indices.sorted { x, y in
            let a = values[x], b = values[y]
            for k in a.indices where a[k] != b[k] {
                return weekday[k] ? Value.ascendingWeekdays(a[k], b[k]) : Value.ascending(a[k], b[k])
            }
            return false
        }
        return order.map { g in
            var row = values[g]
            for (a, function) in functions.enumerated() {
                switch function {
                case .count: row.append(.int(counts[g]))
                case .dcount(let f): row.append(.int(f == .time ? distinctTimes[a][g].count : distinctStrings[a][g].count))
                case .min, .max: row.append(extremes[a][g])
                }
            }
            return row
        }
    }
}
