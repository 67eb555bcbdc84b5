import Foundation

/// Where a command's Docker Hub credentials come from, as `sync` and `actions` take them: the user
/// from `--username` or `HUBAUDIT_USERNAME`; the secret from standard input (`--password-stdin`, as
/// `docker login` does) or `HUBAUDIT_TOKEN`; a two-factor code from `--otp`, else a prompt when
/// one can be shown. Kept apart from argument parsing so the rules are tested as a library.
public struct CredentialSource: Sendable {
    /// `--username`, if given.
    public var username: String?
    /// `--password-stdin`: the secret is standard input's whole text, trimmed.
    public var passwordFromStandardInput: Bool
    /// `--otp`, if given.
    public var otp: String?

    /// Creates a source from the command's options.
    public init(username: String?, passwordFromStandardInput: Bool, otp: String?) {
        self.username = username
        self.passwordFromStandardInput = passwordFromStandardInput
        self.otp = otp
    }

    /// The credentials, or `nil` when no secret was given (a cached token may still serve).
    ///
    /// - Parameters:
    ///   - environment: the process environment (`HUBAUDIT_USERNAME`, `HUBAUDIT_TOKEN`).
    ///   - readStandardInput: reads all of standard input (called only with `--password-stdin`).
    ///   - prompt: asks the person for a two-factor code, or `nil` when nobody can be asked (no
    ///     terminal, or standard input already holds the secret).
    public func credentials(
        environment: [String: String], readStandardInput: () -> String,
        prompt: (@Sendable (_ identifier: String) -> String?)?
    ) throws(CredentialError) -> HubCredentials? {
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let user = username ?? nonEmpty(environment["HUBAUDIT_USERNAME"])
        let secret: String?
        if passwordFromStandardInput {
            let text = readStandardInput().trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw .emptyStandardInput }
            secret = text
        } else {
            secret = nonEmpty(environment["HUBAUDIT_TOKEN"])
        }
        guard let secret else { return nil }
        guard let user else { throw .secretWithoutUser }
        let code = otp
        let ask = passwordFromStandardInput ? nil : prompt
        return HubCredentials(identifier: user, secret: secret) { () -> String? in
            if let code { return code }
            return ask?(user)
        }
    }
}

/// Why the credentials given to a command cannot be used.
public enum CredentialError: Error, CustomStringConvertible, Equatable {
    /// `--password-stdin` found nothing on standard input.
    case emptyStandardInput
    /// A token was given but no user to go with it.
    case secretWithoutUser

    public var description: String {
        switch self {
        case .emptyStandardInput: "--password-stdin: standard input was empty; pipe the access token into hubaudit"
        case .secretWithoutUser: "a token was given but no user: pass --username NAME or set HUBAUDIT_USERNAME"
        }
    }
}
