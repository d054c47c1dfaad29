import Foundation
import GleanerFetch
import Testing
import TestSupport

/// A redirect's `Location` is resolved against the URL that answered as a browser resolves it
/// (the URL Standard), not by libcurl's RFC 3986 rules, and one the standard rejects is refused
/// with the reason.
@Suite struct RedirectLocationTests {
    let site: TestHTTPServer

    init() throws {
        site = try HostileRoutes.server()
        let redirects = [
            ("/to-backslash", "\\page"),
            ("/to-dot-segments", "/a/%2e%2E/page"),
            ("/to-same-scheme-relative", "http:page"),
            ("/to-bad-host", "http://exa mple.test/"),
            ("/to-bad-port", "http://site.test:99999/page"),
        ]
        for (path, location) in redirects {
            site.route(path) { _, connection in connection.respond(status: 302, headers: [("Location", location)]) }
        }
    }

    func fetcher() -> Fetcher {
        var settings = Fetcher.Settings()
        settings.http = HostileRoutes.settings()
        settings.http.connectTo = [site.connectTo(host: "site.test")]
        settings.politeness.minDelay = 0
        settings.politeness.jitter = 0
        settings.retry = RetryPolicy(maxAttempts: 1, baseDelay: 0.05, maxDelay: 0.1, jitter: 0)
        return Fetcher(settings: settings)
    }

    @Test(arguments: ["/to-backslash", "/to-dot-segments", "/to-same-scheme-relative"])
    func locationIsResolvedAsABrowserDoes(path: String) async throws {
        defer { site.stop() }
        let response = try await fetcher().fetch("http://site.test\(path)").get()
        #expect(response.status == 200)
        #expect(response.finalURL == "http://site.test/page")
        #expect(site.requests.last?.target == "/page")
    }

    @Test func aLocationWithAForbiddenHostCharacterIsRefusedWithTheReason() async throws {
        defer { site.stop() }
        let error = try #require(await fetcher().fetch("http://site.test/to-bad-host").failure)
        #expect(error.kind == .redirectRefused)
        #expect(error.detail.contains("redirect (302) to http://exa mple.test/ refused: not a valid URL"))
        #expect(error.detail.contains("forbidden character ' '"))
    }

    @Test func aLocationWithAPortAbove65535IsRefusedWithTheReason() async throws {
        defer { site.stop() }
        let error = try #require(await fetcher().fetch("http://site.test/to-bad-port").failure)
        #expect(error.kind == .redirectRefused)
        #expect(error.detail.contains("port 99999 is above 65535"))
    }
}
