import AuditModel

/// Reads the body of `GET /v2/auditlogs/{account}` (`{"logs": [...]}`) into events, fast.
///
/// Each element of `logs` is cut out of the body by a structural scan and handed to
/// ``EventDecoder``, so unknown fields are kept and unknown actions pass through. The Hub's
/// example writes times as `2021-02-19 01:34:35+00:00` (a space instead of `T`); both forms are
/// accepted. Other top-level members are ignored; a missing `logs` means no events. A body that
/// is cut short, or is not JSON, throws, so the caller can retry.
public enum AuditLogPageParser {
    /// Why a page body could not be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What was wrong, with the byte offset.
        public var reason: String
        public var description: String { reason }
    }

    /// Parses a whole body.
    public static func parse(_ body: [UInt8]) throws(Failure) -> [AuditEvent] {
        let result = body.withUnsafeBytes { raw in
            Result { () throws(Failure) -> [AuditEvent] in try parse(raw) }
        }
        return try result.get()
    }

    /// Parses a whole body given as raw bytes.
    public static func parse(_ b: UnsafeRawBufferPointer) throws(Failure) -> [AuditEvent] {
        var s = Cursor(b: b)
        s.skipWS()
        try s.expect(UInt8(ascii: "{"))
        var events: [AuditEvent] = []
        s.skipWS()
        if s.peek == UInt8(ascii: "}") {
            s.i += 1
        } else {
            while true {
                s.skipWS()
                let key = try s.stringRange()
                s.skipWS()
                try s.expect(UInt8(ascii: ":"))
                s.skipWS()
                if s.equals(key, "logs") && s.peek == UInt8(ascii: "[") {
                    try parseLogs(&s, into: &events)
                } else {
                    try s.skipValue(depth: 0)
                }
                s.skipWS()
                let c = s.peek
                s.i += 1
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else { throw s.fail("expected ',' or '}'") }
            }
        }
        s.skipWS()
        guard s.i == b.count else { throw s.fail("unexpected text after the body") }
        return events
    }

    private static func parseLogs(_ s: inout Cursor, into events: inout [AuditEvent]) throws(Failure) {
        try s.expect(UInt8(ascii: "["))
        s.skipWS()
        if s.peek == UInt8(ascii: "]") {
            s.i += 1
            return
        }
        events.reserveCapacity(100)
        while true {
            s.skipWS()
            let start = s.i
            guard s.peek == UInt8(ascii: "{") else { throw s.fail("expected an event object") }
            let timestampValue = try s.scanEventObject()
            let slice = UnsafeRawBufferPointer(rebasing: s.b[start..<s.i])
            let event: AuditEvent
            do {
                if let t = timestampValue, t + 10 < s.i, s.b[t + 10] == UInt8(ascii: " ") {
                    var copy = Array(slice)
                    copy[t + 10 - start] = UInt8(ascii: "T")
                    event = try copy.withUnsafeBytes { raw throws(EventDecodingError) in try EventDecoder.decode(raw) }
                } else {
                    event = try EventDecoder.decode(slice)
                }
            } catch {
                throw Failure(reason: "event \(events.count + 1) of the page: \(error)")
            }
            events.append(event)
            s.skipWS()
            let c = s.peek
            s.i += 1
            if c == UInt8(ascii: "]") { return }
            guard c == UInt8(ascii: ",") else { throw s.fail("expected ',' or ']' in 'logs'") }
        }
    }

    private struct Cursor {
        let b: UnsafeRawBufferPointer
        var i = 0

        var peek: UInt8 { i < b.count ? b[i] : 0 }

        func fail(_ reason: String) -> Failure {
            Failure(reason: i >= b.count ? "the body ends early (after \(b.count) bytes): \(reason)" : "\(reason) at byte \(i)")
        }

        mutating func skipWS() {
            while i < b.count {
                let c = b[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                i += 1
            }
        }

        mutating func expect(_ c: UInt8) throws(Failure) {
            guard peek == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
            i += 1
        }

        /// Skips a string; returns the range of its content (escapes not decoded).
        mutating func stringRange() throws(Failure) -> Range<Int> {
            try expect(UInt8(ascii: "\""))
            let start = i
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\\") {
                    i += 2
                } else if c == UInt8(ascii: "\"") {
                    i += 1
                    return start..<(i - 1)
                } else {
                    i += 1
                }
            }
            throw fail("unterminated string")
        }

        func equals(_ r: Range<Int>, _ text: StaticString) -> Bool {
            guard r.count == text.utf8CodeUnitCount else { return false }
            let p = text.utf8Start
            for k in 0..<r.count where b[r.lowerBound + k] != p[k] { return false }
            return true
        }

        mutating func skipValue(depth: Int) throws(Failure) {
            guard depth < 64 else { throw fail("nested too deeply") }
            switch peek {
            case UInt8(ascii: "\""):
                _ = try stringRange()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                i += 1
                skipWS()
                if peek == close {
                    i += 1
                    return
                }
                while true {
                    skipWS()
                    if isObject {
                        _ = try stringRange()
                        skipWS()
                        try expect(UInt8(ascii: ":"))
                        skipWS()
                    }
                    try skipValue(depth: depth + 1)
                    skipWS()
                    let c = peek
                    i += 1
                    if c == close { return }
                    guard c == UInt8(ascii: ",") else { throw fail("expected ',' or a closing bracket") }
                }
            case 0:
                throw fail("expected a value")
            default:
                let start = i
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20
                        || c == 0x0A || c == 0x0D || c == 0x09 { break }
                    i += 1
                }
                guard i > start, i < b.count else { throw fail("expected a value") }
            }
        }

        /// Skips one event object; returns where its top-level `timestamp` string's text starts.
        mutating func scanEventObject() throws(Failure) -> Int? {
            try expect(UInt8(ascii: "{"))
            var timestamp: Int?
            skipWS()
            if peek == UInt8(ascii: "}") {
                i += 1
                return nil
            }
            while true {
                skipWS()
                let key = try stringRange()
                skipWS()
                try expect(UInt8(ascii: ":"))
                skipWS()
                if peek == UInt8(ascii: "\""), equals(key, "timestamp") { timestamp = i + 1 }
                try skipValue(depth: 1)
                skipWS()
                let c = peek
                i += 1
                if c == UInt8(ascii: "}") { return timestamp }
                guard c == UInt8(ascii: ",") else { throw fail("expected ',' or '}' in an event") }
            }
        }
    }
}
