import AuditModel
import Synchronization

/// The emulator's state behind one lock: the network side calls it from any thread.
final class EmulatorCore: Sendable {
    /// The configuration it was started with.
    let configuration: EmulatorConfiguration
    private let state: Mutex<EmulatorState>

    init(configuration: EmulatorConfiguration, events: some Sequence<AuditEvent>) {
        self.configuration = configuration
        state = Mutex(EmulatorState(configuration: configuration, events: events))
    }

    var accounts: [String] { state.withLock { $0.accounts } }

    var statistics: EmulatorStatistics { state.withLock { $0.statistics } }

    func events(account: String) -> [AuditEvent] { state.withLock { $0.events(account: account) } }

    func eventCount(account: String) -> Int { state.withLock { $0.eventCount(account: account) } }

    func add(_ event: AuditEvent) { state.withLock { $0.add(event) } }

    func setArrivalsPaused(_ paused: Bool) { state.withLock { $0.setArrivalsPaused(paused) } }

    /// Adds the events due since the last tick, stamped with the current second.
    func arrivalTick(now: Double) { state.withLock { $0.arrivalTick(now: now) } }

    /// Answers one request (possibly sabotaged, as the configuration asks).
    func handle(_ request: EmulatorRequest, now: Double) -> EmulatorReply { state.withLock { $0.handle(request, now: now) } }
}
