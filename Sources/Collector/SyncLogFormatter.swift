import AuditModel
import AuditOutput
import Foundation
import HubAPI

/// Turns sync events into log lines (`text` or `json`), with every line passed through
/// ``Redactor`` so that no secret can reach a log.
public struct SyncLogFormatter: Sendable {
    /// The line format.
    public enum Style: String, Sendable, CaseIterable {
        /// `TIME LEVEL message key=value …`
        case text
        /// One JSON object per line.
        case json
    }

    /// The format used.
    public let style: Style

    /// Creates a formatter.
    public init(style: Style) {
        self.style = style
    }

    /// The line for an event at `time`, without a newline.
    public func line(_ event: SyncEvent, time: Timestamp) -> String {
        let (level, message, fields) = Self.describe(event)
        return format(level: level, message: message, fields: fields, time: time)
    }

    /// A line for a free-form message with fields (redacted like the rest).
    public func format(level: String, message: String, fields: [(String, String)], time: Timestamp) -> String {
        switch style {
        case .text:
            var out = "\(time) \(level) \(message)"
            for (k, v) in fields { out += " \(k)=\(v.contains(" ") ? "\"\(v)\"" : v)" }
            return Redactor.redact(out)
        case .json:
            var object = JSONObject()
            object.add("time", time.description)
            object.add("level", level)
            object.add("msg", message)
            for (k, v) in fields {
                if let n = Int(v), String(n) == v { object.add(k, n) } else { object.add(k, v) }
            }
            return Redactor.redact(object.text)
        }
    }

    static func describe(_ event: SyncEvent) -> (String, String, [(String, String)]) {
        switch event {
        case .started(let account, let from, let to, let resumed):
            return ("info", resumed ? "continuing sync" : "starting sync",
                    [("account", account), ("from", from.description), ("to", to.description)])
        case .windowAppended(let account, let from, let to, let fetched, let appended, let pages):
            return ("info", "window appended", [("account", account), ("from", from.description), ("to", to.description),
                                                  ("fetched", String(fetched)), ("appended", String(appended)), ("pages", String(pages))])
        case .committed(let account, let cursor, let events):
            return ("info", "committed", [("account", account), ("cursor", cursor.description), ("events", String(events))])
        case .windowSplit(let account, let from, let to):
            return ("info", "window too deep to page, split", [("account", account), ("from", from.description), ("to", to.description)])
        case .finished(let r):
            return ("info", "sync finished", [("account", r.account), ("cursor", r.to.description), ("fetched", String(r.fetched)),
                                              ("appended", String(r.appended)), ("windows", String(r.windows)), ("pages", String(r.pages))])
        case .storeHoldsMore(let account, let from, let to, let events):
            return ("warning", "the store holds events the Hub no longer reports (kept)",
                    [("account", account), ("from", from.description), ("to", to.description), ("events", String(events))])
        case .hub(let hub):
            switch hub {
            case .loggedIn(let method): return ("info", "logged in", [("via", method)])
            case .usedCachedToken: return ("info", "using the cached token", [])
            case .reauthenticating: return ("info", "token rejected, logging in again", [])
            case .retrying(let operation, let attempt, let delay, let problem):
                return ("warning", "request failed, retrying", [("operation", operation), ("attempt", String(attempt)),
                                                               ("delay_ms", String(Int(delay * 1000))), ("problem", problem)])
            case .waitingForRateLimit(let seconds, let reason):
                return ("info", "waited for the rate limit", [("seconds", String(format: "%.1f", seconds)), ("reason", reason)])
            }
        }
    }
}
