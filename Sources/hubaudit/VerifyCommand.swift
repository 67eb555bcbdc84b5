import ArgumentParser
import AuditModel
import AuditOutput
import Foundation
import SegmentStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every checksum, every event, and the catalog against the segments.",
        discussion: """
            Exit status 0 when the store is whole; otherwise each problem is listed with its \
            segment, block and offset, and the exit status is 1. It repairs nothing; it records the \
            damaged blocks it found in the catalog (a clean run clears them), so that a query \
            answered from the index alone cannot count their events silently ('query --skip-damaged' \
            answers from the rest). --format json prints one object for monitoring: clean, segments, \
            blocks, events, problems (segment, block, offset, message) and notes.

            Examples:
              hubaudit verify --store ./archive || echo "archive damaged"
              hubaudit verify --store ./archive --format json | jq .problems
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: ArgumentHelp("Output: text (problems on standard output, a summary on standard error) or json.", valueName: "FORMAT"))
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format: '\(format)' is not text or json") }
    }

    func run() throws {
        let report = try StoreVerifier.verify(root: store.path)
        let recorded = record(report)
        if format == "json" {
            var object = JSONObject()
            object.add("clean", report.isClean)
            object.add("segments", report.segments)
            object.add("blocks", report.blocks)
            object.add("events", report.events)
            object.add("problems", report.problems.map { problem in
                var p = JSONObject()
                p.add("segment", problem.segment)
                if let block = problem.block { p.add("block", block) } else { p.addNull("block") }
                if let offset = problem.offset { p.add("offset", offset) } else { p.addNull("offset") }
                p.add("message", problem.message)
                return p
            })
            object.add("damaged_blocks_recorded", recorded ?? 0)
            object.add("notes", report.notes.map { note in
                var n = JSONObject()
                n.add("note", note)
                return n
            })
            print(object.text)
        } else {
            for note in report.notes { Terminal.message("note: \(note)") }
            for problem in report.problems { print(DisplayText("problem: \(problem)", context: .message).text) }
        }
        let summary = "checked \(report.segments) segments, \(report.blocks) blocks, \(report.events) events"
        if report.isClean {
            Terminal.message("\(summary): the store is whole")
        } else {
            let note = recorded.map { $0 > 0 ? "; \($0) damaged block(s) recorded in the catalog" : "" } ?? ""
            Terminal.message("\(summary): \(report.problems.count) problem(s)\(note)")
            throw ExitCode(1)
        }
    }

    /// Records the damaged blocks in the catalog (replacing the last run's record); `nil` when
    /// the catalog cannot be opened or written (verify has already said why, or says so now).
    private func record(_ report: VerifyReport) -> Int? {
        do {
            let audit = try AuditStore(root: store.path)
            let time = "\(Timestamp(seconds: Int64(Date().timeIntervalSince1970)))"
            let records = report.damageRecords(blocks: try audit.snapshot().blocks, at: time)
            try audit.recordDamage(records)
            return records.count
        } catch {
            if !report.isClean { Terminal.message("note: the damaged blocks could not be recorded in the catalog (\(error))") }
            return nil
        }
    }
}

struct RebuildCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-catalog",
        abstract: "Rebuild catalog.sqlite (blocks, index, sequence numbers) from the segment files alone.",
        discussion: """
            Use it when the catalog is lost or damaged. The old catalog, if any, is kept as \
            catalog.sqlite.bak-DATE (an earlier backup is never replaced); sync cursors and export checkpoints are carried over when it still opens. \
            Damaged blocks are left out and listed.

            Example:
              hubaudit rebuild-catalog --store ./archive && hubaudit verify --store ./archive
            """
    )

    @OptionGroup var store: StoreOptionGroup

    func run() throws {
        let report = try CatalogRebuilder.rebuild(root: store.path)
        for skipped in report.skipped { Terminal.warning("left out: \(skipped)") }
        if let previous = report.previousCatalog { Terminal.message("the previous catalog was kept as \(previous)") }
        Terminal.message("rebuilt the catalog from \(report.segments) segments: \(report.blocks) blocks, \(report.events) events")
        if report.keptCheckpoints > 0 { Terminal.message("kept \(report.keptCheckpoints) export checkpoint(s)") }
    }
}
