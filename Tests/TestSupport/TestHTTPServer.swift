import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small threaded HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests: a route table of
/// closures, keep-alive, and a record of what it saw — every request with its arrival time and
/// headers, and the most connections and requests it ever had open at once. Politeness tests
/// assert on that record.
public final class TestHTTPServer: @unchecked Sendable {
    /// Answers one request on its connection. Runs on the connection's own thread.
    public typealias Handler = @Sendable (TestRequest, TestConnection) -> Void

    public let port: Int
    private let listener: Int32
    private let lock = NSCondition()
    // Guarded by `lock`.
    private var routes: [String: Handler]
    private var seen: [TestRequest] = []
    private var clients: [Int32] = []
    private var openConnections = 0
    private var peakConnections = 0
    private var openRequests = 0
    private var peakRequests = 0
    private var connectionCount = 0
    private var stopped = false

    /// Starts listening at once; `routes` maps a path (without query) to its handler.
    public init(routes: [String: Handler] = [:]) throws {
        self.routes = routes
        (listener, port) = try Self.listen()
        let listener = self.listener
        // Weak: a server nobody references any more stops in deinit, even while accept blocks.
        let thread = Thread { [weak self] in
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 {
                    if errno == EINTR { continue }
                    // Closed here, not in stop(): the fd number must not be reused by another
                    // test's listener while this thread could still call accept on it.
                    Glibc.close(listener)
                    return
                }
                guard let self else { Glibc.close(fd); return }
                self.start(fd: fd)
            }
        }
        thread.name = "test-http-accept"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `HOST:PORT:127.0.0.1:<port>` for libcurl's CONNECT_TO: `http://HOST:PORT/…` reaches this server.
    public func connectTo(host: String, port hostPort: Int = 80) -> String { "\(host):\(hostPort):127.0.0.1:\(port)" }

    /// Adds or replaces a route.
    public func route(_ path: String, _ handler: @escaping Handler) {
        lock.lock(); defer { lock.unlock() }
        routes[path] = handler
    }

    /// Every request seen so far, in arrival order.
    public var requests: [TestRequest] { lock.lock(); defer { lock.unlock() }; return seen }

    public func requests(path: String) -> [TestRequest] { requests.filter { $0.path == path } }

    /// The most client connections open at one time.
    public var maxConcurrentConnections: Int { lock.lock(); defer { lock.unlock() }; return peakConnections }

    /// The most requests being answered at one time.
    public var maxConcurrentRequests: Int { lock.lock(); defer { lock.unlock() }; return peakRequests }

    /// Stops accepting, and unblocks every connection and every route waiting in `pause`.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        // Under the lock: a connection closes its fd under the lock too, so an fd number
        // reused by another test's socket is never shut down by mistake.
        for fd in clients { shutdown(fd, Int32(SHUT_RDWR)) }
        lock.broadcast()
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))  // accept fails; the accept thread closes it
    }

    /// Waits up to `seconds`; false if the server stopped meanwhile.
    func waitForStop(_ seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock(); defer { lock.unlock() }
        while !stopped && Date() < deadline { _ = lock.wait(until: deadline) }
        return !stopped
    }

    // MARK: - Serving

    static func listen(backlog: Int32 = 128) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, backlog == 0 || Glibc.listen(fd, backlog) == 0 else { Glibc.close(fd); throw TestServerError.socket(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    private func start(fd: Int32) {
        lock.lock()
        if stopped { lock.unlock(); Glibc.close(fd); return }
        connectionCount += 1
        let id = connectionCount
        clients.append(fd)
        openConnections += 1
        peakConnections = max(peakConnections, openConnections)
        lock.unlock()
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in serve(fd: fd, id: id) }
        thread.name = "test-http-conn"
        thread.start()
    }

    private func serve(fd: Int32, id: Int) {
        let connection = TestConnection(fd: fd, server: self)
        var buffer: [UInt8] = []
        defer {
            lock.lock()
            openConnections -= 1
            clients.removeAll { $0 == fd }
            Glibc.close(fd)
            lock.unlock()
        }
        while !connection.isClosed {
            guard let head = readHead(fd: fd, buffer: &buffer),
                  let request = TestRequest.parse(head: head, connection: id) else { return }
            lock.lock()
            seen.append(request)
            openRequests += 1
            peakRequests = max(peakRequests, openRequests)
            let handler = routes[request.path]
            lock.unlock()
            if let handler {
                handler(request, connection)
            } else {
                connection.respond(status: 404, text: "no route for \(request.path)\n")
            }
            lock.lock()
            openRequests -= 1
            lock.unlock()
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    /// Reads up to the blank line that ends a request head; nil when the peer closed.
    private func readHead(fd: Int32, buffer: inout [UInt8]) -> [UInt8]? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.firstRange(of: terminator) {
                let head = Array(buffer[..<end.lowerBound])
                buffer.removeSubrange(..<end.upperBound)
                return head
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}

public enum TestServerError: Error { case socket(Int32) }
