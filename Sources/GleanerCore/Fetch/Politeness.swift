import Foundation

/// Applies `PolitenessStateMachine` in real time: `acquire` suspends until the host may be asked,
/// `release` reports how it went. Shared by every fetch of one crawler.
public actor Politeness {
    private var machine: PolitenessStateMachine
    private var slotWaiters: [String: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)]] = [:]
    private var nextWaiterID: UInt64 = 0
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

    /// Why `acquire` returned without a slot.
    public enum WaitError: Error, Sendable, Equatable {
        /// The Task was cancelled while waiting.
        case cancelled
        /// The host is paused (Retry-After, backoff) for this many seconds more: past `maxWait`.
        case tooLong(seconds: TimeInterval)
    }

    /// Waits until a request to `host` may start and takes its slot. Throws if the Task is
    /// cancelled while waiting, or if the host is paused (Retry-After, backoff) for longer than
    /// `maxWait` seconds (the slot is then not taken).
    public func acquire(host: String, maxWait: TimeInterval = .infinity) async throws(WaitError) {
        while true {
            switch machine.request(host: host, now: now(), random: random()) {
            case .fetchNow:
                return
            case .waitUntil(let date):
                let seconds = max(date.timeIntervalSince(now()), 0.001)
                // Only a pause the host asked for (Retry-After, backoff) is bounded; the spacing
                // between requests is the operator's setting.
                if seconds > maxWait, machine.blockedUntil(host: host) == date { throw .tooLong(seconds: seconds) }
                do { try await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded(.up)))) } catch { throw .cancelled }
            case .waitForSlot:
                nextWaiterID += 1
                let id = nextWaiterID
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        if Task.isCancelled { continuation.resume() } else { slotWaiters[host, default: []].append((id, continuation)) }
                    }
                } onCancel: {
                    Task { await self.wake(host: host, id: id) }
                }
            }
            if Task.isCancelled { throw .cancelled }
        }
    }

    /// Gives the slot back; waiters for the host ask again.
    public func release(host: String, outcome: PolitenessStateMachine.Outcome) {
        machine.finished(host: host, outcome: outcome, now: now())
        for waiter in slotWaiters.removeValue(forKey: host) ?? [] { waiter.continuation.resume() }
    }

    /// Resumes one waiter early (its Task was cancelled); it then throws from `acquire`.
    private func wake(host: String, id: UInt64) {
        guard let index = slotWaiters[host]?.firstIndex(where: { $0.id == id }) else { return }
        slotWaiters[host]?.remove(at: index).continuation.resume()
    }

    /// robots.txt's Crawl-delay for the host (capped by the settings).
    public func setCrawlDelay(host: String, seconds: TimeInterval?) {
        machine.setCrawlDelay(host: host, seconds: seconds)
    }

    public func blockedUntil(host: String) -> Date? { machine.blockedUntil(host: host) }
}
