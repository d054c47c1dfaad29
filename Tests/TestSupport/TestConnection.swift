import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The socket of one client connection, handed to a route so it can answer well or badly:
/// a normal response, bytes dribbled out slowly, a lie, a hang, or a reset.
public final class TestConnection: @unchecked Sendable {
    let fd: Int32
    private let server: TestHTTPServer
    /// Set by a route that closed or reset the socket; the server stops serving it.
    public private(set) var isClosed = false

    init(fd: Int32, server: TestHTTPServer) {
        self.fd = fd
        self.server = server
    }

    /// A complete response. Content-Length is added unless `headers` already has one (to lie
    /// with) or says `Transfer-Encoding`.
    public func respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        var all = headers
        let names = Set(headers.map { $0.0.lowercased() })
        if !names.contains("content-length") && !names.contains("transfer-encoding") {
            all.append(("Content-Length", "\(body.count)"))
        }
        writeHead(status: status, headers: all)
        write(body)
    }

    public func respond(status: Int, headers: [(String, String)] = [], text: String) {
        respond(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The status line and headers only; the route writes the body itself.
    public func writeHead(status: Int, headers: [(String, String)]) {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        write(Array(head.utf8))
    }

    /// Writes raw bytes; false once the peer is gone (no SIGPIPE: MSG_NOSIGNAL).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sleeps up to `seconds`, waking early when the server stops; false if it stopped.
    @discardableResult
    public func pause(_ seconds: TimeInterval) -> Bool { server.waitForStop(seconds) }

    /// Closes with an RST instead of a FIN (SO_LINGER 0): "connection reset by peer".
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        // No shutdown (that would send a FIN): the server closes the fd when the route returns.
        isClosed = true
    }

    /// Closes the connection after what was written.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        shutdown(fd, Int32(SHUT_RDWR))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
