/// A point in time with nanosecond precision, as Docker Hub reports it for an audit event.
///
/// Audit timestamps arrive as RFC 3339 text with any UTC offset and with or without a fraction;
/// this type keeps the instant exactly (to the nanosecond) and prints it canonically in UTC, so that
/// two spellings of the same instant compare and store as one value.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public var seconds: Int64
    /// The fraction of the second, in nanoseconds, `0..<1_000_000_000`.
    public var nanoseconds: Int32

    /// The earliest instant a store accepts: 0001-01-01T00:00:00Z.
    public static let minimumSeconds: Int64 = -62_135_596_800
    /// The latest whole second a store accepts: 9999-12-31T23:59:59Z.
    public static let maximumSeconds: Int64 = 253_402_300_799

    /// Creates a timestamp from seconds and nanoseconds since the Unix epoch.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanoseconds < rhs.nanoseconds
    }

    /// The canonical RFC 3339 spelling: UTC, `Z`, and a fraction only when it is non-zero, without
    /// trailing zeros (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.25Z`).
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30)
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical RFC 3339 spelling to a byte buffer (the fast path of the encoders).
    public func appendRFC3339(to out: inout [UInt8]) {
        let days = Self.floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilFromDays(days)
        Self.appendDigits(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendDigits(Int64(month), width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendDigits(Int64(day), width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        Self.appendDigits(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendDigits((secondOfDay / 60) % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendDigits(secondOfDay % 60, width: 2, to: &out)
        if nanoseconds != 0 {
            out.append(UInt8(ascii: "."))
            var fraction = Int64(nanoseconds)
            var width = 9
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            Self.appendDigits(fraction, width: width, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// Parses RFC 3339 text (`2024-05-01T12:00:00Z`, `2024-05-01T14:00:00.123+02:00`).
    ///
    /// Accepts `T`/`t` and `Z`/`z`, any offset, and up to nine fractional digits (more are accepted
    /// only when the extra ones are zeros, since precision below a nanosecond cannot be kept).
    public init(rfc3339 text: String) throws(TimestampError) {
        let parsed = text.withUTF8Bytes { Timestamp.parse(UnsafeRawBufferPointer($0)) }
        switch parsed {
        case .success(let value): self = value
        case .failure(let error): throw error
        }
    }

    /// Parses RFC 3339 bytes; the allocation-free form that the event decoder uses.
    public static func parse(_ b: UnsafeRawBufferPointer) -> Result<Timestamp, TimestampError> {
        let n = b.count
        func digit(_ i: Int) -> Int64? {
            guard i < n else { return nil }
            let c = b[i]
            return c >= 48 && c <= 57 ? Int64(c - 48) : nil
        }
        func number(_ i: Int, _ width: Int) -> Int64? {
            var value: Int64 = 0
            for k in 0..<width {
                guard let d = digit(i + k) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        func byte(_ i: Int) -> UInt8 { i < n ? b[i] : 0 }
        guard let year = number(0, 4), byte(4) == UInt8(ascii: "-"),
              let month = number(5, 2), byte(7) == UInt8(ascii: "-"),
              let day = number(8, 2)
        else { return .failure(.notRFC3339("expected YYYY-MM-DD")) }
        let t = byte(10)
        guard t == UInt8(ascii: "T") || t == UInt8(ascii: "t") else {
            return .failure(.notRFC3339("expected 'T' between date and time"))
        }
        guard let hour = number(11, 2), byte(13) == UInt8(ascii: ":"),
              let minute = number(14, 2), byte(16) == UInt8(ascii: ":"),
              let second = number(17, 2)
        else { return .failure(.notRFC3339("expected hh:mm:ss")) }
        guard year >= 1, (1...12).contains(month), day >= 1,
              day <= Int64(daysInMonth(year: year, month: Int(month))),
              hour <= 23, minute <= 59, second <= 60
        else { return .failure(.outOfRange) }
        var i = 19
        var nanos: Int64 = 0
        if byte(i) == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while let d = digit(i) {
                if count < 9 {
                    nanos = nanos * 10 + d
                } else if d != 0 {
                    return .failure(.tooPrecise)
                }
                count += 1
                i += 1
            }
            guard count > 0 else { return .failure(.notRFC3339("expected digits after '.'")) }
            var scale = count
            while scale < 9 {
                nanos *= 10
                scale += 1
            }
        }
        var offset: Int64 = 0
        let z = byte(i)
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            i += 1
        } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
            guard let oh = number(i + 1, 2), byte(i + 3) == UInt8(ascii: ":"), let om = number(i + 4, 2),
                  oh <= 23, om <= 59
            else { return .failure(.notRFC3339("expected a UTC offset like +02:00")) }
            offset = (oh * 3600 + om * 60) * (z == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return .failure(.notRFC3339("expected 'Z' or a UTC offset"))
        }
        guard i == n else { return .failure(.notRFC3339("unexpected text after the time zone")) }
        // A leap second (:60) is folded into the next second, as Unix time does.
        let days = daysFromCivil(year: year, month: Int(month), day: Int(day))
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        guard seconds >= minimumSeconds, seconds <= maximumSeconds else { return .failure(.outOfRange) }
        return .success(Timestamp(seconds: seconds, nanoseconds: Int32(nanos)))
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number since 1970-01-01.
    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int64, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Division rounding towards negative infinity.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (48, 48, 48, 48, 48, 48, 48, 48, 48, 48)
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 && count < 10 {
                buf[9 - count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            }
            let used = max(count, width)
            for k in (10 - used)..<10 { out.append(buf[k]) }
        }
    }
}

/// Why a timestamp could not be parsed.
public enum TimestampError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not of the RFC 3339 form; the payload says which part was wrong.
    case notRFC3339(String)
    /// A field is out of its range (month 13, day 31 in April) or the year is outside 0001–9999.
    case outOfRange
    /// The fraction has non-zero digits below a nanosecond.
    case tooPrecise

    public var description: String {
        switch self {
        case .notRFC3339(let why): "not an RFC 3339 timestamp (\(why))"
        case .outOfRange: "timestamp out of range"
        case .tooPrecise: "timestamp more precise than a nanosecond"
        }
    }
}

extension Timestamp {
    /// Parses either RFC 3339 text or a bare date (`2024-05-01`, meaning 00:00:00 UTC that day), as
    /// users type times on the command line.
    public init(dateOrRFC3339 text: String) throws(TimestampError) {
        let u = Array(text.utf8)
        if u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") {
            try self.init(rfc3339: text + "T00:00:00Z")
        } else {
            try self.init(rfc3339: text)
        }
    }
}
