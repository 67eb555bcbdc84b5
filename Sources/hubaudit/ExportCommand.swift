import ArgumentParser
import AuditExport
import AuditModel
import AuditOutput
import AuditQuery
import Foundation
import HTTPClient
import SegmentStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export stored events as NDJSON, ECS, Splunk HEC, CSV or ClickHouse rows, to a file, a directory or a receiver.",
        discussion: """
            Without --checkpoint, events come in ascending time order (ties in the order they were stored). \
            --from is inclusive, --to exclusive; both take a date (2024-05-01, midnight UTC) or an RFC 3339 time.

            With --checkpoint NAME, only events stored since NAME's last successful export are sent, in store \
            (sequence) order, and NAME moves forward only once output is durable: a file fsynced and renamed into \
            place, an HTTP batch acknowledged. A crash re-sends at most the unfinished batch; receivers drop the \
            repeat by event id (ECS event.id, _bulk _id, ClickHouse event_id).

            Receivers take a token from --token-file FILE or $HUBAUDIT_EXPORT_TOKEN (never from the command line).

            Exit codes: 0 success; 1 error (store, file, token, refused events); 2 usage (bad option, URL, query, \
            checkpoint re-used with another selection); 75 the receiver stayed unavailable: run again later.

            Examples:
              hubaudit export --store ./archive --from 2024-05-01 --to 2024-06-01 --account acme > may.ndjson
              hubaudit export --format ecs --checkpoint siem --out-dir /var/spool/hubaudit --gzip
              hubaudit export --splunk-hec https://splunk.example.com:8088 --token-file /etc/hubaudit/hec.token --checkpoint splunk
              hubaudit export --print-schema clickhouse
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: ArgumentHelp("Row format: \(ExportFormat.names) (default: ndjson; ecs for --elastic-url).", valueName: "FORMAT"))
    var format: String?

    @Flag(help: "Add event_id (the deduplication key) to ndjson rows.")
    var withId = false

    @Option(help: ArgumentHelp("Print the table definition for a format (clickhouse) and exit.", valueName: "FORMAT"))
    var printSchema: String?

    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "TIME"))
    var from: String?

    @Option(help: ArgumentHelp("Only events before this time.", valueName: "TIME"))
    var to: String?

    @Option(help: ArgumentHelp("Only this organisation's events.", valueName: "ACCOUNT"))
    var account: String?

    @Option(help: ArgumentHelp("Only events matching this query filter, or @NAME for a saved query.", valueName: "FILTER"))
    var query: String?

    @Option(help: ArgumentHelp("A directory of your own saved queries (NAME.hq) for @NAME.", valueName: "DIR"))
    var queries: String?

    @Option(help: ArgumentHelp("Export only what NAME has not exported yet, and remember how far it got.", valueName: "NAME"))
    var checkpoint: String?

    @Flag(help: "Start the checkpoint over with this selection and format.")
    var reset = false

    @Option(help: ArgumentHelp("Write to this file (it appears whole when complete).", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Write files named by time into this directory.", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("With --out-dir, start a new file after this many bytes.", valueName: "BYTES"))
    var rotateSize: Int?

    @Flag(help: "With --out-dir, gzip the files.")
    var gzip = false

    @Option(help: ArgumentHelp("Send to Splunk's HTTP Event Collector at this URL.", valueName: "URL"))
    var splunkHec: String?

    @Option(help: ArgumentHelp("Send to Elasticsearch/OpenSearch _bulk at this URL.", valueName: "URL"))
    var elasticUrl: String?

    @Option(help: ArgumentHelp("The index for --elastic-url.", valueName: "NAME"))
    var index = "hubaudit-events"

    @Option(help: ArgumentHelp("Send to ClickHouse's HTTP interface at this URL (with --table).", valueName: "URL"))
    var clickhouseUrl: String?

    @Option(help: ArgumentHelp("The table for --clickhouse-url and --print-schema.", valueName: "TABLE"))
    var table = "hubaudit_events"

    @Option(help: ArgumentHelp("Post one chat message per batch to this incoming webhook.", valueName: "URL"))
    var webhook: String?

    @Option(help: ArgumentHelp("Read the receiver's token from this file (else $HUBAUDIT_EXPORT_TOKEN).", valueName: "FILE"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Events per HTTP batch (default 1000; 20 for --webhook).", valueName: "N"))
    var batchEvents: Int?

    @Option(help: ArgumentHelp("Bytes per HTTP batch, about.", valueName: "BYTES"))
    var batchBytes = 4 << 20

    @Option(help: ArgumentHelp("Attempts per HTTP batch before giving up with exit status 75.", valueName: "N"))
    var maxAttempts = 6

    @Option(help: ArgumentHelp("Seconds before the first retry (doubling, with jitter).", valueName: "SECONDS"))
    var retryDelay = 0.5

    @Option(help: ArgumentHelp("Seconds an HTTP request may take.", valueName: "SECONDS"))
    var timeout = 30.0

    @Option(help: ArgumentHelp("The host name in Splunk envelopes (default: this machine's).", valueName: "NAME"))
    var host: String?

    func validate() throws {
        _ = try parseTime(from, "--from")
        _ = try parseTime(to, "--to")
        let destinations = [output, outDir, splunkHec, elasticUrl, clickhouseUrl, webhook].compactMap { $0 }
        guard destinations.count <= 1 else {
            throw ValidationError("give one destination: --output, --out-dir, --splunk-hec, --elastic-url, --clickhouse-url or --webhook")
        }
        if let format, ExportFormat(rawValue: format) == nil { throw ValidationError("--format: '\(format)' is not one of \(ExportFormat.names)") }
        if rotateSize != nil || gzip, outDir == nil { throw ValidationError("--rotate-size and --gzip go with --out-dir") }
        if let rotateSize, rotateSize < 1 { throw ValidationError("--rotate-size must be at least 1") }
        if reset, checkpoint == nil { throw ValidationError("--reset goes with --checkpoint") }
        guard maxAttempts >= 1, batchBytes >= 1, (batchEvents ?? 1) >= 1, retryDelay >= 0, timeout > 0 else {
            throw ValidationError("--max-attempts, --batch-events and --batch-bytes must be positive, --retry-delay and --timeout not negative")
        }
    }

    func run() async throws {
        if let printSchema {
            guard printSchema == "clickhouse" else { throw ValidationError("--print-schema: only 'clickhouse' has a schema") }
            print(ClickHouseSchema.ddl(table: table), terminator: "")
            return
        }
        do {
            try await export()
        } catch ExportError.outputClosed {
            throw OutputError.brokenPipe
        } catch let error as ExportError {
            Terminal.error(error.description)
            throw ExitCode(error.exitStatus)
        }
    }

    private func export() async throws {
        var selection = ExportSelection(from: try parseTime(from, "--from"), to: try parseTime(to, "--to"), account: account,
                                        predicate: try predicate())
        selection.queryLabel = query
        let receiver = try self.receiver()
        let chosen = try Receiver.format(requested: format.flatMap(ExportFormat.init(rawValue:)), for: receiver)
        let encoder = EventEncoder(format: chosen, withID: withId, host: host ?? ProcessInfo.processInfo.hostName)
        let target = receiver.map { "\($0.kind) \(encoder.format.rawValue)" } ?? encoder.format.rawValue
        let reader = try AuditStore(root: store.path)
        let exporter = Exporter(store: reader, selection: selection, encoder: encoder, checkpoint: checkpoint, reset: reset, target: target)
        let progress = Progress("exporting")
        let report: (Int) -> Void = { progress.update($0, unit: "events") }
        let summary: ExportSummary
        var done = ""
        if let receiver {
            let log: @Sendable (String) -> Void = { Terminal.message($0) }
            let sink = HTTPSink(receiver: receiver, encoder: encoder, batchEvents: batchEvents ?? receiver.defaultBatchEvents,
                                batchBytes: batchBytes, schedule: RetrySchedule(maxAttempts: maxAttempts, baseDelay: retryDelay),
                                transport: CurlTransport(requestTimeout: timeout), log: log)
            summary = try await exporter.run(into: sink, progress: report)
        } else if let outDir {
            let sink = try DirectorySink(directory: outDir, encoder: encoder, rotateSize: rotateSize, gzip: gzip)
            summary = try await exporter.run(into: sink, progress: report)
            done = "exported \(summary.events) events in \(sink.completed.count) file(s) to \(outDir)"
        } else if let output {
            summary = try await exporter.run(into: try FileSink(path: output, encoder: encoder), progress: report)
            done = "exported \(summary.events) events to \(output)"
        } else {
            summary = try await exporter.run(into: StandardOutputSink(encoder: encoder), progress: report)
        }
        progress.finish()
        if let receiver { done = "delivered \(summary.events) events to \(receiver.displayURL)" }
        if !done.isEmpty { Terminal.message(done) }
        if let checkpoint, let position = summary.position { Terminal.message("checkpoint '\(checkpoint)' is at \(position)") }
        for damage in summary.damaged { Terminal.error("skipped: \(damage)") }
        if !summary.damaged.isEmpty {
            throw CLIError.invalid("\(summary.damaged.count) damaged block(s) could not be exported; the rest was")
        }
    }

    private func predicate() throws -> EventPredicate? {
        guard let query else { return nil }
        let text: String
        do {
            text = try SavedQueryDirectory.resolve(query, userDirectory: queries) ?? query
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
        do {
            return try EventPredicate(text, now: Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
        } catch {
            Terminal.message(error.render(query: text))
            throw ExitCode(2)
        }
    }

    private func receiver() throws(ExportError) -> Receiver? {
        if let splunkHec { return .splunk(try ReceiverURL(splunkHec, option: "--splunk-hec"), token: try token(required: true) ?? "") }
        if let elasticUrl { return .elastic(try ReceiverURL(elasticUrl, option: "--elastic-url"), index: index, token: try token(required: false)) }
        if let clickhouseUrl {
            try Receiver.checkTableName(table)
            return .clickhouse(try ReceiverURL(clickhouseUrl, option: "--clickhouse-url"), table: table, token: try token(required: false))
        }
        if let webhook { return .webhook(try ReceiverURL(webhook, option: "--webhook")) }
        return nil
    }

    private func token(required: Bool) throws(ExportError) -> String? {
        try ReceiverToken.read(file: tokenFile, environment: ProcessInfo.processInfo.environment, required: required)
    }
}

/// Parses a command-line time, or explains what is expected.
func parseTime(_ text: String?, _ option: String) throws -> Timestamp? {
    guard let text else { return nil }
    do {
        return try Timestamp(dateOrRFC3339: text)
    } catch {
        throw ValidationError("\(option): '\(text)' is not a time (\(error)); use 2024-05-01 or 2024-05-01T12:00:00Z")
    }
}
