/// A group key with its position.
public struct KeyReference: Hashable, Sendable {
    /// The key.
    public var key: GroupKey
    /// Where it is.
    public var range: SourceRange

    /// Creates a positioned key.
    public init(key: GroupKey, range: SourceRange) {
        self.key = key
        self.range = range
    }
}
