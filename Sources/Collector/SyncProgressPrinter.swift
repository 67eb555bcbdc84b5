import AuditModel
import AuditOutput
import Foundation
import Synchronization

/// Where sync events go while `hubaudit sync` runs: a progress line on a terminal (windows,
/// pages, events, request rate, and why it waits), log lines otherwise or when asked.
///
/// Events arrive from the collector's concurrent window fetches; one lock orders them.
public final class SyncProgressPrinter: Sendable {
    private struct State {
        var windows = 0, pages = 0, events = 0, appended = 0, committed = 0
        var waiting: String?
        var lastDraw = Date.distantPast
        var drawn = false
    }

    private let state = Mutex(State())
    private let formatter: SyncLogFormatter?
    private let started = Date()
    private let quiet: Bool

    /// Log lines in `format`; else a progress line when standard error is a terminal; else
    /// log lines as text (or nothing when `quiet`, for the demo).
    public init(format: SyncLogFormatter.Style?, quiet: Bool = false, stderrIsTerminal: Bool = Terminal.stderrIsTerminal) {
        formatter = format.map(SyncLogFormatter.init) ?? (stderrIsTerminal || quiet ? nil : SyncLogFormatter(style: .text))
        self.quiet = quiet && !stderrIsTerminal && format == nil
    }

    /// Shows one event: a log line, or an update of the progress line.
    public func emit(_ event: SyncEvent) {
        state.withLock { state in
            if quiet { return }
            if let formatter {
                Terminal.message(formatter.line(event, time: Timestamp(seconds: Int64(Date().timeIntervalSince1970))))
                return
            }
            switch event {
            case .windowAppended(_, _, _, let fetched, let added, let p):
                state.windows += 1
                state.pages += p
                state.events += fetched
                state.appended += added
                state.waiting = nil
            case .hub(.waitingForRateLimit(let seconds, _)):
                state.waiting = "waited \(Int(seconds.rounded())) s for the rate limit"
            case .hub(.retrying(_, let attempt, _, let problem)):
                state.waiting = "retrying (\(problem), attempt \(attempt))"
            case .started(let account, let from, let to, _):
                Self.clear(&state)
                Terminal.message("\(account): syncing \(from) to \(to)")
            case .committed(_, _, let events):
                state.committed += events
            case .storeHoldsMore, .windowSplit, .finished, .hub:
                break
            }
            draw(&state)
        }
    }

    /// Clears the progress line (before the summary is printed).
    public func finish() {
        state.withLock { Self.clear(&$0) }
    }

    private func draw(_ state: inout State) {
        let now = Date()
        guard now.timeIntervalSince(state.lastDraw) >= 0.2 else { return }
        state.lastDraw = now
        state.drawn = true
        let elapsed = max(0.001, now.timeIntervalSince(started))
        var line = "\(state.windows) windows, \(state.pages) pages, \(state.events) events (\(state.appended) new, \(state.committed) committed), "
            + "\(Int(Double(state.pages) / elapsed)) req/s"
        if let waiting = state.waiting { line += " — \(waiting)" }
        Terminal.progressLine(line)
    }

    private static func clear(_ state: inout State) {
        if state.drawn { Terminal.progressLine(nil) }
        state.drawn = false
    }
}
