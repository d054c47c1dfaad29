import Foundation

/// Applies `PolitenessStateMachine` in real time: `acquire` suspends until the host may be asked,
/// `release` reports how it went. Shared by every fetch of one crawler.
public actor Politeness {
    private var machine: PolitenessStateMachine
    private var slotWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double

    public init(
        settings: PolitenessSettings,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        machine = PolitenessStateMachine(settings: settings)
        self.now = now
        self.random = random
    }

    /// Waits until a request to `host` may start and takes its slot. Throws if the Task is
    /// cancelled while waiting for a delay (the slot is then not taken).
    public func acquire(host: String) async throws(CancellationError) {
        while true {
            switch machine.request(host: host, now: now(), random: random()) {
            case .fetchNow:
                return
            case .waitUntil(let date):
                let seconds = max(date.timeIntervalSince(now()), 0.001)
                do { try await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded(.up)))) } catch { throw CancellationError() }
            case .waitForSlot:
                await withCheckedContinuation { slotWaiters[host, default: []].append($0) }
            }
            if Task.isCancelled { throw CancellationError() }
        }
    }

    /// Gives the slot back; waiters for the host ask again.
    public func release(host: String, outcome: PolitenessStateMachine.Outcome) {
        machine.finished(host: host, outcome: outcome, now: now())
        for waiter in slotWaiters.removeValue(forKey: host) ?? [] { waiter.resume() }
    }

    /// robots.txt's Crawl-delay for the host (capped by the settings).
    public func setCrawlDelay(host: String, seconds: TimeInterval?) {
        machine.setCrawlDelay(host: host, seconds: seconds)
    }

    public func blockedUntil(host: String) -> Date? { machine.blockedUntil(host: host) }
}
