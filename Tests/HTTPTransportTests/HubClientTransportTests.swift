import Foundation
import HTTPClient
import HubAPI
import Synchronization
import Testing

/// How ``HubClient`` treats what its transport reports.
@Suite struct HubClientTransportTests {
    /// A transport that always fails the same way, counting its calls.
    final class FailingTransport: HTTPTransport {
        let error: TransportError
        let calls = Mutex(0)

        init(_ error: TransportError) { self.error = error }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            calls.withLock { $0 += 1 }
            throw error
        }
    }

    func client(_ transport: FailingTransport) throws -> HubClient {
        let configuration = HubClientConfiguration(
            endpoint: try HubEndpoint("http://127.0.0.1:1"), retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.002))
        return HubClient(configuration: configuration, credentials: HubCredentials(identifier: "bob", secret: "sekrit-token-value"),
                         transport: transport)
    }

    @Test func aMissingLibcurlFailsAtOnceWithTheFix() async throws {
        let transport = FailingTransport(.libraryUnavailable(reason: "libcurl.so.4: cannot open shared object file"))
        let client = try client(transport)
        let error = await #expect(throws: HubError.self) { try await client.auditLogs(AuditLogQuery(account: "acme")) }
        #expect(error == .networkLibraryUnavailable(reason: "libcurl.so.4: cannot open shared object file"))
        #expect(error?.isTemporary == false)
        #expect(error?.description.contains("apt-get install libcurl4") == true)
        #expect(transport.calls.withLock { $0 } == 1)  // not retried
    }

    @Test(arguments: [
        (TransportError.timedOut, "timed out"), (.connectionRefused, "connection refused"), (.unknownHost, "unknown host"),
        (.connectionLost, "connection lost"), (.tlsFailure, "TLS failure"), (.failed(code: 47), "network error 47"),
    ])
    func transportFailuresAreRetriedAndNamed(failure: TransportError, problem: String) async throws {
        let transport = FailingTransport(failure)
        let client = try client(transport)
        let error = await #expect(throws: HubError.self) { try await client.authenticate() }
        #expect(error == .unavailable(operation: "POST /v2/auth/token", attempts: 3, lastProblem: problem))
        #expect(error?.isTemporary == true)
        #expect(transport.calls.withLock { $0 } == 3)
        #expect(!(error?.description.contains("sekrit") ?? true))
    }
}
