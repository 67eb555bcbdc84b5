import Synchronization

/// Holds the current token and makes concurrent callers share one login.
actor TokenKeeper {
    private var token: AccessToken?
    private var owner: String?
    private var inFlight: Task<(AccessToken, String), any Error>?
    private let mirror = Mutex<(AccessToken?, String?)>((nil, nil))

    /// The current token without waiting (for the cache).
    nonisolated var peek: AccessToken? { mirror.withLock { $0.0 } }
    /// Whose token it is.
    nonisolated var identifier: String? { mirror.withLock { $0.1 } }

    /// The token, logging in with `login` when there is none valid at `now`.
    func get(now: Int64, login: @escaping @Sendable () async throws -> (AccessToken, String)) async throws -> AccessToken {
        if let token, token.isValid(now: now) { return token }
        if let inFlight { return try await inFlight.value.0 }
        let task = Task { try await login() }
        inFlight = task
        defer { inFlight = nil }
        let (fresh, who) = try await task.value
        token = fresh
        owner = who
        mirror.withLock { $0 = (fresh, who) }
        return fresh
    }

    /// Forgets a token the Hub rejected (unless a newer one already replaced it).
    func invalidate(_ rejected: AccessToken) {
        if token == rejected {
            token = nil
            mirror.withLock { $0 = (nil, owner) }
        }
    }
}
