import Foundation

/// A private ClickHouse server for one test: its own configuration, data, temporary files and
/// logs in a temporary directory, listening on 127.0.0.1 only (a free HTTP port and a free native
/// port, no interserver port), stopped and removed by `stop()` or when the object goes away.
///
/// Written for Debian bookworm's `clickhouse-server` 18.16.1 (`/usr/sbin/clickhouse-server`);
/// a newer single `clickhouse` binary on `PATH` (`clickhouse server`) works too. What 18.16
/// accepts, as the tests in `EngineTests` found (the ClickHouse export must fit it):
/// - `DateTime` (seconds, optional time zone `DateTime('UTC')`) only: no `DateTime64`, no
///   `toDateTime64`. A sub-second part is lost unless exported in a column of its own.
/// - JSONEachRow reads a `DateTime` from `"YYYY-MM-DD hh:mm:ss"` or a number (Unix seconds);
///   RFC 3339 with `T`/`Z` is rejected unless the insert sets `date_time_input_format=best_effort`
///   (which exists in 18.16 and then also drops a fractional part).
/// - JSONEachRow cannot read a nested object into a `String` column (nor with
///   `input_format_import_nested_json=1`): `data` must be exported as a JSON string.
/// - Unknown keys are an error (code 117) unless `input_format_skip_unknown_fields=1`; missing
///   keys take the column's default (`Nullable` ones null).
/// - `ReplacingMergeTree()` / `ReplacingMergeTree(version)` with `ORDER BY`, `PARTITION BY
///   toYYYYMM(timestamp)`, `SELECT … FINAL` and `OPTIMIZE TABLE … FINAL` work; without a version
///   column the last inserted row of a key is kept.
/// - Query parameters (`{name:Type}` with `param_name=` in the URL) do not exist: an unknown URL
///   parameter is taken as a setting and rejected ("Unknown setting param_x", code 115); values
///   must be inlined and quoted. Settings do go in the URL (`?input_format_skip_unknown_fields=1`).
/// - No `JSONExtract*` functions (`visitParamExtract*` exist); `LowCardinality` needs
///   `allow_experimental_low_cardinality_type=1`; `SET` over HTTP needs a session.
/// - `INSERT INTO t FORMAT JSONEachRow` takes rows in the POST body with the query in the URL
///   (or as the body's first line), gzip bodies with `Content-Encoding: gzip`; errors come back as
///   HTTP 404/500 with `Code: N, e.displayText() = …`.
public final class ClickHouseServer {
    /// The HTTP interface's port on 127.0.0.1.
    public let httpPort: Int
    /// The native protocol's port on 127.0.0.1 (for `clickhouse-client --port`).
    public let tcpPort: Int
    /// The server's directory (configuration, data, logs).
    public let directory: TemporaryDirectory
    /// The server process, started with posix_spawn: a long-lived child started through
    /// Foundation's `Process` kept Foundation from reaping the test's other children (a finished
    /// `hubaudit` stayed a zombie and every `waitUntilExit` in the test process waited).
    private let child: SpawnedProcess
    /// Set once the server has been reaped.
    private var ended = false

    /// The server's command: `clickhouse-server` (Debian) or `clickhouse server`; nil when neither
    /// is installed.
    public static var command: [String]? {
        if let server = Engines.executable("clickhouse-server", candidates: ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"]) {
            return [server]
        }
        return Engines.executable("clickhouse").map { [$0, "server"] }
    }

    /// Starts a server and waits (up to `timeout` seconds) until `GET /ping` answers `Ok.`.
    public init(timeout: Double = 60) throws {
        guard let command = Self.command else {
            throw EngineError.notInstalled(tool: "clickhouse-server", hint: "apt-get install clickhouse-server clickhouse-client (.ci/run does)")
        }
        directory = TemporaryDirectory()
        httpPort = LoopbackHTTP.freePort()
        var tcp = LoopbackHTTP.freePort()
        while tcp == httpPort { tcp = LoopbackHTTP.freePort() }
        tcpPort = tcp
        let config = directory.file("config.xml", Self.configuration(directory: directory.path, httpPort: httpPort, tcpPort: tcpPort))
        child = try SpawnedProcess(command[0], Array(command.dropFirst()) + ["--config-file=\(config)"], directory: directory.path)
        let console = child.stderrPath
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let pong = try? LoopbackHTTP.request("GET", port: httpPort, path: "/ping", timeout: 5), pong.body == "Ok.\n" { break }
            guard isRunning, Date() < deadline else {
                let logs = [child.stdoutPath, console, directory.path + "/log/error.log"].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
                stop()
                throw EngineError.notReady(tool: "clickhouse-server", log: logs.joined(separator: "\n"))
            }
            usleep(100_000)
        }
    }

    deinit { stop() }

    /// Stops the server (SIGTERM, SIGKILL after 20 s) and waits for it; safe to call twice.
    public func stop() {
        guard isRunning else { return }
        kill(child.pid, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while isRunning && Date() < deadline { usleep(50_000) }
        if isRunning {
            kill(child.pid, SIGKILL)
            child.wait()
            ended = true
        }
    }

    /// Whether the server still runs (reaping it once it has ended).
    private var isRunning: Bool {
        if ended { return false }
        if child.poll() != nil { ended = true }
        return !ended
    }

    /// Runs `sql` (with `settings` as URL parameters) and returns the answer's body, in the
    /// query's `FORMAT` (TabSeparated by default); an HTTP error throws with ClickHouse's message.
    @discardableResult
    public func query(_ sql: String, settings: [String: String] = [:]) throws -> String {
        try post(path: Self.path(settings), body: Data(sql.utf8))
    }

    /// Inserts the NDJSON rows `jsonEachRow` into `table` with `INSERT INTO table FORMAT
    /// JSONEachRow`, the statement in the URL and the rows as the body.
    public func insert(table: String, jsonEachRow: Data, settings: [String: String] = [:]) throws {
        try post(path: Self.path(settings.merging(["query": "INSERT INTO \(table) FORMAT JSONEachRow"]) { $1 }), body: jsonEachRow)
    }

    @discardableResult
    private func post(path: String, body: Data) throws -> String {
        let answer = try LoopbackHTTP.request(port: httpPort, path: path, body: body)
        guard answer.status == 200 else {
            throw EngineError.failed(tool: "clickhouse-server", status: Int32(answer.status), message: answer.body)
        }
        return answer.body
    }

    /// `/?k=v&…` with keys sorted and values percent-encoded.
    static func path(_ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = parameters.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return "/?" + pairs.joined(separator: "&")
    }

    /// A minimal 18.16 configuration: everything inside `directory`, loopback only, one
    /// password-less `default` user allowed from 127.0.0.1, UTC, small caches.
    static func configuration(directory: String, httpPort: Int, tcpPort: Int) -> String {
        """
        <?xml version="1.0"?>
        <yandex>
            <logger>
                <level>warning</level>
                <log>\(directory)/log/server.log</log>
                <errorlog>\(directory)/log/error.log</errorlog>
            </logger>
            <listen_host>127.0.0.1</listen_host>
            <http_port>\(httpPort)</http_port>
            <tcp_port>\(tcpPort)</tcp_port>
            <path>\(directory)/data/</path>
            <tmp_path>\(directory)/tmp/</tmp_path>
            <user_files_path>\(directory)/user_files/</user_files_path>
            <format_schema_path>\(directory)/format_schemas/</format_schema_path>
            <mark_cache_size>67108864</mark_cache_size>
            <uncompressed_cache_size>67108864</uncompressed_cache_size>
            <timezone>UTC</timezone>
            <users>
                <default>
                    <password></password>
                    <networks><ip>127.0.0.1</ip></networks>
                    <profile>default</profile>
                    <quota>default</quota>
                </default>
            </users>
            <profiles><default></default></profiles>
            <quotas><default></default></quotas>
        </yandex>

        """
    }
}
