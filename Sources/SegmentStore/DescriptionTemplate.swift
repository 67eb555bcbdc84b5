import AuditModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stores `action_description` as the Hub's template plus the fields it is made from.
///
/// The Hub writes sentences such as "pushed the tag latest with the digest sha256:c1ae9c435032a
/// to the repository acme/web", built from the event's own fields. A block keeps the template
/// ("pushed the tag ⟨data 1⟩ with the digest ⟨data 0, 20 chars⟩ to the repository ⟨name⟩") once in
/// its dictionary, and every event that reproduces its description exactly from it costs a small
/// id. A description that no template reproduces is stored literally: nothing is ever approximated.
///
/// Template bytes are the description's UTF-8 with placeholders `0x01 CODE [LENGTH]`:
/// `0x01` account, `0x02` name, `0x03` actor, `0x04` action, `0x10+i` data value `i` (in key order),
/// `0x40+i LENGTH` the first LENGTH bytes of data value `i`.
enum DescriptionTemplate {
    static let marker: UInt8 = 0x01

    /// Renders a template against an event's fields; `nil` when it names a field the event lacks.
    static func render(_ template: some Collection<UInt8>, _ event: AuditEvent, into out: inout [UInt8]) -> Bool {
        var iterator = template.makeIterator()
        while let c = iterator.next() {
            guard c == marker else {
                out.append(c)
                continue
            }
            guard let code = iterator.next() else { return false }
            switch code {
            case 0x01: out.append(contentsOf: event.account.utf8)
            case 0x02:
                guard let name = event.name else { return false }
                out.append(contentsOf: name.utf8)
            case 0x03: out.append(contentsOf: event.actor.utf8)
            case 0x04: out.append(contentsOf: event.action.utf8)
            case 0x10..<0x30:
                guard let data = event.data, Int(code - 0x10) < data.count else { return false }
                out.append(contentsOf: data[Int(code - 0x10)].value.utf8)
            case 0x40..<0x60:
                guard let length = iterator.next(), let data = event.data, Int(code - 0x40) < data.count else {
                    return false
                }
                let value = data[Int(code - 0x40)].value.utf8
                guard value.count >= Int(length) else { return false }
                out.append(contentsOf: value.prefix(Int(length)))
            default: return false
            }
        }
        return true
    }

    /// Whether rendering `template` for `event` gives exactly `description`, checked piece by
    /// piece without building the rendered text.
    static func reproduces(_ template: [UInt8], _ event: AuditEvent, _ description: String, scratch: inout [UInt8]) -> Bool {
        return description.withUTF8Bytes { text in
            var position = 0
            func matches(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
                let n = piece.count
                guard position + n <= text.count else { return false }
                if n > 0, let a = text.baseAddress, let b = piece.baseAddress, memcmp(a + position, b, n) != 0 { return false }
                position += n
                return true
            }
            func matches(_ value: String, prefix: Int = Int.max) -> Bool {
                return value.withUTF8Bytes { u in
                    guard prefix == Int.max || u.count >= prefix else { return false }
                    return matches(UnsafeBufferPointer(rebasing: u[0..<min(prefix, u.count)]))
                }
            }
            var i = 0
            let t = template.count
            while i < t {
                let c = template[i]
                if c != marker {
                    guard position < text.count, text[position] == c else { return false }
                    position += 1
                    i += 1
                    continue
                }
                guard i + 1 < t else { return false }
                let code = template[i + 1]
                i += 2
                switch code {
                case 0x01: guard matches(event.account) else { return false }
                case 0x02:
                    guard let name = event.name, matches(name) else { return false }
                case 0x03: guard matches(event.actor) else { return false }
                case 0x04: guard matches(event.action) else { return false }
                case 0x10..<0x30:
                    guard let data = event.data, Int(code - 0x10) < data.count, matches(data[Int(code - 0x10)].value) else {
                        return false
                    }
                case 0x40..<0x60:
                    guard i < t, let data = event.data, Int(code - 0x40) < data.count else { return false }
                    let length = Int(template[i])
                    i += 1
                    guard matches(data[Int(code - 0x40)].value, prefix: length) else { return false }
                default:
                    return false
                }
            }
            return position == text.count
        }
    }

    /// Finds a template for an event's description, or `nil` when none reproduces it exactly
    /// (then the description is stored literally).
    static func extract(_ event: AuditEvent, scratch: inout [UInt8]) -> [UInt8]? {
        guard let description = event.actionDescription else { return nil }
        let text = Array(description.utf8)
        if text.contains(marker) { return nil }
        var candidates: [(bytes: [UInt8], code: [UInt8])] = [
            (Array(event.account.utf8), [marker, 0x01]),
            (Array(event.actor.utf8), [marker, 0x03]),
            (Array(event.action.utf8), [marker, 0x04]),
        ]
        if let name = event.name { candidates.append((Array(name.utf8), [marker, 0x02])) }
        if let data = event.data {
            for (i, field) in data.prefix(32).enumerated() {
                let value = Array(field.value.utf8)
                candidates.append((value, [marker, 0x10 + UInt8(i)]))
                // The Hub abbreviates digests to "sha256:" and 13 hex digits.
                if value.count > 20, value.starts(with: Array("sha256:".utf8)) {
                    candidates.append((Array(value.prefix(20)), [marker, 0x40 + UInt8(i), 20]))
                }
            }
        }
        candidates.removeAll { $0.bytes.isEmpty }
        candidates.sort { $0.bytes.count > $1.bytes.count }

        // Pieces of the description: literal byte ranges, or placeholders already placed.
        enum Piece { case literal(Range<Int>), placeholder([UInt8]) }
        var pieces: [Piece] = [.literal(0..<text.count)]
        for candidate in candidates {
            var next: [Piece] = []
            for piece in pieces {
                guard case .literal(let range) = piece else {
                    next.append(piece)
                    continue
                }
                var start = range.lowerBound
                var i = range.lowerBound
                let needle = candidate.bytes
                while i + needle.count <= range.upperBound {
                    if text[i] == needle[0], isBoundary(text, before: i), isBoundary(text, after: i + needle.count),
                       text[i..<(i + needle.count)].elementsEqual(needle) {
                        if start < i { next.append(.literal(start..<i)) }
                        next.append(.placeholder(candidate.code))
                        i += needle.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                if start < range.upperBound { next.append(.literal(start..<range.upperBound)) }
            }
            pieces = next
        }
        var template: [UInt8] = []
        template.reserveCapacity(text.count)
        for piece in pieces {
            switch piece {
            case .literal(let range): template.append(contentsOf: text[range])
            case .placeholder(let code): template.append(contentsOf: code)
            }
        }
        return reproduces(template, event, description, scratch: &scratch) ? template : nil
    }

    private static func isBoundary(_ text: [UInt8], before i: Int) -> Bool {
        i == 0 || isSeparator(text[i - 1])
    }

    private static func isBoundary(_ text: [UInt8], after i: Int) -> Bool {
        i == text.count || isSeparator(text[i])
    }

    private static func isSeparator(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"),
             UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""),
             UInt8(ascii: "'"), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}
