import Foundation

/// A child started with `posix_spawn` and reaped with `waitpid`, for tests that run `hubaudit`
/// while another long-lived child (a ClickHouse server) is running: Foundation's `Process` stopped
/// reaping its children in that situation here (a finished `hubaudit` stayed a zombie and
/// `waitUntilExit` never returned), so these runs do without it.
public struct SpawnedProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The file its standard output goes to.
    public let stdoutPath: String
    /// The file its standard error goes to.
    public let stderrPath: String

    /// Starts `executable` with `arguments`, standard input from /dev/null, standard output and
    /// error into files in `directory`, and no signals blocked.
    public init(_ executable: String, _ arguments: [String], directory: String) throws {
        let stamp = UUID().uuidString
        stdoutPath = directory + "/spawn-\(stamp).out"
        stderrPath = directory + "/spawn-\(stamp).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw EngineError.failed(tool: executable, status: status, message: "posix_spawn: \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Waits for the child to end; its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Whether the child has ended (reaping it if so); `nil` while it runs.
    public func poll() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Runs to the end: exit status, standard output and standard error.
    public static func run(_ executable: String, _ arguments: [String], directory: String) throws -> ChildProcess.Result {
        let child = try SpawnedProcess(executable, arguments, directory: directory)
        let status = child.wait()
        return ChildProcess.Result(status: status, stdout: (try? String(contentsOfFile: child.stdoutPath, encoding: .utf8)) ?? "",
                                   stderr: (try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? "")
    }
}
