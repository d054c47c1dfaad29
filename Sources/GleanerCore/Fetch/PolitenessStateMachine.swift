import Foundation

/// Per-host politeness decisions as a pure value: the caller passes the time and the randomness,
/// applies the decision, and reports the outcome. No clock, no IO — `Politeness` runs it for real.
public struct PolitenessStateMachine: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Start the request now; the slot is taken, report `finished` when done.
        case fetchNow
        /// Ask again at this time (delay between starts, or the host's backoff).
        case waitUntil(Date)
        /// The host's concurrency cap is reached: ask again when one of its requests finishes.
        case waitForSlot
    }

    public enum Outcome: Sendable, Equatable {
        case success
        /// 429 or 503: the whole host pauses for `retryAfter` (capped) or its backoff.
        case throttled(retryAfter: TimeInterval?)
        /// Connect errors, timeouts, 5xx: counts toward the failure threshold.
        case failure
        /// Anything that says nothing about the host's health (404, cancelled, robots).
        case neutral
    }

    struct HostState: Sendable {
        var inFlight = 0
        var nextStart: Date?
        var blockedUntil: Date?
        var consecutiveFailures = 0
        var backoffLevel = 0
        var crawlDelay: TimeInterval = 0
    }

    public let settings: PolitenessSettings
    private var hosts: [String: HostState] = [:]

    public init(settings: PolitenessSettings) { self.settings = settings }

    /// May a request to `host` start at `now`? `random` in [0, 1) scales the jitter.
    public mutating func request(host: String, now: Date, random: Double) -> Decision {
        var state = hosts[host, default: HostState()]
        if let blocked = state.blockedUntil, blocked > now { return .waitUntil(blocked) }
        if state.inFlight >= settings.maxConcurrentPerHost { return .waitForSlot }
        if let next = state.nextStart, next > now { return .waitUntil(next) }
        state.inFlight += 1
        let delay = max(settings.minDelay, state.crawlDelay) + settings.jitter * min(max(random, 0), 1)
        state.nextStart = now.addingTimeInterval(delay)
        hosts[host] = state
        return .fetchNow
    }

    /// A request that got `.fetchNow` is done.
    public mutating func finished(host: String, outcome: Outcome, now: Date) {
        var state = hosts[host, default: HostState()]
        state.inFlight = max(0, state.inFlight - 1)
        switch outcome {
        case .success:
            state.consecutiveFailures = 0
            state.backoffLevel = 0
        case .neutral:
            break
        case .throttled(let retryAfter):
            state.consecutiveFailures += 1
            block(&state, for: retryAfter.map { min($0, settings.retryAfterCap) } ?? nextBackoff(&state), now: now)
        case .failure:
            state.consecutiveFailures += 1
            if state.consecutiveFailures >= settings.failureThreshold {
                block(&state, for: nextBackoff(&state), now: now)
            }
        }
        hosts[host] = state
    }

    /// Raises the host's delay to robots.txt's Crawl-delay, capped by `crawlDelayCap`.
    public mutating func setCrawlDelay(host: String, seconds: TimeInterval?) {
        hosts[host, default: HostState()].crawlDelay = min(max(seconds ?? 0, 0), settings.crawlDelayCap)
    }

    /// Until when the host is paused, if it is (for status and tests).
    public func blockedUntil(host: String) -> Date? { hosts[host]?.blockedUntil }

    /// Requests to the host currently in flight.
    public func inFlight(host: String) -> Int { hosts[host]?.inFlight ?? 0 }

    private func nextBackoff(_ state: inout HostState) -> TimeInterval {
        let seconds = min(settings.backoffBase * pow(2, Double(state.backoffLevel)), settings.backoffMax)
        state.backoffLevel += 1
        return seconds
    }

    private func block(_ state: inout HostState, for seconds: TimeInterval, now: Date) {
        let until = now.addingTimeInterval(seconds)
        state.blockedUntil = max(state.blockedUntil ?? until, until)
    }
}
