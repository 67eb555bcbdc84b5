/// Why the emulator could not start.
public enum EmulatorError: Error, Sendable, CustomStringConvertible {
    /// The address could not be bound.
    case cannotBind(host: String, port: Int, reason: String)
    /// The emulator is not running.
    case notRunning

    public var description: String {
        switch self {
        case .cannotBind(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason); choose another --port (0 picks a free one)"
        case .notRunning: "the emulator is not running"
        }
    }
}
