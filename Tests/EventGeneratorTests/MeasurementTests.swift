import AuditModel
import EventGenerator
import Foundation
import Testing

/// Opt-in measurements, skipped unless their environment variable is set; run them on a release
/// build for meaningful numbers, e.g. `EVENTGEN_BENCH=10000000 swift test -c release
/// --filter MeasurementTests`.
@Suite("Measurements")
struct MeasurementTests {
    @Test("Generation speed of appendNDJSON (EVENTGEN_BENCH = number of events)",
          .enabled(if: Fixtures.environment("EVENTGEN_BENCH") != nil))
    func speed() {
        let n = Fixtures.environment("EVENTGEN_BENCH").flatMap { Int($0) } ?? 1_000_000
        let clock = ContinuousClock()
        let setUpStart = clock.now
        var generator = EventGenerator(GeneratorConfiguration(events: n, seed: 42))
        let setUp = clock.now - setUpStart
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4 << 20)
        var total = 0
        var bytes = 0
        let start = clock.now
        while true {
            buffer.removeAll(keepingCapacity: true)
            let k = generator.appendNDJSON(to: &buffer, maxEvents: 8_192)
            if k == 0 { break }
            total += k
            bytes += buffer.count
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("generated \(total) events (\(bytes) bytes) in \(seconds) s after \(setUp) of set-up: \(Int(Double(total) / seconds)) events/s")
        #expect(total == n)
    }

    @Test("Statistics of a stream (EVENTGEN_STATS = number of events)",
          .enabled(if: Fixtures.environment("EVENTGEN_STATS") != nil))
    func statistics() {
        let n = Fixtures.environment("EVENTGEN_STATS").flatMap { Int($0) } ?? 1_000_000
        print(StreamStatistics(EventGenerator(GeneratorConfiguration(events: n, seed: 42))).summary)
    }
}
