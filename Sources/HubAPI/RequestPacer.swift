import Foundation

/// Spaces requests so the Hub's rate limit is rarely hit, and holds them all back after a 429.
///
/// From the latest `X-RateLimit-Remaining` and `X-RateLimit-Reset`, requests are spread evenly
/// over the time left in the window, keeping one in reserve and counting requests still in
/// flight as spent; when none is left, requests wait for the reset. A 429 holds every request
/// until the time the Hub named.
actor RequestPacer {
    private let enabled: Bool
    private let clock = ContinuousClock()
    private var remaining: Int?
    private var resetAt: ContinuousClock.Instant?
    private var holdUntil: ContinuousClock.Instant?
    private var nextSlot: ContinuousClock.Instant
    private var inFlight = 0

    init(enabled: Bool) {
        self.enabled = enabled
        nextSlot = clock.now
    }

    /// Waits for the next request's turn; returns the seconds waited and why.
    func acquire() async -> (waited: Double, reason: String?) {
        let now = clock.now
        var start = max(now, nextSlot)
        var reason: String?
        if let holdUntil, holdUntil > start {
            start = holdUntil
            reason = "429"
        }
        if enabled, let remaining, let resetAt {
            if resetAt <= now {
                self.remaining = nil
                self.resetAt = nil
                nextSlot = start
            } else {
                let usable = remaining - inFlight - 1
                if usable <= 0 {
                    if resetAt > start {
                        start = resetAt + .milliseconds(20)
                        reason = reason ?? "window used up"
                    }
                    self.remaining = nil
                    self.resetAt = nil
                    nextSlot = start
                } else {
                    let interval = (resetAt - now) / usable
                    nextSlot = start + interval
                }
            }
        } else {
            nextSlot = start
        }
        inFlight += 1
        guard start > now + .milliseconds(1) else { return (0, nil) }
        try? await clock.sleep(until: start, tolerance: .milliseconds(5))
        let waited = now.duration(to: start)
        return (Double(waited.components.seconds) + Double(waited.components.attoseconds) * 1e-18, reason)
    }

    /// Records the end of a request and the rate-limit headers of its answer, if any.
    func complete(remaining: Int?, resetIn: Double?) {
        inFlight = max(0, inFlight - 1)
        guard let remaining, let resetIn else { return }
        self.remaining = remaining
        resetAt = clock.now + .milliseconds(Int64(max(0, resetIn) * 1000))
    }

    /// Holds every request back for `seconds` (after a 429).
    func hold(seconds: Double) {
        let until = clock.now + .milliseconds(Int64(max(0, seconds) * 1000))
        if holdUntil.map({ $0 < until }) ?? true { holdUntil = until }
    }
}
