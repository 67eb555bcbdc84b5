import AuditModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A Docker Hub API server on loopback, faithful to `docker-hub-api.yaml` where a sync cares:
/// login (`/v2/users/login`, `/v2/users/2fa-login`, `/v2/auth/token`), audit logs newest first
/// with `from` (inclusive), `to` (exclusive), `action`/`actor`/`name` filters, a page-size cap
/// and a result-window limit, the actions catalogue, expiring tokens, and rate limits with both
/// retry-header styles. On request it fails, resets connections, cuts bodies mid-JSON, answers
/// slowly, and lets new events arrive while a client pages.
///
/// Pages are offsets into the filtered list as it is at request time, so arrivals shift later
/// pages exactly as on the real Hub.
public final class HubEmulator: Sendable {
    /// The behaviour.
    public var configuration: EmulatorConfiguration { core.configuration }
    let core: EmulatorCore
    private let state = EmulatorRunState()

    /// Creates an emulator serving `events` (any order; kept sorted per organisation).
    public init(configuration: EmulatorConfiguration = EmulatorConfiguration(), events: some Sequence<AuditEvent>) {
        core = EmulatorCore(configuration: configuration, events: events)
    }

    /// Starts listening on `host:port` (port 0 picks a free one); returns the port.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws(EmulatorError) -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let core = self.core
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(EmulatorHTTPHandler(core: core))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw .cannotBind(host: host, port: port, reason: "\(error)")
        }
        let actualPort = channel.localAddress?.port ?? port
        var ticker: RepeatedTask?
        if configuration.arrivalsPerSecond > 0 {
            ticker = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
                core.arrivalTick(now: Date().timeIntervalSince1970)
            }
        }
        state.set(Running(group: group, channel: channel, ticker: ticker, port: actualPort, host: host))
        return actualPort
    }

    /// The port it listens on (0 before ``start(host:port:)``).
    public var port: Int { state.running?.port ?? 0 }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String {
        let host = state.running?.host ?? "127.0.0.1"
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Stops listening and releases the threads.
    public func shutdown() async {
        guard let running = state.take() else { return }
        running.ticker?.cancel()
        try? await running.channel.close()
        try? await running.group.shutdownGracefully()
    }

    /// Waits until the server's channel closes (for the `emulate` command).
    public func waitUntilClosed() async {
        guard let running = state.running else { return }
        try? await running.channel.closeFuture.get()
    }

    /// The organisations served.
    public var accounts: [String] { core.accounts }

    /// An organisation's events in ascending time order (ties in arrival order).
    public func events(account: String) -> [AuditEvent] { core.events(account: account) }

    /// How many events an organisation has now.
    public func eventCount(account: String) -> Int { core.eventCount(account: account) }

    /// Adds an event now (for tests: "an event arrives").
    public func add(_ event: AuditEvent) { core.add(event) }

    /// Stops (or resumes) arrivals.
    public func setArrivalsPaused(_ paused: Bool) { core.setArrivalsPaused(paused) }

    /// Counters of what happened so far.
    public var statistics: EmulatorStatistics { core.statistics }
}

struct Running: Sendable {
    var group: MultiThreadedEventLoopGroup
    var channel: any Channel
    var ticker: RepeatedTask?
    var port: Int
    var host: String
}

final class EmulatorRunState: Sendable {
    private let value = Mutex<Running?>(nil)

    var running: Running? { value.withLock { $0 } }
    func set(_ r: Running) { value.withLock { $0 = r } }
    func take() -> Running? {
        value.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
