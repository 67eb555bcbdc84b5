import ArgumentParser
import AuditOutput
import AuditModel
import Collector
import Foundation
import HubAPI
import SegmentStore

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch new audit events of organisations from Docker Hub into the store, exactly once.",
        discussion: """
            The first run backfills from --since (or from the earliest event the Hub has); later \
            runs continue where the last stopped, re-reading a short overlap. Each time window is \
            committed with the sync cursor, so a run killed at any moment resumes without losing \
            or repeating an event.

            Credentials: --username and --password-stdin (a personal or organisation access \
            token), or HUBAUDIT_USERNAME and HUBAUDIT_TOKEN. The token is cached in the store \
            directory (mode 0600) until it expires.

            Exit codes: 0 done; 1 error (credentials, permission, unknown organisation, store, \
            libcurl missing); \
            2 usage; 75 temporary failure (rate-limited or Hub unreachable past the retry bound): \
            run again later.

            Example:
              echo "$HUB_TOKEN" | hubaudit sync --store ./archive --account acme --username alice --password-stdin
              HUBAUDIT_USERNAME=alice HUBAUDIT_TOKEN=dckr_pat_… hubaudit sync --account acme --since 2024-01-01
            """
    )

    @OptionGroup var store: StoreOptionGroup
    @OptionGroup var hub: HubConnectionOptions

    @Option(name: .customLong("account"), help: ArgumentHelp("An organisation to sync (repeatable).", valueName: "ORG"))
    var accounts: [String] = []

    @Option(help: ArgumentHelp("Where the first sync starts (a date or RFC 3339 time; default: the earliest event).", valueName: "DATE"))
    var since: String?

    @Flag(help: "Only report what would be fetched; change nothing.")
    var dryRun = false

    @Option(help: "Log line format when not on a terminal: text or json.")
    var logFormat: LogFormatOption?

    @Option(help: ArgumentHelp("Leave the last SECONDS before the Hub's clock for the next run.", valueName: "SECONDS"))
    var settle: Int64 = 60

    @Option(help: ArgumentHelp("Re-read SECONDS before the cursor to catch late events.", valueName: "SECONDS"))
    var overlap: Int64 = 900

    @Option(help: "Time windows fetched at once.")
    var concurrency: Int = 4

    @Option(help: ArgumentHelp("How deep the Hub lets a client page (page × page_size).", valueName: "N"))
    var maxResultWindow: Int = 10_000

    @Option(help: ArgumentHelp("Attempts per request before giving up (exit 75).", valueName: "N"))
    var maxAttempts: Int = 8

    @Option(help: ArgumentHelp("Commit fetched windows at least this often (a kill loses at most this much work).", valueName: "SECONDS"))
    var commitInterval: Double = 5

    func validate() throws {
        guard !accounts.isEmpty else { throw ValidationError("name at least one organisation with --account ORG") }
        if let since, (try? Timestamp(dateOrRFC3339: since)) == nil {
            throw ValidationError("--since '\(since)' is not a time; use 2024-05-01 or 2024-05-01T12:00:00Z")
        }
        guard settle >= 0, overlap >= 0 else { throw ValidationError("--settle and --overlap must be 0 or more") }
        guard concurrency >= 1, maxAttempts >= 1 else { throw ValidationError("--concurrency and --max-attempts must be at least 1") }
        guard maxResultWindow >= 100 else { throw ValidationError("--max-result-window must be at least 100") }
        guard commitInterval >= 0, commitInterval.isFinite else { throw ValidationError("--commit-interval must be 0 or more seconds") }
        try hub.validate()
    }

    func run() async throws {
        let sink = SyncProgressPrinter(format: logFormat?.style)
        let options = SyncOptions(
            accounts: accounts, since: try since.map { try Timestamp(dateOrRFC3339: $0) }, settleSeconds: settle,
            overlapSeconds: overlap, maxResultWindow: maxResultWindow, concurrency: concurrency, dryRun: dryRun,
            commitInterval: commitInterval)
        let client = try hub.client(storePath: store.path, maxAttempts: maxAttempts, connections: concurrency) { sink.emit(.hub($0)) }
        let collector = Collector(client: client, storeRoot: store.path, options: options) { sink.emit($0) }
        let outcome: Result<SyncReport, SyncError>
        do throws(SyncError) {
            outcome = .success(try await collector.run())
        } catch {
            outcome = .failure(error)
        }
        sink.finish()
        switch outcome {
        case .success(let report):
            if report.dryRun {
                for a in report.accounts {
                    let count = a.estimatedEvents.map { "\($0) events" } ?? "more than \(maxResultWindow) events"
                    print("\(a.account): would fetch \(a.from) to \(a.to) (\(count))")
                }
            } else {
                for a in report.accounts {
                    Terminal.message("\(a.account): \(a.appended) new events (\(a.fetched) fetched in \(a.windows) windows, \(a.pages) pages); complete up to \(a.to)")
                }
                let rate = report.seconds > 0 ? Int(Double(report.fetched) / report.seconds) : 0
                Terminal.message("\(report.hub.requests) requests, \(report.hub.retries) retried, \(report.hub.throttled) rate-limited; \(NumberText.twoDecimals(report.seconds)) s (\(rate) events/s)")
            }
        case .failure(let error):
            if error.isTemporary {
                Terminal.error(Redactor.redact(error.description))
                throw ExitCode(75)
            }
            throw CLIError.invalid(Redactor.redact(error.description))
        }
    }
}

/// `--log-format text|json`.
enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json

    var style: SyncLogFormatter.Style { self == .json ? .json : .text }
}

/// Options shared by the commands that talk to the Hub.
struct HubConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Hub's base URL (https://, or http:// to loopback only).", valueName: "URL"))
    var hubURL: String = HubEndpoint.dockerHub

    @Option(help: ArgumentHelp("The Docker Hub user (or organisation, with an organisation access token); default $HUBAUDIT_USERNAME.", valueName: "NAME"))
    var username: String?

    @Flag(help: "Read the access token (or password) from standard input, as 'docker login' does; default $HUBAUDIT_TOKEN.")
    var passwordStdin = false

    @Option(help: ArgumentHelp("A two-factor code, if the account asks for one (otherwise prompted for on a terminal).", valueName: "CODE"))
    var otp: String?

    func validate() throws {
        do {
            _ = try HubEndpoint(hubURL)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The client, with credentials from the options or the environment and the store's token cache.
    func client(storePath: String, maxAttempts: Int = 8, connections: Int = 4,
                observer: @escaping @Sendable (HubClientEvent) -> Void) throws -> HubClient {
        let source = CredentialSource(username: username, passwordFromStandardInput: passwordStdin, otp: otp)
        let askOnTerminal: @Sendable (String) -> String? = { user in
            FileHandle.standardError.write(Data("two-factor code for \(user): ".utf8))
            return readLine()?.trimmingCharacters(in: .whitespaces)
        }
        let credentials: HubCredentials?
        do {
            credentials = try source.credentials(
                environment: ProcessInfo.processInfo.environment,
                readStandardInput: { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) },
                prompt: isatty(0) == 1 ? askOnTerminal : nil)
        } catch {
            throw CLIError.invalid("\(error)")
        }
        let configuration = HubClientConfiguration(
            endpoint: try HubEndpoint(hubURL), retry: RetryPolicy(maxAttempts: maxAttempts), maxConnections: connections)
        return HubClient(configuration: configuration, credentials: credentials,
                         tokenCache: TokenCache(storeDirectory: storePath), observer: observer)
    }
}
