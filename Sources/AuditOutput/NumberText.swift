/// Numbers as people read them in reports.
public enum NumberText {
    /// `value` with exactly two decimals (`3.5` gives `3.50`), rounded half away from zero.
    public static func twoDecimals(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let scaled = Int((value * 100).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
