/// The IMF-fixdate form of HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`), as found in `Date`
/// and `Retry-After` headers, to and from Unix seconds.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The Unix seconds of an IMF-fixdate, or `nil` when `text` is not one (the obsolete RFC 850
    /// and asctime forms are not accepted).
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int64(parts[3]),
              let month = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let hms = parts[4].split(separator: ":")
        guard hms.count == 3, let h = Int64(hms[0]), let m = Int64(hms[1]), let s = Int64(hms[2]) else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month + 1, day: day)
        return days * 86_400 + h * 3600 + m * 60 + s
    }

    /// Formats Unix seconds as an IMF-fixdate.
    public static func format(_ seconds: Int64) -> String {
        let days = Timestamp.floorDiv(seconds, 86_400)
        let rem = seconds - days * 86_400
        let (y, m, d) = Timestamp.civilFromDays(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(two(Int64(d))) \(months[m - 1]) \(y) \(two(rem / 3600)):\(two(rem / 60 % 60)):\(two(rem % 60)) GMT"
    }
}
