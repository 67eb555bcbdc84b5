import Foundation

/// A query example of `docs/query-language.md`: a fenced block tagged `hq` (a query that runs)
/// or `hq-error` (one that fails), with the `text` block after it when there is one (what the
/// query prints: the answer, or for `hq-error` the error message as the command line shows it).
struct DocumentationExample: Sendable, CustomStringConvertible {
    /// Whether the query is documented to fail.
    var fails: Bool
    /// The query text (its lines, without the last line break).
    var query: String
    /// The block after it, without its last line break; `nil` when there is none.
    var output: String?
    /// The line of the document where the example's block starts (1-based).
    var line: Int

    var description: String { "line \(line): \(query)" }

    /// The reference document, next to the sources: `docs/query-language.md`.
    static let documentPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/query-language.md").path

    /// The document's text, or "" when it cannot be read (a test checks that it can).
    static let document: String = (try? String(contentsOfFile: documentPath, encoding: .utf8)) ?? ""

    /// The examples of the document, in order.
    static let all: [DocumentationExample] = parse(document)

    /// Finds the `hq` and `hq-error` blocks of a Markdown text and the `text` block after each.
    static func parse(_ markdown: String) -> [DocumentationExample] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [DocumentationExample] = []
        var i = 0
        /// The lines of the fenced block whose opening line is `start`, and the index after it.
        func block(from start: Int) -> ([String], Int) {
            var j = start + 1
            var body: [String] = []
            while j < lines.count, lines[j] != "```" {
                body.append(lines[j])
                j += 1
            }
            return (body, j + 1)
        }
        while i < lines.count {
            let tag = lines[i].hasPrefix("```") ? String(lines[i].dropFirst(3)).split(separator: " ").first.map(String.init) : nil
            guard tag == "hq" || tag == "hq-error" else {
                i += 1
                continue
            }
            let (query, afterQuery) = block(from: i)
            var next = afterQuery
            while next < lines.count, lines[next].allSatisfy(\.isWhitespace) { next += 1 }
            var output: String?
            var end = afterQuery
            if next < lines.count, lines[next] == "```text" {
                let (text, afterText) = block(from: next)
                output = text.joined(separator: "\n")
                end = afterText
            }
            examples.append(DocumentationExample(fails: tag == "hq-error", query: query.joined(separator: "\n"), output: output, line: i + 1))
            i = end
        }
        return examples
    }
}
