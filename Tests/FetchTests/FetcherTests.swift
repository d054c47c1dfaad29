import Foundation
import GleanerFetch
import Testing
import TestSupport

/// The polite client, judged by what the server saw.
@Suite struct FetcherTests {
    func fetcher(_ adjust: (inout Fetcher.Settings) -> Void = { _ in }) -> Fetcher {
        var settings = Fetcher.Settings()
        settings.http = HostileRoutes.settings()
        settings.allowPrivateAddresses = true  // the test server is on loopback
        settings.politeness.minDelay = 0
        settings.politeness.jitter = 0
        settings.politeness.maxConcurrentPerHost = 4
        settings.politeness.backoffBase = 0.1
        settings.retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.2, jitter: 0)
        adjust(&settings)
        return Fetcher(settings: settings)
    }

    func server(robots: String? = nil) throws -> TestHTTPServer {
        let server = try HostileRoutes.server()
        if let robots { server.route("/robots.txt") { _, connection in connection.respond(status: 200, text: robots) } }
        server.route("/slow") { _, connection in
            connection.pause(0.2)
            connection.respond(status: 200, text: "slow")
        }
        return server
    }

    @Test func disallowedURLIsNeverRequestedAndTheErrorCarriesTheRule() async throws {
        let server = try server(robots: "User-agent: *\nDisallow: /page\n")
        defer { server.stop() }
        let error = try #require(await fetcher().fetch("\(server.baseURL)/page").failure)
        #expect(error.kind == .robotsDisallowed)
        #expect(error.robotsRule == Robots.Rule(kind: .disallow, pattern: "/page", line: 2))
        #expect(error.description == "fetch failed: disallowed by robots.txt - GET \(server.baseURL)/page: Disallow: /page (line 2)")
        #expect(server.requests.map(\.path) == ["/robots.txt"])
    }

    @Test func robotsCanBeIgnoredOnRequest() async throws {
        let server = try server(robots: "User-agent: *\nDisallow: /\n")
        defer { server.stop() }
        let result = await fetcher { $0.respectRobots = false }.fetch("\(server.baseURL)/page")
        #expect((try? result.get())?.status == 200)
        #expect(server.requests(path: "/robots.txt").isEmpty)
    }

    @Test func requestStartsToOneHostAreAtLeastTheDelayApart() async throws {
        let server = try server()
        defer { server.stop() }
        let delay = 0.3
        let fetcher = fetcher { $0.politeness.minDelay = delay; $0.politeness.maxConcurrentPerHost = 1; $0.politeness.jitter = 0.2 }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<4 { group.addTask { _ = await fetcher.fetch("\(server.baseURL)/page?n=\(index)") } }
        }
        let starts = server.requests.map(\.receivedAt)
        #expect(starts.count == 5)  // robots.txt + 4 pages
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            // The client spaces its request starts by ≥ D; what the server sees can differ by the
            // two requests' loopback latencies, allowed 50 ms here (a busy 2-core CI box).
            #expect(later.timeIntervalSince(earlier) >= delay - 0.05)
        }
    }

    @Test func concurrencyCapHoldsAtTheServer() async throws {
        let server = try server()
        defer { server.stop() }
        let fetcher = fetcher { $0.politeness.maxConcurrentPerHost = 2 }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<8 { group.addTask { _ = await fetcher.fetch("\(server.baseURL)/slow?n=\(index)") } }
        }
        #expect(server.requests(path: "/slow").count == 8)
        #expect(server.maxConcurrentRequests == 2)
        #expect(server.maxConcurrentConnections <= 2)
    }

    @Test func afterA429WithRetryAfterNothingReachesTheHostForThatLong() async throws {
        let server = try server()
        defer { server.stop() }
        let calls = TestCounter()
        server.route("/limited") { _, connection in
            if calls.next() == 1 {
                connection.respond(status: 429, headers: [("Retry-After", "1")], text: "slow down")
            } else {
                connection.respond(status: 200, text: "ok")
            }
        }
        let fetcher = fetcher()
        async let limited = fetcher.fetch("\(server.baseURL)/limited")
        while server.requests(path: "/limited").isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        async let others = [fetcher.fetch("\(server.baseURL)/page"), fetcher.fetch("\(server.baseURL)/echo")]
        let (result, otherResults) = await (limited, others)
        #expect((try? result.get())?.status == 200)
        #expect(otherResults.allSatisfy { (try? $0.get())?.status == 200 })
        let throttledAt = try #require(server.requests(path: "/limited").first).receivedAt
        let after = server.requests.filter { $0.receivedAt > throttledAt }
        #expect(after.count == 3)
        #expect(after.allSatisfy { $0.receivedAt.timeIntervalSince(throttledAt) >= 1 })
    }

    @Test func a503IsRetriedUntilTheServerRecovers() async throws {
        let server = try server()
        defer { server.stop() }
        let calls = TestCounter()
        server.route("/flaky") { _, connection in
            if calls.next() == 1 { connection.respond(status: 503) } else { connection.respond(status: 200, text: "back") }
        }
        let response = try await fetcher().fetch("\(server.baseURL)/flaky").get()
        #expect(String(decoding: response.body, as: UTF8.self) == "back")
        #expect(server.requests(path: "/flaky").count == 2)
    }

    @Test func persistentServerErrorGivesUpAfterMaxAttempts() async throws {
        let server = try server()
        defer { server.stop() }
        server.route("/down") { _, connection in connection.respond(status: 500) }
        let error = try #require(await fetcher().fetch("\(server.baseURL)/down").failure)
        #expect(error.kind == .http(500))
        #expect(server.requests(path: "/down").count == 3)
    }

    @Test func a404IsNotRetried() async throws {
        let server = try server()
        defer { server.stop() }
        let error = try #require(await fetcher().fetch("\(server.baseURL)/missing").failure)
        #expect(error.kind == .http(404))
        #expect(server.requests(path: "/missing").count == 1)
    }

    @Test func aBrokenTransferIsRetried() async throws {
        let server = try server()
        defer { server.stop() }
        let error = try #require(await fetcher().fetch("\(server.baseURL)/reset").failure)
        #expect(error.kind == .network)
        #expect(server.requests(path: "/reset").count == 3)
    }

    @Test func crawlDelayRaisesTheHostDelay() async throws {
        let server = try server(robots: "User-agent: *\nCrawl-delay: 0.3\n")
        defer { server.stop() }
        let fetcher = fetcher { $0.politeness.minDelay = 0.01; $0.politeness.maxConcurrentPerHost = 1 }
        for index in 0..<3 { _ = await fetcher.fetch("\(server.baseURL)/page?n=\(index)") }
        let pages = server.requests(path: "/page").map(\.receivedAt)
        for (earlier, later) in zip(pages, pages.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.3 - 0.05)
        }
    }

    @Test func conditionalFetchComesBackNotModified() async throws {
        let server = try server()
        defer { server.stop() }
        let fetcher = fetcher()
        let first = try await fetcher.fetch("\(server.baseURL)/page").get()
        let second = try await fetcher.fetch("\(server.baseURL)/page", validators: first.validators).get()
        #expect(second.notModified && second.body.isEmpty)
    }

    @Test func replicaHostThroughConnectToGetsRobotsAndPageWithTheRealHost() async throws {
        let server = try server(robots: "User-agent: *\nDisallow: /admin/\n")
        defer { server.stop() }
        let fetcher = fetcher { $0.http.connectTo = [server.connectTo(host: "www.tvseoul.kr")] }
        let response = try await fetcher.fetch("http://www.tvseoul.kr/page").get()
        #expect(response.finalURL == "http://www.tvseoul.kr/page")
        #expect(await fetcher.fetch("http://www.tvseoul.kr/admin/x").failureKind == .robotsDisallowed)
        #expect(server.requests.map(\.path) == ["/robots.txt", "/page"])
        #expect(server.requests.allSatisfy { $0.header("Host") == "www.tvseoul.kr" })
    }

    @Test func cancellingWhileWaitingForTheHostReturnsCancelled() async throws {
        let server = try server()
        defer { server.stop() }
        // A delay no scheduling hiccup of a loaded test machine can outlast: the request can
        // only reach the server if the cancellation is lost.
        let fetcher = fetcher { $0.politeness.minDelay = 600; $0.respectRobots = false }
        _ = await fetcher.fetch("\(server.baseURL)/page")
        let waiting = Task { await fetcher.fetch("\(server.baseURL)/page?second") }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value.failureKind == .cancelled)
        #expect(server.requests.count == 1)
    }

    @Test func cancellingWhileWaitingForASlotReturnsCancelled() async throws {
        let server = try server()
        defer { server.stop() }
        let fetcher = fetcher {
            $0.politeness.maxConcurrentPerHost = 1
            $0.respectRobots = false
            $0.http.totalTimeout = 30
            $0.http.lowSpeedTime = 30
        }
        // Holds the host's only slot until the server stops.
        server.route("/busy") { _, connection in
            connection.pause(30)
            connection.close()
        }
        let busy = Task { await fetcher.fetch("\(server.baseURL)/busy") }
        while server.requests(path: "/busy").isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let waiting = Task { await fetcher.fetch("\(server.baseURL)/page") }
        try await Task.sleep(for: .milliseconds(30))
        let cancelledAt = Date()
        waiting.cancel()
        #expect(await waiting.value.failureKind == .cancelled)
        // Well before the slot could free (30 s), however loaded the machine.
        #expect(Date().timeIntervalSince(cancelledAt) < 10)
        #expect(server.requests(path: "/page").isEmpty)
        busy.cancel()
        _ = await busy.value
    }
}
