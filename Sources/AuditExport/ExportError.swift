import SegmentStore

/// Why an export failed, each with the exit status the command documents: 1 an error to fix,
/// 2 a usage error, 75 a receiver that stayed unavailable (run again later; nothing undelivered
/// was passed by the checkpoint).
public enum ExportError: Error, Sendable, CustomStringConvertible {
    /// The options do not make sense together, or a value is malformed.
    case usage(String)
    /// The store could not be read, or a checkpoint not saved.
    case store(StoreError)
    /// A named checkpoint does not exist.
    case unknownCheckpoint(String)
    /// A checkpoint is re-used with another selection or format.
    case checkpointMismatch(name: String, stored: String, given: String)
    /// The token file cannot be read.
    case token(String)
    /// Writing a file failed (`path`, the system's reason).
    case write(path: String, reason: String)
    /// Standard output was closed by its reader (`| head`): not an error for the command.
    case outputClosed
    /// The receiver answered but refused events (a 4xx, or failed `_bulk` items).
    case rejected(String)
    /// The receiver could not be reached or kept failing within the allowed attempts.
    case receiverDown(String)

    /// The process exit status for this error.
    public var exitStatus: Int32 {
        switch self {
        case .usage, .checkpointMismatch: 2
        case .receiverDown: 75
        default: 1
        }
    }

    public var description: String {
        switch self {
        case .usage(let message): message
        case .store(let error): "\(error)"
        case .unknownCheckpoint(let name): "no checkpoint named '\(name)'; 'hubaudit checkpoints' lists them"
        case .checkpointMismatch(let name, let stored, let given):
            "checkpoint '\(name)' exports \(stored), not \(given); use another name, or --reset to start it over with the new selection"
        case .token(let message): message
        case .outputClosed: "standard output was closed"
        case .write(let path, let reason): "cannot write \(path): \(reason); the checkpoint did not move"
        case .rejected(let message): "the receiver refused events: \(message); the checkpoint did not move past them"
        case .receiverDown(let message): "the receiver is unavailable: \(message); the checkpoint did not move past undelivered events, run again later"
        }
    }
}
