import ArgumentParser
import AuditQuery

/// `hubaudit query-language` (also `hubaudit help query-language`): the language reference that is
/// docs/query-language.md in the repository, compiled into the binary.
struct QueryLanguageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query-language",
        abstract: "Print the query language reference (every field, operator, time form, stage and function).",
        discussion: """
            The same text as docs/query-language.md in the repository, in Markdown.

            Examples:
              hubaudit help query-language | less
              hubaudit query-language > query-language.md
            """
    )

    func run() throws {
        print(QueryLanguageReference.markdown, terminator: QueryLanguageReference.markdown.hasSuffix("\n") ? "" : "\n")
    }
}
