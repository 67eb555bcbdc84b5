import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.0 client for servers the tests start on 127.0.0.1 (ClickHouse's HTTP
/// interface), and free loopback ports for them: no libcurl, no event loop. HTTP/1.0 makes the
/// server close the connection after its answer, so the body is everything up to end of file.
public enum LoopbackHTTP {
    /// An answer: status code and body.
    public struct Response: Sendable {
        /// The HTTP status code (200 for success).
        public var status: Int
        /// The body, as text.
        public var body: String
    }

    /// A loopback port that was free a moment ago (bound to port 0, read back and released).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = loopback(port: 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Sends `METHOD path` with `body` to 127.0.0.1:`port` and reads the whole answer; a server
    /// that does not answer within `timeout` seconds is an error.
    public static func request(_ method: String = "POST", port: Int, path: String = "/", body: Data = Data(),
                               timeout: Int = 300) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", port) }
        defer { close(fd) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var addr = loopback(port: port)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw failure("connect", port) }
        var message = Data("\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        message.append(body)
        try message.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var sent = 0
            while sent < bytes.count {
                let n = send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw failure("send", port) }
                sent += n
            }
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { break }
            guard n > 0 else { throw failure("recv", port) }
            answer.append(contentsOf: buffer[0..<n])
        }
        return try parse(answer, port: port)
    }

    /// The status code and body of a raw HTTP answer.
    static func parse(_ answer: Data, port: Int) throws -> Response {
        guard let end = answer.range(of: Data("\r\n\r\n".utf8)) else {
            throw EngineError.failed(tool: "HTTP 127.0.0.1:\(port)", status: -1, message: "no HTTP header in the answer")
        }
        let head = String(decoding: answer[..<end.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, let status = Int(fields[1]) else {
            throw EngineError.failed(tool: "HTTP 127.0.0.1:\(port)", status: -1, message: "bad status line: \(statusLine)")
        }
        return Response(status: status, body: String(decoding: answer[end.upperBound...], as: UTF8.self))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return addr
    }

    static func failure(_ call: String, _ port: Int) -> EngineError {
        .failed(tool: "HTTP 127.0.0.1:\(port)", status: errno, message: "\(call): \(String(cString: strerror(errno)))")
    }
}
