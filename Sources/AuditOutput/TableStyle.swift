/// How a table is drawn.
public struct TableStyle: Sendable, Hashable {
    /// The terminal's width in cells; long cells are cut with an ellipsis to fit. `nil`: no limit.
    public var width: Int?
    /// At most this many rows, then "… N more rows". `nil`: all.
    public var maxRows: Int?
    /// Bold header (only on a terminal, never with `NO_COLOR`: see ``Terminal/colorOnStdout``).
    public var color: Bool
    /// Whether the header line is drawn (`false` for a list of name and value pairs).
    public var showsHeader: Bool

    /// Creates a style.
    public init(width: Int? = nil, maxRows: Int? = nil, color: Bool = false, showsHeader: Bool = true) {
        self.width = width
        self.maxRows = maxRows
        self.color = color
        self.showsHeader = showsHeader
    }
}
