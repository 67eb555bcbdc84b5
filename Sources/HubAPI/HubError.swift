/// Why a conversation with Docker Hub failed, in words that name the cause and the fix.
///
/// No case ever carries a token, password or `Authorization` header: messages are safe to print
/// and to log. ``isTemporary`` separates failures worth retrying later (exit code 75) from those
/// a user must fix first.
public enum HubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The base URL is not usable (not https, or plain http to a host other than loopback).
    case invalidURL(String, reason: String)
    /// No credentials were given and no cached token is valid.
    case noCredentials
    /// The Hub rejected the identifier and secret.
    case badCredentials(identifier: String)
    /// The account has two-factor authentication and no code was available.
    case secondFactorRequired(identifier: String)
    /// The Hub rejected the two-factor code.
    case wrongSecondFactor(identifier: String)
    /// A cached token was rejected and there are no credentials to log in again with.
    case tokenRejected
    /// The organisation does not exist (404).
    case unknownAccount(String)
    /// The authenticated identity may not read the organisation's audit log (403).
    case forbidden(account: String, identifier: String?)
    /// The Hub refused a request as malformed (400); `detail` is the Hub's message.
    case badRequest(operation: String, detail: String)
    /// The Hub answered with a status this client does not expect.
    case unexpectedStatus(operation: String, status: Int, detail: String)
    /// The Hub could not be reached, or kept failing, past the retry bound.
    case unavailable(operation: String, attempts: Int, lastProblem: String)
    /// The Hub asked to wait longer than the client is configured to wait.
    case rateLimited(operation: String, waitSeconds: Int)
    /// An answer could not be understood, consistently, past the retry bound.
    case badResponse(operation: String, reason: String)
    /// The token cache could not be written.
    case tokenCache(path: String, reason: String)
    /// libcurl, which hubaudit loads at its first request to the Hub, is missing or unusable;
    /// `reason` is the loader's. Not temporary: it needs an install (exit code 1).
    case networkLibraryUnavailable(reason: String)

    /// Whether running again later may succeed without any change (exit code 75).
    public var isTemporary: Bool {
        switch self {
        case .unavailable, .rateLimited: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "cannot use Hub URL '\(url)': \(reason); use https://, or http:// only to 127.0.0.1, ::1 or localhost"
        case .noCredentials:
            "no Docker Hub credentials: set HUBAUDIT_USERNAME and HUBAUDIT_TOKEN, or pass --username and --password-stdin"
        case .badCredentials(let identifier):
            "Docker Hub rejected the credentials of '\(identifier)': check the username (or organisation) and the access token; create a new token at https://app.docker.com/settings if it was revoked"
        case .secondFactorRequired(let identifier):
            "'\(identifier)' has two-factor authentication: pass --otp CODE with a current code, or use a personal access token"
        case .wrongSecondFactor(let identifier):
            "Docker Hub rejected the two-factor code for '\(identifier)': run again with a fresh code (--otp CODE)"
        case .tokenRejected:
            "the cached Docker Hub token was rejected: log in again with --username and --password-stdin (or HUBAUDIT_USERNAME and HUBAUDIT_TOKEN)"
        case .unknownAccount(let account):
            "organisation '\(account)' does not exist on Docker Hub (404): check --account (the organisation's namespace, as in hub.docker.com/u/NAME)"
        case .forbidden(let account, let identifier):
            "\(identifier.map { "'\($0)'" } ?? "this token") may not read the audit log of '\(account)' (403): use an owner of the organisation, or an organisation access token with audit-log access"
        case .badRequest(let operation, let detail):
            "Docker Hub refused \(operation) as invalid (400): \(detail)"
        case .unexpectedStatus(let operation, let status, let detail):
            "Docker Hub answered \(operation) with HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)")"
        case .unavailable(let operation, let attempts, let last):
            "Docker Hub unavailable: \(operation) failed \(attempts) times (last: \(last)); run again later"
        case .rateLimited(let operation, let seconds):
            "Docker Hub rate limit: \(operation) may be retried only in \(seconds) s, longer than this run waits; run again later"
        case .badResponse(let operation, let reason):
            "Docker Hub's answer to \(operation) could not be read: \(reason)"
        case .tokenCache(let path, let reason):
            "cannot write the token cache \(path): \(reason)"
        case .networkLibraryUnavailable(let reason):
            "hubaudit needs libcurl (libcurl.so.4) to reach Docker Hub: install it with `apt-get install libcurl4` (\(reason))"
        }
    }
}
