import Foundation

/// Lets one request of a run through at a time, at least `delay` (plus up to `jitter`) after
/// the previous one: a source's own politeness (`[source.politeness]`), on top of the fetcher's
/// per-host delay for everyone.
actor SpacingGate {
    nonisolated let isActive: Bool
    private let delay: TimeInterval
    private let jitter: TimeInterval
    private var next = Date.distantPast

    init(delay: TimeInterval, jitter: TimeInterval) {
        self.delay = delay
        self.jitter = jitter
        isActive = delay > 0 || jitter > 0
    }

    /// Returns when the caller may send its request. Reserving the slot before sleeping keeps
    /// callers in order without holding the actor across the sleep.
    func pass() async {
        let now = Date()
        let start = max(now, next)
        next = start.addingTimeInterval(delay + (jitter > 0 ? Double.random(in: 0..<jitter) : 0))
        let wait = start.timeIntervalSince(now)
        if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }
}
