import AuditModel

/// Why a ``GeneratorConfiguration`` cannot be generated as asked.
///
/// Thrown by ``GeneratorConfiguration/validate()`` and ``EventGenerator/init(validating:)``, so a
/// command line can report a bad `--events` or `--days` in words instead of silently clamping it.
public enum GeneratorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `events` is negative.
    case negativeEventCount(Int)
    /// `days` is outside `1...GeneratorConfiguration.maximumDays`.
    case dayCountOutOfRange(Int)
    /// `organisations` is outside `1...GeneratorConfiguration.maximumOrganisations`.
    case organisationCountOutOfRange(Int)
    /// `start` has a fraction of a second; the Hub reports whole seconds, and so does the generator.
    case fractionalStart(Timestamp)
    /// The span `[start, start + days)` reaches outside the years 0001–9999 a store accepts.
    case spanOutOfRange(start: Timestamp, days: Int)

    /// A one-line explanation naming the offending value.
    public var description: String {
        switch self {
        case .negativeEventCount(let n):
            "the number of events must not be negative (got \(n))"
        case .dayCountOutOfRange(let n):
            "the number of days must be between 1 and \(GeneratorConfiguration.maximumDays) (got \(n))"
        case .organisationCountOutOfRange(let n):
            "the number of organisations must be between 1 and \(GeneratorConfiguration.maximumOrganisations) (got \(n))"
        case .fractionalStart(let t):
            "the start must be a whole second (got \(t))"
        case .spanOutOfRange(let start, let days):
            "\(days) days from \(start) reach outside the years 0001-9999"
        }
    }
}
