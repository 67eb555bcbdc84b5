/// How a ``HubEmulator`` behaves: who may log in, how it limits and fails, how fast events arrive.
///
/// The defaults behave like a healthy Hub: one user `demo` with the token `demo-token` (an
/// emulator's well-known test credential, not a secret), 10-minute tokens, no faults, no rate
/// limit, pages of at most 100 events and no deeper than 10,000 results.
public struct EmulatorConfiguration: Sendable {
    /// Users who may log in.
    public var users: [EmulatedUser]
    /// Organisation access tokens (`/v2/auth/token` with the organisation's name as identifier).
    public var organisationTokens: [OrganisationToken]
    /// Organisations served even without events (so they answer with empty logs, not 404).
    public var extraAccounts: [String]
    /// Every user login needs a second factor (`/v2/users/2fa-login`); `/v2/auth/token` then
    /// refuses user logins, as access tokens for such accounts are handled by the legacy flow.
    public var requireSecondFactor: Bool
    /// The code `/v2/users/2fa-login` accepts.
    public var secondFactorCode: String
    /// Whether `/v2/auth/token` exists (older Hubs answer 404 and clients fall back).
    public var offersAccessTokenEndpoint: Bool
    /// Seconds a token lives.
    public var tokenLifetime: Int
    /// The rate limit, if any.
    public var rateLimit: RateLimit?
    /// Which header a 429 carries.
    public var retryHeader: RetryHeaderStyle
    /// Probability that a request fails with 500, 502 or 503.
    public var failRate: Double
    /// Probability that a request's connection is reset instead of answered.
    public var resetRate: Double
    /// Probability that a successful answer's body is cut short mid-JSON.
    public var truncateRate: Double
    /// Delay of every answer, in milliseconds.
    public var slowMilliseconds: Int
    /// New events per second (stamped with the current second) while the emulator runs.
    public var arrivalsPerSecond: Double
    /// Of those, the share that arrive twice, identical, in the same second.
    public var arrivalDuplicateRate: Double
    /// The largest page size served; larger requests are capped.
    public var pageSizeCap: Int
    /// The deepest result reachable by paging (`page × page_size`); deeper requests get a 400,
    /// as Elasticsearch-backed APIs answer.
    public var maxResultWindow: Int
    /// Order events of the same second differently on every request, as a search backend with
    /// an unstable sort does: a page boundary inside a second then shows a random subset of it.
    public var unstableTieOrder: Bool
    /// How timestamps are written: RFC 3339 by default, as the schema's `format: date-time`
    /// requires (the API example's `2021-02-19 01:34:35+00:00` fails that check; clients accept both).
    public var timestampStyle: TimestampStyle
    /// Seed of the fault and arrival randomness.
    public var seed: UInt64
    /// Event-loop threads.
    public var threads: Int

    /// Creates the default configuration.
    public init() {
        users = [EmulatedUser(name: "demo", secret: "demo-token")]
        organisationTokens = []
        extraAccounts = []
        requireSecondFactor = false
        secondFactorCode = "123456"
        offersAccessTokenEndpoint = true
        tokenLifetime = 600
        rateLimit = nil
        retryHeader = .both
        failRate = 0
        resetRate = 0
        truncateRate = 0
        slowMilliseconds = 0
        arrivalsPerSecond = 0
        arrivalDuplicateRate = 0.05
        pageSizeCap = 100
        maxResultWindow = 10_000
        timestampStyle = .rfc3339
        unstableTieOrder = false
        seed = 1
        threads = 2
    }
}

/// A user the emulator knows.
public struct EmulatedUser: Sendable, Hashable {
    /// The user name.
    public var name: String
    /// The password or personal access token.
    public var secret: String
    /// Organisations whose audit log the user may read; `nil` means all.
    public var organisations: [String]?

    /// Creates a user.
    public init(name: String, secret: String, organisations: [String]? = nil) {
        self.name = name
        self.secret = secret
        self.organisations = organisations
    }
}

/// An organisation access token.
public struct OrganisationToken: Sendable, Hashable {
    /// The organisation (also the login identifier).
    public var organisation: String
    /// The token.
    public var secret: String

    /// Creates an organisation access token.
    public init(organisation: String, secret: String) {
        self.organisation = organisation
        self.secret = secret
    }
}

/// A rate limit: `requests` per fixed window of `windowSeconds`.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed per window.
    public var requests: Int
    /// The window's length in seconds.
    public var windowSeconds: Int

    /// Creates a limit.
    public init(requests: Int, windowSeconds: Int = 60) {
        self.requests = max(1, requests)
        self.windowSeconds = max(1, windowSeconds)
    }

    /// Parses `N/min`, `N/s`, `N/h` or `N/Ks` (N per K seconds).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return nil }
        switch parts[1] {
        case "s", "sec": self.init(requests: n, windowSeconds: 1)
        case "min", "m": self.init(requests: n, windowSeconds: 60)
        case "h", "hour": self.init(requests: n, windowSeconds: 3600)
        default:
            guard parts[1].hasSuffix("s"), let k = Int(parts[1].dropLast()), k > 0 else { return nil }
            self.init(requests: n, windowSeconds: k)
        }
    }
}

/// Which header tells a throttled client when to come back.
public enum RetryHeaderStyle: String, Sendable, CaseIterable {
    /// `X-Retry-After: UNIX-TIME` (the documented Hub header).
    case unixTime = "x-retry-after"
    /// `Retry-After: SECONDS` (newer Hubs).
    case seconds = "retry-after"
    /// Both.
    case both
}

/// How event timestamps are written.
public enum TimestampStyle: String, Sendable, CaseIterable {
    /// As the Hub's API example: `2021-02-19 01:34:35+00:00`.
    case hubExample = "hub"
    /// RFC 3339 with `T` and `Z`: `2021-02-19T01:34:35Z`.
    case rfc3339
}
