#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuditModel

/// A string that equals and hashes by its UTF-8 bytes.
///
/// Swift's `String` equality is Unicode canonical equivalence: `"café"` (precomposed é) equals
/// `"cafe\u{301}"` (e and a combining accent). An archive must give back the bytes it was given,
/// so block dictionaries, data keys, column names and the index tell such strings apart.
struct ExactString: Hashable, Sendable {
    /// The string.
    var value: String

    /// Wraps `value`.
    init(_ value: String) { self.value = value }

    static func == (a: ExactString, b: ExactString) -> Bool { same(a.value, b.value) }

    func hash(into hasher: inout Hasher) {
        value.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Whether `a` and `b` have the same UTF-8 bytes.
    ///
    /// Reads both strings' storage in place (no copy, no retain), which matters on the import
    /// path where every interned value is compared; a string without contiguous UTF-8 (a bridged
    /// one) falls back to comparing the bytes one by one.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8)
    }
}
