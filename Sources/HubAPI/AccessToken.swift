import Foundation

/// A bearer token (a JWT) and when it stops being valid.
///
/// The token text never appears in ``description``.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token to send as `Authorization: Bearer …`.
    let value: String
    /// When it expires (Unix seconds), from the JWT's `exp` claim or assumed.
    public let expiresAt: Int64

    /// How long a token without a readable `exp` claim is assumed to live: the 10 minutes of
    /// `/v2/auth/token`.
    public static let assumedLifetime: Int64 = 600

    /// Wraps a token, reading its expiry from the JWT payload when present.
    public init(_ value: String, now: Int64) {
        self.value = value
        let expiresAt = Self.expiry(ofJWT: value) ?? now + Self.assumedLifetime
        self.expiresAt = expiresAt
        margin = min(30, max(0, expiresAt - now) / 10)
    }

    init(value: String, expiresAt: Int64, now: Int64) {
        self.value = value
        self.expiresAt = expiresAt
        margin = min(30, max(0, expiresAt - now) / 10)
    }

    /// Whether the token is still good at `now`, keeping a safety margin of 30 seconds (less for
    /// tokens that were issued for a short time: a tenth of what was left when it was issued).
    public func isValid(now: Int64) -> Bool { expiresAt - margin > now }

    /// Seconds before expiry at which the token is no longer used.
    let margin: Int64

    /// The `exp` claim of a JWT, if it has one.
    static func expiry(ofJWT token: String) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var b64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        if let exp = object["exp"] as? Int64 { return exp }
        if let exp = object["exp"] as? Double { return Int64(exp) }
        if let exp = object["exp"] as? Int { return Int64(exp) }
        return nil
    }

    public var description: String { "token (redacted, expires at \(expiresAt))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["expiresAt": expiresAt]) }
}
