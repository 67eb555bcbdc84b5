import CCurl
import Dispatch

/// One libcurl easy handle and the thread its transfers run on.
///
/// The handle keeps its connections open between transfers (`curl_easy_reset` clears the
/// options, not the connection cache), so reusing it reuses the connection. Its serial queue
/// runs the blocking `curl_easy_perform` off Swift concurrency's cooperative pool: a private
/// serial queue is served by Dispatch's overcommitting threads, so a transfer waiting on the
/// network never holds up other work. `@unchecked Sendable` because the ``CurlHandlePool`` lends
/// a handle to one transfer at a time.
final class CurlEasyHandle: @unchecked Sendable {
    /// The `CURL *`.
    let pointer: UnsafeMutableRawPointer
    /// Where this handle's transfers run, one at a time.
    let queue = DispatchQueue(label: "hubaudit.curl-transfer")

    /// A new handle, or `nil` when libcurl cannot make one (out of memory). libcurl must be
    /// loaded (``CurlLibrary/load()``).
    init?() {
        guard let pointer = hubaudit_curl_easy_init() else { return nil }
        self.pointer = pointer
    }

    deinit {
        hubaudit_curl_easy_cleanup(pointer)
    }
}
