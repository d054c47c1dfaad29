import Foundation
import GleanerFetch
import Testing
import TestSupport

/// robots.txt fetched from the loopback server: every way it can be served.
@Suite struct RobotsCacheTests {
    let clock = ManualClock()

    func cache(_ server: TestHTTPServer, failureRetry: TimeInterval = 60) -> RobotsCache {
        var settings = RobotsCache.Settings()
        settings.failureRetry = failureRetry
        let clock = self.clock
        return RobotsCache(client: HTTPClient(settings: HostileRoutes.settings()), settings: settings, now: { clock.now })
    }

    func verdict(_ cache: RobotsCache, _ url: String) async throws -> Robots.Verdict {
        let robots = try #require(await cache.robots(for: url))
        return robots.verdict(for: RobotsCache.pathAndQuery(of: url)!, productToken: "gleaner")
    }

    @Test func missingRobotsAllowsEverythingAndIsFetchedOncePerOrigin() async throws {
        let server = try TestHTTPServer()  // no route: 404
        defer { server.stop() }
        let cache = cache(server)
        for path in ["/a", "/b", "/admin/"] {
            #expect(try await verdict(cache, server.baseURL + path).allowed)
        }
        #expect(server.requests(path: "/robots.txt").count == 1)
    }

    @Test func concurrentAsksShareOneFetch() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/robots.txt") { _, connection in
            connection.pause(0.2)
            connection.respond(status: 200, text: "User-agent: *\nDisallow: /x\n")
        }
        let cache = cache(server)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<5 { group.addTask { _ = await cache.robots(for: "\(server.baseURL)/p\(index)") } }
        }
        #expect(server.requests(path: "/robots.txt").count == 1)
    }

    @Test func disallowAllBlocksEveryPathWithItsRule() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/robots.txt") { _, connection in connection.respond(status: 200, text: "User-agent: *\nDisallow: /\n") }
        let verdict = try await verdict(cache(server), "\(server.baseURL)/news/1")
        #expect(!verdict.allowed)
        #expect(verdict.reason == "Disallow: / (line 2)")
    }

    @Test func serverErrorDisallowsEverythingUntilARetrySucceeds() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let calls = TestCounter()
        server.route("/robots.txt") { _, connection in
            if calls.next() == 1 { connection.respond(status: 500, text: "oops") } else { connection.respond(status: 404) }
        }
        let cache = cache(server, failureRetry: 60)
        let first = try await verdict(cache, "\(server.baseURL)/a")
        #expect(!first.allowed)
        #expect(first.reason.contains("HTTP 500"))
        clock.advance(30)
        #expect(try await !verdict(cache, "\(server.baseURL)/a").allowed)  // still the cached failure
        #expect(server.requests(path: "/robots.txt").count == 1)
        clock.advance(31)
        #expect(try await verdict(cache, "\(server.baseURL)/a").allowed)
        #expect(server.requests(path: "/robots.txt").count == 2)
    }

    @Test func networkFailureDisallowsEverything() async throws {
        let server = try TestHTTPServer()
        server.route("/robots.txt") { _, connection in connection.reset() }
        defer { server.stop() }
        let verdict = try await verdict(cache(server), "\(server.baseURL)/a")
        #expect(!verdict.allowed)
        #expect(verdict.reason.hasPrefix("robots.txt unreachable: network"))
    }

    @Test func fileIsFetchedAgainAfterTheTTL() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/robots.txt") { _, connection in connection.respond(status: 200, text: "User-agent: *\nDisallow: /x\n") }
        let cache = cache(server)
        _ = await cache.robots(for: "\(server.baseURL)/")
        clock.advance(23 * 3600)
        _ = await cache.robots(for: "\(server.baseURL)/")
        #expect(server.requests(path: "/robots.txt").count == 1)
        clock.advance(2 * 3600)
        _ = await cache.robots(for: "\(server.baseURL)/")
        #expect(server.requests(path: "/robots.txt").count == 2)
    }

    @Test func contentBeyond500KiBIsIgnoredNotAnError() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let padding = String(repeating: "# filler filler filler filler filler\n", count: 16_000)  // ~600 KB
        server.route("/robots.txt") { _, connection in
            connection.respond(status: 200, text: "User-agent: *\nDisallow: /early\n" + padding + "Disallow: /late\n")
        }
        let cache = cache(server)
        #expect(try await !verdict(cache, "\(server.baseURL)/early").allowed)
        #expect(try await verdict(cache, "\(server.baseURL)/late").allowed)
    }

    @Test func robotsBehindARedirectIsFollowed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/robots.txt") { _, connection in connection.respond(status: 301, headers: [("Location", "/real-robots.txt")]) }
        server.route("/real-robots.txt") { _, connection in connection.respond(status: 200, text: "User-agent: *\nDisallow: /secret\n") }
        #expect(try await !verdict(cache(server), "\(server.baseURL)/secret/1").allowed)
    }

    @Test func moreThanFiveRedirectsMeansNoRobotsTxt() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/robots.txt") { _, connection in connection.respond(status: 302, headers: [("Location", "/robots.txt")]) }
        let verdict = try await verdict(cache(server), "\(server.baseURL)/a")
        #expect(verdict.allowed)
        #expect(server.requests(path: "/robots.txt").count == 6)
    }

    @Test func originIsSchemeHostAndPort() {
        #expect(RobotsCache.origin(of: "http://WWW.Tvseoul.kr/news/article.html?no=1") == "http://www.tvseoul.kr:80")
        #expect(RobotsCache.origin(of: "https://a.example:8443/") == "https://a.example:8443")
        #expect(RobotsCache.origin(of: "ftp://a.example/") == nil)
        #expect(RobotsCache.pathAndQuery(of: "http://a/news/article.html?no=1#top") == "/news/article.html?no=1")
        #expect(RobotsCache.pathAndQuery(of: "http://a") == "/")
    }
}
