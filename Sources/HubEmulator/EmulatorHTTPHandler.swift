import AuditModel
import Foundation
import NIOCore
import NIOHTTP1

/// The NIO handler of one connection: gathers a request, asks the core for a reply, and sends
/// it — on time, late, cut short, or not at all (a reset).
final class EmulatorHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: EmulatorCore
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(core: EmulatorCore) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            if body.count < 1 << 20, let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = Self.request(head, body: body)
            let reply = core.handle(request, now: Date().timeIntervalSince1970)
            let keepAlive = head.isKeepAlive
            if reply.delayMilliseconds > 0 {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(reply.delayMilliseconds))) {
                    let (handler, context) = bound.value
                    handler.send(reply, version: head.version, keepAlive: keepAlive, context: context)
                }
            } else {
                send(reply, version: head.version, keepAlive: keepAlive, context: context)
            }
        }
    }

    private static func request(_ head: HTTPRequestHead, body: [UInt8]) -> EmulatorRequest {
        let uri = head.uri
        let path: String
        var query: [String: String] = [:]
        if let q = uri.firstIndex(of: "?") {
            path = String(uri[..<q])
            var components = URLComponents()
            components.percentEncodedQuery = String(uri[uri.index(after: q)...])
            for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        } else {
            path = uri
        }
        return EmulatorRequest(method: head.method.rawValue, path: path, query: query,
                               authorization: head.headers.first(name: "authorization"), body: body)
    }

    private func send(_ reply: EmulatorReply, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if case .reset = reply.fault {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            if let provider = context.channel as? SocketOptionProvider {
                provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
            } else {
                context.close(promise: nil)
            }
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Date", value: HTTPDate.format(Int64(Date().timeIntervalSince1970)))
        for (name, value) in reply.headers { headers.add(name: name, value: value) }
        var body = reply.body
        var closeAfter = !keepAlive
        switch reply.fault {
        case .truncate(let keep, let consistent):
            body = Array(reply.body.prefix(keep))
            headers.add(name: "Content-Length", value: String(consistent ? body.count : reply.body.count))
            if !consistent { closeAfter = true }
        default:
            headers.add(name: "Content-Length", value: String(body.count))
        }
        if closeAfter { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        if case .truncate(_, false) = reply.fault {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            context.close(promise: nil)
            return
        }
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        if closeAfter {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
