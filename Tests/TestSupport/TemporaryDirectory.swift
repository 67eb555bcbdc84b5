import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when
/// the object goes away, so tests leave nothing behind.
public final class TemporaryDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates the directory.
    public init() {
        path = NSTemporaryDirectory() + "hubaudit-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A store directory inside it (not created: the store creates it).
    public var store: String { path + "/store" }

    /// Writes `text` to a file in the directory and returns its path.
    public func file(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        // Not `FileManager.createFile`: on Linux it writes atomically through a
        // `TemporaryDirectory.*` folder in /tmp that it never removes.
        try? Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}
