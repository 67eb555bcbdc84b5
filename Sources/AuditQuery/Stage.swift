/// A stage with its position and keyword.
public struct Stage: Hashable, Sendable {
    /// What it does.
    public var kind: StageKind
    /// The stage keyword as written (`count`, `sort`…), for messages.
    public var keyword: String
    /// Where the stage keyword is.
    public var range: SourceRange

    /// Creates a stage.
    public init(kind: StageKind, keyword: String, range: SourceRange) {
        self.kind = kind
        self.keyword = keyword
        self.range = range
    }
}
