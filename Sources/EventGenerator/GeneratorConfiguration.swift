import AuditModel

/// What to generate: how many events, from which seed, over which span, for how many organisations.
///
/// Two equal configurations always produce byte-identical event streams, on any machine; that is
/// what lets tests and benchmarks name a data set by its configuration instead of shipping it.
public struct GeneratorConfiguration: Sendable, Hashable {
    /// How many events to generate in total (across all organisations).
    public var events: Int
    /// The seed of every random choice; a different seed gives an unrelated but equally shaped stream.
    public var seed: UInt64
    /// The first instant of the span; every event is at or after it. Must be a whole second.
    public var start: Timestamp
    /// The length of the span in days; every event is before `start + days × 86 400 s`.
    public var days: Int
    /// How many organisations (`account`s) share the events: "acme", then "globex", "initech", …
    /// The first is the busiest; each further one gets a smaller share.
    public var organisations: Int

    /// 2025-01-01T00:00:00Z, the default start.
    public static let defaultStart = Timestamp(seconds: 1_735_689_600)
    /// The longest span accepted: a century. Set-up and the per-hour bookkeeping cost grow with
    /// `days × organisations` (about a second per ten million organisation-hours), not with `events`.
    public static let maximumDays = 36_525
    /// The most organisations accepted (each gets its own vocabularies).
    public static let maximumOrganisations = 100

    /// Creates a configuration; call ``validate()`` to check it (``EventGenerator/init(_:)``
    /// clamps invalid values instead of failing).
    public init(
        events: Int, seed: UInt64, start: Timestamp = GeneratorConfiguration.defaultStart,
        days: Int = 365, organisations: Int = 1
    ) {
        self.events = events
        self.seed = seed
        self.start = start
        self.days = days
        self.organisations = organisations
    }

    /// Checks that the configuration can be generated exactly as given.
    ///
    /// Requires `events >= 0`, `1 <= days <= maximumDays`, `1 <= organisations <=
    /// maximumOrganisations`, a whole-second `start`, and a span inside the years 0001–9999.
    public func validate() throws(GeneratorError) {
        guard events >= 0 else { throw .negativeEventCount(events) }
        guard days >= 1, days <= Self.maximumDays else { throw .dayCountOutOfRange(days) }
        guard organisations >= 1, organisations <= Self.maximumOrganisations else {
            throw .organisationCountOutOfRange(organisations)
        }
        guard start.nanoseconds == 0 else { throw .fractionalStart(start) }
        guard start.seconds >= Timestamp.minimumSeconds,
              start.seconds + Int64(days) * 86_400 - 1 <= Timestamp.maximumSeconds
        else { throw .spanOutOfRange(start: start, days: days) }
    }

    /// The nearest valid configuration: negative counts become 0 or 1, out-of-range values are
    /// clamped, a fractional start is truncated to its second, and the span is moved inside the
    /// accepted years. A valid configuration is returned unchanged.
    public var sanitised: GeneratorConfiguration {
        var c = self
        c.events = max(0, events)
        c.days = min(max(1, days), Self.maximumDays)
        c.organisations = min(max(1, organisations), Self.maximumOrganisations)
        let latestStart = Timestamp.maximumSeconds + 1 - Int64(c.days) * 86_400
        c.start = Timestamp(seconds: min(max(start.seconds, Timestamp.minimumSeconds), latestStart))
        return c
    }
}
