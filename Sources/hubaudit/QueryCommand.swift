import ArgumentParser
import AuditModel
import AuditOutput
import AuditQuery
import Foundation
import SegmentStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer a question about the archive: filter, count, group, sort.",
        discussion: """
            A query is a filter followed by stages separated by '|'. The reference, with an \
            example of every field, operator, time form, stage and function, is printed by \
            'hubaudit help query-language' and is docs/query-language.md in the repository. \
            '@NAME' runs a saved query, '@NAME | STAGES' adds stages to it ('hubaudit queries' \
            lists them; --queries DIR adds your own NAME.hq files). FIELD:VALUE is FIELD=VALUE. When an account, action or actor value \
            in the filter occurs in no stored event (a likely typo), a warning names the nearest \
            values the index holds. Exit status 0 when the query ran, 1 when the store cannot be \
            read or damaged blocks recorded by 'hubaudit verify' may hold part of the answer (with \
            --skip-damaged: the answer from the rest, and a warning), 2 when the query cannot be \
            parsed or planned, 3 with --strict when such a value was found (the answer is still printed).

            Examples:
              hubaudit query 'actor=alice since:-7d'
              hubaudit query --strict 'action:repo.delete | count'
              hubaudit query 'action=repo.tag.push since:-30d | top 10 actor'
              hubaudit query 'action=team.member.* | count by bin(time, 1d)'
              hubaudit query @privacy-changes --format csv
              hubaudit query '@privacy-changes | sort time desc | limit 10'
              hubaudit query -f my-question.hq --explain
            """
    )

    @Argument(help: ArgumentHelp("The query, or @NAME for a saved query.", valueName: "QUERY"))
    var query: String?

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Read the query from a file (.hq).", valueName: "FILE"))
    var file: String?

    @OptionGroup var store: StoreOptionGroup

    @Option(help: "Output format: table, ndjson, json or csv (default: table on a terminal, else ndjson).")
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Pin 'now' (a date or RFC 3339 time), so relative times give the same answer tomorrow.", valueName: "TIME"))
    var now: String?

    @Flag(help: "Print the plan (index predicates, blocks and events the scan will touch) instead of running the query.")
    var explain = false

    @Flag(help: "After the answer, print blocks and events read, bytes inflated and time taken to standard error.")
    var stats = false

    @Option(help: ArgumentHelp("A directory of your own saved queries (NAME.hq) for @NAME.", valueName: "DIR"))
    var queries: String?

    @Option(help: ArgumentHelp("Table rows to show on a terminal before '… N more rows' (0: all).", valueName: "N"))
    var maxRows: Int = 100

    @Flag(help: "Exit with status 3 when the filter names an account, action or actor that no stored event has.")
    var strict = false

    @Flag(help: "Answer from the undamaged blocks when 'hubaudit verify' recorded damaged ones the query needs (exit status 1).")
    var skipDamaged = false

    @Flag(help: "Always scan blocks, even when the index alone could answer (for benchmarks and checks).")
    var noIndexAnswers = false

    func validate() throws {
        guard (query == nil) != (file == nil) else {
            throw ValidationError("give a query (or @NAME) or -f FILE, not both and not neither")
        }
        _ = try parseTime(now, "--now")
        guard maxRows >= 0 else { throw ValidationError("--max-rows must be 0 or more") }
    }

    func run() throws {
        let text = try queryText()
        let parsed: Query
        do {
            parsed = try Query(parsing: text)
        } catch {
            throw report(error, text)
        }
        let snapshot = try AuditStore(root: store.path).snapshot()
        let pinned = try parseTime(now, "--now") ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)))
        let plan: QueryPlan
        do {
            plan = try QueryPlan(parsed, snapshot: snapshot, now: pinned, useIndexAnswers: !noIndexAnswers, skipDamaged: skipDamaged)
        } catch let error as QueryError {
            throw report(error, text)
        }
        let out = OutputStream()
        if explain {
            try out.write(plan.explanation)
            try out.flush()
            try reportAbsentValues(plan)
            return
        }
        let onTerminal = Terminal.stdoutIsTerminal
        let style = TableStyle(width: onTerminal ? Terminal.width : nil, maxRows: onTerminal && maxRows > 0 ? maxRows : nil,
                               color: Terminal.colorOnStdout)
        let writer = ResultWriter(format: OutputFormat.resolve(format), style: style) { bytes in try out.write(bytes) }
        let statistics = try QueryEvaluator(plan: plan, snapshot: snapshot).run(into: writer)
        try out.flush()
        if stats { Terminal.message("stats: \(statistics)") }
        try reportAbsentValues(plan)
    }

    /// Warns of filter values no stored event has (with `--strict`, exits with status 3), and of
    /// damaged blocks left out (exit status 1: the answer is partial).
    private func reportAbsentValues(_ plan: QueryPlan) throws {
        for absent in plan.absentValues { Terminal.warning(absent.description) }
        if !plan.skippedDamage.isEmpty {
            let events = plan.skippedDamage.reduce(0) { $0 + $1.events }
            Terminal.warning("the answer leaves out \(events) events of \(plan.skippedDamage.count) damaged block(s) that verify recorded; "
                             + "first: \(plan.skippedDamage[0])")
            throw ExitCode(1)
        }
        if strict, !plan.absentValues.isEmpty { throw ExitCode(3) }
    }

    private func report(_ error: QueryError, _ text: String) -> ExitCode {
        Terminal.error(error.render(query: text, prefix: ""))
        return ExitCode(2)
    }

    private func queryText() throws -> String {
        if let file {
            do {
                return try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CLIError.invalid("cannot read \(file): \(error.localizedDescription)")
            }
        }
        let query = query ?? ""
        do {
            return try SavedQueryDirectory.resolve(query, userDirectory: queries) ?? query
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
    }
}
