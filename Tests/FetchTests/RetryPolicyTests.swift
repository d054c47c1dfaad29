import Foundation
import GleanerFetch
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: 1, maxDelay: 5, jitter: 0.5, retryAfterCap: 30)

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func retriesTransientStatuses(status: Int) {
        #expect(policy.decide(attempt: 1, kind: .http(status), retryAfter: nil, random: 0) == .retry(after: 1))
    }

    @Test(arguments: [400, 401, 403, 404, 410, 451])
    func neverRetriesOtherClientErrors(status: Int) {
        #expect(policy.decide(attempt: 1, kind: .http(status), retryAfter: nil, random: 0) == .giveUp)
    }

    @Test(arguments: [FetchError.Kind.dns, .connect, .timeout, .network])
    func retriesConnectionFailures(kind: FetchError.Kind) {
        #expect(policy.decide(attempt: 1, kind: kind, retryAfter: nil, random: 0) != .giveUp)
    }

    @Test(arguments: [FetchError.Kind.tooLarge, .tooManyRedirects, .protocolRefused, .robotsDisallowed, .cancelled, .tls, .invalidURL])
    func doesNotRetryWhatWouldFailAgain(kind: FetchError.Kind) {
        #expect(policy.decide(attempt: 1, kind: kind, retryAfter: nil, random: 0) == .giveUp)
    }

    @Test func backoffDoublesUpToTheCapWithJitterOnTop() {
        let delays = (1...3).map { policy.decide(attempt: $0, kind: .timeout, retryAfter: nil, random: 0) }
        #expect(delays == [.retry(after: 1), .retry(after: 2), .retry(after: 4)])
        let capped = RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 5, jitter: 0.5)
        #expect(capped.decide(attempt: 8, kind: .timeout, retryAfter: nil, random: 0) == .retry(after: 5))
        #expect(capped.decide(attempt: 8, kind: .timeout, retryAfter: nil, random: 0.5) == .retry(after: 6.25))
    }

    @Test func givesUpAfterMaxAttempts() {
        #expect(policy.decide(attempt: 4, kind: .http(503), retryAfter: nil, random: 0) == .giveUp)
    }

    @Test func retryAfterIsHonouredAndCapped() {
        #expect(policy.decide(attempt: 1, kind: .http(429), retryAfter: 7, random: 0.9) == .retry(after: 7))
        #expect(policy.decide(attempt: 1, kind: .http(503), retryAfter: 3600, random: 0) == .retry(after: 30))
    }

    @Test func retryAfterParsesSecondsAndAllThreeDateForms() throws {
        let now = try #require(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(RetryAfter.parse("120", now: now) == 120)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == 60)
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:51:37 GMT", now: now) == 120)
        #expect(RetryAfter.parse("Sun Nov  6 08:52:37 1994", now: now) == 180)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
    }
}
