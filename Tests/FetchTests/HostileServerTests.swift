import Foundation
import GleanerFetch
import Testing
import TestSupport

/// Servers that misbehave: every case ends in a prompt, named error with curl's text.
@Suite struct HostileServerTests {
    func fetch(_ path: String, _ adjust: (inout HTTPClientSettings) -> Void = { _ in }) async throws -> (FetchError?, TestHTTPServer, TimeInterval) {
        let server = try HostileRoutes.server()
        var settings = HostileRoutes.settings()
        adjust(&settings)
        let started = Date()
        let result = await HTTPClient(settings: settings).get(server.baseURL + path)
        server.stop()
        return (result.failure, server, Date().timeIntervalSince(started))
    }

    @Test func slowDripHitsTheLowSpeedTimeout() async throws {
        let (error, _, _) = try await fetch("/drip") { $0.totalTimeout = 60 }
        #expect(error?.kind == .timeout)
        // curl's own words for the low-speed limit (the drip alone would last 20 s).
        #expect(error?.detail.contains("Operation too slow") == true, "\(String(describing: error))")
    }

    @Test func hangHitsTheTotalTimeout() async throws {
        let (error, _, _) = try await fetch("/hang") { $0.totalTimeout = 0.5; $0.lowSpeedTime = 60 }
        #expect(error?.kind == .timeout)
        #expect(error?.description.hasPrefix("fetch failed: timed out - GET http://127.0.0.1:") == true)
        // curl measures it: "Operation timed out after 501 milliseconds …" (the hang lasts 10 s).
        let milliseconds = error?.detail.split(separator: " ").dropFirst(4).first.flatMap { Int($0) }
        #expect(milliseconds.map { $0 >= 500 && $0 < 3000 } == true, "\(String(describing: error))")
    }

    @Test func announcedHugeBodyIsRefusedUpFront() async throws {
        let (error, _, _) = try await fetch("/huge")
        #expect(error?.kind == .tooLarge)
    }

    @Test func unannouncedHugeBodyIsCutAtTheLimit() async throws {
        let (error, _, _) = try await fetch("/huge-unannounced")
        #expect(error?.kind == .tooLarge, "\(String(describing: error))")
        #expect(error?.detail.contains("\(1024 * 1024) bytes") == true)
    }

    @Test func gzipBombIsStoppedWhileInflating() async throws {
        // 64 KiB on the wire, 64 MiB decoded; the limit is 1 MiB.
        #expect(HostileRoutes.bomb.count < 1024 * 1024)
        let (error, _, _) = try await fetch("/bomb")
        #expect(error?.kind == .tooLarge)
    }

    @Test func lyingContentLengthIsABrokenTransfer() async throws {
        let (error, _, _) = try await fetch("/lying-length")
        #expect(error?.kind == .network)
        #expect(error?.detail.isEmpty == false)
    }

    @Test func connectionResetMidBodyIsABrokenTransfer() async throws {
        let (error, _, _) = try await fetch("/reset")
        #expect(error?.kind == .network)
    }

    @Test func redirectLoopStopsAtTheRedirectLimit() async throws {
        let (error, server, _) = try await fetch("/loop") { $0.maxRedirects = 3 }
        #expect(error?.kind == .tooManyRedirects)
        #expect(server.requests(path: "/loop").count == 4)
    }

    @Test(arguments: ["/to-file", "/to-ftp"])
    func redirectToAnotherProtocolIsRefused(path: String) async throws {
        let (error, _, _) = try await fetch(path)
        #expect(error?.kind == .protocolRefused)
    }

    @Test func nonHTTPURLIsRefusedWithoutTouchingTheDisk() async throws {
        let result = await HTTPClient(settings: HostileRoutes.settings()).get("file:///etc/hostname")
        #expect(result.failureKind == .protocolRefused)
    }

    @Test func closedPortIsAConnectError() async throws {
        let closed = try ReservedPort()
        let result = await HTTPClient(settings: HostileRoutes.settings()).get("http://127.0.0.1:\(closed.port)/")
        #expect(result.failureKind == .connect)
        #expect(result.failure?.detail.contains("127.0.0.1") == true)
    }

    @Test func unresolvableHostIsADNSError() async throws {
        let result = await HTTPClient(settings: HostileRoutes.settings()).get("http://no-such-host.invalid/")
        #expect(result.failureKind == .dns)
    }
}
