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
}
