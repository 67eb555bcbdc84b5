import Foundation

/// Runs the built `hubaudit` executable as a user would, capturing its streams.
public enum CLI {
    /// The `hubaudit` binary built beside the test bundle.
    public static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hubaudit").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/hubaudit").path
    }

    /// The repository's top directory (for tests that compare output with a file in it).
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// What a finished run left.
    public typealias Result = ChildProcess.Result

    /// The environment a run sees: the test's, without credentials, with `NO_COLOR`, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["HUBAUDIT_USERNAME"] = nil
        env["HUBAUDIT_TOKEN"] = nil
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts `hubaudit ARGS` without waiting (its output goes nowhere, its standard error to
    /// `standardError`), e.g. to kill it.
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], standardError: FileHandle = .nullDevice
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = Self.environment(environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `hubaudit ARGS`, optionally feeding `stdin`, and waits for it to exit.
    @discardableResult
    public static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        try ChildProcess.run(executable, arguments, stdin: stdin, environment: Self.environment(environment))
    }
}
