import CCurl

/// libcurl, loaded with `dlopen` at the first request rather than linked: a command that never
/// reaches the network does not pay for loading libcurl and its ~30 libraries at start-up.
enum CurlLibrary {
    /// Loads libcurl (once per process; later calls are a check of the first outcome). Throws
    /// ``TransportError/libraryUnavailable(reason:)`` with the loader's reason when it is
    /// missing or too old.
    static func load() throws(TransportError) {
        if hubaudit_curl_load(nil, 0) == 0 { return }
        var buffer = [CChar](repeating: 0, count: 512)
        _ = hubaudit_curl_load(&buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw .libraryUnavailable(reason: reason)
    }
}
