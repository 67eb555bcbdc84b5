import ArgumentParser
import AuditOutput
import AuditQuery

struct QueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract: "List the saved queries (run one with 'hubaudit query @NAME'), or print one.",
        discussion: """
            The library ships inside the binary; --queries DIR adds your own NAME.hq files \
            (a file with a built-in name replaces it).

            Examples:
              hubaudit queries
              hubaudit queries new-actors
            """
    )

    @Argument(help: ArgumentHelp("Print this saved query's text.", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("A directory of your own saved queries (NAME.hq).", valueName: "DIR"))
    var queries: String?

    func run() throws {
        let library = try SavedQueryDirectory.all(userDirectory: queries)
        let out = OutputStream()
        if let name {
            let key = name.hasPrefix("@") ? String(name.dropFirst()) : name
            guard let saved = library.first(where: { $0.name == key }) else {
                Terminal.error("no saved query named '\(key)'; 'hubaudit queries' lists them")
                throw ExitCode(2)
            }
            try out.write(saved.text.hasSuffix("\n") ? saved.text : saved.text + "\n")
        } else {
            let width = Terminal.stdoutIsTerminal ? Terminal.width : nil
            let table = TableRenderer.render(header: ["NAME", "ANSWERS"], rows: library.map { ["@" + $0.name, $0.summary] },
                                             style: TableStyle(width: width))
            try out.write(table)
        }
        try out.flush()
    }
}
