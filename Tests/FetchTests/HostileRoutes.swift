import Foundation
import GleanerFetch
import TestSupport

/// The loopback server with one route per hostile case the client must survive.
enum HostileRoutes {
    static let page = "<html><head><title>t</title></head><body><p>hello, gleaner</p></body></html>\n"
    static let etag = "\"v1\""
    static let lastModified = "Sat, 28 Nov 2026 10:00:00 GMT"
    /// "안녕" in EUC-KR.
    static let eucKRBytes: [UInt8] = [0xB0, 0xC8, 0xB3, 0xE7]
    static let bombSize = 64 * 1024 * 1024
    static let bomb = TestCompression.gzip([UInt8](repeating: 0, count: bombSize))

    static func server() throws -> TestHTTPServer {
        let server = try TestHTTPServer()
        let html = [("Content-Type", "text/html; charset=utf-8")]
        server.route("/page") { request, connection in
            let headers = html + [("ETag", etag), ("Last-Modified", lastModified)]
            if request.header("If-None-Match") == etag || request.header("If-Modified-Since") == lastModified {
                connection.respond(status: 304, headers: [("ETag", etag)])
            } else {
                connection.respond(status: 200, headers: headers, text: page)
            }
        }
        server.route("/gzip") { _, connection in
            connection.respond(status: 200, headers: html + [("Content-Encoding", "gzip")], body: TestCompression.gzip(Array(page.utf8)))
        }
        server.route("/br") { _, connection in
            connection.respond(status: 200, headers: html + [("Content-Encoding", "br")], body: TestCompression.brotli(Array(page.utf8)))
        }
        server.route("/bomb") { _, connection in
            connection.respond(status: 200, headers: html + [("Content-Encoding", "gzip")], body: bomb)
        }
        server.route("/huge") { _, connection in
            // Honest Content-Length over the limit: refused before the body.
            connection.writeHead(status: 200, headers: [("Content-Length", "\(20 * 1024 * 1024)")])
            for _ in 0..<20 where connection.write([UInt8](repeating: 0x61, count: 1024 * 1024)) {}
            connection.close()
        }
        server.route("/huge-unannounced") { _, connection in
            // No Content-Length: only the write callback can stop it.
            connection.writeHead(status: 200, headers: [("Connection", "close")])
            for _ in 0..<20 where connection.write([UInt8](repeating: 0x61, count: 1024 * 1024)) {}
            connection.close()
        }
        server.route("/drip") { _, connection in
            connection.writeHead(status: 200, headers: [("Content-Length", "100000")])
            for _ in 0..<100 {
                guard connection.write([0x61]), connection.pause(0.2) else { break }
            }
            connection.close()
        }
        server.route("/hang") { _, connection in
            connection.pause(10)
            connection.close()
        }
        server.route("/lying-length") { _, connection in
            connection.respond(status: 200, headers: [("Content-Length", "5000")], text: "only this much")
            connection.close()
        }
        server.route("/reset") { _, connection in
            connection.writeHead(status: 200, headers: [("Content-Length", "100000")])
            connection.write([UInt8](repeating: 0x61, count: 1000))
            connection.pause(0.05)
            connection.reset()
        }
        for (path, status, next) in [("/r301", 301, "/r302"), ("/r302", 302, "/r307"), ("/r307", 307, "/r308"), ("/r308", 308, "/page")] {
            server.route(path) { _, connection in
                connection.respond(status: status, headers: [("Location", next), ("X-Hop", path)], text: "moved")
            }
        }
        server.route("/loop") { _, connection in connection.respond(status: 302, headers: [("Location", "/loop")]) }
        server.route("/to-file") { _, connection in connection.respond(status: 302, headers: [("Location", "file:///etc/passwd")]) }
        server.route("/to-ftp") { _, connection in connection.respond(status: 302, headers: [("Location", "ftp://127.0.0.1/x")]) }
        server.route("/euc-kr") { _, connection in
            connection.respond(status: 200, headers: [("Content-Type", "text/html; charset=EUC-KR")], body: Array("<p>".utf8) + eucKRBytes + Array("</p>".utf8))
        }
        server.route("/echo") { request, connection in
            let lines = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            connection.respond(status: 200, headers: [("Content-Type", "text/plain")], text: lines)
        }
        return server
    }

    /// Small limits so failures come quickly.
    static func settings() -> HTTPClientSettings {
        var settings = HTTPClientSettings()
        settings.connectTimeout = 2
        settings.totalTimeout = 5
        settings.lowSpeedLimit = 100
        settings.lowSpeedTime = 1
        settings.maxBodyBytes = 1024 * 1024
        return settings
    }
}
