import AuditModel
import EventGenerator
import Testing

@Suite("Count, order and span")
struct StreamShapeTests {
    /// Checks the invariants every stream must have and returns its events.
    @discardableResult
    static func checkShape(_ configuration: GeneratorConfiguration) -> [AuditEvent] {
        let events = Array(EventGenerator(configuration))
        #expect(events.count == configuration.events)
        let first = configuration.start.seconds
        let end = first + Int64(configuration.days) * 86_400
        var previous: Timestamp?
        var outOfOrder = 0
        for event in events {
            #expect(event.timestamp.nanoseconds == 0)
            #expect(event.timestamp.seconds >= first && event.timestamp.seconds < end)
            if let previous, event.timestamp < previous { outOfOrder += 1 }
            previous = event.timestamp
        }
        #expect(outOfOrder == 0)
        return events
    }

    @Test("Small streams have exactly the events asked for", arguments: [0, 1, 2, 7, 100])
    func smallCounts(_ n: Int) {
        Self.checkShape(GeneratorConfiguration(events: n, seed: 3))
        Self.checkShape(GeneratorConfiguration(events: n, seed: 3, days: 1))
        Self.checkShape(GeneratorConfiguration(events: n, seed: 3, days: 2, organisations: 5))
    }

    @Test("An empty stream ends at once, on both paths")
    func empty() {
        var generator = EventGenerator(GeneratorConfiguration(events: 0, seed: 1))
        var out: [UInt8] = []
        #expect(generator.appendNDJSON(to: &out, maxEvents: 10) == 0)
        #expect(out.isEmpty)
        #expect(generator.next() == nil)
    }

    @Test("appendNDJSON writes at most maxEvents lines and stops at the end")
    func chunking() {
        var generator = EventGenerator(GeneratorConfiguration(events: 25, seed: 11))
        var out: [UInt8] = []
        #expect(generator.appendNDJSON(to: &out, maxEvents: 0) == 0)
        #expect(generator.appendNDJSON(to: &out, maxEvents: 10) == 10)
        #expect(generator.appendNDJSON(to: &out, maxEvents: 10) == 10)
        #expect(generator.appendNDJSON(to: &out, maxEvents: 10) == 5)
        #expect(generator.appendNDJSON(to: &out, maxEvents: 10) == 0)
        #expect(out.filter { $0 == 0x0A }.count == 25)
        #expect(out.last == 0x0A)
    }

    @Test("Medium streams over various spans are ordered and inside the span")
    func mediumStreams() {
        Self.checkShape(GeneratorConfiguration(events: 12_345, seed: 8))
        Self.checkShape(GeneratorConfiguration(events: 5_000, seed: 8, start: Timestamp(seconds: 1_700_000_000), days: 3))
        Self.checkShape(GeneratorConfiguration(events: 4_000, seed: 8, days: 30, organisations: 3))
        Self.checkShape(GeneratorConfiguration(events: 2_000, seed: 8, start: Timestamp(seconds: -86_400 * 400), days: 800))
    }

    @Test("A dense stream (sub-hour slices) is complete and ordered")
    func denseStream() {
        // 200 000 events in one day: over 8 000 an hour, more than one slice should hold.
        let configuration = GeneratorConfiguration(events: 200_000, seed: 21, days: 1)
        let bytes = Fixtures.ndjson(configuration, chunk: 50_000)
        let stamps = Self.timestamps(bytes)
        #expect(stamps.count == 200_000)
        var outOfOrder = 0
        for i in stamps.indices.dropFirst() where stamps[i] < stamps[i - 1] { outOfOrder += 1 }
        #expect(outOfOrder == 0)
        #expect(stamps.first.map { $0 >= 20_250_101_000_000 } == true)
        #expect(stamps.last.map { $0 <= 20_250_101_235_959 } == true)
    }

    /// The timestamp of each NDJSON line as the number YYYYMMDDhhmmss (cheap to compare).
    static func timestamps(_ bytes: [UInt8]) -> [Int] {
        let marker = Array(#","timestamp":""#.utf8)
        var result: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i + marker.count + 20 <= b.count {
                var match = true
                for k in 0..<marker.count where b[i + k] != marker[k] {
                    match = false
                    break
                }
                guard match else {
                    i += 1
                    continue
                }
                var value = 0
                for k in 0..<19 {
                    let c = b[i + marker.count + k]
                    if c >= 48 && c <= 57 { value = value * 10 + Int(c - 48) }
                }
                result.append(value)
                while i < b.count && b[i] != 0x0A { i += 1 }
            }
        }
        return result
    }

    @Test("Several organisations: acme first, then more names, each with its own repositories")
    func organisations() {
        let events = Self.checkShape(GeneratorConfiguration(events: 30_000, seed: 4, days: 60, organisations: 3))
        var counts: [String: Int] = [:]
        for event in events {
            counts[event.account, default: 0] += 1
            if event.action.hasPrefix("repo.") {
                #expect(event.name?.hasPrefix(event.account + "/") == true)
            }
        }
        #expect(Set(counts.keys) == ["acme", "globex", "initech"])
        #expect(counts["acme", default: 0] > counts["globex", default: 0])
        #expect(counts["globex", default: 0] > counts["initech", default: 0])
    }
}
