import Foundation

extension HubClient {
    /// The token to send: the current one, a cached one, or a fresh login.
    func currentToken() async throws(HubError) -> AccessToken {
        let now = Int64(Date().timeIntervalSince1970)
        do {
            return try await tokens.get(now: now) { [self] in
                let hub = configuration.endpoint.baseURL
                if let cache, let cached = cache.load(hub: hub, identifier: credentials?.identifier, now: now),
                   let who = credentials?.identifier ?? cache.identifier(hub: hub) {
                    observer?(.usedCachedToken)
                    return (cached, who)
                }
                guard let credentials else { throw HubError.noCredentials }
                let token = try await login(credentials)
                stats.withLock { $0.logins += 1 }
                if let cache {
                    let dir = (cache.path as NSString).deletingLastPathComponent
                    if FileManager.default.fileExists(atPath: dir) {
                        try? cache.save(token, hub: hub, identifier: credentials.identifier)
                    }
                }
                return (token, credentials.identifier)
            }
        } catch let error as HubError {
            throw error
        } catch {
            throw .unavailable(operation: "login", attempts: 1, lastProblem: "\(type(of: error))")
        }
    }

    private enum LoginAnswer {
        case token(AccessToken)
        case unsupported
        case rejected
        case secondFactor(String)
    }

    /// Logs in: `/v2/auth/token` first (personal or organisation access tokens), falling back to
    /// `/v2/users/login` (and its two-factor step) when the Hub does not know it or refuses.
    func login(_ credentials: HubCredentials) async throws(HubError) -> AccessToken {
        let newer = try await post(
            "/v2/auth/token", ["identifier": credentials.identifier, "secret": credentials.secret],
            operation: "POST /v2/auth/token"
        ) { status, object in
            switch status {
            case 200, 201:
                guard let token = (object["access_token"] as? String) ?? (object["token"] as? String), !token.isEmpty else { return nil }
                return .token(AccessToken(token, now: Int64(Date().timeIntervalSince1970)))
            case 404, 405, 501, 400, 410: return .unsupported
            case 401, 403: return .rejected
            default: return nil
            }
        }
        if case .token(let token) = newer {
            observer?(.loggedIn(method: "/v2/auth/token"))
            return token
        }
        let legacy = try await post(
            "/v2/users/login", ["username": credentials.identifier, "password": credentials.secret],
            operation: "POST /v2/users/login"
        ) { status, object in
            switch status {
            case 200, 201:
                guard let token = object["token"] as? String, !token.isEmpty else { return nil }
                return .token(AccessToken(token, now: Int64(Date().timeIntervalSince1970)))
            case 401:
                if let second = object["login_2fa_token"] as? String, !second.isEmpty { return .secondFactor(second) }
                return .rejected
            case 403: return .rejected
            case 404, 405: return .unsupported
            default: return nil
            }
        }
        switch legacy {
        case .token(let token):
            observer?(.loggedIn(method: "/v2/users/login"))
            return token
        case .rejected:
            throw .badCredentials(identifier: credentials.identifier)
        case .unsupported:
            if case .rejected = newer { throw .badCredentials(identifier: credentials.identifier) }
            throw .unexpectedStatus(operation: "login", status: 404, detail: "the Hub offers neither /v2/auth/token nor /v2/users/login")
        case .secondFactor(let loginToken):
            guard let code = await credentials.secondFactor(), !code.isEmpty else {
                throw .secondFactorRequired(identifier: credentials.identifier)
            }
            let answer = try await post(
                "/v2/users/2fa-login", ["login_2fa_token": loginToken, "code": code], operation: "POST /v2/users/2fa-login"
            ) { status, object in
                switch status {
                case 200, 201:
                    guard let token = object["token"] as? String, !token.isEmpty else { return nil }
                    return .token(AccessToken(token, now: Int64(Date().timeIntervalSince1970)))
                case 401, 403: return .rejected
                default: return nil
                }
            }
            guard case .token(let token) = answer else { throw .wrongSecondFactor(identifier: credentials.identifier) }
            observer?(.loggedIn(method: "/v2/users/2fa-login"))
            return token
        }
    }

    /// Posts a JSON object without authentication; `interpret` maps the status and the body's
    /// object to an answer, or `nil` for an answer it does not expect.
    private func post(
        _ path: String, _ fields: [String: String], operation: String,
        interpret: @escaping (Int, [String: Any]) -> LoginAnswer?
    ) async throws(HubError) -> LoginAnswer {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return try await perform(
            RequestSpec(method: "POST", path: path, body: body, authenticated: false, operation: operation)
        ) { response -> Outcome<LoginAnswer> in
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            if response.status == 200 && object == nil { return .retry("malformed body") }
            if let answer = interpret(response.status, object ?? [:]) { return .success(answer) }
            return .failure(.unexpectedStatus(operation: operation, status: response.status, detail: HubClient.errorDetail(response.body)))
        }
    }
}
