import AuditModel
#if canImport(Glibc)
import Glibc  // links libm, which `rounded()` and `squareRoot()` call on Linux
#elseif canImport(Musl)
import Musl
#endif

/// The weekly and daily rhythm of an organisation's activity, and the day-to-day noise on it.
///
/// People work on weekdays during local office hours; CI bots run around the clock, follow the
/// commits loosely and run nightly jobs. Each organisation has its own time zone and its own
/// random busy and quiet days. Every value is a pure function of (seed, organisation, hour), so
/// the generator can compute it twice (once for the totals, once while generating) without
/// storing a table per hour.
enum Rhythm {
    /// Relative activity of people per local hour of a working day.
    static let humanHours: [Double] = [
        2, 1, 1, 1, 1, 2, 4, 10, 30, 70, 95, 100, 80, 85, 95, 90, 80, 60, 35, 20, 14, 10, 6, 4,
    ]
    /// Relative activity of CI bots per local hour of a working day: a floor, half the people's
    /// curve (builds follow commits), and nightly builds in the small hours.
    static let botHours: [Double] = humanHours.enumerated().map { hour, human in
        30 + 0.5 * human + ((1...3).contains(hour) ? 40 : 0)
    }
    /// People's weekend activity relative to a weekday.
    static let humanWeekend = 0.1
    /// Bots' weekend activity relative to a weekday.
    static let botWeekend = 0.55
    /// The share of events that come from bot episodes over a typical week.
    static let botShare = 0.64

    /// Scale that makes a week of bot intensity sum to `botShare`.
    static let botScale: Double = {
        let day = botHours.reduce(0, +)
        return botShare / (day * (5 + 2 * botWeekend))
    }()
    /// Scale that makes a week of human intensity sum to `1 - botShare`.
    static let humanScale: Double = {
        let day = humanHours.reduce(0, +)
        return (1 - botShare) / (day * (5 + 2 * humanWeekend))
    }()

    /// Whether a day number (days since 1970-01-01, a Thursday) is a Saturday or Sunday.
    static func isWeekend(day: Int64) -> Bool {
        let weekday = ((day % 7) + 7 + 3) % 7  // Monday 0 … Sunday 6
        return weekday >= 5
    }

    /// The expected bot and human event intensities of one organisation in one UTC hour.
    ///
    /// - Parameters:
    ///   - hourStart: the hour's first second (since 1970).
    ///   - spanDay: the hour's day within the span (0-based), for the growth trend.
    ///   - days: the span's length in days.
    static func intensity(
        seed: UInt64, organisation: Organisation, hourStart: Int64, spanDay: Int, days: Int
    ) -> (bot: Double, human: Double) {
        let local = hourStart + organisation.utcOffset
        let localDay = Timestamp.floorDiv(local, 86_400)
        let localHour = Int((local - localDay * 86_400) / 3600)
        let weekend = isWeekend(day: localDay)
        var bot = botHours[localHour] * botScale * (weekend ? botWeekend : 1)
        var human = humanHours[localHour] * humanScale * (weekend ? humanWeekend : 1)
        // Day-to-day variation: ±25 %, with occasional release rushes and quiet days (holidays).
        let o = UInt64(organisation.index)
        let dayHash = SplitMix64.hash(seed, 0xDA7 &+ o, UInt64(bitPattern: localDay))
        var dayFactor = 0.75 + 0.5 * unit(dayHash)
        let special = dayHash & 0xFF
        if special < 5 {
            dayFactor *= 1.8
        } else if special < 10 {
            dayFactor *= 0.35
        }
        // Slow growth over the span, and hour-to-hour jitter.
        let trend = 0.85 + 0.3 * Double(spanDay) / Double(max(days, 1))
        let hourHash = SplitMix64.hash(seed, 0x40E &+ o, UInt64(bitPattern: hourStart))
        let hourFactor = 0.85 + 0.3 * unit(hourHash)
        let factor = organisation.share * dayFactor * trend * hourFactor
        bot *= factor
        human *= factor
        return (bot, human)
    }

    /// The top 53 bits of a hash as a number in `[0, 1)`.
    private static func unit(_ hash: UInt64) -> Double {
        Double(hash >> 11) * 0x1p-53
    }

    /// Converts an intensity to the integer weight the time slicing uses (about 2^24 for an
    /// average hour of a single organisation, never 0).
    static func weight(_ intensity: Double) -> UInt64 {
        UInt64((intensity * 168 * 16_777_216).rounded()) + 1
    }
}
