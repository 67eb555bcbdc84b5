/// The characters that must never reach a terminal or a spreadsheet as themselves.
///
/// Audit events carry text written by others (repository names, tags, descriptions from the
/// Hub). Shown raw, a C0 or C1 control character can move the cursor, rewrite the screen or the
/// window title (`ESC ] 0;…BEL`), hide a link (OSC 8), and a bidirectional override can make
/// `txt.exe` read as `exe.txt`. Every output that a person reads shows these as visible escapes
/// (``visibleEscape(_:)``) and every JSON output writes them as `\u` escapes; this is the one
/// list of them.
public enum ControlCharacters {
    /// Whether `scalar` is a C0 control (U+0000-001F), DEL (U+007F), a C1 control
    /// (U+0080-009F) or a bidirectional mark, override or isolate (U+061C, U+200E, U+200F,
    /// U+202A-202E, U+2066-2069).
    @inline(__always)
    public static func isHostile(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        guard v >= 0x61C else { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Whether a string's UTF-8 may hold a hostile scalar above U+007E: it has DEL or a lead byte
    /// of one (0xC2 for C1, 0xD8 for U+061C, 0xE2 for the marks and overrides). A fast pre-check;
    /// `false` means the only hostile characters possible are C0 controls.
    @inline(__always)
    public static func mayHoldHostileAboveASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }
    }

    /// The escape a person sees instead of `scalar`: `\x1b` for C0, DEL and C1 controls,
    /// `\u202e` for the others (lower-case hexadecimal).
    public static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        return v < 0x100 ? "\\x" + hex(v, digits: 2) : "\\u" + hex(v, digits: 4)
    }

    /// `value` in lower-case hexadecimal, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
