import ArgumentParser
import AuditOutput
import Foundation

/// The `hubaudit` command: argument parsing only; every command calls into the libraries.
@main
struct HubAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubaudit",
        abstract: "Keep a complete, queryable archive of Docker Hub audit logs.",
        discussion: """
            Exit codes: 0 success; 1 error (damaged store, failed import, I/O, credentials); 2 usage \
            error (bad option or argument, bad query); 3 'query --strict' met a filter value that no stored \
            event has; 75 temporary failure of sync or of an export receiver (run again later).
            Data goes to standard output; messages and progress go to standard error.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, ImportCommand.self, ExportCommand.self, InfoCommand.self, VerifyCommand.self,
            RebuildCatalogCommand.self, GenerateCommand.self, SyncCommand.self, EmulateCommand.self, ActionsCommand.self,
            QueryCommand.self, QueriesCommand.self, QueryLanguageCommand.self, CheckpointsCommand.self,
        ]
    )

    /// Runs the command, mapping errors to the documented exit codes.
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(Self.helpTopicsAsCommands(Array(CommandLine.arguments.dropFirst())))
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch OutputError.brokenPipe {
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            switch exitCode(for: error) {
            case .success:
                exit(withError: error)  // --help, --version
            case .validationFailure:
                Terminal.message(fullMessage(for: error))
                Foundation.exit(2)
            default:
                Terminal.error("\(error)")
                Foundation.exit(1)
            }
        }
    }
}

extension HubAudit {
    /// `help query-language` names a help topic, not a command's usage: ArgumentParser's built-in
    /// `help` would print the usage of the `query-language` command instead of the reference, so
    /// the topic is run as that command.
    static func helpTopicsAsCommands(_ arguments: [String]) -> [String] {
        arguments.count >= 2 && arguments[0] == "help" && arguments[1] == QueryLanguageCommand.configuration.commandName
            ? Array(arguments.dropFirst()) : arguments
    }
}

/// `--store DIR`, shared by every command that opens a store.
struct StoreOptionGroup: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store directory (default: $HUBAUDIT_STORE, else ~/.local/share/hubaudit).", valueName: "DIR"))
    var store: String?

    /// The store directory to use.
    var path: String {
        if let store { return store }
        let env = ProcessInfo.processInfo.environment
        if let fromEnv = env["HUBAUDIT_STORE"], !fromEnv.isEmpty { return fromEnv }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/hubaudit"
    }
}

/// `--format table|ndjson|json|csv` on every command that prints data.
extension OutputFormat: ExpressibleByArgument {}
