import Foundation

/// Removes secrets from text before it is logged or shown: bearer tokens, `Authorization`
/// headers, JWT-shaped strings, and the values of `token`, `access_token`, `password`, `secret`,
/// `login_2fa_token` and `code` fields.
public enum Redactor {
    /// What replaces a secret.
    public static let mask = "[REDACTED]"

    private static let patterns: [NSRegularExpression] = [
        #"(?i)(authorization\s*[:=]\s*)("?)[^\s",}]+(\s+[^\s",}]+)?"#,
        #"(?i)(bearer\s+)()[A-Za-z0-9\-_.~+/=]+"#,
        #"(?i)("(?:token|access_token|password|secret|login_2fa_token|code)"\s*:\s*")()[^"]*"#,
        #"(?i)((?:token|password|secret)=)()[^\s&]+"#,
        #"()()eyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// The text with every secret replaced by ``mask``.
    public static func redact(_ text: String) -> String {
        var out = text
        for pattern in patterns {
            let range = NSRange(out.startIndex..., in: out)
            out = pattern.stringByReplacingMatches(in: out, range: range, withTemplate: "$1$2" + mask)
        }
        return out
    }
}
