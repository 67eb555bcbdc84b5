import AuditModel
import Foundation
import HTTPClient
import Synchronization

/// The Docker Hub client: logs in (with the token cache), pages audit logs, lists actions, paces
/// requests on the rate-limit headers, and retries what can be retried.
///
/// Requests go through an ``HTTPTransport``, by default ``CurlTransport``: libcurl loaded with
/// `dlopen` at the first request. Not Foundation's `URLSession`, which on Linux links
/// FoundationNetworking and so libcurl and its ~30 libraries into every `hubaudit` process,
/// slowing the start of commands that never reach the network; and not AsyncHTTPClient, which
/// would add minutes of BoringSSL to every clean CI build. Safe to use from concurrent tasks;
/// requests share one pacer, so the rate limit is respected in total. Tokens and secrets never
/// appear in errors or events.
public final class HubClient: Sendable {
    /// How the client was configured.
    public let configuration: HubClientConfiguration
    let credentials: HubCredentials?
    let cache: TokenCache?
    let observer: (@Sendable (HubClientEvent) -> Void)?
    let transport: any HTTPTransport
    let pacer: RequestPacer
    let tokens = TokenKeeper()
    let stats = Mutex(HubClientStatistics())
    /// Hub clock minus local clock, in seconds (from `Date` headers, which round down).
    let skew = Mutex<Double?>(nil)
    let random = Mutex(SystemRandomNumberGenerator())

    /// Creates a client. Without credentials only a cached token can be used. `transport`
    /// defaults to a ``CurlTransport`` with the configuration's timeout and connection limit.
    public init(
        configuration: HubClientConfiguration, credentials: HubCredentials?, tokenCache: TokenCache? = nil,
        transport: (any HTTPTransport)? = nil, observer: (@Sendable (HubClientEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.credentials = credentials
        cache = tokenCache
        self.observer = observer
        self.transport = transport ?? CurlTransport(
            requestTimeout: configuration.requestTimeout, maxConnections: configuration.maxConnections)
        pacer = RequestPacer(enabled: configuration.pacing)
    }

    /// Traffic so far.
    public var statistics: HubClientStatistics { stats.withLock { $0 } }

    /// The Hub's clock now, as Unix seconds (rounded down), or the local clock before any answer.
    public var hubNow: Int64 {
        let local = Date().timeIntervalSince1970
        return Int64((local + (skew.withLock { $0 } ?? 0)).rounded(.down))
    }

    // MARK: Operations

    /// One page of an organisation's audit log, newest first.
    public func auditLogs(_ query: AuditLogQuery) async throws(HubError) -> AuditLogPage {
        let operation = "GET /v2/auditlogs/\(query.account) page \(query.page)"
        let events = try await perform(
            RequestSpec(method: "GET", path: query.path, query: query.queryItems, operation: operation, account: query.account)
        ) { response -> Outcome<[AuditEvent]> in
            guard response.status == 200 else { return .failure(self.statusError(response, operation: operation, account: query.account)) }
            do {
                return .success(try AuditLogPageParser.parse(response.body))
            } catch {
                return .retry("malformed body (\(error))")
            }
        }
        return AuditLogPage(events: events, pageSize: query.pageSize)
    }

    /// The organisation's action catalogue.
    public func actions(account: String) async throws(HubError) -> ActionCatalog {
        let operation = "GET /v2/auditlogs/\(account)/actions"
        let path = AuditLogQuery(account: account).path + "/actions"
        return try await perform(RequestSpec(method: "GET", path: path, operation: operation, account: account)) { response in
            guard response.status == 200 else { return .failure(self.statusError(response, operation: operation, account: account)) }
            do {
                return .success(try ActionCatalog.parse(Data(response.body)))
            } catch {
                return .retry("malformed body (\(error))")
            }
        }
    }

    /// Makes sure a valid token is at hand (from the cache or by logging in); throws the
    /// authentication error early, before anything else is done.
    public func authenticate() async throws(HubError) {
        _ = try await currentToken()
    }

    /// Writes the current token to the cache (when the cache's directory exists).
    public func persistToken() {
        guard let cache, let token = tokens.peek, let identifier = tokens.identifier else { return }
        let dir = (cache.path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: dir) else { return }
        try? cache.save(token, hub: configuration.endpoint.baseURL, identifier: identifier)
    }

    // MARK: The request loop

    struct RequestSpec: Sendable {
        var method: String
        var path: String
        var query: [URLQueryItem] = []
        var body: Data? = nil
        var authenticated = true
        var operation: String
        var account: String? = nil
    }

    enum Outcome<T> {
        case success(T)
        case failure(HubError)
        case retry(String)
    }

    /// Sends a request until `handle` accepts its answer, retrying transport failures, 5xx and
    /// what `handle` asks to retry, waiting out 429s and logging in again once after a 401.
    func perform<T>(_ spec: RequestSpec, handle: (HTTPResponse) -> Outcome<T>) async throws(HubError) -> T {
        guard let url = configuration.endpoint.url(spec.path, query: spec.query) else {
            throw .invalidURL(configuration.endpoint.baseURL + spec.path, reason: "cannot build the request URL")
        }
        var attempt = 0
        var reauthenticated = false
        var lastProblem = ""
        while true {
            let (waited, reason) = await pacer.acquire()
            if waited > 0.05 {
                stats.withLock { $0.rateLimitWait += waited }
                if reason != nil { observer?(.waitingForRateLimit(seconds: waited, reason: reason ?? "")) }
            }
            var token: AccessToken?
            if spec.authenticated {
                do {
                    token = try await currentToken()
                } catch {
                    await pacer.complete(remaining: nil, resetIn: nil)
                    throw error
                }
            }
            var request = HTTPRequest(method: spec.method, url: url.absoluteString)
            request.headers["Accept"] = "application/json"
            request.headers["User-Agent"] = "hubaudit/0.1"
            if let body = spec.body {
                request.body = [UInt8](body)
                request.headers["Content-Type"] = "application/json"
            }
            if let token { request.headers["Authorization"] = "Bearer " + token.value }
            stats.withLock { $0.requests += 1 }

            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch {
                await pacer.complete(remaining: nil, resetIn: nil)
                attempt += 1
                switch error {
                case .libraryUnavailable(let reason):
                    throw .networkLibraryUnavailable(reason: reason)
                case .cancelled:
                    throw .unavailable(operation: spec.operation, attempts: attempt, lastProblem: error.description)
                default:
                    lastProblem = error.description
                    try await backoff(spec, attempt: &attempt, problem: lastProblem)
                    continue
                }
            }
            let hubDate = response.header("date").flatMap(HTTPDate.parse)
            if let hubDate { skew.withLock { $0 = Double(hubDate) - Date().timeIntervalSince1970 } }
            let remaining = response.header("x-ratelimit-remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            let reset = response.header("x-ratelimit-reset").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            let now = Double(hubDate ?? Int64(Date().timeIntervalSince1970))
            await pacer.complete(remaining: remaining, resetIn: reset.map { $0 - now })

            switch response.status {
            case 429:
                let wait = retryDelay(response, hubDate: hubDate)
                stats.withLock { $0.throttled += 1 }
                guard wait <= configuration.maxRateLimitWait else {
                    throw .rateLimited(operation: spec.operation, waitSeconds: Int(wait.rounded(.up)))
                }
                await pacer.hold(seconds: wait)
                continue
            case 500...599:
                lastProblem = "HTTP \(response.status)"
                attempt += 1
                try await backoff(spec, attempt: &attempt, problem: lastProblem)
                continue
            case 401 where spec.authenticated:
                guard !reauthenticated, credentials != nil, let token else {
                    throw credentials == nil ? .tokenRejected : .badCredentials(identifier: credentials?.identifier ?? "")
                }
                reauthenticated = true
                observer?(.reauthenticating)
                await tokens.invalidate(token)
                cache?.clear()
                continue
            default:
                break
            }
            switch handle(response) {
            case .success(let value):
                return value
            case .failure(let error):
                throw error
            case .retry(let problem):
                lastProblem = problem
                attempt += 1
                try await backoff(spec, attempt: &attempt, problem: problem)
            }
        }
    }

    private func backoff(_ spec: RequestSpec, attempt: inout Int, problem: String) async throws(HubError) {
        let policy = configuration.retry
        guard attempt < policy.maxAttempts else {
            throw .unavailable(operation: spec.operation, attempts: attempt, lastProblem: problem)
        }
        let r = random.withLock { Double.random(in: 0...1, using: &$0) }
        let delay = policy.delay(afterAttempt: attempt, random: r)
        stats.withLock { $0.retries += 1 }
        observer?(.retrying(operation: spec.operation, attempt: attempt, delay: delay, problem: problem))
        try? await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
    }

    /// How long a 429 asks to wait: `X-Retry-After` (Unix time), else `Retry-After` (seconds or
    /// an HTTP date), else the rate-limit reset, measured on the Hub's clock.
    func retryDelay(_ response: HTTPResponse, hubDate: Int64?) -> Double {
        let now = Double(hubDate ?? Int64(Date().timeIntervalSince1970))
        if let text = response.header("x-retry-after")?.trimmingCharacters(in: .whitespaces), let at = Double(text) {
            return max(0, at - now)
        }
        if let text = response.header("retry-after")?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(text) { return max(0, seconds) }
            if let at = HTTPDate.parse(text) { return max(0, Double(at) - now) }
        }
        if let text = response.header("x-ratelimit-reset")?.trimmingCharacters(in: .whitespaces), let at = Double(text) {
            return max(0, at - now)
        }
        return max(1, configuration.retry.baseDelay)
    }

    /// The error for a non-success answer of an audit-log operation.
    func statusError(_ response: HTTPResponse, operation: String, account: String) -> HubError {
        let detail = Self.errorDetail(response.body)
        switch response.status {
        case 404: return .unknownAccount(account)
        case 403: return .forbidden(account: account, identifier: credentials?.identifier ?? tokens.identifier)
        case 400: return .badRequest(operation: operation, detail: detail)
        case 401: return .tokenRejected
        default: return .unexpectedStatus(operation: operation, status: response.status, detail: detail)
        }
    }

    /// The Hub's `detail` or `message` of an error body, shortened; never the body verbatim.
    static func errorDetail(_ body: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return "" }
        let text = (object["detail"] as? String) ?? (object["message"] as? String) ?? (object["text"] as? String) ?? ""
        return String(text.prefix(200))
    }
}
