import Testing
import Zlib

@Suite("Zlib")
struct ZlibTests {
    @Test("CRC-32 of the standard check string")
    func crc() {
        #expect(Zlib.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Zlib.crc32([]) == 0)
    }

    @Test("deflate and inflate round-trip", arguments: [0, 1, 100, 100_000])
    func roundTrip(size: Int) throws {
        var state: UInt64 = 1
        let input = (0..<size).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 59) + 65
        }
        let packed = try Zlib.deflate(input)
        let unpacked = try packed.withUnsafeBytes { try Zlib.inflate($0, expectedSize: size) }
        #expect(unpacked == input)
    }

    @Test("damaged or mis-sized input is an error, not a crash")
    func damage() throws {
        let packed = try Zlib.deflate(Array(repeating: 7, count: 1000))
        #expect(throws: ZlibError.self) { try packed.withUnsafeBytes { try Zlib.inflate($0, expectedSize: 999) } }
        var broken = packed
        broken[0] ^= 0xFF
        #expect(throws: ZlibError.self) { try broken.withUnsafeBytes { try Zlib.inflate($0, expectedSize: 1000) } }
        #expect(throws: ZlibError.self) { try [UInt8]().withUnsafeBytes { try Zlib.inflate($0, expectedSize: 10) } }
    }

    @Test("streaming inflate reads concatenated gzip members and detects truncation")
    func streaming() throws {
        let a = Array("first line\n".utf8), b = Array("second line\n".utf8)
        let both = try Zlib.gzip(a) + Zlib.gzip(b)
        var inflater = try StreamInflater()
        var out: [UInt8] = []
        for chunk in stride(from: 0, to: both.count, by: 7) {
            let piece = Array(both[chunk..<min(chunk + 7, both.count)])
            try piece.withUnsafeBytes { try inflater.inflate($0, into: &out) }
        }
        try inflater.finish()
        #expect(out == a + b)

        let cut = Array(try Zlib.gzip(Array(repeating: 1, count: 10_000)).dropLast(5))
        var second = try StreamInflater()
        var sink: [UInt8] = []
        try cut.withUnsafeBytes { try second.inflate($0, into: &sink) }
        #expect(throws: ZlibError.self) { try second.finish() }
    }
}
