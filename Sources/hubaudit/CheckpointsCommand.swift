import ArgumentParser
import AuditExport
import AuditOutput
import SegmentStore

struct CheckpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoints",
        abstract: "List export checkpoints, or start one over.",
        discussion: """
            A checkpoint (export --checkpoint NAME) remembers its selection, its format or receiver, and its \
            position: the store sequence number below which every selected event was delivered. --reset NAME \
            sets it back to 0, so the next export sends everything again. Exit status 1 for an unknown name.

            Examples:
              hubaudit checkpoints --store ./archive
              hubaudit checkpoints --store ./archive --reset splunk
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: "Output format: table, ndjson, json or csv (default: table on a terminal, else ndjson).")
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Start this checkpoint over (position 0).", valueName: "NAME"))
    var reset: String?

    func run() throws {
        let reader = try AuditStore(root: store.path)
        if let reset {
            guard try reader.resetCheckpoint(reset) else {
                Terminal.error(ExportError.unknownCheckpoint(reset).description)
                throw ExitCode(ExportError.unknownCheckpoint(reset).exitStatus)
            }
            Terminal.message("checkpoint '\(reset)' starts over at 0")
            return
        }
        let checkpoints = try reader.checkpoints()
        let out = OutputStream()
        let header = ["name", "filter", "format", "position", "last_run", "exported"]
        let rows = checkpoints.map {
            [$0.name, $0.filter, $0.format, String($0.position), $0.lastRun ?? "", String($0.exported)]
        }
        switch OutputFormat.resolve(format) {
        case .table:
            try out.write(TableRenderer.render(header: header.map { $0.uppercased() }, rows: rows, rightAligned: [3, 5]))
        case .csv:
            try out.append { buffer in
                CSVWriter.appendRow(header, to: &buffer)
                for row in rows { CSVWriter.appendRow(row, to: &buffer) }
            }
        case .ndjson, .json:
            let objects = checkpoints.map { checkpoint -> String in
                var object = JSONObject()
                object.add("name", checkpoint.name)
                object.add("filter", checkpoint.filter)
                object.add("format", checkpoint.format)
                object.add("position", checkpoint.position)
                if let lastRun = checkpoint.lastRun { object.add("last_run", lastRun) } else { object.addNull("last_run") }
                object.add("exported", checkpoint.exported)
                return object.text
            }
            if OutputFormat.resolve(format) == .json {
                try out.write("[" + objects.joined(separator: ",") + "]\n")
            } else {
                try out.write(objects.map { $0 + "\n" }.joined())
            }
        }
        try out.flush()
    }
}
