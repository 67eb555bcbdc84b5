import ArgumentParser
import Foundation
import HubAPI

struct ActionsCommand: ParsableCommand {
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

    @Option(help: "Output format: table, ndjson or json (default: table on a terminal, else ndjson).")
    var format: OutputFormat?

    func validate() throws {
        try hub.validate()
    }

    func run() throws {
        let client = try hub.client(storePath: store.path) { _ in }
        let account = self.account
        let outcome = runBlocking { () async -> Result<ActionCatalog, HubError> in
            do throws(HubError) {
                return .success(try await client.actions(account: account))
            } catch {
                return .failure(error)
            }
        }
        let catalog: ActionCatalog
        switch outcome {
        case .success(let c): catalog = c
        case .failure(let error):
            if error.isTemporary {
                Terminal.error(error.description)
                throw ExitCode(75)
            }
            throw CLIError.invalid(error.description)
        }
        let rows = catalog.groups.flatMap { g in g.actions.map { [$0.fullName, g.label, $0.label, $0.description] } }
        switch OutputFormat.resolve(format) {
        case .table:
            print(renderTable(header: ["action", "group", "label", "description"], rows: rows), terminator: "")
        case .ndjson, .json:
            for row in rows {
                var o = JSONObject()
                o.add("action", row[0])
                o.add("group", row[1])
                o.add("label", row[2])
                o.add("description", row[3])
                print(o.text)
            }
        }
    }
}
