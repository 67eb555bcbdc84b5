import AuditModel
import Foundation

/// Writes rows to standard output; durable (as far as a pipe can be) once flushed at the end.
public final class StandardOutputSink: ExportSink {
    private let encoder: EventEncoder
    private var buffer: [UInt8] = []
    private var pending = PendingCount()

    /// Writes `encoder`'s rows (after its header) to file descriptor 1.
    public init(encoder: EventEncoder) {
        self.encoder = encoder
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: encoder.header)
    }

    public func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered? {
        encoder.append(event, raw: raw, id: id, to: &buffer)
        pending.add(seq)
        if buffer.count >= 1 << 20 { try flush() }
        return nil
    }

    public func finish() async throws(ExportError) -> Delivered? {
        try flush()
        return pending.take()
    }

    public func abandon() {}

    private func flush() throws(ExportError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(1, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .outputClosed }
                throw .write(path: "standard output", reason: String(cString: strerror(errno)))
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes rows to one file (`--output`), which appears whole, or not at all, at the end.
public final class FileSink: ExportSink {
    private let encoder: EventEncoder
    private let file: OutputFile
    private var pending = PendingCount()

    /// Starts a temporary file beside `path`.
    public init(path: String, encoder: EventEncoder) throws(ExportError) {
        self.encoder = encoder
        file = try OutputFile(path: path)
        try file.append(encoder.header)
    }

    public func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered? {
        var row: [UInt8] = []
        encoder.append(event, raw: raw, id: id, to: &row)
        try file.append(row)
        pending.add(seq)
        return nil
    }

    public func finish() async throws(ExportError) -> Delivered? {
        try file.commit()
        return pending.take()
    }

    public func abandon() {}
}

/// Writes rows to files in a directory (`--out-dir`): one per run, or a new one whenever
/// `rotateSize` bytes are reached; names sort by time (`hubaudit-20261203T101500Z-000001.ndjson`,
/// `.gz` with gzip). Each file appears whole when complete, and its events are then durable.
public final class DirectorySink: ExportSink {
    private let directory: String
    private let encoder: EventEncoder
    private let rotateSize: Int?
    private let gzip: Bool
    private let stamp: String
    private var serial = 0
    private var file: OutputFile?
    private var pending = PendingCount()
    private var row: [UInt8] = []

    /// Prepares to write into `directory` (which must exist); `now` names the run's files.
    public init(directory: String, encoder: EventEncoder, rotateSize: Int?, gzip: Bool, now: Date = Date()) throws(ExportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .write(path: directory, reason: "no such directory")
        }
        self.directory = directory
        self.encoder = encoder
        self.rotateSize = rotateSize
        self.gzip = gzip
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        stamp = formatter.string(from: now)
    }

    /// The files this run completed, in order.
    public private(set) var completed: [String] = []

    public func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered? {
        let file = try current()
        row.removeAll(keepingCapacity: true)
        encoder.append(event, raw: raw, id: id, to: &row)
        try file.append(row)
        pending.add(seq)
        if let rotateSize, file.size >= rotateSize { return try close() }
        return nil
    }

    public func finish() async throws(ExportError) -> Delivered? { try close() }

    public func abandon() { file = nil }

    private func current() throws(ExportError) -> OutputFile {
        if let file { return file }
        var path: String
        repeat {
            serial += 1
            let number = String(serial)
            path = directory + "/hubaudit-\(stamp)-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
                + "." + encoder.format.fileExtension + (gzip ? ".gz" : "")
        } while FileManager.default.fileExists(atPath: path)
        let file = try OutputFile(path: path, gzip: gzip)
        try file.append(encoder.header)
        self.file = file
        return file
    }

    private func close() throws(ExportError) -> Delivered? {
        guard let file else { return nil }
        try file.commit()
        completed.append(file.path)
        self.file = nil
        return pending.take()
    }
}
