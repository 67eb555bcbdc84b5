/// The canonical NDJSON encoding of audit events.
///
/// One event is one line: the schema's fields in the Hub's order (`account, action, name, actor,
/// data, timestamp, action_description`), `data` keys sorted, unknown fields after them sorted by
/// key, no insignificant white space, strings escaped minimally, timestamps in UTC. Two events with
/// the same content therefore have the same bytes, which is what export, round-trip checks and the
/// fingerprint rely on.
public enum CanonicalJSON {
    /// Appends one event as a canonical JSON object, without the trailing newline.
    public static func appendEvent(_ event: AuditEvent, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"account":"#.utf8)
        appendString(event.account, to: &out)
        out.append(contentsOf: #","action":"#.utf8)
        appendString(event.action, to: &out)
        if let name = event.name {
            out.append(contentsOf: #","name":"#.utf8)
            appendString(name, to: &out)
        }
        out.append(contentsOf: #","actor":"#.utf8)
        appendString(event.actor, to: &out)
        if let data = event.data {
            out.append(contentsOf: #","data":{"#.utf8)
            for (n, field) in data.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                appendString(field.key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendString(field.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","timestamp":""#.utf8)
        event.timestamp.appendRFC3339(to: &out)
        out.append(UInt8(ascii: "\""))
        if let description = event.actionDescription {
            out.append(contentsOf: #","action_description":"#.utf8)
            appendString(description, to: &out)
        }
        for extra in event.extras {
            out.append(UInt8(ascii: ","))
            appendString(extra.key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: extra.json.utf8)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// One event as a canonical NDJSON line, including the trailing newline.
    public static func line(_ event: AuditEvent) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        appendEvent(event, to: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a JSON string literal: `"` and `\` escaped, control characters as `\n`-style or
    /// `\u00XX` escapes, everything else (including non-ASCII) as UTF-8.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let c = bytes[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch c {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
