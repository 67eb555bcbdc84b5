import AuditModel

/// The `text` of a chat webhook message: one readable line per event, with control characters
/// and chat markup (`<`, `>`, `&`, which Slack reads as mentions and links) neutralised and the
/// length capped, so untrusted event content can neither forge lines nor ping a channel.
enum WebhookText {
    /// Longest line per event, in characters.
    static let lineLimit = 300

    static func line(_ event: AuditEvent) -> String {
        var parts = ["\(event.timestamp)", event.account, event.actor, event.action]
        if let name = event.name { parts.append(name) }
        var text = parts.joined(separator: " ")
        if let description = event.actionDescription { text += " — " + description }
        text = neutralise(text)
        return text.count > lineLimit ? String(text.prefix(lineLimit - 1)) + "…" : text
    }

    /// The text with control characters (C0, DEL, C1) as spaces and `&`, `<`, `>` escaped.
    static func neutralise(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: out.append(" ")
            case 0x26: out.append("&amp;")
            case 0x3C: out.append("&lt;")
            case 0x3E: out.append("&gt;")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `{"text":"…"}` listing the lines, within `limit` characters.
    static func appendMessage(_ lines: [String], limit: Int, to out: inout [UInt8]) {
        var text = "hubaudit: \(lines.count) Docker Hub audit event\(lines.count == 1 ? "" : "s")"
        for (n, line) in lines.enumerated() {
            let more = "\n… and \(lines.count - n) more"
            if text.count + 1 + line.count + more.count > limit {
                text += more
                break
            }
            text += "\n" + line
        }
        out.append(contentsOf: #"{"text":"#.utf8)
        CanonicalJSON.appendString(text, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
