import AuditModel
import HubAPI
import SegmentStore

/// Why a sync stopped. Everything committed before stays committed; running again continues.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// Talking to the Hub failed.
    case hub(HubError)
    /// The store failed.
    case store(StoreError)
    /// One second holds more events than paging can reach.
    case tooDense(account: String, second: Timestamp, reachable: Int)
    /// A caller error.
    case invalid(String)

    /// Whether running again later may succeed unchanged (exit code 75).
    public var isTemporary: Bool {
        if case .hub(let error) = self { return error.isTemporary }
        return false
    }

    public var description: String {
        switch self {
        case .hub(let error): error.description
        case .store(let error): error.description
        case .tooDense(let account, let second, let reachable):
            "\(account) has more events in the second \(second) than the Hub lets a client page through (\(reachable)); they cannot be fetched completely"
        case .invalid(let message): message
        }
    }
}
