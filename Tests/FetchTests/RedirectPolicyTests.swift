import Foundation
import GleanerFetch
import Testing
import TestSupport

/// Every redirect hop is checked like a new URL, and only allowed addresses are connected to.
/// The site is `site.test`, reached on loopback through connect-to (an operator's choice, so
/// allowed); a second loopback listener stands for what a hostile redirect aims at, and must
/// see no request.
@Suite struct RedirectPolicyTests {
    let site: TestHTTPServer
    let target: TestHTTPServer

    init() throws {
        site = try HostileRoutes.server()
        target = try TestHTTPServer()
        target.route("/admin") { _, connection in connection.respond(status: 200, text: "admin console") }
        site.route("/robots.txt") { _, connection in
            connection.respond(status: 200, text: "User-agent: *\nDisallow: /private\n")
        }
        site.route("/private") { _, connection in connection.respond(status: 200, text: "private") }
        let redirects = [
            ("/to-loopback", "http://127.0.0.1:\(target.port)/admin"),
            ("/to-localhost", "http://localhost:\(target.port)/admin"),
            ("/to-metadata", "http://169.254.169.254/latest/meta-data/"),
            ("/to-private", "/private"),
            ("/to-other-host", "http://other.test/page"),
        ]
        for (path, location) in redirects {
            site.route(path) { _, connection in connection.respond(status: 302, headers: [("Location", location)]) }
        }
    }

    func fetcher(_ adjust: (inout Fetcher.Settings) -> Void = { _ in }) -> Fetcher {
        var settings = Fetcher.Settings()
        settings.http = HostileRoutes.settings()
        settings.http.connectTo = [site.connectTo(host: "site.test"), site.connectTo(host: "other.test")]
        settings.politeness.minDelay = 0
        settings.politeness.jitter = 0
        settings.retry = RetryPolicy(maxAttempts: 2, baseDelay: 0.05, maxDelay: 0.1, jitter: 0)
        adjust(&settings)
        return Fetcher(settings: settings)
    }

    func stop() {
        site.stop()
        target.stop()
    }

    @Test func redirectToALoopbackLiteralIsNotRequested() async throws {
        defer { stop() }
        let error = try #require(await fetcher().fetch("http://site.test/to-loopback").failure)
        #expect(error.kind == .addressRefused)
        #expect(error.url == "http://site.test/to-loopback")
        #expect(error.detail.contains("redirect to http://127.0.0.1:\(target.port)/admin refused: 127.0.0.1 is a loopback address"))
        #expect(target.requests.isEmpty)
    }

    @Test func redirectToTheMetadataAddressIsNotRequested() async throws {
        defer { stop() }
        let error = try #require(await fetcher().fetch("http://site.test/to-metadata").failure)
        #expect(error.kind == .addressRefused)
        #expect(error.detail.contains("169.254.169.254 is a link-local address"))
        #expect(error.description.hasPrefix("fetch failed: address refused - GET http://site.test/to-metadata: redirect to http://169.254.169.254/"))
    }

    @Test func aNameThatResolvesToLoopbackIsRefusedAtConnect() async throws {
        defer { stop() }
        // No literal to judge up front: the address curl resolved is refused as the socket opens.
        let fetcher = fetcher { $0.respectRobots = false }
        let error = try #require(await fetcher.fetch("http://site.test/to-localhost").failure)
        #expect(error.kind == .addressRefused, "\(error)")
        #expect(error.detail.contains("refused to connect to"), "\(error)")
        #expect(error.detail.contains("a loopback address"), "\(error)")
        let direct = try #require(await fetcher.fetch("http://localhost:\(target.port)/admin").failure)
        #expect(direct.kind == .addressRefused)
        #expect(target.requests.isEmpty)
    }

    @Test func aSourceThatAllowsPrivateAddressesFollowsThem() async throws {
        defer { stop() }
        let response = try await fetcher().fetch("http://site.test/to-loopback", policy: FetchPolicy(allowPrivateAddresses: true)).get()
        #expect(response.status == 200)
        #expect(response.finalURL == "http://127.0.0.1:\(target.port)/admin")
        #expect(target.requests.map(\.path) == ["/robots.txt", "/admin"])
    }

    @Test func redirectToARobotsDisallowedPathIsNotRequested() async throws {
        defer { stop() }
        let error = try #require(await fetcher().fetch("http://site.test/to-private").failure)
        #expect(error.kind == .redirectRefused)
        #expect(error.detail == "redirect to http://site.test/private refused: disallowed by robots.txt (Disallow: /private (line 2))")
        #expect(error.robotsRule == Robots.Rule(kind: .disallow, pattern: "/private", line: 2))
        #expect(site.requests(path: "/private").isEmpty)
    }

    @Test func redirectOutOfTheCallersScopeIsNotRequested() async throws {
        defer { stop() }
        let scope = FetchPolicy(scope: { url in url.hasPrefix("http://site.test/") ? nil : "host is outside the parser's hosts" })
        let error = try #require(await fetcher().fetch("http://site.test/to-other-host", policy: scope).failure)
        #expect(error.kind == .redirectRefused)
        #expect(error.detail == "redirect to http://other.test/page refused: host is outside the parser's hosts")
        #expect(site.requests.allSatisfy { $0.header("Host") == "site.test" })
    }

    @Test(arguments: ["/to-ftp", "/to-file"])
    func redirectToAnotherSchemeIsRefused(path: String) async throws {
        defer { stop() }
        let error = try #require(await fetcher().fetch("http://site.test\(path)").failure)
        #expect(error.kind == .redirectRefused)
        #expect(error.detail.contains("only http and https are followed"))
    }

    @Test func allowedRedirectsEndAtTheFinalURLAndKeepConditionalRequests() async throws {
        defer { stop() }
        let fetcher = fetcher()
        let first = try await fetcher.fetch("http://site.test/r301").get()
        #expect(first.status == 200)
        #expect(first.finalURL == "http://site.test/page")
        #expect(first.redirectCount == 4)
        #expect(String(decoding: first.body, as: UTF8.self) == HostileRoutes.page)
        #expect(first.headers["X-Hop"] == nil)
        let second = try await fetcher.fetch("http://site.test/r301", validators: first.validators).get()
        #expect(second.notModified)
        #expect(second.finalURL == "http://site.test/page")
        #expect(site.requests(path: "/page").last?.header("If-None-Match") == HostileRoutes.etag)
    }

    @Test func aRedirectLoopEndsWithAClearError() async throws {
        defer { stop() }
        let error = try #require(await fetcher().fetch("http://site.test/loop").failure)
        #expect(error.kind == .tooManyRedirects)
        #expect(error.detail == "redirect loop: http://site.test/loop -> http://site.test/loop")
        #expect(site.requests(path: "/loop").count == 1)
    }

    @Test func moreHopsThanTheLimitEndWithAClearError() async throws {
        defer { stop() }
        let error = try #require(await fetcher { $0.http.maxRedirects = 2 }.fetch("http://site.test/r301").failure)
        #expect(error.kind == .tooManyRedirects)
        #expect(error.detail.hasPrefix("more than 2 redirects: http://site.test/r301 -> http://site.test/r302 -> http://site.test/r307 -> "))
        #expect(site.requests(path: "/r308").isEmpty)
    }
}
