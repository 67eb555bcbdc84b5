import ArgumentParser
import AuditOutput
import EventImport
import SegmentStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import NDJSON audit events (plain or gzip) into the store.",
        discussion: """
            Each file is one transaction: a malformed line is reported as FILE:LINE: reason and \
            nothing from that file is imported, unless --skip-invalid is given. Files before a \
            failed one stay imported. Use - to read standard input. An empty input is a warning \
            and the other files are still imported.

            The store keeps a ledger of what it imported (the content's digest, lines, events), \
            committed with the events: an input imported before (same content, under any name, \
            plain or gzipped) imports nothing and says so; a file that grew since it was imported \
            imports only its new lines. --force imports it again on purpose.

            Example:
              hubaudit import --store ./archive events-2024.ndjson.gz
              zcat old/*.gz | hubaudit import --store ./archive -
              hubaudit import --store ./archive --force events-2024.ndjson.gz   # again, on purpose
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Argument(help: ArgumentHelp("NDJSON files to import (- for standard input).", valueName: "FILE"))
    var files: [String]

    @Flag(help: "Import the valid lines of a file with invalid ones instead of rejecting the file.")
    var skipInvalid = false

    @Flag(help: "Import an input again even though the store's ledger says it was imported.")
    var force = false

    @Option(help: ArgumentHelp("With --skip-invalid, write rejected lines here (NDJSON with file, line, reason, text).",
                               valueName: "FILE"))
    var rejects: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one FILE (or - for standard input)") }
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects needs --skip-invalid") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() throws {
        let writer = try StoreWriter(root: store.path)
        defer { writer.close() }
        reportRecovery(writer.recovery)
        let importer = try Importer(writer: writer, options: ImportOptions(skipInvalid: skipInvalid, rejectsPath: rejects, force: force))
        var total = 0
        for file in files {
            let progress = Progress("importing \(file == "-" ? "<stdin>" : file)")
            let result: ImportResult
            do {
                result = try importer.importFile(file) { lines in progress.update(lines, unit: "lines") }
            } catch {
                progress.finish()
                guard case .empty(let name) = error else { throw error }
                Terminal.warning("\(name): no events in the input; nothing imported from it")
                continue
            }
            progress.finish()
            total += result.imported
            if let earlier = result.alreadyImported {
                Terminal.message("\(result.file): already imported (\(earlier.events) events from \(earlier.file) at \(earlier.at)); "
                                 + "nothing imported (--force imports it again)")
                continue
            }
            var line = "imported \(result.imported) events from \(result.file)"
            if let resumed = result.resumed {
                line += " (its first \(resumed.lines) lines were imported at \(resumed.at); only the lines after them now)"
            }
            if result.rejected > 0 {
                line += " (\(result.rejected) invalid lines skipped" + (rejects.map { ", see \($0)" } ?? "") + ")"
            }
            Terminal.message(line)
        }
        if files.count > 1 { Terminal.message("imported \(total) events from \(files.count) files") }
    }
}

/// Tells the user what a writer repaired when it opened the store.
func reportRecovery(_ recovery: RecoveryReport) {
    for cut in recovery.truncated {
        Terminal.warning("cut off \(cut.bytes) uncommitted bytes at the end of segments/\(StoreLayout.segmentName(cut.segment)) (an interrupted write)")
    }
    for id in recovery.removedSegments {
        Terminal.warning("removed segments/\(StoreLayout.segmentName(id)), left by an interrupted write")
    }
    for problem in recovery.problems {
        Terminal.warning("\(problem); run 'hubaudit verify'")
    }
}
