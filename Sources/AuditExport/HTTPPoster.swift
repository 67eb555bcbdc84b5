import Foundation
import HTTPClient

/// How often and how patiently an HTTP sink retries a batch.
public struct RetrySchedule: Sendable, Hashable {
    /// Attempts per batch, the first included, before the run gives up (exit 75).
    public var maxAttempts: Int
    /// The first retry's delay in seconds; each further one doubles, up to ``maxDelay``.
    public var baseDelay: Double
    /// The longest wait between attempts, `Retry-After` included.
    public var maxDelay: Double

    /// Creates a schedule.
    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 60) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1`: exponential with full jitter (`random` in 0..<1),
    /// or the receiver's `Retry-After` when it gave one.
    func delay(afterAttempt attempt: Int, retryAfter: Double?, random: Double) -> Double {
        if let retryAfter { return min(maxDelay, max(0, retryAfter)) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return ceiling / 2 + ceiling / 2 * random
    }
}

/// Sends one request through an ``HTTPTransport``, and retries it per a
/// ``RetrySchedule`` while the answer says "later" (no answer, 408, 429, 5xx).
struct HTTPPoster: Sendable {
    let transport: any HTTPTransport
    let schedule: RetrySchedule
    /// Where messages about retries go (never with a URL's secret parts or a token).
    let log: @Sendable (String) -> Void
    let display: String

    /// What a final answer was.
    enum Outcome {
        case answered(HTTPResponse)
        case gaveUp(String)
    }

    /// Whether a status means "try again later".
    static func isTemporary(_ status: Int) -> Bool { status == 408 || status == 429 || status >= 500 }

    /// Sends `request` until it is answered with a status that is not temporary (returned, for
    /// the caller to judge), or the attempts run out.
    func send(_ request: HTTPRequest) async -> Outcome {
        var generator = SystemRandomNumberGenerator()
        var last = ""
        for attempt in 1...max(1, schedule.maxAttempts) {
            var retryAfter: Double?
            do throws(TransportError) {
                let response = try await transport.send(request)
                guard Self.isTemporary(response.status) else { return .answered(response) }
                last = "HTTP \(response.status) from \(display)"
                retryAfter = response.header("retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            } catch {
                last = "\(error) (\(display))"
            }
            guard attempt < schedule.maxAttempts else { break }
            let wait = schedule.delay(afterAttempt: attempt, retryAfter: retryAfter, random: Double.random(in: 0..<1, using: &generator))
            log("\(last); retrying in \(String(format: "%.1f", wait)) s (attempt \(attempt + 1) of \(schedule.maxAttempts))")
            await Self.pause(seconds: wait)
        }
        return .gaveUp("\(last) after \(schedule.maxAttempts) attempts")
    }

    /// Waits `seconds` without holding a thread; a cancelled task stops waiting at once (the
    /// next attempt then runs, and the caller's cancellation check ends the run).
    static func pause(seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1_000_000_000))
    }
}
