import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP/1.1 server with the few behaviours the transport tests need, by path:
///
/// - `/hello`: 200, `X-Custom: A`, two `X-Multi` headers, body `hello`
/// - `/echo`: 200, the request body back, `X-Method: METHOD`
/// - `/headers`: 200, the request's headers as `name: value` lines (names lowercased)
/// - `/redirect-same`: 302 to `/headers` on this server, with `X-Before: yes`
/// - `/redirect-other/PORT`: 302 to `http://127.0.0.1:PORT/headers`, with `X-Before: yes`
/// - `/silent`: never answers
/// - `/cut`: promises 1000 bytes, sends 10, closes
/// - `/slow/MS`: `slow` after MS milliseconds
/// - `/connection`: the client's port, which names the connection
final class TestHTTPServer: Sendable {
    let port: Int
    /// What has reached the server so far.
    let log: TestServerLog
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    private init(port: Int, log: TestServerLog, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.log = log
        self.group = group
        self.channel = channel
    }

    /// Starts a server on a free loopback port.
    static func start() async throws -> TestHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = TestServerLog()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(TestRouteHandler(log: log))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            return TestHTTPServer(port: channel.localAddress?.port ?? 0, log: log, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops listening, closes every connection and releases the thread.
    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// The connections accepted and requests received by a ``TestHTTPServer``, shared by its
/// connections' handlers.
final class TestServerLog: Sendable {
    private let counts = Mutex((connections: 0, requests: 0))

    /// Connections accepted so far.
    var connections: Int { counts.withLock { $0.connections } }
    /// Requests (heads) received so far.
    var requests: Int { counts.withLock { $0.requests } }

    func connected() { counts.withLock { $0.connections += 1 } }
    func received() { counts.withLock { $0.requests += 1 } }
}

/// Runs `body` with a started server and shuts the server down afterwards, also on a throw.
func withServer<T>(_ body: (TestHTTPServer) async throws -> T) async throws -> T {
    let server = try await TestHTTPServer.start()
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// The handler of one connection of a ``TestHTTPServer``.
final class TestRouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: TestServerLog
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: TestServerLog) {
        self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        log.connected()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            log.received()
            head = h
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            respond(head, context: context)
        }
    }

    private func respond(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let parts = path.split(separator: "/").map(String.init)
        switch parts.first ?? "" {
        case "hello":
            send(200, [("X-Custom", "A"), ("X-Multi", "1"), ("X-Multi", "2")], Array("hello".utf8), context: context)
        case "echo":
            send(200, [("X-Method", head.method.rawValue)], body, context: context)
        case "headers":
            let lines = head.headers.map { "\($0.name.lowercased()): \($0.value)\n" }.joined()
            send(200, [], Array(lines.utf8), context: context)
        case "redirect-same":
            send(302, [("Location", "/headers"), ("X-Before", "yes")], Array("moved".utf8), context: context)
        case "redirect-other":
            let port = parts.count > 1 ? parts[1] : "1"
            send(302, [("Location", "http://127.0.0.1:\(port)/headers"), ("X-Before", "yes")], [], context: context)
        case "silent":
            break
        case "cut":
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "1000")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: 10)
            buffer.writeBytes(Array(repeating: UInt8(ascii: "x"), count: 10))
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).whenComplete { _ in bound.value.close(promise: nil) }
        case "slow":
            let milliseconds = Int64(parts.count > 1 ? parts[1] : "0") ?? 0
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.send(200, [], Array("slow".utf8), context: context)
            }
        case "connection":
            send(200, [], Array(String(context.remoteAddress?.port ?? 0).utf8), context: context)
        default:
            send(404, [], [], context: context)
        }
    }

    private func send(_ status: Int, _ fields: [(String, String)], _ body: [UInt8], context: ChannelHandlerContext) {
        var headers = HTTPHeaders(fields)
        headers.add(name: "Content-Length", value: String(body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
