import AuditModel

/// A deterministic stream of realistic Docker Hub audit events, in ascending timestamp order.
///
/// Tests, benchmarks and the demo need large, plausible audit logs without shipping them: this
/// generator produces them from a ``GeneratorConfiguration`` alone, byte-identically on every
/// machine. The stream has the properties a compact store is sensitive to — about 80 % tag
/// pushes, Zipf-skewed actors and repositories, CI bots doing most pushes, people active only in
/// part of the span, digests repeated across the tags of one build, bursts and occasional exact
/// duplicates within one second, and a weekday/working-hours rhythm.
///
/// Events are generated slice by slice (an hour, or less when the stream is dense) and sorted
/// within the slice, so memory stays bounded by the vocabularies and one slice, whatever
/// ``GeneratorConfiguration/events`` is. Use it as a `Sequence` of `AuditEvent`s, or call
/// ``appendNDJSON(to:maxEvents:)`` for canonical NDJSON bytes at full speed (about 1.4 million
/// events a second in a release build); the two can be mixed and advance the same stream. The
/// generator is a value: a copy (including the one a `for`-`in` loop makes) continues
/// independently from where the original stood.
public struct EventGenerator: Sequence, IteratorProtocol, Sendable {
    /// The configuration being generated (after ``GeneratorConfiguration/sanitised``).
    public let configuration: GeneratorConfiguration
    /// How many events have been returned so far, by ``next()`` and ``appendNDJSON(to:maxEvents:)``.
    public private(set) var emittedCount = 0

    /// The Hub action names the generator can produce, e.g. "repo.tag.push".
    public static let actionNames: [String] = GeneratedAction.allCases.map { $0.name.description }

    let vocabulary: Vocabulary
    var repositories: [RepositoryState]
    var rng: Xoshiro256
    var renderer = EventRenderer()

    // Time slicing: slice k covers [spanStart + k × sliceLength, + sliceLength) and receives the
    // events the cumulative rhythm weight assigns to it, so the total is exact.
    let spanStart: Int64
    let spanEnd: Int64
    let sliceLength: Int64
    let slicesPerHour: Int
    let sliceCount: Int
    let totalWeight: UInt64
    var sliceIndex = 0
    var cumulativeWeight: UInt64 = 0
    var generated = 0
    var sequence: UInt64 = 0

    // Generated events: `pending` awaits sorting, `ready[readyIndex...]` is sorted and final.
    var pending: [Draft] = []
    var ready: [Draft] = []
    var readyIndex = 0

    // People active on `activeDay`, per organisation: weighted sampler and plain list.
    var activeDay = -1
    var activeSamplers: [AliasTable] = []
    var activeLists: [[Int32]] = []

    // The current hour's weight per slice and choice of (organisation, bot or person).
    var cachedHour = -1
    var hourSliceWeight: UInt64 = 0
    var episodeSampler = AliasTable(weights: [])

    /// The largest number of events a slice should receive on average.
    static let sliceTarget = 5_000

    /// Creates a generator; an invalid configuration is first made valid with
    /// ``GeneratorConfiguration/sanitised`` (use ``init(validating:)`` to be told instead).
    public init(_ configuration: GeneratorConfiguration) {
        let c = configuration.sanitised
        self.configuration = c
        let vocabulary = Vocabulary(c)
        self.vocabulary = vocabulary
        repositories = vocabulary.repositories
        rng = Xoshiro256(seed: SplitMix64.hash(c.seed, 0x00E7_E475))
        spanStart = c.start.seconds
        spanEnd = spanStart + Int64(c.days) * 86_400
        let hours = c.days * 24
        let perHour = Double(c.events) / Double(hours)
        slicesPerHour = [1, 6, 60, 360, 3600].first { perHour / Double($0) <= Double(Self.sliceTarget) } ?? 3600
        sliceLength = 3600 / Int64(slicesPerHour)
        sliceCount = hours * slicesPerHour
        var total: UInt64 = 0
        for hour in 0..<hours {
            let weights = Self.hourWeights(seed: c.seed, vocabulary: vocabulary, spanStart: spanStart, days: c.days, hour: hour)
            total &+= weights.slice &* UInt64(slicesPerHour)
        }
        totalWeight = Swift.max(total, 1)
    }

    /// Creates a generator, throwing if the configuration is invalid (see
    /// ``GeneratorConfiguration/validate()``).
    public init(validating configuration: GeneratorConfiguration) throws(GeneratorError) {
        try configuration.validate()
        self.init(configuration)
    }

    /// How many events remain.
    public var underestimatedCount: Int { configuration.events - emittedCount }

    /// The next event, or `nil` after the last one.
    public mutating func next() -> AuditEvent? {
        if readyIndex >= ready.count {
            guard refill() else { return nil }
        }
        let draft = ready[readyIndex]
        readyIndex += 1
        emittedCount += 1
        return renderer.event(draft, using: vocabulary)
    }

    /// Appends the next `maxEvents` events as canonical NDJSON lines (each ending in "\n") to
    /// `buffer`; returns how many were written (0 when the stream is exhausted).
    ///
    /// The lines are exactly `CanonicalJSON.appendEvent` of the events ``next()`` would return,
    /// written without building `AuditEvent` values: the fast path of `hubaudit generate`.
    public mutating func appendNDJSON(to buffer: inout [UInt8], maxEvents: Int) -> Int {
        var written = 0
        while written < maxEvents {
            if readyIndex >= ready.count {
                guard refill() else { break }
            }
            let n = Swift.min(maxEvents - written, ready.count - readyIndex)
            for i in readyIndex..<(readyIndex + n) {
                renderer.appendLine(ready[i], using: vocabulary, to: &buffer)
            }
            readyIndex += n
            written += n
        }
        emittedCount += written
        return written
    }

    // MARK: Slices

    /// Refills `ready` with the next sorted events; `false` when the stream is exhausted.
    mutating func refill() -> Bool {
        ready.removeAll(keepingCapacity: true)
        readyIndex = 0
        while ready.isEmpty {
            if sliceIndex >= sliceCount {
                guard !pending.isEmpty else { return false }
                pending.sort(by: Draft.precedes)
                swap(&ready, &pending)
                continue
            }
            let sliceEnd = generateSlice()
            guard !pending.isEmpty else { continue }
            pending.sort(by: Draft.precedes)
            // Events spilling past the slice (the later tags of a build) wait for the next one.
            var low = 0, high = pending.count
            while low < high {
                let mid = (low + high) / 2
                if pending[mid].seconds < sliceEnd { low = mid + 1 } else { high = mid }
            }
            ready.append(contentsOf: pending[..<low])
            pending.removeFirst(low)
        }
        return true
    }

    /// Generates the events of slice `sliceIndex` into `pending`; returns the slice's end.
    mutating func generateSlice() -> Int64 {
        let k = sliceIndex
        sliceIndex += 1
        let hour = k / slicesPerHour
        if hour != cachedHour {
            cachedHour = hour
            let weights = Self.hourWeights(
                seed: configuration.seed, vocabulary: vocabulary, spanStart: spanStart, days: configuration.days, hour: hour)
            hourSliceWeight = weights.slice
            episodeSampler = AliasTable(weights: weights.episodes)
        }
        cumulativeWeight &+= hourSliceWeight
        let sliceStart = spanStart + Int64(k) * sliceLength
        let events = configuration.events
        let target: Int
        if k == sliceCount - 1 || cumulativeWeight >= totalWeight {
            target = events
        } else {
            let product = UInt64(events).multipliedFullWidth(by: cumulativeWeight)
            target = Swift.min(events, Int(totalWeight.dividingFullWidth(product).quotient))
        }
        var quota = target - generated
        guard quota > 0 else { return sliceStart + sliceLength }
        let day = hour / 24
        if day != activeDay { updateActivePeople(day: day) }
        while quota > 0 {
            let choice = episodeSampler.sample(&rng)
            let t = sliceStart + Int64(rng.below(UInt64(sliceLength)))
            let made = episode(organisation: choice / 2, bot: choice % 2 == 0, at: t, budget: quota)
            quota -= made
            generated += made
        }
        return sliceStart + sliceLength
    }

    /// The integer weight of each slice of an hour, and the weights of choosing (organisation,
    /// bot) and (organisation, person) for an episode in it (indices `2o` and `2o + 1`).
    static func hourWeights(
        seed: UInt64, vocabulary: Vocabulary, spanStart: Int64, days: Int, hour: Int
    ) -> (slice: UInt64, episodes: [UInt64]) {
        var sum = 0.0
        var episodes: [Double] = []
        episodes.reserveCapacity(vocabulary.organisations.count * 2)
        for organisation in vocabulary.organisations {
            let i = Rhythm.intensity(
                seed: seed, organisation: organisation, hourStart: spanStart + Int64(hour) * 3600,
                spanDay: hour / 24, days: days)
            sum += i.bot + i.human
            episodes.append(i.bot / ActionMix.bot.eventsPerEpisode)
            episodes.append(i.human / ActionMix.human.eventsPerEpisode)
        }
        return (Rhythm.weight(sum), integerWeights(episodes))
    }

    /// Rebuilds the per-organisation choice of people active on `day` (of the span).
    mutating func updateActivePeople(day: Int) {
        activeDay = day
        activeSamplers.removeAll(keepingCapacity: true)
        activeLists.removeAll(keepingCapacity: true)
        let d = Int32(truncatingIfNeeded: day)
        for organisation in vocabulary.organisations {
            var list: [Int32] = []
            var weights: [UInt64] = []
            for actor in organisation.humans
            where vocabulary.activeFrom[actor] <= d && d < vocabulary.activeUntil[actor] {
                list.append(Int32(actor))
                weights.append(vocabulary.actorWeight[actor])
            }
            if list.isEmpty {  // Cannot happen (administrators are always active); stay safe.
                list = organisation.humans.prefix(1).map { Int32($0) }
                weights = [1]
            }
            activeLists.append(list)
            activeSamplers.append(AliasTable(weights: weights))
        }
    }
}
