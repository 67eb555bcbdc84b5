import SegmentStore

/// Why an import failed. Each message names the file (and line) so the user can fix the input;
/// the file whose import failed committed nothing.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// A line is not a valid audit event.
    case malformed(file: String, line: Int, reason: String)
    /// The input holds no events.
    case empty(file: String)
    /// The path is a directory.
    case isDirectory(String)
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// Compressed input is damaged or cut short.
    case badCompression(file: String, reason: String)
    /// A line exceeds the longest line accepted.
    case lineTooLong(file: String, line: Int, limit: Int)
    /// The rejects file cannot be written.
    case rejectsUnwritable(file: String, reason: String)
    /// The store refused the batch (locked, disk full, …).
    case store(file: String, StoreError)

    public var description: String {
        switch self {
        case .malformed(let file, let line, let reason):
            "\(file):\(line): \(reason) (nothing from this file was imported; fix the line or pass --skip-invalid)"
        case .empty(let file): "\(file): no events in the input"
        case .isDirectory(let path): "\(path): is a directory, not an NDJSON file"
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .badCompression(let file, let reason): "\(file): \(reason)"
        case .lineTooLong(let file, let line, let limit): "\(file):\(line): line longer than \(limit) bytes"
        case .rejectsUnwritable(let file, let reason): "cannot write rejects to \(file): \(reason)"
        case .store(let file, let error): "\(file): \(error)"
        }
    }
}
