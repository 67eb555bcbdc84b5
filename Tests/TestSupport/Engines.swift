import Foundation

/// Where the tests find the real engines they check hubaudit's output against (ClickHouse
/// 18.16 from Debian, DuckDB's command line and chDB from PyPI), and whether a missing one skips
/// its tests or fails them.
///
/// These are test-only tools: `.ci/run` installs them (`apt-get install clickhouse-server
/// clickhouse-client`; a Python venv at `engineVenv` with `duckdb-cli` and `chdb-core`) and sets
/// `HUBAUDIT_REQUIRE_ENGINES=1`, so in CI a missing engine is a failure. Elsewhere a test whose
/// engine is missing is skipped (its `.enabled(if:)` names the reason).
public enum Engines {
    /// True when missing engines must fail their tests instead of skipping them (CI sets
    /// `HUBAUDIT_REQUIRE_ENGINES=1`).
    public static var required: Bool {
        ProcessInfo.processInfo.environment["HUBAUDIT_REQUIRE_ENGINES"] == "1"
    }

    /// The Python venv holding `duckdb-cli` and `chdb-core`: `$HUBAUDIT_ENGINES_VENV`, else
    /// `~/.cache/hubaudit/engines-venv` (where `.ci/run` puts it, outside the clone, so a
    /// machine downloads them once).
    public static var engineVenv: String {
        if let venv = ProcessInfo.processInfo.environment["HUBAUDIT_ENGINES_VENV"], !venv.isEmpty { return venv }
        return NSHomeDirectory() + "/.cache/hubaudit/engines-venv"
    }

    /// The first of `candidates` that is an executable file, else `name` on `PATH`.
    static func executable(_ name: String, candidates: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let onPath = path.split(separator: ":").map { "\($0)/\(name)" }
        return (candidates + onPath).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The venv's `site-packages` directories (one per Python version it holds).
    static var venvSitePackages: [String] {
        let lib = engineVenv + "/lib"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
        return versions.filter { $0.hasPrefix("python") }.sorted().map { "\(lib)/\($0)/site-packages" }
    }

    /// Runs `executable ARGS` and returns its standard output, or throws `EngineError.failed`
    /// with its standard error when it exits non-zero.
    static func output(of tool: String, _ executable: String, _ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(executable, arguments)
        guard result.status == 0 else {
            throw EngineError.failed(tool: tool, status: result.status, message: result.stderr + result.stdout)
        }
        return result.stdout
    }
}
