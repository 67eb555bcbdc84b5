import ArgumentParser
import AuditOutput
import AuditModel
import Foundation
import HubEmulator

struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Serve a Docker Hub API emulator on loopback, with fault injection (for tests, benchmarks and demos).",
        discussion: """
            Serves /v2/users/login, /v2/users/2fa-login, /v2/auth/token, /v2/auditlogs/{account} \
            (newest first; 'from' inclusive, 'to' exclusive; pages capped at 100; paging deeper \
            than --max-result-window answers 400) and /v2/auditlogs/{account}/actions. The user \
            'demo' logs in with the token 'demo-token' unless --user is given. Prints the base \
            URL on standard output and runs until interrupted.

            Example:
              hubaudit emulate --port 8080 --generate 100000 --seed 7 --rate-limit 600/min --fail-rate 0.1
              hubaudit sync --hub-url http://127.0.0.1:8080 --account acme   # HUBAUDIT_USERNAME=demo HUBAUDIT_TOKEN=demo-token
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: ArgumentHelp("Serve the events of this NDJSON file.", valueName: "FILE"))
    var events: String?

    @Option(help: ArgumentHelp("Serve N generated events (default 10000 without --events).", valueName: "N"))
    var generate: Int?

    @Option(help: "Seed of the generator (and of the faults).")
    var seed: UInt64 = 1

    @Option(help: "Days of generated history, ending at the start of today (UTC).")
    var days: Int = 365

    @Option(help: "Generated organisations (acme, globex, …).")
    var organisations: Int = 1

    @Option(help: ArgumentHelp("A user NAME:SECRET[:ORG,ORG] (repeatable; ORGs limit what it may read).", valueName: "SPEC"))
    var user: [String] = []

    @Option(help: ArgumentHelp("An organisation access token ORG:SECRET (repeatable).", valueName: "SPEC"))
    var orgToken: [String] = []

    @Option(help: ArgumentHelp("Also serve this organisation, without events (repeatable).", valueName: "ORG"))
    var extraAccount: [String] = []

    @Option(help: ArgumentHelp("Limit requests, e.g. 600/min or 10/5s.", valueName: "N/min"))
    var rateLimit: String?

    @Option(help: ArgumentHelp("Which header a 429 carries: x-retry-after, retry-after or both.", valueName: "STYLE"))
    var retryHeader: String = "both"

    @Option(help: ArgumentHelp("Probability of a 500/502/503 answer.", valueName: "P"))
    var failRate: Double = 0

    @Option(help: ArgumentHelp("Probability of a reset connection.", valueName: "P"))
    var resetRate: Double = 0

    @Option(help: ArgumentHelp("Probability of a body cut mid-JSON.", valueName: "P"))
    var truncateRate: Double = 0

    @Option(help: ArgumentHelp("Delay every answer by MS milliseconds.", valueName: "MS"))
    var slow: Int = 0

    @Option(help: ArgumentHelp("New events per second while running, e.g. 50/s.", valueName: "N/s"))
    var arrivals: String?

    @Flag(name: .customLong("require-2fa"), help: "Every user login needs the two-factor code (see --otp-code).")
    var require2fa = false

    @Option(help: "The two-factor code accepted.")
    var otpCode: String = "123456"

    @Flag(help: "Order events of the same second differently on every request (an unstable sort).")
    var unstableOrder = false

    @Flag(help: "Answer 404 on /v2/auth/token, like an older Hub.")
    var legacyAuth = false

    @Option(help: ArgumentHelp("Token lifetime in seconds.", valueName: "SECONDS"))
    var tokenTtl: Int = 600

    @Option(help: ArgumentHelp("Deepest result paging may reach (page × page_size).", valueName: "N"))
    var maxResultWindow: Int = 10_000

    @Option(help: ArgumentHelp("Timestamp style: rfc3339 (2021-02-19T01:34:35Z) or hub (2021-02-19 01:34:35+00:00, as the API example).", valueName: "STYLE"))
    var timestamps: String = "rfc3339"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        if events != nil && generate != nil { throw ValidationError("use --events or --generate, not both") }
        for (name, p) in [("--fail-rate", failRate), ("--reset-rate", resetRate), ("--truncate-rate", truncateRate)] {
            guard (0...1).contains(p) else { throw ValidationError("\(name) must be between 0 and 1") }
        }
        guard failRate + resetRate < 1 else { throw ValidationError("--fail-rate plus --reset-rate must stay below 1") }
        if let rateLimit, RateLimit(parsing: rateLimit) == nil { throw ValidationError("--rate-limit '\(rateLimit)': use N/min, N/s or N/Ks") }
        if let arrivals, Self.perSecond(arrivals) == nil { throw ValidationError("--arrivals '\(arrivals)': use N/s") }
        guard RetryHeaderStyle(rawValue: retryHeader) != nil else { throw ValidationError("--retry-header: x-retry-after, retry-after or both") }
        guard TimestampStyle(rawValue: timestamps) != nil else { throw ValidationError("--timestamps: hub or rfc3339") }
        for spec in user where spec.split(separator: ":").count < 2 { throw ValidationError("--user '\(spec)': use NAME:SECRET[:ORG,ORG]") }
        for spec in orgToken where spec.split(separator: ":").count != 2 { throw ValidationError("--org-token '\(spec)': use ORG:SECRET") }
    }

    static func perSecond(_ text: String) -> Double? {
        let t = text.hasSuffix("/s") ? String(text.dropLast(2)) : text
        return Double(t).flatMap { $0 >= 0 ? $0 : nil }
    }

    func run() async throws {
        var c = EmulatorConfiguration()
        if !user.isEmpty {
            c.users = user.map { spec in
                let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                return EmulatedUser(name: parts[0], secret: parts[1],
                                    organisations: parts.count > 2 ? parts[2].split(separator: ",").map(String.init) : nil)
                // NAME:SECRET: (an empty list) makes a user who may read no organisation.
            }
        }
        c.organisationTokens = orgToken.map { spec in
            let parts = spec.split(separator: ":").map(String.init)
            return OrganisationToken(organisation: parts[0], secret: parts[1])
        }
        c.extraAccounts = extraAccount
        c.rateLimit = rateLimit.flatMap(RateLimit.init(parsing:))
        c.retryHeader = RetryHeaderStyle(rawValue: retryHeader) ?? .both
        c.failRate = failRate
        c.resetRate = resetRate
        c.truncateRate = truncateRate
        c.slowMilliseconds = max(0, slow)
        c.arrivalsPerSecond = arrivals.flatMap(Self.perSecond) ?? 0
        c.requireSecondFactor = require2fa
        c.secondFactorCode = otpCode
        c.offersAccessTokenEndpoint = !legacyAuth
        c.unstableTieOrder = unstableOrder
        c.tokenLifetime = max(1, tokenTtl)
        c.maxResultWindow = max(1, maxResultWindow)
        c.timestampStyle = TimestampStyle(rawValue: timestamps) ?? .rfc3339
        c.seed = seed

        let source: [AuditEvent]
        if let events {
            source = try EmulatorEvents.load(ndjson: events)
        } else {
            source = Array(EmulatorEvents.generated(count: generate ?? 10_000, seed: seed, days: days, organisations: organisations))
        }
        let emulator = HubEmulator(configuration: c, events: source)
        let port = self.port
        _ = try await emulator.start(port: port)
        Terminal.message("emulating Docker Hub with \(source.count) events of \(emulator.accounts.joined(separator: ", ")); Ctrl-C stops")
        FileHandle.standardOutput.write(Data((emulator.baseURL + "\n").utf8))
        await emulator.waitUntilClosed()
    }
}
