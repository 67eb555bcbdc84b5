/// The canonical NDJSON encoding of audit events.
///
/// One event is one line: the schema's fields in the Hub's order (`account, action, name, actor,
/// data, timestamp, action_description`), `data` keys sorted, unknown fields after them sorted by
/// key, no insignificant white space, strings escaped minimally, timestamps in UTC. Two events with
/// the same content therefore have the same bytes, which is what export, round-trip checks and the
/// fingerprint rely on.
public enum CanonicalJSON {
    /// Appends one event as a canonical JSON object, without the trailing newline.
    ///
    /// `displaySafe` writes strings with ``appendDisplaySafeString(_:to:)`` (for answers that may
    /// be read on a terminal); the canonical encoding (export, fingerprints) leaves it `false`.
    /// Each choice runs its own specialised copy of the encoder, so the canonical path (import,
    /// export, fingerprints: millions of events) pays nothing for the display-safe one.
    public static func appendEvent(_ event: AuditEvent, to out: inout [UInt8], displaySafe: Bool = false) {
        if displaySafe {
            encode(event, DisplaySafeStrings.self, to: &out)
        } else {
            encode(event, CanonicalStrings.self, to: &out)
        }
    }

    @inline(__always)
    private static func encode<Strings: StringStyle>(_ event: AuditEvent, _: Strings.Type, to out: inout [UInt8]) {
        appendKey(.account, to: &out)
        Strings.append(event.account, to: &out)
        appendKey(.action, to: &out)
        Strings.append(event.action, to: &out)
        if let name = event.name {
            appendKey(.name, to: &out)
            Strings.append(name, to: &out)
        }
        appendKey(.actor, to: &out)
        Strings.append(event.actor, to: &out)
        if let data = event.data {
            appendKey(.data, to: &out)
            appendData(data, Strings.self, to: &out)
        }
        appendKey(.timestamp, to: &out)
        out.append(UInt8(ascii: "\""))
        event.timestamp.appendRFC3339(to: &out)
        out.append(UInt8(ascii: "\""))
        if let description = event.actionDescription {
            appendKey(.actionDescription, to: &out)
            Strings.append(description, to: &out)
        }
        for extra in event.extras {
            out.append(UInt8(ascii: ","))
            Strings.append(extra.key, to: &out)
            out.append(UInt8(ascii: ":"))
            Strings.appendJSON(extra.json, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a `data` map as the canonical encoding writes it: `{"k":"v",...}` in key order.
    public static func appendData(_ data: [DataField], to out: inout [UInt8]) {
        appendData(data, CanonicalStrings.self, to: &out)
    }

    @inline(__always)
    private static func appendData<Strings: StringStyle>(_ data: [DataField], _: Strings.Type, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (n, field) in data.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            Strings.append(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            Strings.append(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a schema key with what goes before it (`{` for the first, `,` otherwise) and the
    /// `:` after it: `{"account":`, `,"action":`. Static text, since this runs seven times an
    /// event on import and export (a key built from ``SchemaField``'s raw value went through the
    /// generic sequence copy and cost a tenth of export); `CanonicalJSONTests` checks each
    /// against ``SchemaField``, the names' one home.
    @inline(__always)
    private static func appendKey(_ field: SchemaField, to out: inout [UInt8]) {
        let key = keyText(field)
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// What ``appendKey(_:to:)`` writes for `field`.
    static func keyText(_ field: SchemaField) -> StaticString {
        switch field {
        case .account: #"{"account":"#
        case .action: #","action":"#
        case .name: #","name":"#
        case .actor: #","actor":"#
        case .data: #","data":"#
        case .timestamp: #","timestamp":"#
        case .actionDescription: #","action_description":"#
        }
    }

    /// The length of what ``appendKey(_:to:)`` writes.
    private static func keyLength(_ field: SchemaField) -> Int { keyText(field).utf8CodeUnitCount }

    /// How the encoder writes strings and raw JSON values; a type, not a flag, so that each
    /// style gets its own specialised encoder.
    private protocol StringStyle {
        static func append(_ s: String, to out: inout [UInt8])
        static func appendJSON(_ json: String, to out: inout [UInt8])
    }

    /// The canonical encoding's strings: minimal escapes.
    private enum CanonicalStrings: StringStyle {
        @inline(__always) static func append(_ s: String, to out: inout [UInt8]) { appendString(s, to: &out) }
        @inline(__always) static func appendJSON(_ json: String, to out: inout [UInt8]) { out.append(contentsOf: json.utf8) }
    }

    /// Strings for a terminal: hostile characters escaped too.
    private enum DisplaySafeStrings: StringStyle {
        static func append(_ s: String, to out: inout [UInt8]) { appendDisplaySafeString(s, to: &out) }
        static func appendJSON(_ json: String, to out: inout [UInt8]) { appendDisplaySafeJSON(json, to: &out) }
    }

    /// Appends raw JSON text (an unknown field's value, valid JSON) with DEL, C1 and bidirectional
    /// marks as `\u` escapes; they can only stand inside its strings, where the escape means the same.
    private static func appendDisplaySafeJSON(_ json: String, to out: inout [UInt8]) {
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F, ControlCharacters.isHostile(scalar) {
                out.append(contentsOf: "\\u\(ControlCharacters.hex(scalar.value, digits: 4))".utf8)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// The bytes of the encoding besides the values, by part: what a size computed from the
    /// values' lengths adds (``encodedLength(_:)``, and the store's per-block size).
    public enum Overhead {
        /// `{"account":,"action":,"actor":,"timestamp":""}`: braces, required keys, the time's quotes.
        public static let required = keyLength(.account) + keyLength(.action) + keyLength(.actor) + keyLength(.timestamp) + 3
        /// `,"name":`.
        public static let name = keyLength(.name)
        /// `,"data":{}`, before the members and the commas between them.
        public static let data = keyLength(.data) + 2
        /// `,"action_description":`.
        public static let description = keyLength(.actionDescription)
    }

    /// The length in bytes of ``appendEvent(_:to:)``'s output, computed without building it.
    public static func encodedLength(_ event: AuditEvent) -> Int {
        var n = Overhead.required + stringLength(event.account) + stringLength(event.action) + stringLength(event.actor)
        n += timestampLength(event.timestamp)
        if let name = event.name { n += Overhead.name + stringLength(name) }
        if let data = event.data {
            n += Overhead.data + max(0, data.count - 1)
            for field in data { n += 1 + stringLength(field.key) + stringLength(field.value) }
        }
        if let description = event.actionDescription { n += Overhead.description + stringLength(description) }
        for extra in event.extras { n += 2 + stringLength(extra.key) + extra.json.utf8.count }
        return n
    }

    /// The encoded length of a string as a JSON literal, quotes included.
    public static func literalLength(_ s: String) -> Int { stringLength(s) }

    /// The encoded length of the event's timestamp, quotes excluded.
    public static func timestampLiteralLength(_ t: Timestamp) -> Int { timestampLength(t) }

    static func stringLength(_ s: String) -> Int {
        var n = 2
        s.withUTF8Bytes { bytes in
            n += bytes.count
            guard let first = firstEscape(bytes) else { return }
            for c in bytes[first...] where c < 0x20 || c == 0x22 || c == 0x5C {
                switch c {
                case 0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x08, 0x0C: n += 1
                default: n += 5
                }
            }
        }
        return n
    }

    static func timestampLength(_ t: Timestamp) -> Int {
        var n = 20
        if t.seconds < -62_135_596_800 || t.seconds > 253_402_300_799 {
            var bytes: [UInt8] = []
            t.appendRFC3339(to: &bytes)
            return bytes.count
        }
        if t.nanoseconds != 0 {
            var fraction = t.nanoseconds
            var width = 9
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            n += 1 + width
        }
        return n
    }

    /// One event as a canonical NDJSON line, including the trailing newline.
    public static func line(_ event: AuditEvent) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        appendEvent(event, to: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// The index of the first byte that needs escaping (a control character, `"` or `\`), if
    /// any; scans eight bytes at a time, since most strings need no escape at all.
    @inline(__always)
    static func firstEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let quote = w ^ (ones &* 0x22)
                let slash = w ^ (ones &* 0x5C)
                let hit = ((w &- ones &* 0x20) & ~w) | ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash)
                if hit & highs != 0 { break }
                i += 8
            }
        }
        while i < n {
            let c = bytes[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { return i }
            i += 1
        }
        return nil
    }

    /// Appends a JSON string literal: `"` and `\` escaped, control characters as `\n`-style or
    /// `\u00XX` escapes, everything else (including non-ASCII) as UTF-8.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        s.withUTF8Bytes { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends a JSON string literal like ``appendString(_:to:)``, and also writes DEL, C1
    /// controls and bidirectional marks (``ControlCharacters/isHostile(_:)``) as `\u` escapes:
    /// for output that may be read on a terminal (query answers, command reports), where those
    /// would otherwise act instead of show. The canonical NDJSON keeps ``appendString(_:to:)``.
    public static func appendDisplaySafeString(_ s: String, to out: inout [UInt8]) {
        let plain = s.withUTF8Bytes { !ControlCharacters.mayHoldHostileAboveASCII($0) }
        guard !plain else {
            appendString(s, to: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
        var run: [UInt8] = []
        for scalar in s.unicodeScalars {
            if scalar.value >= 0x7F, ControlCharacters.isHostile(scalar) {
                run.withUnsafeBufferPointer { appendEscaped($0, to: &out) }
                run.removeAll(keepingCapacity: true)
                out.append(contentsOf: "\\u\(ControlCharacters.hex(scalar.value, digits: 4))".utf8)
            } else {
                run.append(contentsOf: String(scalar).utf8)
            }
        }
        run.withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 `bytes` with `"`, `\` and C0 controls escaped (no quotes around them).
    @inline(__always)
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let first = firstEscape(bytes) else {
            out.append(contentsOf: bytes)
            return
        }
        var runStart = 0
        for i in first..<bytes.count {
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
}
