import CCurl
import Foundation
import Synchronization

/// One request sent on a lent ``CurlEasyHandle``: sets the options, runs `curl_easy_perform` on
/// the handle's own thread, and hands the outcome to the waiting task.
///
/// Cancelling the task answers ``TransportError/cancelled`` at once; the transfer itself stops
/// at libcurl's next progress call (`CURLOPT_XFERINFOFUNCTION`) and only then gives the handle
/// back, so a handle is never used by two transfers.
final class CurlTransfer: Sendable {
    /// Time and redirect limits, from the transport's configuration.
    struct Limits: Sendable {
        /// Seconds to connect, and the longest stall of an answer.
        var requestTimeout: Double
        /// Redirects followed at most.
        var maxRedirects: Int
    }

    private struct State {
        var cancelled = false
        var continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>?
    }

    private let request: HTTPRequest
    private let method: String
    /// `Name: value` lines for `CURLOPT_HTTPHEADER`.
    private let headerLines: [String]
    private let limits: Limits
    private let state = Mutex(State())

    /// Checks a request (method a token; an http or https URL; no CR, LF or NUL in the URL or a
    /// header) and prepares its header lines. A request that fails a check is refused with
    /// ``TransportError/invalidRequest(_:)`` before any connection is made.
    init(request: HTTPRequest, limits: Limits) throws(TransportError) {
        let method = request.method.uppercased()
        guard !method.isEmpty, method.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw .invalidRequest("method '\(request.method)' is not a token")
        }
        let forbidden: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
        guard !request.url.isEmpty, !request.url.utf8.contains(where: { forbidden($0) || $0 == 0x20 }) else {
            throw .invalidRequest("the URL is empty or has a space or line break")
        }
        let scheme = request.url.prefix { $0 != ":" }.lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .invalidRequest("only http and https URLs can be sent")
        }
        var lines: [String] = []
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, !name.utf8.contains(where: { forbidden($0) || $0 == 0x3A || $0 == 0x20 }),
                  !value.utf8.contains(where: forbidden)
            else { throw .invalidRequest("header '\(name.prefix(40))' has a line break or a bad name") }
            // `Name:` alone would remove a header in libcurl; `Name;` sends it empty.
            lines.append(value.isEmpty ? name + ";" : name + ": " + value)
        }
        // No `Expect: 100-continue` round trip before a body.
        if request.body != nil && !request.headers.keys.contains(where: { $0.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        self.request = request
        self.method = method
        headerLines = lines
        self.limits = limits
    }

    /// Whether the waiting task was cancelled.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Runs the transfer on `handle` and waits for it; `release` gets the handle back (reset)
    /// once libcurl is done with it.
    func run(on handle: CurlEasyHandle, release: @escaping @Sendable (CurlEasyHandle) -> Void) async -> Result<HTTPResponse, TransportError> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>) in
                let start = state.withLock { s -> Bool in
                    if s.cancelled { return false }
                    s.continuation = continuation
                    return true
                }
                guard start else {
                    release(handle)
                    continuation.resume(returning: .failure(.cancelled))
                    return
                }
                handle.queue.async {
                    let result = self.perform(on: handle)
                    release(handle)
                    self.finish(result)
                }
            }
        } onCancel: {
            cancel()
        }
    }

    private func cancel() {
        let continuation = state.withLock { s -> CheckedContinuation<Result<HTTPResponse, TransportError>, Never>? in
            s.cancelled = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(returning: .failure(.cancelled))
    }

    private func finish(_ result: Result<HTTPResponse, TransportError>) {
        let continuation = state.withLock { s -> CheckedContinuation<Result<HTTPResponse, TransportError>, Never>? in
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(returning: result)
    }

    /// The blocking part, on the handle's thread. Leaves the handle reset (options cleared,
    /// connections kept).
    private func perform(on handle: CurlEasyHandle) -> Result<HTTPResponse, TransportError> {
        let curl = handle.pointer
        let collector = CurlResponseCollector()
        var list: UnsafeMutablePointer<curl_slist>?
        defer {
            hubaudit_curl_easy_reset(curl)
            hubaudit_curl_slist_free_all(list)
        }
        for line in headerLines {
            guard let longer = hubaudit_curl_slist_append(list, line) else {
                return .failure(.failed(code: Int(CURLE_OUT_OF_MEMORY.rawValue)))
            }
            list = longer
        }
        return withExtendedLifetime(collector) { () -> Result<HTTPResponse, TransportError> in
            let configured = configure(curl, headers: list, collector: Unmanaged.passUnretained(collector).toOpaque())
            guard configured == CURLE_OK else { return .failure(TransportError(curlCode: configured)) }
            let code = hubaudit_curl_easy_perform(curl)
            guard code == CURLE_OK else {
                if code == CURLE_ABORTED_BY_CALLBACK && isCancelled { return .failure(.cancelled) }
                return .failure(TransportError(curlCode: code))
            }
            var status = 0
            _ = hubaudit_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: collector.headers, body: collector.body))
        }
    }

    /// Sets every option of this request; the first failure's code, or `CURLE_OK`.
    private func configure(_ curl: UnsafeMutableRawPointer, headers: UnsafeMutablePointer<curl_slist>?, collector: UnsafeMutableRawPointer) -> CURLcode {
        var outcome = CURLE_OK
        func set(_ code: CURLcode) {
            if outcome == CURLE_OK { outcome = code }
        }
        func setLong(_ option: CURLoption, _ value: Int) { set(hubaudit_curl_setopt_long(curl, option, value)) }
        func setString(_ option: CURLoption, _ value: String) {
            set(value.withCString { hubaudit_curl_setopt_ptr(curl, option, $0) })
        }

        setLong(CURLOPT_NOSIGNAL, 1)
        setString(CURLOPT_URL, request.url)
        set(hubaudit_curl_restrict_protocols(curl, request.url.lowercased().hasPrefix("http:") ? 1 : 0))
        setLong(CURLOPT_FOLLOWLOCATION, 1)
        setLong(CURLOPT_MAXREDIRS, limits.maxRedirects)
        setLong(CURLOPT_UNRESTRICTED_AUTH, 0)  // the default: no Authorization to another host
        setLong(CURLOPT_SSL_VERIFYPEER, 1)  // the defaults, stated: TLS is always verified
        setLong(CURLOPT_SSL_VERIFYHOST, 2)

        // URLSession's timeoutIntervalForRequest (connect, or no byte for that long) and
        // timeoutIntervalForResource (four times that, overall).
        let timeout = Self.milliseconds(limits.requestTimeout)
        setLong(CURLOPT_CONNECTTIMEOUT_MS, timeout)
        setLong(CURLOPT_LOW_SPEED_LIMIT, 1)
        setLong(CURLOPT_LOW_SPEED_TIME, max(1, (timeout + 999) / 1000))
        setLong(CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.requestTimeout * 4))

        set(hubaudit_curl_setopt_ptr(curl, CURLOPT_HTTPHEADER, headers))
        switch (method, request.body) {
        case ("GET", nil):
            setLong(CURLOPT_HTTPGET, 1)
        case ("HEAD", nil):
            setLong(CURLOPT_NOBODY, 1)
        case (_, let body):
            if method != "POST" { setString(CURLOPT_CUSTOMREQUEST, method) }
            if let body = body ?? (method == "POST" ? [] : nil) {
                // The size first, so COPYPOSTFIELDS copies exactly that many bytes.
                set(hubaudit_curl_setopt_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                if body.isEmpty {
                    setString(CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    set(body.withUnsafeBytes { hubaudit_curl_setopt_ptr(curl, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
                }
            }
        }

        set(hubaudit_curl_setopt_write_callback(curl, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
                .headerLine(UnsafeRawBufferPointer(start: buffer, count: length))
            return length
        })
        set(hubaudit_curl_setopt_ptr(curl, CURLOPT_HEADERDATA, collector))
        set(hubaudit_curl_setopt_write_callback(curl, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            let length = size * count
            guard let buffer, let context else { return length }
            Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
                .bodyBytes(UnsafeRawBufferPointer(start: buffer, count: length))
            return length
        })
        set(hubaudit_curl_setopt_ptr(curl, CURLOPT_WRITEDATA, collector))

        // Progress calls (several a second, also while waiting) let a cancelled task stop the
        // transfer: a non-zero answer aborts it.
        setLong(CURLOPT_NOPROGRESS, 0)
        set(hubaudit_curl_setopt_xferinfo_callback(curl) { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
        })
        set(hubaudit_curl_setopt_ptr(curl, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(self).toOpaque()))
        return outcome
    }

    /// Seconds as whole milliseconds for libcurl, at least 1 and at most about 24 days.
    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return Int(Int32.max) }
        return Int(min(max(1, (seconds * 1000).rounded(.up)), Double(Int32.max)))
    }
}
