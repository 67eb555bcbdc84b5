import AuditExport
import AuditModel
import Foundation
import HTTPClient
import SegmentStore
import TestSupport
import Testing

/// The HTTP sinks against loopback receivers that check each request as Splunk's HEC and
/// Elasticsearch's `_bulk` documentation specify, and misbehave on purpose.
@Suite(.serialized) struct ReceiverTests {
    static let fast = RetrySchedule(maxAttempts: 4, baseDelay: 0.01, maxDelay: 2)

    /// A store of `count` generated events plus the awkward ones.
    static func store(_ dir: TemporaryDirectory, count: Int = 300) throws -> AuditStore {
        try ExportFixture.append(ExportFixture.events(count: count, seed: 5), to: dir.store)
        return try AuditStore(root: dir.store)
    }

    static func export(_ store: AuditStore, _ receiver: Receiver, format: ExportFormat, batch: Int = 100,
                       schedule: RetrySchedule = fast, timeout: Double = 10, checkpoint: String = "c") async throws(ExportError) -> ExportSummary {
        let encoder = EventEncoder(format: format, host: "test-host")
        let sink = HTTPSink(receiver: receiver, encoder: encoder, batchEvents: batch, batchBytes: 1 << 20, schedule: schedule,
                            transport: CurlTransport(requestTimeout: timeout), log: { _ in })
        return try await Exporter(store: store, selection: ExportSelection(), encoder: encoder, checkpoint: checkpoint, target: "test").run(into: sink)
    }

    static func url(_ receiver: LoopbackReceiver, _ path: String = "") throws -> ReceiverURL {
        try ReceiverURL(receiver.url + path, option: "test")
    }

    @Test(arguments: ["", "/services/collector/event"])
    func splunkRequestsAreHECEvents(path: String) async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir)
        let server = try LoopbackReceiver.start { _, _ in .answer(200, [], #"{"text":"Success","code":0}"#) }
        defer { server.shutdown() }
        let summary = try await Self.export(store, .splunk(try Self.url(server, path), token: "s3cret"), format: .splunk)
        let total = try store.snapshot().eventCount
        #expect(summary.events == total)
        #expect(server.requests.count == (total + 99) / 100)
        var ids = Set<String>()
        for request in server.requests {
            #expect(request.method == "POST")
            #expect(request.uri == "/services/collector/event")
            #expect(request.header("Authorization") == "Splunk s3cret")
            #expect(request.header("Content-Type") == "application/json")
            for line in request.text.split(separator: "\n") {
                let envelope = try jsonObject(line)
                #expect(Set(envelope.keys) == ["time", "host", "source", "sourcetype", "event"])
                #expect(envelope["time"] is NSNumber && envelope["host"] as? String == "test-host")
                let event = try #require(envelope["event"] as? [String: Any])
                ids.insert(try #require(event["event_id"] as? String))
            }
        }
        #expect(ids.count == total)
        #expect(try store.checkpoint("c")?.position == store.snapshot().nextSeq)
    }

    @Test func bulkCreatesWithIdsRetriesRefusedItemsAndCounts409AsDelivered() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, count: 150)
        // The first answer: item 0 already there (409), item 1 refused for now (429), the rest created.
        let server = try LoopbackReceiver.start { request, index in
            let n = request.text.split(separator: "\n").count / 2
            let items = (0..<n).map { i -> String in
                let status = index == 0 && i == 0 ? 409 : index == 0 && i == 1 ? 429 : 201
                let error = status >= 400 ? #","error":{"type":"x","reason":"y"}"# : ""
                return #"{"create":{"_index":"audit","_id":"\#(i)","status":\#(status)\#(error)}}"#
            }
            return .answer(200, [("Content-Type", "application/json")], #"{"took":1,"errors":\#(index == 0),"items":[\#(items.joined(separator: ","))]}"#)
        }
        defer { server.shutdown() }
        let summary = try await Self.export(store, .elastic(try Self.url(server), index: "audit", token: "k"), format: .ecs, batch: 1000)
        let total = try store.snapshot().eventCount
        #expect(summary.events == total)
        let requests = server.requests
        try #require(requests.count == 2)
        for request in requests {
            #expect(request.method == "POST" && request.uri == "/_bulk")
            #expect(request.header("Content-Type") == "application/x-ndjson")
            #expect(request.header("Authorization") == "ApiKey k")
            #expect(request.body.last == 0x0A)
            let lines = request.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            for pair in stride(from: 0, to: lines.count, by: 2) {
                let action = try jsonObject(lines[pair])
                let create = try #require(action["create"] as? [String: Any])
                #expect(Set(action.keys) == ["create"] && create["_index"] as? String == "audit")
                let document = try jsonObject(lines[pair + 1])
                #expect(create["_id"] as? String == (document["event"] as? [String: Any])?["id"] as? String)
            }
        }
        #expect(requests[0].text.split(separator: "\n").count == 2 * total)
        // Only the 429 item is sent again.
        #expect(requests[1].text.split(separator: "\n").count == 2)
        #expect(requests[1].text.split(separator: "\n").first == requests[0].text.split(separator: "\n")[2])
    }

    @Test func bulkItemErrorsAreReportedAndTheCheckpointStaysBeforeThem() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, count: 250)
        let server = try LoopbackReceiver.start { request, index in
            let n = request.text.split(separator: "\n").count / 2
            let items = (0..<n).map { i in
                index == 1 && i == 3 ? #"{"create":{"status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse"}}}"#
                    : #"{"create":{"status":201}}"#
            }
            return .answer(200, [], #"{"errors":\#(index == 1),"items":[\#(items.joined(separator: ","))]}"#)
        }
        defer { server.shutdown() }
        await #expect {
            _ = try await Self.export(store, .elastic(try Self.url(server), index: "audit", token: nil), format: .ecs, batch: 100)
        } throws: { error in
            guard let error = error as? ExportError, case .rejected(let message) = error else { return false }
            return error.exitStatus == 1 && message.contains("mapper_parsing_exception")
        }
        let checkpoint = try #require(try store.checkpoint("c"))
        #expect(checkpoint.exported == 100)  // the first batch only
        #expect(server.requests.count == 2)
    }

    @Test func serverErrorsAndRetryAfterAreRetried() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, count: 50)
        let server = try LoopbackReceiver.start { _, index in
            switch index {
            case 0: .answer(503, [], "busy")
            case 1: .answer(429, [("Retry-After", "1")], "slow down")
            default: .answer(200, [], "{}")
            }
        }
        defer { server.shutdown() }
        let summary = try await Self.export(store, .clickhouse(try Self.url(server), table: "db.events", token: nil), format: .clickhouse, batch: 1000)
        #expect(summary.events == (try store.snapshot().eventCount))
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.text)).count == 1)  // the same batch each time
        #expect(requests[0].uri == "/?query=INSERT%20INTO%20db.events%20FORMAT%20JSONEachRow")
        #expect(requests[0].header("Content-Type") == "application/x-ndjson")
    }

    @Test(arguments: [false, true])
    func aReceiverThatStaysDownEndsWith75AndAnUnmovedCheckpoint(silent: Bool) async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, count: 50)
        let server = try LoopbackReceiver.start { _, _ in silent ? .silent : .answer(500, [], "down") }
        defer { server.shutdown() }
        let schedule = RetrySchedule(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.1)
        await #expect {
            _ = try await Self.export(store, .splunk(try Self.url(server), token: "t"), format: .splunk, schedule: schedule, timeout: 1)
        } throws: { error in
            guard let error = error as? ExportError, case .receiverDown(let message) = error else { return false }
            return error.exitStatus == 75 && !message.contains("t\"") && message.contains("127.0.0.1")
        }
        #expect(server.requests.count == 2)
        #expect(try store.checkpoint("c")?.position == 0)
    }

    @Test func webhookMessagesAreReadableNeutralisedAndCapped() async throws {
        let dir = TemporaryDirectory()
        let store = try Self.store(dir, count: 100)
        let server = try LoopbackReceiver.start { _, _ in .answer(200, [], "ok") }
        defer { server.shutdown() }
        _ = try await Self.export(store, .webhook(try Self.url(server, "/hooks/T000/B000/XXXX")), format: .ndjson, batch: 20)
        #expect(!server.requests.isEmpty)
        for request in server.requests {
            #expect(request.uri == "/hooks/T000/B000/XXXX" && request.header("Content-Type") == "application/json")
            let text = try #require(try jsonObject(request.text)["text"] as? String)
            #expect(text.hasPrefix("hubaudit: "))
            #expect(text.count <= HTTPSink.webhookTextLimit)
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) })
            #expect(!text.contains("<!channel>"))
        }
    }
}
