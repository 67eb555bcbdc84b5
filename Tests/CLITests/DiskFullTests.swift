import Foundation
import TestSupport
import Testing

@Suite("disk full", .serialized)
struct DiskFullTests {
    /// A small tmpfs stands in for a full disk. Mounting one needs privileges (root, outside a
    /// locked-down container): where a trial mount fails the test is reported as skipped, never
    /// as passed.
    @Test("a full disk is a one-line error and the store keeps what it had",
          .enabled(if: DiskFullTests.canMountTmpfs(), "this machine does not allow mounting a tmpfs (needs root)"))
    func diskFull() throws {
        let dir = TemporaryDirectory()
        let mountPoint = dir.path + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint]), "mount failed")
        defer { _ = Self.run("/bin/umount", [mountPoint]) }
        let store = mountPoint + "/store"
        let small = try CLI.run(["generate", "--events", "2000", "--seed", "1"]).stdout
        #expect(try CLI.run(["import", "--store", store, "-"], stdin: Data(small.utf8)).status == 0)
        let big = try CLI.run(["generate", "--events", "200000", "--seed", "2", "--start", "2026-01-01"]).stdout
        let failed = try CLI.run(["import", "--store", store, "-"], stdin: Data(big.utf8))
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("disk full"))
        #expect(failed.stderr.split(separator: "\n").count == 1)
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        #expect(try CLI.run(["export", "--store", store]).stdout == small)
    }

    /// Whether a 2 MB tmpfs can be mounted here, tried once before the test runs.
    static func canMountTmpfs() -> Bool {
        guard getuid() == 0 else { return false }
        let dir = TemporaryDirectory()
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.path]) else { return false }
        return run("/bin/umount", [dir.path])
    }

    /// Runs a system command (its output discarded); whether it exited 0.
    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
