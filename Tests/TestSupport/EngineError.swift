/// Why an engine the tests use could not be started or did not answer.
public enum EngineError: Error, CustomStringConvertible {
    /// The engine is not installed here.
    case notInstalled(tool: String, hint: String)
    /// The engine ran and exited non-zero (or answered an HTTP error), with what it said.
    case failed(tool: String, status: Int32, message: String)
    /// The engine did not become ready in time.
    case notReady(tool: String, log: String)

    /// A message naming the engine and what to do.
    public var description: String {
        switch self {
        case let .notInstalled(tool, hint): "\(tool) is not installed: \(hint)"
        case let .failed(tool, status, message): "\(tool) failed (\(status)): \(message.prefix(2000))"
        case let .notReady(tool, log): "\(tool) did not become ready; its log ends:\n\(log.suffix(2000))"
        }
    }
}
