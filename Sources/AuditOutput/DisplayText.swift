import AuditModel

/// Untrusted text made safe to show: every control character, DEL and bidirectional mark
/// (``ControlCharacters/isHostile(_:)``) replaced by a visible escape such as `\x1b` or `\u202e`,
/// kept in pieces that are never split (a whole character, or a whole escape), and measured in
/// terminal cells (East Asian wide characters count two, combining marks none).
///
/// Tables, messages and CSV fields all go through it, so no event content reaches a terminal
/// as a control sequence.
public struct DisplayText: Sendable {
    /// Where the text goes, which decides what line breaks and tabs become.
    public enum Context: Sendable {
        /// A table cell: line breaks and tabs become spaces (a row stays one line).
        case tableCell
        /// A message on standard error: `\n` and tab stay, every other control is escaped.
        case message
        /// A CSV field: `\n`, `\r` and tab stay (quoting keeps them inside the field).
        case csvField
    }

    /// One unsplittable piece and its width in cells.
    struct Piece: Sendable {
        var text: String
        var width: Int
    }

    /// The pieces, or `nil` when the text is printable ASCII and stands as it is in `plain`.
    private let pieces: [Piece]?
    private let plain: String

    /// The width in terminal cells.
    public let width: Int

    /// Escapes and measures `raw` for `context`.
    public init(_ raw: String, context: Context) {
        if raw.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            plain = raw
            pieces = nil
            width = raw.utf8.count
            return
        }
        var pieces: [Piece] = []
        for character in raw {
            switch (context, character) {
            case (.message, "\n"), (.message, "\t"), (.csvField, "\n"), (.csvField, "\r"), (.csvField, "\r\n"), (.csvField, "\t"):
                pieces.append(Piece(text: String(character), width: 1))
                continue
            case (.tableCell, _) where character.isNewline || character == "\t":
                pieces.append(Piece(text: " ", width: 1))
                continue
            default:
                break
            }
            if character.unicodeScalars.contains(where: ControlCharacters.isHostile) {
                for scalar in character.unicodeScalars {
                    if scalar == "\n" {
                        pieces.append(Piece(text: "\n", width: 1))  // of "\r\n" in a message or a CSV field
                    } else if ControlCharacters.isHostile(scalar) {
                        let escape = ControlCharacters.visibleEscape(scalar)
                        pieces.append(Piece(text: escape, width: escape.utf8.count))
                    } else {
                        pieces.append(Piece(text: String(scalar), width: Self.width(of: scalar)))
                    }
                }
            } else {
                pieces.append(Piece(text: String(character), width: Self.width(of: character)))
            }
        }
        self.pieces = pieces
        plain = ""
        width = pieces.reduce(0) { $0 + $1.width }
    }

    /// The safe text.
    public var text: String {
        guard let pieces else { return plain }
        return pieces.map(\.text).joined()
    }

    /// The text cut to at most `cells` wide, ending in `…` when cut; never inside a character
    /// or an escape.
    public func fitted(to cells: Int) -> String { fit(to: cells).text }

    /// ``fitted(to:)`` with the width of its result (a wide character at the cut leaves a cell free).
    func fit(to cells: Int) -> (text: String, width: Int) {
        guard width > cells else { return (text, width) }
        guard cells > 0 else { return ("", 0) }
        guard let pieces else { return (String(plain.prefix(cells - 1)) + "…", cells) }
        var out = ""
        var used = 0
        for piece in pieces {
            guard used + piece.width <= cells - 1 else { break }
            out += piece.text
            used += piece.width
        }
        return (out + "…", used + 1)
    }

    /// The cells a character takes: that of its widest scalar (a base letter with its combining
    /// marks takes one, an emoji sequence two).
    public static func width(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { max($0, width(of: $1)) }
    }

    /// The cells a scalar takes: 0 for combining marks, format characters and Hangul vowel and
    /// final jamo, 2 for East Asian wide and full-width characters and emoji, else 1.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18AFF,
             0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }
}
