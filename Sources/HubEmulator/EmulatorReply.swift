/// What the emulator does with one request: an answer, possibly delayed or sabotaged.
struct EmulatorReply: Sendable {
    /// How the answer is sabotaged.
    enum Fault: Sendable {
        case none
        /// Reset the connection instead of answering.
        case reset
        /// Send the head and only `keep` bytes of the body; `consistent` sends a matching
        /// Content-Length (a well-formed HTTP answer with a broken JSON body), otherwise the
        /// connection closes with the body incomplete.
        case truncate(keep: Int, consistent: Bool)
    }

    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var fault: Fault = .none
    var delayMilliseconds = 0
}

/// One request as the emulator sees it.
struct EmulatorRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var authorization: String?
    var body: [UInt8]
}
