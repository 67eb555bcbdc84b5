import AuditModel
@testable import SegmentStore
import Testing

/// Blocks whose header counted leading empty `data` objects 10 bytes short (written before the
/// encoder's fix) still verify; any other wrong size is still an error.
@Suite("Canonical size accounting")
struct LegacyRawSizeTests {
    static func event(_ second: Int64, data: [DataField]?) -> AuditEvent {
        AuditEvent(account: "acme", action: "repo.create", name: "acme/a", actor: "alice", data: data,
                   timestamp: Timestamp(seconds: 1_704_067_200 + second), actionDescription: "created")
    }

    static let events = [
        event(0, data: []), event(1, data: []), event(2, data: nil),
        event(3, data: [DataField(key: "tag", value: "v1")]), event(4, data: []),
    ]

    /// The block of ``events`` with its header's `rawBytes` lowered by `shortBy`.
    static func frame(shortBy: UInt64) throws -> [UInt8] {
        let block = try BlockEncoder.encode(events, firstSeq: 0)
        var header = block.header
        header.rawBytes -= shortBy
        return header.encode() + block.bytes[BlockHeader.size...]
    }

    @Test("the encoder counts empty data at a block's start")
    func exactSize() throws {
        let block = try BlockEncoder.encode(Self.events, firstSeq: 0)
        let canonical = Self.events.reduce(0) { $0 + CanonicalJSON.line($1).utf8.count }
        #expect(block.header.rawBytes == UInt64(canonical))
        try BlockReader(frame: block.bytes).verify()
    }

    @Test("the old accounting (10 bytes short per leading empty data) verifies; other sizes do not",
          arguments: [(UInt64(20), true), (0, true), (10, false), (30, false), (40, false)])
    func legacy(shortBy: UInt64, accepted: Bool) throws {
        let reader = try BlockReader(frame: try Self.frame(shortBy: shortBy))
        if accepted {
            try reader.verify()
            #expect(try reader.events().map(\.event) == Self.events)
        } else {
            #expect(throws: BlockFormatError.self) { try reader.verify() }
        }
    }
}
