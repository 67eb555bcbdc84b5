import AuditQuery
import Foundation
import TestSupport
import Testing

@Suite struct SavedQueryDirectoryTests {
    @Test("a user's NAME.hq adds a query or replaces a built-in one; other files are ignored")
    func userDirectory() throws {
        let dir = TemporaryDirectory()
        let builtIn = try #require(SavedQuery.library.first)
        try "# mine\n| count".write(toFile: dir.path + "/mine.hq", atomically: true, encoding: .utf8)
        try "# replaced\n| count".write(toFile: dir.path + "/\(builtIn.name).hq", atomically: true, encoding: .utf8)
        try "not a query".write(toFile: dir.path + "/notes.txt", atomically: true, encoding: .utf8)
        let all = try SavedQueryDirectory.all(userDirectory: dir.path)
        #expect(all.count == SavedQuery.library.count + 1)
        #expect(all.first { $0.name == "mine" }?.summary == "mine")
        #expect(all.first { $0.name == builtIn.name }?.summary == "replaced")
        #expect(all.map(\.name) == all.map(\.name).sorted())
    }

    @Test("an unreadable directory is an error naming it")
    func unreadable() {
        #expect(throws: SavedQueryError.self) { try SavedQueryDirectory.all(userDirectory: "/nonexistent/queries") }
    }

    @Test("a mistyped name suggests the closest saved query, only when it is close", arguments: [
        ("top-pusher", "top-pushers"), ("tpo-pushers", "top-pushers"), ("completely-different-words", nil),
    ] as [(String, String?)])
    func closest(_ typed: String, _ expected: String?) {
        #expect(SavedQueryDirectory.closestName(to: typed, in: SavedQuery.library) == expected)
    }

    @Test("@NAME | STAGES runs the saved query with more stages; other text after the name is refused")
    func moreStages() throws {
        let dir = TemporaryDirectory()
        try "# with a comment on its last line\naction=repo.delete # deletions".write(toFile: dir.path + "/del.hq", atomically: true, encoding: .utf8)
        let plain = try #require(try SavedQueryDirectory.resolve("@del", userDirectory: dir.path))
        #expect(plain.hasSuffix("# deletions"))
        let staged = try #require(try SavedQueryDirectory.resolve("@del | count by actor", userDirectory: dir.path))
        #expect(staged == plain + "\n| count by actor")
        #expect(try Query(parsing: staged).stages.count == 1)
        #expect(try SavedQueryDirectory.resolve("@del|count", userDirectory: dir.path) == plain + "\n|count")
        #expect(try SavedQueryDirectory.resolve("actor=x", userDirectory: nil) == nil)
        #expect(throws: SavedQueryError.notStages(name: "del", text: "actor=bob")) {
            try SavedQueryDirectory.resolve("@del actor=bob", userDirectory: dir.path)
        }
        #expect(throws: SavedQueryError.unknownName("dell", suggestion: "del")) {
            try SavedQueryDirectory.resolve("@dell | count", userDirectory: dir.path)
        }
    }
}
