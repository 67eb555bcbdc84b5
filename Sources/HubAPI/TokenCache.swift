import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cached JWT, kept in the store directory (mode 0600) until it expires, so that a nightly
/// run and the next do not log in more often than needed.
///
/// One file holds one token, for one Hub and one identifier; a token for anything else is not
/// used. The file is replaced atomically and is never readable by other users.
public struct TokenCache: Sendable {
    /// The file, `STORE/hub-token.json` by convention.
    public let path: String

    /// The conventional file name inside a store directory.
    public static let fileName = "hub-token.json"

    /// A cache at an explicit path.
    public init(path: String) {
        self.path = path
    }

    /// The cache of a store directory.
    public init(storeDirectory: String) {
        var dir = storeDirectory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        path = dir + "/" + Self.fileName
    }

    private struct Entry: Codable {
        var hub: String
        var identifier: String
        var token: String
        var expires: Int64
    }

    /// The cached token for this Hub and identifier, if it is still valid at `now`.
    public func load(hub: String, identifier: String?, now: Int64) -> AccessToken? {
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              entry.hub == hub, identifier == nil || entry.identifier == identifier
        else { return nil }
        let token = AccessToken(value: entry.token, expiresAt: entry.expires, now: min(now, entry.expires - 300))
        return token.isValid(now: now) ? token : nil
    }

    /// The identifier the cached token belongs to (whatever its validity).
    public func identifier(hub: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.hub == hub
        else { return nil }
        return entry.identifier
    }

    /// Stores a token, replacing the file atomically with mode 0600. The directory must exist.
    public func save(_ token: AccessToken, hub: String, identifier: String) throws(HubError) {
        let entry = Entry(hub: hub, identifier: identifier, token: token.value, expires: token.expiresAt)
        guard let data = try? JSONEncoder().encode(entry) else { throw .tokenCache(path: path, reason: "cannot encode") }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .tokenCache(path: path, reason: String(cString: strerror(errno))) }
        fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .tokenCache(path: path, reason: reason)
        }
    }

    /// Removes the cached token (e.g. after the Hub rejected it).
    public func clear() {
        unlink(path)
    }
}
