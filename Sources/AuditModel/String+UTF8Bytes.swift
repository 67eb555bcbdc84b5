extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place (no copy, no retain) when the string
    /// holds them contiguously, as native and small strings do; a bridged string is copied first.
    ///
    /// `String.withUTF8` is `mutating`, so calling it on a value means copying the string (a
    /// retain and a release); on the import and export paths, which look at every value of
    /// millions of events, that showed up in profiles.
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
