import Foundation
import TestSupport
import Testing

@Suite("disk full", .serialized)
struct DiskFullTests {
    /// A small tmpfs stands in for a full disk; mounting one needs root, so elsewhere the test is skipped.
    @Test("a full disk is a one-line error and the store keeps what it had", .enabled(if: getuid() == 0))
    func diskFull() throws {
        let dir = TemporaryDirectory()
        let mountPoint = dir.path + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }  // no permission to mount here
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint]
            try? umount.run()
            umount.waitUntilExit()
        }
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
}
