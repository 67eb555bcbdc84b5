import ArgumentParser
import AuditModel
import AuditOutput
import EventGenerator

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic, deterministic Docker Hub audit events as NDJSON (for tests, benchmarks, demos).",
        discussion: """
            The same options always give the same bytes. About 80% of events are tag pushes by a \
            few CI bots; thousands of actors and repositories follow a Zipf skew; digests repeat \
            across tags; activity follows a daily and weekly rhythm.

            Example:
              hubaudit generate --events 1000000 --seed 7 --start 2024-01-01 --days 365 | gzip > sample.ndjson.gz
            """
    )

    @Option(help: "How many events.")
    var events: Int

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("First day of the span (a date or RFC 3339 time).", valueName: "DATE"))
    var start: String = "2025-01-01"

    @Option(help: "Length of the span in days.")
    var days: Int = 365

    @Option(help: "Number of organisations.")
    var organisations: Int = 1

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be 0 or more") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard organisations >= 1 else { throw ValidationError("--organisations must be at least 1") }
        _ = try parseTime(start, "--start")
    }

    func run() throws {
        guard let startTime = try parseTime(start, "--start") else { return }
        let configuration = GeneratorConfiguration(
            events: events, seed: seed, start: startTime, days: days, organisations: organisations)
        var generator = EventGenerator(configuration)
        let out = try output.map { (path) throws(OutputError) -> OutputStream in try OutputStream(path: path) } ?? OutputStream()
        let progress = Progress("generating")
        var written = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        while true {
            buffer.removeAll(keepingCapacity: true)
            let n = generator.appendNDJSON(to: &buffer, maxEvents: 4096)
            if n == 0 { break }
            try out.write(buffer)
            written += n
            progress.update(written, unit: "events")
        }
        progress.finish()
        if output != nil { try out.sync() } else { try out.flush() }
    }
}
