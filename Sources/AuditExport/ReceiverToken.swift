import Foundation

/// A receiver's token: from a file (`--token-file`) or `$HUBAUDIT_EXPORT_TOKEN`, never from the
/// command line (where `ps` and shell history would show it). Messages never include it.
public enum ReceiverToken {
    /// The environment variable read when no file is given.
    public static let environmentVariable = "HUBAUDIT_EXPORT_TOKEN"

    /// Reads the token (surrounding white space removed); `nil` when none is given and none is
    /// `required`.
    public static func read(file: String?, environment: [String: String], required: Bool) throws(ExportError) -> String? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .token("cannot read the token file \(file): \(FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file")")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty, !token.contains(where: \.isNewline) else {
                throw .token("the token file \(file) must hold one non-empty line")
            }
            return token
        }
        if let token = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        guard !required else { throw .token("this receiver needs a token: give --token-file FILE or set \(environmentVariable)") }
        return nil
    }
}
