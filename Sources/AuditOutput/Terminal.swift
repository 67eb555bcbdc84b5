import Foundation

/// Facts about the terminal and the two output streams (data goes to standard output,
/// everything else, messages and progress, to standard error), and the messages themselves.
///
/// Every message passes through ``DisplayText``: messages quote event
/// content and Hub answers, which must not reach the terminal as control sequences.
public enum Terminal {
    /// Whether standard output is a terminal.
    public static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    /// Whether standard error is a terminal.
    public static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Whether `NO_COLOR` (https://no-color.org) asks for no colour: set and not empty.
    public static var noColor: Bool { ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false }

    /// Colour on standard output: only on a terminal, and never with `NO_COLOR`.
    public static var colorOnStdout: Bool { stdoutIsTerminal && !noColor }
    /// Colour on standard error: only on a terminal, and never with `NO_COLOR`.
    public static var colorOnStderr: Bool { stderrIsTerminal && !noColor }

    /// The width of the terminal on standard output in cells: from the terminal itself, else
    /// `$COLUMNS`, else 80.
    public static var width: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    /// The `error: ` prefix, red on a colour terminal.
    public static var errorPrefix: String { colorOnStderr ? "\u{1B}[31merror:\u{1B}[0m " : "error: " }

    /// Writes a line to standard error, control characters shown as escapes (line breaks kept).
    public static func message(_ text: String) {
        writeToStandardError(DisplayText(text, context: .message).text + "\n")
    }

    /// Writes `error: …` to standard error, in red on a colour terminal.
    public static func error(_ text: String) {
        writeToStandardError(errorPrefix + DisplayText(text, context: .message).text + "\n")
    }

    /// Writes `warning: …` to standard error, in yellow on a colour terminal.
    public static func warning(_ text: String) {
        let prefix = colorOnStderr ? "\u{1B}[33mwarning:\u{1B}[0m " : "warning: "
        writeToStandardError(prefix + DisplayText(text, context: .message).text + "\n")
    }

    /// Redraws the progress line on standard error with `text` (escaped), or clears it (`nil`).
    public static func progressLine(_ text: String?) {
        writeToStandardError("\r\u{1B}[2K" + (text.map { DisplayText($0, context: .tableCell).text } ?? ""))
    }

    /// Writes text as it is to standard error: only for this library's own sequences (progress
    /// lines, prefixes) and text already escaped.
    static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
