import AuditModel
import EventGenerator
import Foundation

/// Where an emulator's events come from: an NDJSON file, or the generator.
public enum EmulatorEvents {
    /// Why events could not be loaded.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// The message, naming the file and line.
        public var description: String
    }

    /// Reads canonical or Hub-style NDJSON events (one per line; blank lines skipped).
    public static func load(ndjson path: String) throws(LoadError) -> [AuditEvent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "cannot read \(path)")
        }
        var events: [AuditEvent] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                events.append(try Array(line).withUnsafeBytes { raw throws(EventDecodingError) in try EventDecoder.decode(raw) })
            } catch {
                throw LoadError(description: "\(path):\(lineNumber): \(error)")
            }
        }
        return events
    }

    /// `count` generated events of `organisations` organisations over the `days` days that end
    /// at the start of the current UTC day (so all of them are in the past).
    public static func generated(count: Int, seed: UInt64, days: Int = 365, organisations: Int = 1, now: Date = Date()) -> EventGenerator {
        let today = Int64(now.timeIntervalSince1970) / 86_400 * 86_400
        return EventGenerator(GeneratorConfiguration(
            events: count, seed: seed, start: Timestamp(seconds: today - Int64(max(1, days)) * 86_400), days: max(1, days),
            organisations: organisations))
    }
}
