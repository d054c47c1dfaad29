import Foundation
import Synchronization
import TestSupport

/// The TV서울 replica (Parsers/tvseoul/fixtures/) served at the real site's paths by the loopback
/// test server, with ETag/Last-Modified and 304 answers like a real web server. Pages can be
/// changed while it runs, to see a correction become revision 2.
final class ReplicaSite: Sendable {
    let server: TestHTTPServer
    private let overrides = Mutex<[String: [UInt8]]>([:])
    private let stalled = Mutex<Set<String>>([])
    private let extraHeaders = Mutex<[String: [(String, String)]]>([:])
    static let fixtures = repositoryRoot().appendingPathComponent("Parsers/tvseoul/fixtures")

    init() throws {
        server = try TestHTTPServer()
        for path in ["/", "/robots.txt", "/news/article.html", "/news/section_list_all.html"] {
            server.route(path) { [unowned self] request, connection in self.answer(request, connection) }
        }
    }

    /// `www.tvseoul.kr:80` → this server, for `[http.connect_to]`.
    var connectTo: String { "127.0.0.1:\(server.port)" }

    /// Serves `bytes` instead of the fixture file from now on.
    func replace(_ fixture: String, with bytes: [UInt8]) { overrides.withLock { $0[fixture] = bytes } }

    /// Answers for this fixture carry `header` too (e.g. a `Set-Cookie`).
    func addHeader(_ fixture: String, _ header: (String, String)) { extraHeaders.withLock { $0[fixture, default: []].append(header) } }

    /// Requests for this fixture hang until the server stops (a page that never finishes).
    func stall(_ fixture: String) { _ = stalled.withLock { $0.insert(fixture) } }

    /// Later requests for this fixture are answered again.
    func unstall(_ fixture: String) { _ = stalled.withLock { $0.remove(fixture) } }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// The fixture standing for a URL path and query of the real site.
    static func fixtureName(path: String, query: String?) -> String? {
        var q: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { q[kv[0]] = kv[1] }
        }
        switch path {
        case "/": return "index.html"
        case "/robots.txt": return "robots.txt"
        case "/news/article.html": return q["no"].map { "article_\($0).html" }
        case "/news/section_list_all.html" where q["sec_no"] == "11": return "section_politics_p\(q["page"] ?? "1").html"
        default: return nil
        }
    }

    private func answer(_ request: TestRequest, _ connection: TestConnection) {
        guard let name = Self.fixtureName(path: request.path, query: request.query),
              let body = overrides.withLock({ $0[name] }) ?? (try? Self.fixture(name)) else {
            connection.respond(status: 404, text: "not in the replica\n")
            return
        }
        if stalled.withLock({ $0.contains(name) }) {
            _ = connection.pause(60)
            return
        }
        let etag = "\"\(Self.fnv(body))\""
        let headers = [("ETag", etag), ("Last-Modified", "Wed, 02 Jul 2025 06:00:00 GMT"),
                       ("Content-Type", name.hasSuffix(".txt") ? "text/plain" : "text/html; charset=utf-8")]
            + extraHeaders.withLock { $0[name] ?? [] }
        if request.header("If-None-Match") == etag {
            connection.respond(status: 304, headers: headers)
        } else {
            connection.respond(status: 200, headers: headers, body: body)
        }
    }

    private static func fnv(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h ^= UInt64(b); h &*= 0x100_0000_01B3 }
        return String(h, radix: 16)
    }
}
