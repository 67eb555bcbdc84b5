import AuditModel
@testable import SegmentStore
import TestSupport
import Testing

@Suite("Block encoding")
struct BlockCodecTests {
    @Test("blocks round-trip Hub-like events exactly, in time order with their sequence numbers", arguments: [1, 7, 1000, 5000])
    func roundTrip(count: Int) throws {
        let events = Events.hubLike(count, seed: UInt64(count), sorted: false)
        let block = try BlockEncoder.encode(events, firstSeq: 100)
        let reader = try BlockReader(frame: block.bytes)
        let decoded = try reader.events()
        #expect(decoded.map(\.event) == Events.exportOrder(events))
        // Each event keeps the sequence number of its append position.
        for stored in decoded {
            #expect(events[Int(stored.seq - 100)] == stored.event)
        }
        try reader.verify()
        #expect(block.header.eventCount == count)
    }

    @Test("random awkward events round-trip (property)")
    func randomEvents() throws {
        var rng = SplitMix64(seed: 99)
        for round in 0..<40 {
            let events = (0..<(1 + rng.below(300))).map { _ in RandomAwkward.make(&rng) }
            let block = try BlockEncoder.encode(events, firstSeq: UInt64(round))
            let decoded = try BlockReader(frame: block.bytes).events()
            #expect(decoded.map(\.event) == Events.exportOrder(events))
        }
    }

    @Test("descriptions that follow the Hub's template cost no per-event text")
    func templates() throws {
        let events = Events.hubLike(2000, seed: 5).filter { $0.action == "repo.tag.push" }
        let block = try BlockEncoder.encode(events, firstSeq: 0)
        let reader = try BlockReader(frame: block.bytes)
        let templates = try reader.column("desc/d")
        let dictionary = try StringDictionary(try #require(templates)).all()
        #expect(dictionary.count <= 2)
        // Coded by action, the template ids of a block cost next to nothing.
        let ids = try #require(reader.columns.first { $0.name == "desc/i" })
        #expect(ids.storedLength < 64)
    }

    @Test("digests are stored as 32 binary bytes")
    func digests() throws {
        var rng = SplitMix64(seed: 3)
        let digest = Events.digest(&rng)
        var encoded: [UInt8] = []
        #expect(DigestCodec.isDigest(digest))
        DigestCodec.appendBinary(digest, to: &encoded)
        #expect(encoded.count == 32)
        #expect(encoded.withUnsafeBytes { DigestCodec.string(fromBinary: $0) } == digest)
        #expect(!DigestCodec.isDigest("sha256:ABC"))
        #expect(!DigestCodec.isDigest(String(digest.dropLast()) + "G"))
    }

    @Test("every flipped byte of a block is detected", arguments: Array(stride(from: 0, to: 400, by: 13)))
    func detectsFlips(position: Int) throws {
        let block = try BlockEncoder.encode(Events.hubLike(50, seed: 1), firstSeq: 0)
        var frame = block.bytes
        let at = position % frame.count
        frame[at] ^= 0x5A
        #expect(throws: BlockFormatError.self) {
            let reader = try BlockReader(frame: frame)
            try reader.verify()
        }
    }

    @Test("a truncated frame is an error")
    func truncated() throws {
        let block = try BlockEncoder.encode(Events.hubLike(50, seed: 1), firstSeq: 0)
        #expect(throws: BlockFormatError.self) { try BlockReader(frame: Array(block.bytes.dropLast(3))) }
        #expect(throws: BlockFormatError.self) { try BlockReader(frame: Array(block.bytes.prefix(10))) }
    }
}

enum RandomAwkward {
    static let pieces = ["acme", "web", "é", "\"", "\\", "\n", "\u{1}", "😀", "/", " ", "latest", "sha256:", "1:", "x"]

    static func string(_ rng: inout SplitMix64, maxPieces: Int = 4) -> String {
        (0..<rng.below(maxPieces + 1)).map { _ in pieces[rng.below(pieces.count)] }.joined()
    }

    static func make(_ rng: inout SplitMix64) -> AuditEvent {
        var data: [DataField]?
        if rng.below(4) != 0 {
            var keys = Set<String>()
            for _ in 0..<rng.below(4) { keys.insert(string(&rng, maxPieces: 2)) }
            data = keys.map { DataField(key: $0, value: rng.below(3) == 0 ? Events.digest(&rng) : string(&rng)) }
        }
        let name = rng.below(3) == 0 ? nil : string(&rng)
        var description: String? = rng.below(4) == 0 ? nil : string(&rng, maxPieces: 8)
        if rng.below(3) == 0, let data, let first = data.first {
            description = "did \(first.value) to \(name ?? "nothing") by \(first.key)"
        }
        return AuditEvent(
            account: string(&rng), action: string(&rng), name: name, actor: string(&rng), data: data,
            timestamp: Timestamp(seconds: Int64(rng.below(1000)), nanoseconds: rng.below(2) == 0 ? 0 : Int32(rng.below(1_000_000_000))),
            actionDescription: description,
            extras: rng.below(5) == 0 ? [ExtraField(key: string(&rng, maxPieces: 1), json: "{\"a\":[1,2]}")] : [])
    }
}

@Suite("Block columns")
struct BlockColumnsTests {
    @Test("column-wise reads agree with fully decoded events (property)")
    func agree() throws {
        var rng = SplitMix64(seed: 1234)
        for round in 0..<25 {
            let events = round % 2 == 0
                ? Events.hubLike(1 + rng.below(2000), seed: UInt64(round), sorted: false)
                : (0..<(1 + rng.below(300))).map { _ in RandomAwkward.make(&rng) }
            let block = try BlockEncoder.encode(events, firstSeq: 7)
            let columns = BlockColumns(reader: try BlockReader(frame: block.bytes))
            let decoded = try columns.events()
            #expect(try columns.timestamps() == decoded.map(\.event.timestamp))
            #expect(try columns.sequenceNumbers() == decoded.map(\.seq))
            let account = try columns.strings(.account), action = try columns.strings(.action)
            let actor = try columns.strings(.actor), name = try columns.strings(.name)
            let description = try columns.strings(.description)
            var keys = Set<String>()
            for e in decoded { for f in e.event.data ?? [] { keys.insert(f.key) } }
            #expect(Set(try columns.dataKeys()) == keys)
            let data = try Dictionary(uniqueKeysWithValues: keys.map { ($0, try columns.strings(.data($0))) })
            for (i, stored) in decoded.enumerated() {
                let e = stored.event
                #expect(account[i] == e.account && action[i] == e.action && actor[i] == e.actor)
                #expect(name[i] == e.name && description[i] == e.actionDescription)
                for key in keys { #expect(data[key]?[i] == e.dataValue(key)) }
            }
            #expect(try columns.strings(.data("no such key")).ids.allSatisfy { $0 == StringVector.absent })
        }
    }
}

@Suite("Selective decoding")
struct SelectiveDecodingTests {
    @Test("events(where:) builds exactly the selected events (property)")
    func selected() throws {
        var rng = SplitMix64(seed: 4321)
        for round in 0..<20 {
            let events = round % 2 == 0
                ? Events.hubLike(1 + rng.below(1500), seed: UInt64(round), sorted: false)
                : (0..<(1 + rng.below(300))).map { _ in RandomAwkward.make(&rng) }
            let reader = try BlockReader(frame: try BlockEncoder.encode(events, firstSeq: 0).bytes)
            let all = try reader.events()
            let keep = (0..<all.count).map { _ in rng.below(5) == 0 }
            #expect(try reader.events { keep[$0] } == all.indices.filter { keep[$0] }.map { all[$0] })
        }
    }
}
