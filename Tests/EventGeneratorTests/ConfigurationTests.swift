import AuditModel
import EventGenerator
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("Defaults: 2025-01-01, a year, one organisation")
    func defaults() {
        let c = GeneratorConfiguration(events: 10, seed: 1)
        #expect(c.start == (try? Timestamp(rfc3339: "2025-01-01T00:00:00Z")))
        #expect(c.days == 365)
        #expect(c.organisations == 1)
        #expect(throws: Never.self) { try c.validate() }
        #expect(c.sanitised == c)
    }

    @Test("Invalid configurations are rejected with a typed error")
    func validation() {
        let cases: [(GeneratorConfiguration, GeneratorError)] = [
            (.init(events: -1, seed: 1), .negativeEventCount(-1)),
            (.init(events: 1, seed: 1, days: 0), .dayCountOutOfRange(0)),
            (.init(events: 1, seed: 1, days: GeneratorConfiguration.maximumDays + 1),
             .dayCountOutOfRange(GeneratorConfiguration.maximumDays + 1)),
            (.init(events: 1, seed: 1, organisations: 0), .organisationCountOutOfRange(0)),
            (.init(events: 1, seed: 1, organisations: 101), .organisationCountOutOfRange(101)),
            (.init(events: 1, seed: 1, start: Timestamp(seconds: 5, nanoseconds: 1)),
             .fractionalStart(Timestamp(seconds: 5, nanoseconds: 1))),
            (.init(events: 1, seed: 1, start: Timestamp(seconds: Timestamp.maximumSeconds - 10), days: 1),
             .spanOutOfRange(start: Timestamp(seconds: Timestamp.maximumSeconds - 10), days: 1)),
        ]
        for (configuration, expected) in cases {
            #expect(throws: expected) { try configuration.validate() }
            #expect(throws: expected) { _ = try EventGenerator(validating: configuration) }
            #expect(!expected.description.isEmpty)
        }
    }

    @Test("The non-throwing initialiser clamps an invalid configuration")
    func sanitising() {
        let negative = EventGenerator(GeneratorConfiguration(events: -5, seed: 1, days: -3, organisations: 0))
        #expect(negative.configuration.events == 0)
        #expect(negative.configuration.days == 1)
        #expect(negative.configuration.organisations == 1)
        #expect(Array(negative).isEmpty)

        let late = GeneratorConfiguration(events: 50, seed: 1, start: Timestamp(seconds: Timestamp.maximumSeconds), days: 2)
        let events = Array(EventGenerator(late))
        #expect(events.count == 50)
        #expect(events.allSatisfy { $0.timestamp.seconds <= Timestamp.maximumSeconds })
        #expect(throws: Never.self) { try late.sanitised.validate() }
    }

    @Test("The action names are the Hub's")
    func actionNames() {
        #expect(EventGenerator.actionNames.first == "repo.tag.push")
        #expect(EventGenerator.actionNames.contains("repo.change_privacy"))
        #expect(Set(EventGenerator.actionNames).count == EventGenerator.actionNames.count)
    }
}
