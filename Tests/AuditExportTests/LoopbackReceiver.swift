import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP receiver for export tests: it records every request (method, URI, headers,
/// body) and answers each with what a test's script says, so a test can play a Splunk HEC, an
/// Elasticsearch `_bulk` endpoint, ClickHouse or a webhook, and misbehave on purpose.
final class LoopbackReceiver: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The answer to one request.
    enum Reply: Sendable {
        case answer(Int, [(String, String)], String)
        /// Never answers (the client times out).
        case silent
    }

    typealias Script = @Sendable (Request, Int) -> Reply

    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let log: Mutex<[Request]>

    /// Every request so far, in arrival order.
    var requests: [Request] { log.withLock { $0 } }

    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.group = group
        self.channel = channel
        self.log = Mutex([])
    }

    /// Starts a receiver on a free loopback port, answering per `script`.
    static func start(_ script: @escaping Script) throws -> LoopbackReceiver {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = Recorder(script: script)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ReceiverHandler(recorder: recorder))
                }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        let receiver = LoopbackReceiver(port: channel.localAddress?.port ?? 0, group: group, channel: channel)
        recorder.receiver.withLock { $0 = receiver }
        return receiver
    }

    fileprivate func record(_ request: Request) -> Int {
        log.withLock {
            $0.append(request)
            return $0.count - 1
        }
    }

    /// Stops listening and releases the thread.
    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

private final class Recorder: Sendable {
    let script: LoopbackReceiver.Script
    let receiver = Mutex<LoopbackReceiver?>(nil)
    init(script: @escaping LoopbackReceiver.Script) { self.script = script }
}

private final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let recorder: Recorder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(recorder: Recorder) { self.recorder = recorder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = LoopbackReceiver.Request(method: head.method.rawValue, uri: head.uri,
                                                   headers: head.headers.map { ($0.name, $0.value) }, body: body)
            guard let receiver = recorder.receiver.withLock({ $0 }) else { return }
            let index = receiver.record(request)
            switch recorder.script(request, index) {
            case .silent: break
            case .answer(let status, let fields, let text):
                var headers = HTTPHeaders(fields)
                let bytes = Array(text.utf8)
                headers.add(name: "Content-Length", value: String(bytes.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers))), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
