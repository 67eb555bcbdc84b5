import AuditModel
@testable import AuditQuery
import Testing

/// The reference, `docs/query-language.md`: built into the binary unchanged, and every query
/// example in it parses, or fails with the message it shows. (`sh docs/examples.sh` also checks
/// the answers printed under the examples, against a generated store.)
@Suite struct DocumentationTests {
    /// The `now` the document's examples run with (`--now 2026-01-01`).
    static let now = Timestamp(seconds: 1_767_225_600)

    @Test("the embedded reference equals docs/query-language.md (rerun docs/embed.sh after editing it)")
    func embeddedMatchesDocument() {
        #expect(!DocumentationExample.document.isEmpty, "cannot read \(DocumentationExample.documentPath)")
        #expect(QueryLanguageReference.markdown + "\n" == DocumentationExample.document,
                "docs/query-language.md differs from the embedded copy: run docs/embed.sh")
    }

    @Test("the document has its examples, and each failing one shows its message")
    func examplesFound() {
        let examples = DocumentationExample.all
        #expect(examples.count >= 100, "found \(examples.count) examples in \(DocumentationExample.documentPath)")
        #expect(examples.filter(\.fails).count >= 30)
        for example in examples where example.fails {
            #expect(example.output != nil, "\(example): an hq-error example needs the message after it")
        }
    }

    @Test("the extractor finds tagged blocks and the output after them")
    func extractor() {
        let markdown = "text\n```hq\na=b\n| count\n```\n\n```text\ncount\n    1\n```\n```sh\nx\n```\n```hq-error\n=x\n```\n```hq --format csv\nc\n```\n"
        let found = DocumentationExample.parse(markdown)
        #expect(found.map(\.query) == ["a=b\n| count", "=x", "c"])
        #expect(found.map(\.fails) == [false, true, false])
        #expect(found.map(\.output) == ["count\n    1", nil, nil])
        #expect(found.map(\.line) == [2, 14, 17])
    }

    @Test("every runnable example parses and plans", arguments: DocumentationExample.all.filter { !$0.fails })
    func runnableExample(_ example: DocumentationExample) throws {
        let query = try Query(parsing: example.query)
        _ = try QueryPlan(query, snapshot: try Fixture.get().snapshot, now: Self.now)
    }

    @Test("every failing example fails with the message the document shows", arguments: DocumentationExample.all.filter(\.fails))
    func failingExample(_ example: DocumentationExample) throws {
        let error = try #require(throws: QueryError.self, "\(example) was documented to fail") {
            let query = try Query(parsing: example.query)
            _ = try QueryPlan(query, snapshot: try Fixture.get().snapshot, now: Self.now)
        }
        #expect(error.render(query: example.query) == example.output, "\(example)")
    }
}
