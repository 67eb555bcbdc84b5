import ArgumentParser
import AuditOutput
import Foundation
import HubAPI

struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Print the audit-log actions Docker Hub lists for an organisation.",
        discussion: """
            The list is what the Hub offers today; events may carry other actions, and hubaudit \
            keeps them all.

            Example:
              HUBAUDIT_USERNAME=alice HUBAUDIT_TOKEN=dckr_pat_… hubaudit actions --account acme
            """
    )

    @OptionGroup var store: StoreOptionGroup
    @OptionGroup var hub: HubConnectionOptions

    @Option(help: ArgumentHelp("The organisation.", valueName: "ORG"))
    var account: String

    @Option(help: "Output format: table, ndjson, json or csv (default: table on a terminal, else ndjson).")
    var format: OutputFormat?

    func validate() throws {
        try hub.validate()
    }

    func run() async throws {
        let client = try hub.client(storePath: store.path) { _ in }
        let catalog: ActionCatalog
        do throws(HubError) {
            catalog = try await client.actions(account: account)
        } catch {
            if error.isTemporary {
                Terminal.error(error.description)
                throw ExitCode(75)
            }
            throw CLIError.invalid(error.description)
        }
        let header = ["action", "group", "label", "description"]
        let rows = catalog.groups.flatMap { g in g.actions.map { [$0.fullName, g.label, $0.label, $0.description] } }
        let out = OutputStream()
        try out.write(ReportWriter.render(header: header, rows: rows, format: OutputFormat.resolve(format)))
        try out.flush()
    }
}
