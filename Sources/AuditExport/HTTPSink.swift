import AuditModel
import Foundation
import HTTPClient

/// Delivers rows to an HTTP ``Receiver`` in batches of at most `batchEvents` events and about
/// `batchBytes` bytes. A batch counts as durable only when the receiver acknowledged it with a
/// 2xx (and, for `_bulk`, every item was created or already there, 409); temporary failures
/// are retried per the ``RetrySchedule``, and when attempts run out the export stops with
/// ``ExportError/receiverDown(_:)`` before anything later is sent.
public final class HTTPSink: ExportSink {
    private let receiver: Receiver
    private let encoder: EventEncoder
    private let batchEvents: Int
    private let batchBytes: Int
    private let poster: HTTPPoster
    private var body: [UInt8] = []
    /// Each event's lines in ``body`` (for `_bulk`, which retries single items).
    private var ranges: [Range<Int>] = []
    private var pending = PendingCount()
    private var webhookLines: [String] = []

    /// Longest webhook message text, in characters.
    public static let webhookTextLimit = 3500

    /// Creates a sink; `log` receives retry notices.
    public init(receiver: Receiver, encoder: EventEncoder, batchEvents: Int, batchBytes: Int, schedule: RetrySchedule,
                transport: any HTTPTransport, log: @escaping @Sendable (String) -> Void) {
        self.receiver = receiver
        self.encoder = encoder
        self.batchEvents = max(1, batchEvents)
        self.batchBytes = max(1, batchBytes)
        poster = HTTPPoster(transport: transport, schedule: schedule, log: log, display: receiver.display)
    }

    public func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered? {
        let start = body.count
        switch receiver {
        case .elastic(_, let index, _):
            body.append(contentsOf: #"{"create":{"_index":"#.utf8)
            CanonicalJSON.appendString(index, to: &body)
            body.append(contentsOf: #","_id":""#.utf8)
            body.append(contentsOf: id.utf8)
            body.append(contentsOf: "\"}}\n".utf8)
            encoder.append(event, raw: raw, id: id, to: &body)
        case .webhook:
            webhookLines.append(WebhookText.line(event))
        default:
            encoder.append(event, raw: raw, id: id, to: &body)
        }
        ranges.append(start..<body.count)
        pending.add(seq)
        if pending.events >= batchEvents || body.count >= batchBytes { return try await send() }
        return nil
    }

    public func finish() async throws(ExportError) -> Delivered? { try await send() }

    public func abandon() {}

    private func send() async throws(ExportError) -> Delivered? {
        guard pending.events > 0 else { return nil }
        switch receiver {
        case .elastic: try await sendBulk()
        case .webhook:
            var message: [UInt8] = []
            WebhookText.appendMessage(webhookLines, limit: Self.webhookTextLimit, to: &message)
            try await sendWhole(message)
        default: try await sendWhole(body)
        }
        body.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        webhookLines.removeAll(keepingCapacity: true)
        return pending.take()
    }

    private func request(_ bytes: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: "POST", url: receiver.endpoint, headers: receiver.headers, body: bytes)
    }

    private func sendWhole(_ bytes: [UInt8]) async throws(ExportError) {
        switch await poster.send(request(bytes)) {
        case .gaveUp(let reason): throw .receiverDown(reason)
        case .answered(let response):
            guard (200..<300).contains(response.status) else {
                throw .rejected("HTTP \(response.status) from \(receiver.display): \(Self.excerpt(response.body))")
            }
        }
    }

    /// Sends the batch's items, then again only those the answer says to retry (429, 5xx).
    private func sendBulk() async throws(ExportError) {
        var open = Array(ranges.indices)
        var rejected: [String] = []
        var attempt = 0
        while !open.isEmpty {
            attempt += 1
            var bytes: [UInt8] = []
            for i in open { bytes.append(contentsOf: body[ranges[i]]) }
            let response: HTTPResponse
            switch await poster.send(request(bytes)) {
            case .gaveUp(let reason): throw .receiverDown(reason)
            case .answered(let answer): response = answer
            }
            guard (200..<300).contains(response.status) else {
                throw .rejected("HTTP \(response.status) from \(receiver.display): \(Self.excerpt(response.body))")
            }
            let statuses = try BulkResponse.itemStatuses(response.body, expected: open.count, display: receiver.display)
            var retry: [Int] = []
            for (item, status) in zip(open, statuses.map(\.status)) {
                switch status {
                case 200..<300, 409: continue
                case let s where HTTPPoster.isTemporary(s): retry.append(item)
                default: rejected.append(statuses[open.firstIndex(of: item) ?? 0].reason)
                }
            }
            guard rejected.isEmpty else {
                throw .rejected("\(rejected.count) item(s) failed, first: \(rejected[0])")
            }
            if !retry.isEmpty {
                guard attempt < poster.schedule.maxAttempts else {
                    throw .receiverDown("\(retry.count) item(s) still refused as temporary after \(attempt) attempts (\(receiver.display))")
                }
                let wait = poster.schedule.delay(afterAttempt: attempt, retryAfter: nil, random: Double.random(in: 0..<1))
                poster.log("\(retry.count) item(s) of a _bulk batch were refused for now; retrying them in \(String(format: "%.1f", wait)) s")
                await HTTPPoster.pause(seconds: wait)
            }
            open = retry
        }
    }

    static func excerpt(_ body: [UInt8]) -> String {
        WebhookText.neutralise(String(decoding: body.prefix(200), as: UTF8.self))
    }
}
