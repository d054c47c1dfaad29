import Foundation
import GleanerFetch
import Testing
import TestSupport

/// Headers as weapons: a server asking for an endless pause, a header line of a megabyte, and
/// request header values that try to smuggle in headers of their own.
@Suite struct HostileHeaderTests {
    @Test func anEndlessRetryAfterGivesUpTheHostInsteadOfSleeping() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        server.route("/throttle") { _, connection in
            connection.respond(status: 429, headers: [("Retry-After", "1000000000")], text: "come back in 31 years")
        }
        var settings = Fetcher.Settings()
        settings.http = HostileRoutes.settings()
        settings.allowPrivateAddresses = true
        settings.respectRobots = false
        settings.politeness.minDelay = 0
        let fetcher = Fetcher(settings: settings)
        let error = try #require(await fetcher.fetch("\(server.baseURL)/throttle").failure)
        #expect(error.kind == .http(429))
        #expect(error.detail.contains("it asks to wait 1000000000 s (Retry-After), more than the 60 s a fetch waits"), "\(error)")
        #expect(server.requests(path: "/throttle").count == 1)
        // The host is paused; its other pages fail at once instead of waiting for it.
        let next = try #require(await fetcher.fetch("\(server.baseURL)/page").failure)
        #expect(next.kind == .hostPaused)
        #expect(next.detail.contains("longer than the 60 s a fetch waits"), "\(next)")
        #expect(server.requests(path: "/page").isEmpty)
    }

    @Test func aPausedHostsWaitIsCancelledWithItsTask() async throws {
        var politeness = PolitenessSettings()
        politeness.minDelay = 0
        let hosts = Politeness(settings: politeness)
        try await hosts.acquire(host: "a")
        await hosts.release(host: "a", outcome: .throttled(retryAfter: 30))
        let waiting = Task { () -> Politeness.WaitError? in
            do throws(Politeness.WaitError) { try await hosts.acquire(host: "a") } catch { return error }
            return nil
        }
        waiting.cancel()
        let outcome = await waiting.value
        #expect(outcome == .cancelled)
    }

    @Test func aMegabyteHeaderLineIsAClearError() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        server.route("/big-header") { _, connection in
            connection.respond(status: 200, headers: [("X-Big", String(repeating: "a", count: 1 << 20))], text: "ok")
        }
        let error = try #require(await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/big-header").failure)
        #expect(error.kind == .headerTooLarge, "\(error)")
        #expect(error.description.hasPrefix("fetch failed: response header too large - GET \(server.baseURL)/big-header"))
    }

    @Test(arguments: [
        ("X-Test", "1\r\nX-Injected: yes"), ("X-Test", "1\nX-Injected: yes"), ("X-Test", "1\rX-Injected: yes"),
        ("X-Test", "nul\u{0}byte"), ("X-Test\r\nX-Injected", "yes"),
    ])
    func aHeaderWithCRLFOrAControlCharacterIsNeverSent(name: String, value: String) async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let error = try #require(await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/echo", headers: [(name, value)]).failure)
        #expect(error.kind == .invalidHeader)
        #expect(server.requests.isEmpty)
    }

    @Test func aUserAgentWithCRLFIsNeverSent() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        var settings = HostileRoutes.settings()
        settings.userAgent = "gleaner/0.1 (+https://example.org)\r\nX-Injected: yes"
        let error = try #require(await HTTPClient(settings: settings).get("\(server.baseURL)/echo").failure)
        #expect(error.kind == .invalidHeader)
        #expect(error.detail.contains("User-Agent"))
        #expect(server.requests.isEmpty)
    }
}
