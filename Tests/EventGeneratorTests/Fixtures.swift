import AuditModel
import EventGenerator
import Foundation

/// Streams shared by several tests, generated once.
enum Fixtures {
    /// The configuration of the distribution checks: 200 000 events of one organisation over 2025.
    static let configuration = GeneratorConfiguration(events: 200_000, seed: 7)
    /// Its events, via `next()`.
    static let events: [AuditEvent] = Array(EventGenerator(configuration))
    /// Its statistics.
    static let statistics = StreamStatistics(events)
    /// Its NDJSON, via `appendNDJSON`.
    static let ndjson: [UInt8] = ndjson(configuration)

    /// The whole NDJSON output of a configuration, written in chunks of `chunk` events.
    static func ndjson(_ configuration: GeneratorConfiguration, chunk: Int = 1000) -> [UInt8] {
        var generator = EventGenerator(configuration)
        var out: [UInt8] = []
        while generator.appendNDJSON(to: &out, maxEvents: chunk) > 0 {}
        return out
    }

    /// The lines of an NDJSON buffer, without their newlines.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] == 0x0A { ends.append(i) }
        }
        var start = 0
        return ends.map { end in
            defer { start = end + 1 }
            return bytes[start..<end]
        }
    }

    /// A value of the environment, for the opt-in measurement tests.
    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }
}
