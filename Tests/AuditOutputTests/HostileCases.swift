/// Untrusted strings that must not act on a terminal, with what a person should see instead.
struct HostileCase: Sendable, CustomStringConvertible {
    var name: String
    var raw: String
    var shown: String

    var description: String { name }

    static let all: [HostileCase] = [
        HostileCase(name: "erase screen", raw: "x\u{1B}[2J", shown: "x\\x1b[2J"),
        HostileCase(name: "window title", raw: "\u{1B}]0;PWNED\u{07}", shown: "\\x1b]0;PWNED\\x07"),
        HostileCase(name: "OSC 8 link", raw: "\u{1B}]8;;http://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\",
                    shown: "\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\"),
        HostileCase(name: "BEL", raw: "ding\u{07}", shown: "ding\\x07"),
        HostileCase(name: "backspaces", raw: "rm -rf /\u{08}\u{08}\u{08}", shown: "rm -rf /\\x08\\x08\\x08"),
        HostileCase(name: "DEL", raw: "a\u{7F}b", shown: "a\\x7fb"),
        HostileCase(name: "NUL", raw: "a\u{00}b", shown: "a\\x00b"),
        HostileCase(name: "C1 CSI", raw: "\u{9B}31mred", shown: "\\x9b31mred"),
        HostileCase(name: "C1 OSC", raw: "\u{9D}0;title\u{9C}", shown: "\\x9d0;title\\x9c"),
        HostileCase(name: "right-to-left override", raw: "invoice\u{202E}fdp.exe", shown: "invoice\\u202efdp.exe"),
        HostileCase(name: "isolates and marks", raw: "\u{2066}a\u{2069}\u{200E}b\u{200F}", shown: "\\u2066a\\u2069\\u200eb\\u200f"),
        HostileCase(name: "escape then combining mark", raw: "\u{1B}\u{301}x", shown: "\\x1b\u{301}x"),
    ]
}
