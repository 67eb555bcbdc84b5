/// Splits a query into tokens.
///
/// White space separates tokens; `#` starts a comment that runs to the end of the line (so `.hq`
/// files can explain themselves). Never traps: every input yields tokens or a positioned error.
public struct Lexer: Sendable {
    /// The query's characters; positions in tokens index this array.
    public let characters: [Character]

    /// Prepares to lex `query`.
    public init(_ query: String) {
        characters = Array(query)
    }

    /// Whether a character may appear in a bare token.
    public static func isWordCharacter(_ c: Character) -> Bool {
        if c.isLetter || c.isNumber { return true }
        switch c {
        case ".", "_", "-", "/", ":", "@", "*", "+": return true
        default: return false
        }
    }

    /// All tokens, ending with `.end`.
    public func tokens() throws(QueryError) -> [Token] {
        var out: [Token] = []
        var i = 0
        let n = characters.count
        while true {
            while i < n, characters[i].isWhitespace { i += 1 }
            if i < n, characters[i] == "#" {
                while i < n, characters[i] != "\n" { i += 1 }
                continue
            }
            guard i < n else {
                out.append(Token(.end, SourceRange(n, n)))
                return out
            }
            let c = characters[i]
            let start = i
            switch c {
            case "(": out.append(Token(.leftParen, SourceRange(i, i + 1))); i += 1
            case ")": out.append(Token(.rightParen, SourceRange(i, i + 1))); i += 1
            case ",": out.append(Token(.comma, SourceRange(i, i + 1))); i += 1
            case "|": out.append(Token(.pipe, SourceRange(i, i + 1))); i += 1
            case "=": out.append(Token(.op(.equal), SourceRange(i, i + 1))); i += 1
            case "~": out.append(Token(.op(.match), SourceRange(i, i + 1))); i += 1
            case "!":
                if i + 1 < n, characters[i + 1] == "=" {
                    out.append(Token(.op(.notEqual), SourceRange(i, i + 2))); i += 2
                } else if i + 1 < n, characters[i + 1] == "~" {
                    out.append(Token(.op(.notMatch), SourceRange(i, i + 2))); i += 2
                } else {
                    throw .invalidCharacter(c, at: SourceRange(i, i + 1))
                }
            case "<", ">":
                let orEqual = i + 1 < n && characters[i + 1] == "="
                let op: ComparisonOperator = c == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
                let length = orEqual ? 2 : 1
                out.append(Token(.op(op), SourceRange(i, i + length)))
                i += length
            case "\"":
                i += 1
                var text = ""
                var closed = false
                while i < n {
                    let d = characters[i]
                    if d == "\"" { closed = true; i += 1; break }
                    if d == "\\", i + 1 < n, characters[i + 1] == "\"" || characters[i + 1] == "\\" {
                        text.append(characters[i + 1])
                        i += 2
                        continue
                    }
                    text.append(d)
                    i += 1
                }
                guard closed else { throw .unterminatedString(at: SourceRange(start, start + 1)) }
                out.append(Token(.string(text), SourceRange(start, i)))
            default:
                guard Self.isWordCharacter(c) else { throw .invalidCharacter(c, at: SourceRange(i, i + 1)) }
                while i < n, Self.isWordCharacter(characters[i]) { i += 1 }
                out.append(Token(.word(String(characters[start..<i])), SourceRange(start, i)))
            }
        }
    }
}
