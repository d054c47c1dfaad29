import Foundation
import Testing
import TestSupport

/// The shipped generic `news` parser (`hosts = ["*"]`) crawling a host it names nowhere: the
/// source's seeds decide the host, links to other hosts are not followed, and a list page
/// yields no article and no reject.
@Suite struct NewsAnyHostCrawlTests {
    static let parsers = repositoryRoot().appendingPathComponent("Parsers").path

    static let list = """
        <html lang="en"><head><title>Local news</title><meta property="og:type" content="website"></head><body>
        <ul><li><a href="/story/ferry.html">Ferry adds a late boat</a></li>
        <li><a href="http://elsewhere.example/story/other.html">A story on another site</a></li></ul>
        </body></html>
        """
    static let story = """
        <html lang="en"><head><title>Ferry adds a late boat | Bay Weekly</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry adds a late boat",
        "datePublished":"2026-04-12T08:15:00-04:00","author":{"@type":"Person","name":"Dana Whitfield"}}</script></head>
        <body><nav><a href="/">Home</a></nav><div class="story-body">
        <p>The county ferry will add a late crossing on weekdays from July, the transit board decided on Thursday evening.</p>
        <p>Riders who work late shifts had asked for the boat in a petition signed by more than two thousand people.</p>
        </div></body></html>
        """

    @Test func aSourceUsesTheNewsParserForAHostTheParserDoesNotName() throws {
        let server = try TestHTTPServer()
        let html = [("Content-Type", "text/html; charset=utf-8")]
        server.route("/") { _, c in c.respond(status: 200, headers: html, body: Array(Self.list.utf8)) }
        server.route("/story/ferry.html") { _, c in c.respond(status: 200, headers: html, body: Array(Self.story.utf8)) }
        server.route("/story/other.html") { _, c in c.respond(status: 200, headers: html, body: Array(Self.story.utf8)) }
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir, server, source: """
            seeds = ["http://bayweekly.example/"]
            max_depth = 1
            """)

        let check = try GleanerProcess.run(["check", "--config", config])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let run = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("new records: 1 article"), "\(run.stdout)")

        let out = dir.path + "/state/out/article"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix(".jsonl") })
        let line = try #require(try String(contentsOfFile: out + "/" + file, encoding: .utf8).split(separator: "\n").first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(record["site"] as? String == "news")
        #expect(record["url"] as? String == "http://bayweekly.example/story/ferry.html")
        #expect(record["title"] as? String == "Ferry adds a late boat")
        #expect(record["published_at"] as? String == "2026-04-12T12:15:00Z")
        #expect((record["body"] as? [String])?.count == 2)
        // The link to another host was not followed, and the list page made no reject.
        #expect(server.requests.allSatisfy { $0.header("Host")?.hasPrefix("elsewhere.example") != true })
        #expect(server.requests(path: "/story/ferry.html").count == 1)
        let rejects = dir.path + "/state/out/rejects"
        let rejected = try ((try? FileManager.default.contentsOfDirectory(atPath: rejects)) ?? []).filter { $0.contains(".jsonl") && !$0.hasSuffix(".json") }.map {
            try String(contentsOfFile: rejects + "/" + $0, encoding: .utf8)
        }.joined()
        #expect(rejected.isEmpty, "\(rejected)")
    }

    /// A configuration with one source `bay` using the news parser; `source` adds its keys.
    static func config(_ dir: TemporaryDirectory, _ server: TestHTTPServer, source: String) throws -> String {
        let config = dir.path + "/g.toml"
        try """
            state_dir = "\(dir.path)/state"
            parser_dirs = ["\(Self.parsers)"]

            [http]
            contact = "https://example.org/gleaner-tests"
            timeout = "10s"

            [http.connect_to]
            "bayweekly.example:80" = "127.0.0.1:\(server.port)"
            "elsewhere.example:80" = "127.0.0.1:\(server.port)"

            [politeness]
            delay = "0s"
            jitter = "0s"

            [[source]]
            name = "bay"
            parser = "news"
            every = "1h"
            jitter = "0s"
            \(source)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return config
    }

    /// A source with only a sitemap: the news parser serves the sitemap's host.
    @Test func aSitemapOnlySourceUsesTheNewsParserForTheSitemapsHost() throws {
        let server = try TestHTTPServer()
        let html = [("Content-Type", "text/html; charset=utf-8")]
        let sitemap = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>http://bayweekly.example/story/ferry.html</loc><lastmod>2026-04-12</lastmod></url>
            </urlset>
            """
        server.route("/sitemap.xml") { _, c in c.respond(status: 200, headers: [("Content-Type", "application/xml")], body: Array(sitemap.utf8)) }
        server.route("/story/ferry.html") { _, c in c.respond(status: 200, headers: html, body: Array(Self.story.utf8)) }
        let dir = try TemporaryDirectory()
        let config = try Self.config(dir, server, source: "sitemaps = [\"http://bayweekly.example/sitemap.xml\"]")
        let run = try GleanerProcess.run(["once", "--all", "--config", config])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("1 followed"), "\(run.stdout)")
        #expect(run.stdout.contains("new records: 1 article"), "\(run.stdout)")
    }
}
