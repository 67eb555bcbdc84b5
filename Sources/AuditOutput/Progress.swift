import Foundation

/// A progress line on standard error: only on a terminal, and only once the work has taken
/// about a second, so quick commands and pipelines stay quiet.
public final class Progress {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled: Bool

    /// A progress line headed `label`, drawn only when standard error is a terminal.
    public init(_ label: String, enabled: Bool = Terminal.stderrIsTerminal) {
        self.label = label
        self.enabled = enabled
    }

    /// Shows `count` `unit` done and the rate (at most five times a second, after the first second).
    public func update(_ count: Int, unit: String) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        drawn = true
        let rate = Double(count) / max(elapsed, 0.001)
        Terminal.progressLine("\(label): \(count) \(unit) (\(Int(rate))/s)")
    }

    /// Clears the line, if one was drawn.
    public func finish() {
        guard drawn else { return }
        Terminal.progressLine(nil)
        drawn = false
    }
}
