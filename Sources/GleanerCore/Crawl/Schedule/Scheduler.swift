import Foundation
import GleanerModel

/// When each source runs next: a pure state machine. The caller passes the time in and does
/// what the answer says, so every rule here is testable with a fake clock.
///
/// Rules:
/// - a source never seen before is due at once; a restart resumes from the persisted next run;
/// - runs sit on a grid of `every` from the last planned time, plus up to `jitter` of random
///   delay; after downtime the missed slots collapse into one catch-up run (no pile-up), and
///   the slot after a run that started late comes at least half an interval after its start,
///   so a catch-up is not followed by a regular run seconds later;
/// - a failed run backs off exponentially (`every` × 2ⁿ, capped by `backoffMax`);
/// - a source that is running is never started again until it has finished.
public struct Scheduler: Sendable {
    public struct Plan: Sendable, Equatable {
        public var every: TimeInterval
        public var jitter: TimeInterval
        public init(every: TimeInterval, jitter: TimeInterval) {
            self.every = every
            self.jitter = jitter
        }
    }

    /// What the state store keeps per source across restarts.
    public struct Persisted: Sendable, Equatable {
        public var nextRun: Date
        public var failures: Int
        public init(nextRun: Date, failures: Int) {
            self.nextRun = nextRun
            self.failures = failures
        }
    }

    public struct SourceState: Sendable, Equatable {
        /// The grid point this run belongs to (no jitter), so jitter never accumulates.
        public var slot: Date
        public var nextRun: Date
        public var failures: Int
        public var running: Bool
        /// When the current (or last) run started.
        public var startedAt: Date? = nil
        public var persisted: Persisted { Persisted(nextRun: nextRun, failures: failures) }
    }

    public enum Decision: Sendable, Equatable {
        /// Start these sources now (the caller then calls `started` for each).
        case run([String])
        /// Nothing is due; ask again at this time (or earlier, when a run finishes).
        case wait(until: Date)
        /// Nothing to schedule: no sources, or all of them running.
        case idle
    }

    public enum Outcome: Sendable, Equatable { case success, failure }

    public private(set) var plans: [String: Plan]
    public private(set) var states: [String: SourceState] = [:]
    public var backoffMax: TimeInterval
    private var random: SplitMix64

    public init(plans: [String: Plan], persisted: [String: Persisted] = [:], now: Date,
                backoffMax: TimeInterval = 6 * 3600, random: SplitMix64 = SplitMix64()) {
        self.plans = [:]
        self.backoffMax = backoffMax
        self.random = random
        reconfigure(plans, persisted: persisted, now: now)
    }

    /// Applies a new set of sources (a reload): known sources keep their state, new ones are
    /// due at once (or at their persisted time), removed ones are forgotten once they finish.
    public mutating func reconfigure(_ newPlans: [String: Plan], persisted: [String: Persisted] = [:], now: Date) {
        for (name, plan) in newPlans {
            if var state = states[name] {
                // A shorter interval takes effect now rather than after the old, longer wait.
                let latest = now.addingTimeInterval(plan.every + plan.jitter)
                if state.failures == 0, state.nextRun > latest { state.slot = now.addingTimeInterval(plan.every); state.nextRun = state.slot }
                states[name] = state
            } else if let saved = persisted[name], let restored = restore(saved, plan, now: now) {
                states[name] = restored
            } else {
                states[name] = SourceState(slot: now, nextRun: now, failures: 0, running: false)
            }
        }
        for name in states.keys where newPlans[name] == nil && states[name]?.running == false {
            states[name] = nil
        }
        plans = newPlans
    }

    /// Consecutive failures kept at most: the backoff is capped long before, and a stored count
    /// can never overflow when one more failure is added.
    static let maxFailures = 1_000_000

    /// A stored schedule, if it is one this plan could have made: not before ten years ago, not
    /// after the longest wait the plan allows (`every` or the backoff cap, plus jitter). Anything
    /// else (a corrupt or hand-edited row, an interval since shortened) makes the source due now.
    private func restore(_ saved: Persisted, _ plan: Plan, now: Date) -> SourceState? {
        let offset = saved.nextRun.timeIntervalSince(now)
        let latest = max(plan.every, backoffMax) + plan.jitter
        guard offset.isFinite, offset >= -10 * 365 * 86_400, offset <= latest, saved.failures >= 0 else { return nil }
        return SourceState(slot: saved.nextRun, nextRun: saved.nextRun,
                           failures: min(saved.failures, Self.maxFailures), running: false)
    }

    /// Sources due at `now`, earliest first; or how long to wait.
    public func decide(now: Date) -> Decision {
        let idle = states.filter { !$0.value.running && plans[$0.key] != nil }
        guard !idle.isEmpty else { return .idle }
        let due = idle.filter { $0.value.nextRun <= now }
            .sorted { ($0.value.nextRun, $0.key) < ($1.value.nextRun, $1.key) }
            .map(\.key)
        if !due.isEmpty { return .run(due) }
        return .wait(until: idle.values.map(\.nextRun).min()!)
    }

    /// Marks a source as running. Returns false (and changes nothing) when it already runs
    /// or is unknown: the caller must not start it.
    public mutating func started(_ name: String, now: Date) -> Bool {
        guard var state = states[name], !state.running, plans[name] != nil else { return false }
        state.running = true
        state.startedAt = now
        states[name] = state
        return true
    }

    /// Records the end of a run and plans the next one. Returns what to persist (nil when the
    /// source was removed from the configuration while it ran).
    @discardableResult
    public mutating func finished(_ name: String, outcome: Outcome, now: Date) -> Persisted? {
        guard var state = states[name] else { return nil }
        guard let plan = plans[name] else { states[name] = nil; return nil }
        state.running = false
        switch outcome {
        case .success where state.failures == 0 && state.slot > now:
            // Run ahead of its slot (`gleaner once --source`/`--all`): the planned run stays.
            break
        case .success:
            state.failures = 0
            // Next grid point after now: however long the daemon was away, one run catches up.
            // A run that started late (a catch-up after downtime) counts as its slot's run, and
            // the next one is at least half an interval after it: a grid point seconds away is
            // skipped.
            let late = max(0, (state.startedAt ?? state.nextRun).timeIntervalSince(state.nextRun))
            let earliest = max(now, state.slot.addingTimeInterval(late + plan.every / 2))
            let missed = max(1, (earliest.timeIntervalSince(state.slot) / plan.every).rounded(.down) + 1)
            state.slot = state.slot.addingTimeInterval(missed * plan.every)
            state.nextRun = state.slot.addingTimeInterval(jitter(plan))
        case .failure:
            state.failures = min(state.failures + 1, Self.maxFailures)
            let exponent = Double(min(state.failures, 30))
            let delay = min(plan.every * pow(2, exponent), max(backoffMax, plan.every))
            state.slot = now.addingTimeInterval(delay)
            state.nextRun = state.slot.addingTimeInterval(jitter(plan))
        }
        states[name] = state
        return state.persisted
    }

    private mutating func jitter(_ plan: Plan) -> TimeInterval {
        guard plan.jitter > 0 else { return 0 }
        return Double.random(in: 0..<plan.jitter, using: &random)
    }
}

extension Scheduler.Plan {
    public init(_ source: SourceConfiguration) {
        self.init(every: source.every.seconds, jitter: source.jitter.seconds)
    }
}
