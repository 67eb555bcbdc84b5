import Foundation

/// Gathers one answer from libcurl's header and write callbacks, on the transfer's thread only.
///
/// Each status line (`HTTP/1.1 301 …`, `HTTP/2 200`) starts over, so after a redirect or a
/// `100 Continue` only the final answer's headers and body remain.
final class CurlResponseCollector {
    /// Headers so far, names lowercased, repeats joined with `", "`.
    private(set) var headers: [String: String] = [:]
    /// Body bytes so far.
    private(set) var body: [UInt8] = []
    private var lastName: String?

    /// One header line as libcurl delivers it (a whole line, with its CRLF).
    func headerLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            body = []
            lastName = nil
            return
        }
        let content = line.trimmingCharacters(in: .newlines)
        guard !content.isEmpty else { return }
        if content.first == " " || content.first == "\t" {
            // An obsolete folded continuation of the previous header.
            if let lastName, let value = headers[lastName] {
                headers[lastName] = value + " " + content.trimmingCharacters(in: .whitespaces)
            }
            return
        }
        guard let colon = content.firstIndex(of: ":") else { return }
        let name = content[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return }
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
        lastName = name
    }

    /// Body bytes as libcurl delivers them.
    func bodyBytes(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }
}
