/// A failure to write output.
public enum OutputError: Error, CustomStringConvertible, Equatable {
    /// Writing to `what` failed because of `reason` (the system's words).
    case cannotWrite(String, String)
    /// The reader of standard output went away (`| head`); not a failure of the command.
    case brokenPipe

    /// What went wrong, for the user.
    public var description: String {
        switch self {
        case .cannotWrite(let what, let why): "cannot write \(what): \(why)"
        case .brokenPipe: "standard output was closed"
        }
    }
}
