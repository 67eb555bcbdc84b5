#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        var value = value
        value.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Whether `a` and `b` have the same UTF-8 bytes.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}
