import Foundation
import HTTPClient
import Testing

/// ``CurlTransport`` against a loopback server: what HubClient relies on, and how failures read.
@Suite struct CurlTransportTests {
    @Test func getReturnsStatusLowercasedHeadersAndBody() async throws {
        try await withServer { server in
            let response = try await CurlTransport().send(HTTPRequest(url: server.url("/hello")))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "hello")
            #expect(response.headers["x-custom"] == "A")
            #expect(response.header("X-Custom") == "A")
            #expect(response.headers["x-multi"] == "1, 2")
            #expect(response.headers.keys.allSatisfy { $0 == $0.lowercased() })
            let missing = try await CurlTransport().send(HTTPRequest(url: server.url("/nowhere")))
            #expect(missing.status == 404 && missing.body.isEmpty)
        }
    }

    @Test func postBodyArrivesIntact() async throws {
        try await withServer { server in
            let transport = CurlTransport()
            // Binary, with NUL bytes, and large enough to take several writes.
            var body = Array(#"{"identifier":"bob","secret":"x"}"#.utf8) + [0, 1, 2, 0xFF, 0]
            body += (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let response = try await transport.send(
                HTTPRequest(method: "POST", url: server.url("/echo"), headers: ["Content-Type": "application/json"], body: body))
            #expect(response.status == 200)
            #expect(response.headers["x-method"] == "POST")
            #expect(response.body == body)
            let empty = try await transport.send(HTTPRequest(method: "POST", url: server.url("/echo"), body: []))
            #expect(empty.status == 200 && empty.body.isEmpty && empty.headers["x-method"] == "POST")
        }
    }

    @Test func requestHeadersAreSent() async throws {
        try await withServer { server in
            let response = try await CurlTransport().send(
                HTTPRequest(url: server.url("/headers"), headers: ["Accept": "application/json", "User-Agent": "hubaudit/0.1"]))
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains("accept: application/json\n"))
            #expect(text.contains("user-agent: hubaudit/0.1\n"))
            #expect(!text.contains("expect:"))
        }
    }

    @Test func headersAreResetAcrossARedirectAndAuthorizationStaysWithItsHost() async throws {
        try await withServer { server in
            try await withServer { other in
                let transport = CurlTransport()
                let auth = ["Authorization": "Bearer sekrit-token-value"]
                let same = try await transport.send(HTTPRequest(url: server.url("/redirect-same"), headers: auth))
                #expect(same.status == 200)
                #expect(same.headers["x-before"] == nil)
                #expect(same.headers["location"] == nil)
                #expect(same.headers["content-length"] != nil)
                // Same host and port: the header follows.
                #expect(String(decoding: same.body, as: UTF8.self).contains("authorization: Bearer sekrit-token-value"))
                // Another port (another origin): it does not.
                let moved = try await transport.send(HTTPRequest(url: server.url("/redirect-other/\(other.port)"), headers: auth))
                #expect(moved.status == 200)
                #expect(moved.headers["x-before"] == nil)
                let text = String(decoding: moved.body, as: UTF8.self)
                #expect(text.contains("host: 127.0.0.1:\(other.port)"))
                #expect(!text.contains("authorization") && !text.contains("sekrit"))
            }
        }
    }

    // A hang guard, not a speed check: without a working timeout the request would never end.
    @Test(.timeLimit(.minutes(1)))
    func aServerThatNeverAnswersTimesOut() async throws {
        try await withServer { server in
            let transport = CurlTransport(requestTimeout: 1)
            let start = Date()
            await #expect(throws: TransportError.timedOut) {
                _ = try await transport.send(HTTPRequest(url: server.url("/silent")))
            }
            // Not before the limit. (No upper bound: on a loaded machine the answer comes late.)
            #expect(Date().timeIntervalSince(start) >= 0.9)
            #expect(TransportError.timedOut.description == "timed out")
        }
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let port = try await withServer { $0.port }  // listened on a moment ago, closed now
        await #expect(throws: TransportError.connectionRefused) {
            _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(url: "http://127.0.0.1:\(port)/hello"))
        }
        #expect(TransportError.connectionRefused.description == "connection refused")
    }

    @Test func aBodyCutShortIsConnectionLost() async throws {
        try await withServer { server in
            await #expect(throws: TransportError.connectionLost) {
                _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(url: server.url("/cut")))
            }
            #expect(TransportError.connectionLost.description == "connection lost")
        }
    }

    @Test func tlsWithAServerThatSpeaksPlainHTTPIsATLSFailure() async throws {
        try await withServer { server in
            await #expect(throws: TransportError.tlsFailure) {
                _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(url: "https://127.0.0.1:\(server.port)/hello"))
            }
            #expect(TransportError.tlsFailure.description == "TLS failure")
        }
    }

    @Test func cancellationReturnsPromptlyAndFreesTheConnection() async throws {
        try await withServer { server in
            // One connection: the next request can go only once the cancelled one let go of it.
            let transport = CurlTransport(requestTimeout: 30, maxConnections: 1)
            let task = Task { () throws(TransportError) -> HTTPResponse in
                try await transport.send(HTTPRequest(url: server.url("/silent")))
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            // The server never answers and the stall limit is 30 s: `cancelled` (not `timedOut`)
            // shows the transfer stopped on the cancellation.
            let outcome = await task.result
            #expect(throws: TransportError.cancelled) { try outcome.get() }

            // A waiter for the busy connection is cancelled promptly too.
            // Ten seconds: far longer than the two short sleeps below, even on a loaded machine.
            let blocker = Task { try await transport.send(HTTPRequest(url: server.url("/slow/10000"))) }
            try await Task.sleep(for: .milliseconds(200))
            let waiter = Task { try await transport.send(HTTPRequest(url: server.url("/hello"))) }
            try await Task.sleep(for: .milliseconds(200))
            waiter.cancel()
            // Had the wait not been cancelled, the request would have got the connection after
            // the blocker and answered 200.
            let waited = await waiter.result
            #expect(throws: TransportError.cancelled) { try waited.get() }
            #expect(String(decoding: try await blocker.value.body, as: UTF8.self) == "slow")

            let after = try await transport.send(HTTPRequest(url: server.url("/hello")))
            #expect(after.status == 200)

            // Cancelled before it starts: no request at all.
            let early = Task { () throws(TransportError) -> HTTPResponse in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(HTTPRequest(url: server.url("/hello")))
            }
            let earlyOutcome = await early.result
            #expect(throws: TransportError.cancelled) { try earlyOutcome.get() }
        }
    }

    @Test func connectionsAreReusedAndBoundedUnderConcurrency() async throws {
        try await withServer { server in
            let transport = CurlTransport(maxConnections: 4)
            // One after another: one connection.
            var sequential: Set<String> = []
            for _ in 0..<10 {
                let response = try await transport.send(HTTPRequest(url: server.url("/connection")))
                sequential.insert(String(decoding: response.body, as: UTF8.self))
            }
            #expect(sequential.count == 1)
            // Many at once: all answered, over at most four connections.
            let connections = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<200 {
                    group.addTask {
                        let path = i % 10 == 0 ? "/slow/20" : "/connection"
                        let response = try await transport.send(HTTPRequest(url: server.url(path)))
                        guard response.status == 200 else { return "status \(response.status)" }
                        return path == "/connection" ? String(decoding: response.body, as: UTF8.self) : "slow"
                    }
                }
                var seen: [String] = []
                for try await connection in group { seen.append(connection) }
                return seen
            }
            #expect(connections.count == 200)
            #expect(!connections.contains { $0.hasPrefix("status") })
            #expect(Set(connections.filter { $0 != "slow" }).count <= 4)
        }
    }

    /// A request that cannot be sent safely, and the reason it is refused with.
    enum UnsendableRequest: CaseIterable {
        case headerInjection, headerNameWithColon, methodWithSpace, urlWithLineBreak, ftpURL

        func request(port: Int) -> HTTPRequest {
            let url = "http://127.0.0.1:\(port)/hello"
            return switch self {
            case .headerInjection: HTTPRequest(url: url, headers: ["X-Evil": "a\r\nInjected: yes"])
            case .headerNameWithColon: HTTPRequest(url: url, headers: ["X-Evil: yes\nX": "a"])
            case .methodWithSpace: HTTPRequest(method: "GET X", url: url)
            case .urlWithLineBreak: HTTPRequest(url: url + "\r\nInjected: yes")
            case .ftpURL: HTTPRequest(url: "ftp://127.0.0.1:\(port)/file")
            }
        }

        var refusal: TransportError {
            switch self {
            case .headerInjection: .invalidRequest("header 'X-Evil' has a line break or a bad name")
            case .headerNameWithColon: .invalidRequest("header 'X-Evil: yes\nX' has a line break or a bad name")
            case .methodWithSpace: .invalidRequest("method 'GET X' is not a token")
            case .urlWithLineBreak: .invalidRequest("the URL is empty or has a space or line break")
            case .ftpURL: .invalidRequest("only http and https URLs can be sent")
            }
        }
    }

    /// Refused with its own error before anything is sent: a live server sees no connection,
    /// then answers a good request (so the silence was the refusal, not a dead server).
    @Test(arguments: UnsendableRequest.allCases)
    func requestsThatCannotBeSentAreRefusedBeforeConnecting(_ bad: UnsendableRequest) async throws {
        try await withServer { server in
            let transport = CurlTransport(requestTimeout: 5)
            await #expect(throws: bad.refusal) { _ = try await transport.send(bad.request(port: server.port)) }
            #expect(server.log.connections == 0 && server.log.requests == 0)
            let good = try await transport.send(HTTPRequest(url: server.url("/hello")))
            #expect(good.status == 200)
            #expect(server.log.connections == 1 && server.log.requests == 1)
        }
    }
}
