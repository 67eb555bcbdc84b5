/// What a result column holds, which decides alignment and how `where` reads its values.
public enum ColumnType: Hashable, Sendable {
    /// Counts (right-aligned in tables, integers in JSON).
    case count
    /// Text.
    case text
    /// Instants (RFC 3339 in every format).
    case time
}
