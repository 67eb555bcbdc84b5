import Foundation

/// DuckDB's command line (`duckdb`, from PyPI's `duckdb-cli`), run once per SQL string: the
/// reference the tests compare hubaudit's exports and answers with.
public struct DuckDB: Sendable {
    /// The `duckdb` executable.
    public let executable: String

    /// The DuckDB binary: the one inside the engines venv (`duckdb_cli/duckdb`, without the
    /// Python launcher), else `duckdb` on `PATH`; nil when neither is installed.
    public static var installed: DuckDB? {
        let candidates = Engines.venvSitePackages.map { $0 + "/duckdb_cli/duckdb" } + [Engines.engineVenv + "/bin/duckdb"]
        return Engines.executable("duckdb", candidates: candidates).map(DuckDB.init(executable:))
    }

    /// The installed DuckDB, or an error saying how to install it.
    public static func located() throws -> DuckDB {
        guard let duckdb = installed else {
            throw EngineError.notInstalled(tool: "duckdb", hint: "pip install duckdb-cli into \(Engines.engineVenv) (.ci/run does)")
        }
        return duckdb
    }

    /// An output format of the command line.
    public enum Format: String, Sendable {
        /// CSV with a header line.
        case csv
        /// One JSON array of row objects.
        case json
        /// One JSON object per row and line.
        case jsonlines
    }

    /// Runs `sql` (one or more statements) against `database` (a file, created when missing; in
    /// memory when nil) and returns what it printed; a failing statement throws with DuckDB's
    /// message.
    @discardableResult
    public func run(_ sql: String, database: String? = nil, format: Format = .csv) throws -> String {
        try Engines.output(of: "duckdb", executable, ["-\(format.rawValue)", "-bail", "-c", sql] + (database.map { [$0] } ?? []))
    }
}
