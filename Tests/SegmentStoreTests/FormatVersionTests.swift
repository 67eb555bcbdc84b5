import AuditModel
import Foundation
@testable import SegmentStore
import Testing

/// Blocks written by the first release (format version 1) still read.
@Suite("Block format version 1")
struct FormatVersionTests {
    /// One version-1 block of 12 events appended out of time order (so it has a `seq` column,
    /// coded as offsets), as the first release's `hubaudit import` wrote it.
    static let version1Block: [UInt8] = {
        let base64 = [
        "SEFCMQEAFQCuBAAADAAAAAAAAAAAAAAAWCaiZwAAAAAIsFVpAAAAABQPAAAAAAAAWQEAALR0yGIAAAAACONTcQR0aW1lAC0t",
        "MyhrPQVmbGFncwEMCPUd/U4Dc2VxAQwL4kleoQlhY2NvdW50L2QABwc5zzCHCWFjY291bnQvaQENBcHiOmEIYWN0aW9uL2QB",
        "Mi3CsjxoCGFjdGlvbi9pAA0N2MDbNgdhY3Rvci9kAUxFCCgCbgdhY3Rvci9pAA0N76r1DQZuYW1lL2QBkAFvtV67tQZuYW1l",
        "L2kADQ2/fD+jC2RhdGEua2V5cy9kABcX6IgEDAtkYXRhLmtleXMvaQEQCMf9IyUNZGF0YTpkaWdlc3QvZACiAqICwNvfIw1k",
        "YXRhOmRpZ2VzdC9pAAoK2j9iuQpkYXRhOnRhZy9kAUk2gBKF6ApkYXRhOnRhZy9pAAoKQEmkJwtkYXRhOnRlYW0vZAAJCVMS",
        "w7oLZGF0YTp0ZWFtL2kAAwMS2UH/BmRlc2MvZAF5YbvewIAGZGVzYy9pAREJrVBWEwD4gLcB77S2AcbBpgGU7aQB39icAeSD",
        "lgG17ZwBqc+RAfX2iwGn044BssuZAWNnBwFWMAkAE2PgYgACTiAWBQAAAQRhY21lY2BAAgBjYOblFyxKLcjXK0lM1ysoLc4o",
        "SU3M1ctNzU1KLdJLTEnJL0qH8YpSc/PLUgEAAQABAAAAAgAAAAAAHcoxDoAwCAVQpw7GehMOBfhjiLVNgA7e3ujwtreUtdS6",
        "byf7I9PaEWokIx0CVQ7uOeK0bCzks3f4vy5LEOuNDzkaOPACAAADAAEAAQIABAUAAi2MQQ7CMAwEOaJeKrgg8QcL8SSTmNRq",
        "bEeOI9Hfg1qOq5nZ03me7vNtul4wCT1afkOqTBodHZeGvj53IKYc5qwFhItjsGk/EvPACj2v+0wmrTJqIvChwUIFfXsNrvnw",
        "R6uGGXo4ofyT0X5voPSJLwABAwECAAQFAAACBgcAAg0GNjpkaWdlc3QzOnRhZzQ6dGVhbWNkZmRiQAIAAQmsiZLf/lsQdeM8",
        "KubRHXDmjrTY7sa8GRwsmDKmMXsb9Rlym+KGon233O/H0KdYdxnPDChbbI7sW2eNwzi3sIFLusituoOoK5rqphVAkYjk+hJ0",
        "8QH9Gz8Xm7Sda0aefYoQ6R2kdumavexyrMMChO0t/7jAC+lZVduoOdeMLCaymaVWg98bRDXwvhqQR2uH4+Yp6qf8myggnGLY",
        "ip2F75r8gL6C1gikv8yFxgW6wKYNbUppgIXmNcoKatbJr15AOznMm86c+M5NTu8aJFyAY3y1qeXaYkHU/yWA3FxlHkTTl90Q",
        "i10zeb4Tdwq+9hleXkD1wZ7+9Xbj2mNVCCiMB94qvaubxr4YBeLaXOBi4LNzPAC3BJ88HB63Bgls5n+Yv9gAAAECAwQFBgcI",
        "Y2BjYRNgFxDITczMKzPSM9UzyctMzyjJqdQ1MjAyNTAzNCsz1jO01DNGEbY0NELmGxoYGgAAAAEAAgMEBQAAAAABBm93bmVy",
        "cwAAADWLQQrCQAxFTb1ABcHth96iq14lMOlMFtOUTGzR0ysjLt97vMt1fkz7sxVJiCIIzqAbTo3SOWmWFqDljrBuXHZrGuYv",
        "0MApfUca/jGEK2h0qXb8wupW+2eeedM3h9oGog9jZGZkYmZAAgA=",
        ].joined()
        return Array(Data(base64Encoded: base64) ?? Data())
    }()

    @Test("a version-1 block decodes, and re-encoded today gives the same events and sequence numbers")
    func readsVersion1() throws {
        let reader = try BlockReader(frame: Self.version1Block)
        #expect(reader.header.version == 1)
        #expect(reader.header.seqSpan == reader.header.eventCount)
        try reader.verify()
        let stored = try reader.events()
        #expect(stored.count == 12)
        #expect(Set(stored.map(\.seq)) == Set(0..<12))
        #expect(zip(stored, stored.dropFirst()).allSatisfy { !($0.1.event.timestamp < $0.0.event.timestamp) })
        // In append order, the same events make a version-2 block that decodes to the same.
        let appended = stored.sorted { $0.seq < $1.seq }.map(\.event)
        let again = try BlockReader(frame: BlockEncoder.encode(appended, firstSeq: 0).bytes).events()
        #expect(again == stored)
    }
}
