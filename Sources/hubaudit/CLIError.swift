/// Errors of the command line itself (not of a library), each with a message a user can act on.
enum CLIError: Error, CustomStringConvertible {
    case badTimestamp(String, String)
    case verifyFailed(Int)
    case invalid(String)

    var description: String {
        switch self {
        case .badTimestamp(let text, let why): "'\(text)' is not a time: \(why); use 2024-05-01 or 2024-05-01T12:00:00Z"
        case .verifyFailed(let count): "the store is damaged: \(count) problem(s) found"
        case .invalid(let message): message
        }
    }
}
