@testable import SegmentStore
import AuditModel
import TestSupport
import Testing

@Suite("Lazily built dictionaries")
struct StringDictionaryTests {
    /// A dictionary chunk as the encoder writes it.
    static func chunk(_ values: [String]) -> [UInt8] {
        var builder = StringColumnBuilder()
        for value in values { builder.add(value) }
        return builder.encode().dictionary
    }

    @Test("values built one by one equal the whole dictionary (property)", arguments: [0, 1, 2, 3])
    func agrees(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var values: [String] = []
        for _ in 0..<(1 + rng.below(400)) {
            switch rng.below(3) {
            case 0: values.append(Events.digest(&rng))
            case 1: values.append("repo-\(rng.below(50))/é\(rng.below(9))")
            default: values.append(String(repeating: "x", count: rng.below(5)))
            }
        }
        let bytes = Self.chunk(values)
        let whole = try StringDictionary(bytes).all()
        var lazy = try StringDictionary(bytes)
        #expect(lazy.count == whole.count)
        for i in (0..<whole.count).reversed() { #expect(try lazy.value(i) == whole[i]) }
        #expect(Set(whole) == Set(values))
    }

    @Test("digest dictionaries too", arguments: [1, 64])
    func digests(count: Int) throws {
        var rng = SplitMix64(seed: UInt64(count))
        let values = (0..<count).map { _ in Events.digest(&rng) }
        var lazy = try StringDictionary(Self.chunk(values))
        #expect(try (0..<count).map { try lazy.value($0) } == values)
    }

    @Test("a malformed chunk is an error when opened; a value that is not UTF-8, when it is built")
    func malformed() throws {
        #expect(throws: BlockFormatError.self) { try StringDictionary([]) }
        #expect(throws: BlockFormatError.self) { try StringDictionary([7, 0]) }
        #expect(throws: BlockFormatError.self) { try StringDictionary([1, 2] + [UInt8](repeating: 0, count: 40)) }
        #expect(throws: BlockFormatError.self) { try StringDictionary([0, 1, 3, 65, 66]) }
        var bad = try StringDictionary([0, 2, 1, 1, 65, 0xFF])
        #expect(try bad.value(0) == "A")
        #expect(throws: BlockFormatError.self) { try bad.value(1) }
    }

    @Test("id columns decode the same whether each id takes one byte or more (property)", arguments: [3, 100, 127, 128, 300])
    func ids(distinct: Int) throws {
        var rng = SplitMix64(seed: UInt64(distinct))
        let values = (0..<2_000).map { _ in "v\(rng.below(distinct))" }
        var builder = StringColumnBuilder()
        for value in values { builder.add(value) }
        let encoded = builder.encode()
        let dictionary = try StringDictionary(encoded.dictionary).all()
        let ids = try StringColumnDecoder.ids(encoded.ids, count: values.count, dictionarySize: dictionary.count)
        #expect(ids == encoded.finalIDs)
        #expect(ids.map { dictionary[Int($0)] } == values)
    }

    @Test("a damaged id column is an error, not a crash or a wrong answer", arguments: [
        [0, 1, 2, 9] as [UInt8],  // one byte per id, an id past the dictionary
        [0, 1, 0x81, 2],  // as many bytes as ids, but one is a varint's first byte
        [0, 1, 2],  // one id short
        [0, 1, 2, 3, 4],  // a byte too many
        [9, 1, 2, 3],  // unknown coding
    ])
    func damagedIDs(bytes: [UInt8]) {
        #expect(throws: BlockFormatError.self) { try StringColumnDecoder.ids(bytes, count: 3, dictionarySize: 4) }
    }
}
