import CCurl
import Synchronization

/// The easy handles of a ``CurlTransport``: at most `capacity` exist, so at most that many
/// connections are open and requests in flight; a request beyond that waits (in order) for a
/// handle to come back, as URLSession queued requests beyond `httpMaximumConnectionsPerHost`.
final class CurlHandlePool: Sendable {
    /// What a waiting request is given.
    private enum Grant {
        /// A handle handed over by a finishing request.
        case handle(CurlEasyHandle)
        /// Room to create a handle (another request failed to create one).
        case slot
        /// The waiting task was cancelled.
        case cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Grant, Never>
    }

    private struct State {
        var idle: [CurlEasyHandle] = []
        var created = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        /// Waiters whose task was cancelled before they were registered.
        var cancelledIDs: Set<UInt64> = []
    }

    /// The most handles (connections) there will be.
    let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty pool of at most `capacity` handles.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A handle for one transfer: an idle one, a new one while there are fewer than
    /// ``capacity``, or the next one given back. Throws ``TransportError/cancelled`` when the
    /// task is cancelled while waiting. Give the handle back with ``release(_:)``.
    func acquire() async throws(TransportError) -> CurlEasyHandle {
        enum Step {
            case take(CurlEasyHandle)
            case create
            case wait(UInt64)
        }
        let step = state.withLock { s -> Step in
            if let handle = s.idle.popLast() { return .take(handle) }
            if s.created < capacity {
                s.created += 1
                return .create
            }
            s.nextID += 1
            return .wait(s.nextID)
        }
        switch step {
        case .take(let handle):
            return handle
        case .create:
            return try create()
        case .wait(let id):
            switch await wait(id: id) {
            case .handle(let handle): return handle
            case .slot: return try create()
            case .cancelled: throw .cancelled
            }
        }
    }

    /// Gives a handle back (reset, its connection still open) for the next request.
    func release(_ handle: CurlEasyHandle) {
        let waiter = state.withLock { s -> Waiter? in
            if s.waiters.isEmpty {
                s.idle.append(handle)
                return nil
            }
            return s.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .handle(handle))
    }

    /// Creates a handle in a slot already counted in `created`.
    private func create() throws(TransportError) -> CurlEasyHandle {
        if let handle = CurlEasyHandle() { return handle }
        // Give the slot back, to a waiter if there is one (it tries in turn).
        let waiter = state.withLock { s -> Waiter? in
            if s.waiters.isEmpty {
                s.created -= 1
                return nil
            }
            return s.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .slot)
        throw .failed(code: Int(CURLE_FAILED_INIT.rawValue))
    }

    private func wait(id: UInt64) async -> Grant {
        let grant = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Grant, Never>) in
                let cancelled = state.withLock { s -> Bool in
                    if s.cancelledIDs.remove(id) != nil { return true }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(returning: .cancelled) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                if let index = s.waiters.firstIndex(where: { $0.id == id }) { return s.waiters.remove(at: index) }
                s.cancelledIDs.insert(id)
                return nil
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
        // A cancellation that came after the grant left its mark: remove it.
        state.withLock { _ = $0.cancelledIDs.remove(id) }
        return grant
    }
}
