import AuditModel
import EventGenerator
import Foundation

/// The emulator's state and behaviour, independent of the network: a request goes in, a reply
/// (possibly sabotaged) comes out. ``EmulatorCore`` holds it behind its lock.
struct EmulatorState {
    let configuration: EmulatorConfiguration
    private var logs: [String: AccountLog] = [:]
    private var tokens: [String: Identity] = [:]
    private var secondFactorTokens: [String: (user: String, expires: Double)] = [:]
    private var windowStart: Int64 = 0
    private var windowUsed = 0
    private var last429: (issued: Double, retryAt: Double)?
    private var rng: SplitMix64
    private var stats = EmulatorStatistics()
    private var arrivalPool: [AuditEvent] = []
    private var arrivalCredit = 0.0
    private var arrivalIndex = 0
    private var lastArrivalTick: Double?
    private var arrivalsPaused = false

    private struct Identity {
        var name: String
        var organisations: Set<String>?
        var expires: Double
    }

    init(configuration: EmulatorConfiguration, events: some Sequence<AuditEvent>) {
        self.configuration = configuration
        rng = SplitMix64(seed: configuration.seed)
        for event in events { logs[event.account, default: AccountLog()].insert(event) }
        for account in configuration.extraAccounts where logs[account] == nil { logs[account] = AccountLog() }
        if configuration.arrivalsPerSecond > 0 {
            let generator = EventGenerator(GeneratorConfiguration(
                events: 5_000, seed: configuration.seed ^ 0xA221_7A15, start: GeneratorConfiguration.defaultStart, days: 1))
            arrivalPool = Array(generator.prefix(5_000))
        }
    }

    // MARK: Inspection

    var accounts: [String] { logs.keys.sorted() }

    var statistics: EmulatorStatistics { stats }

    func events(account: String) -> [AuditEvent] {
        guard let log = logs[account] else { return [] }
        return (0..<log.count).compactMap { log.event($0) }
    }

    func eventCount(account: String) -> Int { logs[account]?.count ?? 0 }

    mutating func add(_ event: AuditEvent) {
        logs[event.account, default: AccountLog()].insert(event)
    }

    mutating func setArrivalsPaused(_ paused: Bool) {
        arrivalsPaused = paused
        lastArrivalTick = nil
    }

    // MARK: Arrivals

    /// Adds the events due since the last tick, stamped with the current second.
    mutating func arrivalTick(now: Double) {
        guard configuration.arrivalsPerSecond > 0, !arrivalsPaused, !arrivalPool.isEmpty else { return }
        let accounts = logs.keys.sorted()
        guard !accounts.isEmpty else { return }
        let elapsed = lastArrivalTick.map { now - $0 } ?? 0.1
        lastArrivalTick = now
        arrivalCredit += configuration.arrivalsPerSecond * max(0, min(elapsed, 5))
        let second = Timestamp(seconds: Int64(now.rounded(.down)))
        while arrivalCredit >= 1 {
            arrivalCredit -= 1
            var event = arrivalPool[arrivalIndex % arrivalPool.count]
            event.account = accounts[arrivalIndex % accounts.count]
            event.timestamp = second
            arrivalIndex += 1
            logs[event.account]?.insert(event)
            stats.arrivals += 1
            if rng.unit() < configuration.arrivalDuplicateRate {
                logs[event.account]?.insert(event)
                stats.arrivals += 1
            }
        }
    }

    // MARK: Requests

    mutating func handle(_ request: EmulatorRequest, now: Double) -> EmulatorReply {
        stats.requests += 1
        if let (issued, retryAt) = last429, now < retryAt, now > issued + 0.25 { stats.earlyRetries += 1 }
        var headers: [(String, String)] = []
        let limit = configuration.rateLimit ?? RateLimit(requests: 1_000_000, windowSeconds: 60)
        let second = Int64(now.rounded(.down))
        if second >= windowStart + Int64(limit.windowSeconds) {
            windowStart = second
            windowUsed = 0
        }
        let reset = windowStart + Int64(limit.windowSeconds)
        if windowUsed >= limit.requests {
            stats.throttled += 1
            last429 = (now, Double(reset))
            headers.append(("X-RateLimit-Limit", String(limit.requests)))
            headers.append(("X-RateLimit-Remaining", "0"))
            headers.append(("X-RateLimit-Reset", String(reset)))
            switch configuration.retryHeader {
            case .unixTime: headers.append(("X-Retry-After", String(reset)))
            case .seconds: headers.append(("Retry-After", String(max(1, reset - second))))
            case .both:
                headers.append(("X-Retry-After", String(reset)))
                headers.append(("Retry-After", String(max(1, reset - second))))
            }
            return EmulatorReply(status: 429, headers: headers, body: Array(#"{"detail":"Rate limit exceeded","error":false}"#.utf8),
                                 delayMilliseconds: configuration.slowMilliseconds)
        }
        windowUsed += 1
        headers.append(("X-RateLimit-Limit", String(limit.requests)))
        headers.append(("X-RateLimit-Remaining", String(max(0, limit.requests - windowUsed))))
        headers.append(("X-RateLimit-Reset", String(reset)))

        let draw = rng.unit()
        if draw < configuration.failRate {
            stats.failures += 1
            let status = [500, 502, 503][Int(rng.next() % 3)]
            return EmulatorReply(status: status, headers: headers, body: Array(#"{"detail":"Internal error"}"#.utf8),
                                 delayMilliseconds: configuration.slowMilliseconds)
        }
        if draw < configuration.failRate + configuration.resetRate {
            stats.resets += 1
            return EmulatorReply(status: 0, headers: [], body: [], fault: .reset, delayMilliseconds: configuration.slowMilliseconds)
        }

        var reply = route(request, now: now)
        reply.headers = headers + reply.headers
        reply.delayMilliseconds = configuration.slowMilliseconds
        if reply.status == 200, reply.body.count > 2, rng.unit() < configuration.truncateRate {
            stats.truncations += 1
            let keep = 1 + Int(rng.next() % UInt64(reply.body.count - 1))
            reply.fault = .truncate(keep: keep, consistent: rng.next() % 2 == 0)
        }
        return reply
    }

    private mutating func route(_ request: EmulatorRequest, now: Double) -> EmulatorReply {
        var path = request.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        switch path {
        case "/v2/users/login":
            guard request.method == "POST" else { return methodNotAllowed() }
            return login(request, now: now)
        case "/v2/users/2fa-login":
            guard request.method == "POST" else { return methodNotAllowed() }
            return secondFactor(request, now: now)
        case "/v2/auth/token":
            guard configuration.offersAccessTokenEndpoint else { return json(404, #"{"detail":"Not found"}"#) }
            guard request.method == "POST" else { return methodNotAllowed() }
            return accessToken(request, now: now)
        default:
            break
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 3, parts[0] == "v2", parts[1] == "auditlogs" else { return json(404, #"{"detail":"Not found"}"#) }
        guard request.method == "GET" else { return methodNotAllowed() }
        let account = parts[2].removingPercentEncoding ?? parts[2]
        if parts.count == 3 { return auditLogs(request, account: account, now: now) }
        if parts.count == 4, parts[3] == "actions" { return actions(request, account: account, now: now) }
        return json(404, #"{"detail":"Not found"}"#)
    }

    // MARK: Authentication

    private func fields(_ body: [UInt8]) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        var out: [String: String] = [:]
        for (k, v) in object {
            if let s = v as? String { out[k] = s } else if let n = v as? NSNumber { out[k] = n.stringValue }
        }
        return out
    }

    private mutating func issue(_ name: String, organisations: Set<String>?, now: Double) -> String {
        let expires = now + Double(configuration.tokenLifetime)
        let header = Self.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let jti = String(rng.next(), radix: 16)
        let payload = Self.base64URL(Array(#"{"sub":"\#(name)","exp":\#(Int64(expires)),"iat":\#(Int64(now)),"jti":"\#(jti)"}"#.utf8))
        var signature: [UInt8] = []
        for _ in 0..<4 { withUnsafeBytes(of: rng.next()) { signature.append(contentsOf: $0) } }
        let token = header + "." + payload + "." + Self.base64URL(signature)
        tokens[token] = Identity(name: name, organisations: organisations, expires: expires)
        stats.logins += 1
        return token
    }

    private func user(_ name: String?, _ secret: String?) -> EmulatedUser? {
        guard let name, let secret else { return nil }
        return configuration.users.first { $0.name == name && $0.secret == secret }
    }

    private mutating func login(_ request: EmulatorRequest, now: Double) -> EmulatorReply {
        guard let f = fields(request.body), f["username"] != nil, f["password"] != nil else {
            // The spec documents only 200 and 401 here.
            return json(401, #"{"detail":"username and password are required"}"#)
        }
        guard let user = user(f["username"], f["password"]) else {
            return json(401, #"{"detail":"Incorrect authentication credentials"}"#)
        }
        if configuration.requireSecondFactor {
            let token = "2fa-" + String(rng.next(), radix: 16) + String(rng.next(), radix: 16)
            secondFactorTokens[token] = (user.name, now + 300)
            return json(401, #"{"detail":"Require secondary authentication on MFA enabled account","login_2fa_token":"\#(token)"}"#)
        }
        let token = issue(user.name, organisations: user.organisations.map(Set.init), now: now)
        return json(200, #"{"token":"\#(token)"}"#)
    }

    private mutating func secondFactor(_ request: EmulatorRequest, now: Double) -> EmulatorReply {
        guard let f = fields(request.body), let loginToken = f["login_2fa_token"], let code = f["code"] else {
            return json(401, #"{"detail":"login_2fa_token and code are required"}"#)
        }
        guard let pending = secondFactorTokens[loginToken], pending.expires > now, code == configuration.secondFactorCode,
              let user = configuration.users.first(where: { $0.name == pending.user })
        else { return json(401, #"{"detail":"Incorrect authentication credentials"}"#) }
        secondFactorTokens[loginToken] = nil
        let token = issue(user.name, organisations: user.organisations.map(Set.init), now: now)
        return json(200, #"{"token":"\#(token)"}"#)
    }

    private mutating func accessToken(_ request: EmulatorRequest, now: Double) -> EmulatorReply {
        guard let f = fields(request.body), let identifier = f["identifier"], let secret = f["secret"] else {
            return json(400, #"{"detail":"identifier and secret are required"}"#)
        }
        if let org = configuration.organisationTokens.first(where: { $0.organisation == identifier && $0.secret == secret }) {
            let token = issue(org.organisation, organisations: [org.organisation], now: now)
            return json(200, #"{"access_token":"\#(token)"}"#)
        }
        guard !configuration.requireSecondFactor, let user = user(identifier, secret) else {
            return json(401, #"{"detail":"Incorrect authentication credentials"}"#)
        }
        let token = issue(user.name, organisations: user.organisations.map(Set.init), now: now)
        return json(200, #"{"access_token":"\#(token)"}"#)
    }

    private func authorise(_ request: EmulatorRequest, account: String, now: Double) -> EmulatorReply? {
        guard let header = request.authorization, header.hasPrefix("Bearer "),
              let identity = tokens[String(header.dropFirst(7))], identity.expires > now
        else { return json(401, #"{"code":16,"message":"authentication required: token missing, invalid or expired","details":[]}"#) }
        guard logs[account] != nil else {
            return json(404, #"{"code":5,"message":"namespace not found","details":[]}"#)
        }
        if let allowed = identity.organisations, !allowed.contains(account) {
            return json(403, #"{"code":7,"message":"insufficient permissions to read the audit log","details":[]}"#)
        }
        return nil
    }

    // MARK: Audit logs

    private struct BadTime: Error {}

    private func parseTime(_ text: String?) -> Result<Timestamp?, BadTime> {
        guard var text, !text.isEmpty else { return .success(nil) }
        var u = Array(text.utf8)
        if u.count > 10, u[10] == UInt8(ascii: " ") {
            u[10] = UInt8(ascii: "T")
            text = String(decoding: u, as: UTF8.self)
        }
        guard let t = try? Timestamp(dateOrRFC3339: text) else { return .failure(BadTime()) }
        return .success(t)
    }

    private mutating func auditLogs(_ request: EmulatorRequest, account: String, now: Double) -> EmulatorReply {
        if let denied = authorise(request, account: account, now: now) { return denied }
        let q = request.query
        guard let page = Int(q["page"] ?? "1"), page >= 1 else {
            return json(400, #"{"code":3,"message":"invalid page","details":[]}"#)
        }
        guard let requestedSize = Int(q["page_size"] ?? "25"), requestedSize >= 1 else {
            return json(400, #"{"code":3,"message":"invalid page_size","details":[]}"#)
        }
        let pageSize = min(requestedSize, configuration.pageSizeCap)
        guard case .success(let from) = parseTime(q["from"]), case .success(let to) = parseTime(q["to"]) else {
            return json(400, #"{"code":3,"message":"invalid from or to: use RFC 3339 date-time","details":[]}"#)
        }
        let (product, overflow) = page.multipliedReportingOverflow(by: pageSize)
        guard !overflow, product <= configuration.maxResultWindow else {
            stats.tooDeep += 1
            return json(400, #"{"code":3,"message":"result window is too large: page × page_size must not exceed \#(configuration.maxResultWindow)","details":[]}"#)
        }
        guard let log = logs[account] else { return json(404, #"{"code":5,"message":"namespace not found","details":[]}"#) }
        let range = log.range(from: from, to: to)
        let action = q["action"].flatMap { $0.isEmpty ? nil : $0 }
        let actor = q["actor"].flatMap { $0.isEmpty ? nil : $0 }
        let name = q["name"].flatMap { $0.isEmpty ? nil : $0 }
        let skip = (page - 1) * pageSize
        var selected: [Int] = []
        selected.reserveCapacity(pageSize)
        if action == nil && actor == nil && name == nil {
            var i = range.upperBound - 1 - skip
            while i >= range.lowerBound && selected.count < pageSize {
                selected.append(i)
                i -= 1
            }
            if configuration.unstableTieOrder { reshuffleEdges(&selected, log: log, within: range) }
        } else {
            var skipped = 0
            var i = range.upperBound - 1
            while i >= range.lowerBound && selected.count < pageSize {
                if log.matches(i, action: action, actor: actor, name: name) {
                    if skipped < skip { skipped += 1 } else { selected.append(i) }
                }
                i -= 1
            }
        }
        var body: [UInt8] = []
        body.reserveCapacity(selected.count * 360 + 16)
        body.append(contentsOf: #"{"logs":["#.utf8)
        for (n, i) in selected.enumerated() {
            if n > 0 { body.append(UInt8(ascii: ",")) }
            log.appendJSON(i, style: configuration.timestampStyle, to: &body)
        }
        body.append(contentsOf: "]}".utf8)
        stats.pagesServed += 1
        return EmulatorReply(status: 200, headers: [], body: body)
    }

    /// Replaces the page's share of the tie groups at its two edges by random members of those
    /// groups: what a fresh random order of each same-second group would put on this page.
    private mutating func reshuffleEdges(_ selected: inout [Int], log: AccountLog, within range: Range<Int>) {
        guard let first = selected.first, let last = selected.last else { return }
        var groups = [log.tieGroup(of: first).clamped(to: range)]
        let lastGroup = log.tieGroup(of: last).clamped(to: range)
        if lastGroup != groups[0] { groups.append(lastGroup) }
        for group in groups where group.count > 1 {
            let positions = selected.indices.filter { group.contains(selected[$0]) }
            guard positions.count < group.count else { continue }
            var pool = Array(group)
            for k in 0..<positions.count {
                let j = k + Int(rng.next() % UInt64(pool.count - k))
                pool.swapAt(k, j)
            }
            for (n, position) in positions.enumerated() { selected[position] = pool[n] }
        }
    }

    private func actions(_ request: EmulatorRequest, account: String, now: Double) -> EmulatorReply {
        if let denied = authorise(request, account: account, now: now) { return denied }
        var groups: [String: [(name: String, description: String, label: String)]] = [:]
        for (full, label) in Self.knownActions {
            let (group, name) = Self.split(full)
            groups[group, default: []].append((name, "contains \(label.lowercased()) events", label))
        }
        for full in logs[account]?.actionNames.sorted() ?? [] {
            let (group, name) = Self.split(full)
            if groups[group]?.contains(where: { $0.name == name }) == true { continue }
            let label = name.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
            groups[group, default: []].append((name, "contains \(full) events", label))
        }
        var out: [UInt8] = Array(#"{"actions":{"#.utf8)
        for (n, key) in groups.keys.sorted().enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(key, to: &out)
            out.append(contentsOf: #":{"actions":["#.utf8)
            for (k, action) in (groups[key] ?? []).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"name":"#.utf8)
                CanonicalJSON.appendString(action.name, to: &out)
                out.append(contentsOf: #","description":"#.utf8)
                CanonicalJSON.appendString(action.description, to: &out)
                out.append(contentsOf: #","label":"#.utf8)
                CanonicalJSON.appendString(action.label, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: #"],"label":"#.utf8)
            CanonicalJSON.appendString(Self.groupLabels[key] ?? key.capitalized, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "}}".utf8)
        return EmulatorReply(status: 200, headers: [], body: out)
    }

    private static let groupLabels = ["org": "Organization", "repo": "Repository"]

    /// The actions the Hub's API documentation lists.
    private static let knownActions: [(String, String)] = [
        ("org.team.create", "Team Created"), ("org.team.delete", "Team Deleted"),
        ("org.team.member.add", "Team Member Added"), ("org.team.member.remove", "Team Member Removed"),
        ("org.team.member.invite", "Team Member Invited"), ("org.member.removed", "Organization Member Removed"),
        ("org.create", "Organization Created"), ("repo.create", "Repository Created"),
        ("repo.delete", "Repository Deleted"), ("repo.change_privacy", "Privacy Changed"),
        ("repo.tag.push", "Tag Pushed"), ("repo.tag.delete", "Tag Deleted"),
    ]

    private static func split(_ full: String) -> (String, String) {
        guard let dot = full.firstIndex(of: ".") else { return ("other", full) }
        return (String(full[..<dot]), String(full[full.index(after: dot)...]))
    }

    // MARK: Helpers

    private func json(_ status: Int, _ text: String) -> EmulatorReply {
        EmulatorReply(status: status, headers: [], body: Array(text.utf8))
    }

    private func methodNotAllowed() -> EmulatorReply { json(405, #"{"detail":"Method not allowed"}"#) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
