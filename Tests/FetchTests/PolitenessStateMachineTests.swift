import Foundation
import GleanerFetch
import Testing

/// The politeness decisions with a hand-held clock: no network, no sleeping.
@Suite struct PolitenessStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    func machine(_ adjust: (inout PolitenessSettings) -> Void = { _ in }) -> PolitenessStateMachine {
        var settings = PolitenessSettings()
        settings.minDelay = 2
        settings.jitter = 0.5
        settings.maxConcurrentPerHost = 2
        settings.failureThreshold = 3
        settings.backoffBase = 10
        settings.backoffMax = 35
        settings.retryAfterCap = 100
        settings.crawlDelayCap = 5
        adjust(&settings)
        return PolitenessStateMachine(settings: settings)
    }

    @Test func requestsToOneHostStartAtLeastTheDelayApartWithJitterOnTop() {
        var m = machine()
        #expect(m.request(host: "a", now: t0, random: 0.5) == .fetchNow)
        m.finished(host: "a", outcome: .success, now: t0)
        // 2 s + 0.5 s × 0.5 = 2.25 s
        #expect(m.request(host: "a", now: t0 + 1, random: 0) == .waitUntil(t0 + 2.25))
        #expect(m.request(host: "a", now: t0 + 2.25, random: 0) == .fetchNow)
    }

    @Test func otherHostsAreNotDelayed() {
        var m = machine()
        #expect(m.request(host: "a", now: t0, random: 0) == .fetchNow)
        #expect(m.request(host: "b", now: t0, random: 0) == .fetchNow)
    }

    @Test func concurrencyCapMakesTheThirdRequestWaitForASlot() {
        var m = machine { $0.minDelay = 0 }
        #expect(m.request(host: "a", now: t0, random: 0) == .fetchNow)
        #expect(m.request(host: "a", now: t0, random: 0) == .fetchNow)
        #expect(m.request(host: "a", now: t0, random: 0) == .waitForSlot)
        m.finished(host: "a", outcome: .success, now: t0 + 1)
        #expect(m.request(host: "a", now: t0 + 1, random: 0) == .fetchNow)
        #expect(m.inFlight(host: "a") == 2)
    }

    @Test func throttledWithRetryAfterPausesTheWholeHost() {
        var m = machine { $0.minDelay = 0 }
        _ = m.request(host: "a", now: t0, random: 0)
        _ = m.request(host: "a", now: t0, random: 0)
        m.finished(host: "a", outcome: .throttled(retryAfter: 30), now: t0 + 1)
        #expect(m.request(host: "a", now: t0 + 2, random: 0) == .waitUntil(t0 + 31))
        m.finished(host: "a", outcome: .success, now: t0 + 3)  // the other request ends fine: still paused
        #expect(m.request(host: "a", now: t0 + 30, random: 0) == .waitUntil(t0 + 31))
        #expect(m.request(host: "a", now: t0 + 31, random: 0) == .fetchNow)
    }

    @Test func retryAfterIsCapped() {
        var m = machine()
        _ = m.request(host: "a", now: t0, random: 0)
        m.finished(host: "a", outcome: .throttled(retryAfter: 86_400), now: t0)
        #expect(m.blockedUntil(host: "a") == t0 + 100)
    }

    @Test func throttledWithoutRetryAfterBacksOffExponentially() {
        var m = machine { $0.minDelay = 0 }
        var now = t0
        var pauses: [TimeInterval] = []
        for _ in 0..<4 {
            _ = m.request(host: "a", now: now, random: 0)
            m.finished(host: "a", outcome: .throttled(retryAfter: nil), now: now)
            let until = m.blockedUntil(host: "a")!
            pauses.append(until.timeIntervalSince(now))
            now = until
        }
        #expect(pauses == [10, 20, 35, 35])
    }

    @Test func repeatedFailuresPauseTheHostOnlyAtTheThreshold() {
        var m = machine { $0.minDelay = 0 }
        for round in 1...3 {
            #expect(m.request(host: "a", now: t0, random: 0) == .fetchNow)
            m.finished(host: "a", outcome: .failure, now: t0)
            #expect((m.blockedUntil(host: "a") != nil) == (round == 3))
        }
        #expect(m.request(host: "a", now: t0 + 5, random: 0) == .waitUntil(t0 + 10))
    }

    @Test func aSuccessResetsTheFailureCount() {
        var m = machine { $0.minDelay = 0 }
        for outcome in [PolitenessStateMachine.Outcome.failure, .failure, .success, .failure, .failure] {
            _ = m.request(host: "a", now: t0, random: 0)
            m.finished(host: "a", outcome: outcome, now: t0)
        }
        #expect(m.blockedUntil(host: "a") == nil)
    }

    @Test func crawlDelayRaisesTheDelayUpToTheCap() {
        var m = machine { $0.jitter = 0 }
        m.setCrawlDelay(host: "a", seconds: 4)
        _ = m.request(host: "a", now: t0, random: 0)
        #expect(m.request(host: "a", now: t0, random: 0) == .waitUntil(t0 + 4))
        var capped = machine { $0.jitter = 0 }
        capped.setCrawlDelay(host: "a", seconds: 3600)
        _ = capped.request(host: "a", now: t0, random: 0)
        #expect(capped.request(host: "a", now: t0, random: 0) == .waitUntil(t0 + 5))
        var lower = machine { $0.jitter = 0 }
        lower.setCrawlDelay(host: "a", seconds: 0.5)  // never below minDelay
        _ = lower.request(host: "a", now: t0, random: 0)
        #expect(lower.request(host: "a", now: t0, random: 0) == .waitUntil(t0 + 2))
    }
}
