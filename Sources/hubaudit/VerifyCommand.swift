import ArgumentParser
import AuditOutput
import SegmentStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every checksum, every event, and the catalog against the segments.",
        discussion: """
            Exit status 0 when the store is whole; otherwise each problem is listed with its \
            segment, block and offset, and the exit status is 1. It only reads: it repairs nothing.

            Example:
              hubaudit verify --store ./archive || echo "archive damaged"
            """
    )

    @OptionGroup var store: StoreOptionGroup

    func run() throws {
        let report = try StoreVerifier.verify(root: store.path)
        for note in report.notes { Terminal.message("note: \(note)") }
        for problem in report.problems { print(DisplayText("problem: \(problem)", context: .message).text) }
        let summary = "checked \(report.segments) segments, \(report.blocks) blocks, \(report.events) events"
        if report.isClean {
            Terminal.message("\(summary): the store is whole")
        } else {
            Terminal.message("\(summary): \(report.problems.count) problem(s)")
            throw ExitCode(1)
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
