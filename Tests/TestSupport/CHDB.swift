import Foundation

/// chDB (ClickHouse's engine in-process, PyPI's `chdb-core`), run through `python3 -c` once per
/// SQL string: a current ClickHouse to check the ClickHouse export against besides the 18.16
/// server.
public struct CHDB: Sendable {
    /// The Python interpreter that can `import chdb`.
    public let python: String

    /// The engines venv's Python when chDB is installed in it; nil otherwise.
    public static var installed: CHDB? {
        let python = Engines.engineVenv + "/bin/python3"
        let hasChdb = Engines.venvSitePackages.contains { FileManager.default.fileExists(atPath: $0 + "/chdb/__init__.py") }
        return hasChdb && FileManager.default.isExecutableFile(atPath: python) ? CHDB(python: python) : nil
    }

    /// The installed chDB, or an error saying how to install it.
    public static func located() throws -> CHDB {
        guard let chdb = installed else {
            throw EngineError.notInstalled(tool: "chdb", hint: "pip install chdb-core into \(Engines.engineVenv) (.ci/run does)")
        }
        return chdb
    }

    /// The script: `ARGV = SQL FORMAT [PATH]`; with a path, a session whose tables persist there.
    static let script = """
        import sys, chdb
        sql, fmt = sys.argv[1], sys.argv[2]
        if len(sys.argv) > 3:
            from chdb import session
            result = session.Session(sys.argv[3]).query(sql, fmt)
        else:
            result = chdb.query(sql, fmt)
        sys.stdout.write(result.bytes().decode())
        """

    /// Runs `sql` (statements separated by `;`) and returns the output in ClickHouse's `format`
    /// (`CSV`, `JSONEachRow`, `TSV`, …). With `database`, tables live in that directory between
    /// calls; without, in memory for this call only.
    @discardableResult
    public func query(_ sql: String, format: String = "CSV", database: String? = nil) throws -> String {
        try Engines.output(of: "chdb", python, ["-c", Self.script, sql, format] + (database.map { [$0] } ?? []))
    }
}
