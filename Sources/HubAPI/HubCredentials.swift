/// Who logs in: a user name (or, with an organisation access token, an organisation name) and
/// its secret, plus how to get a two-factor code if the Hub asks for one.
///
/// The secret never appears in ``description``, `debugDescription` or a reflection dump.
public struct HubCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The user name, or an organisation name for an organisation access token.
    public var identifier: String
    /// The personal or organisation access token (or password).
    let secret: String
    /// Supplies a two-factor code when the Hub asks for one (`--otp`, or a terminal prompt);
    /// returns `nil` when none can be had.
    public var secondFactor: @Sendable () async -> String?

    /// Creates credentials.
    public init(identifier: String, secret: String, secondFactor: @escaping @Sendable () async -> String? = { nil }) {
        self.identifier = identifier
        self.secret = secret
        self.secondFactor = secondFactor
    }

    public var description: String { "\(identifier) (secret redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["identifier": identifier]) }
}
