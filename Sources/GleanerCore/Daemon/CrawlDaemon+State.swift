import Foundation
import GleanerCrawl

extension CrawlDaemon {
    /// What the loop owns; only the loop touches it.
    struct LoopState {
        var setup: CrawlSetup
        var scheduler: Scheduler
        /// The crawler new runs use; a reload that changes [http] or [politeness] replaces it
        /// (runs in progress finish with the one they started with).
        var crawler: Crawler
        var running: [String: Task<Void, Never>] = [:]
        var stopping = false
        var lastPrune = Date.distantPast
        /// Runs finished since the metrics file was last written.
        var metricsDirty = false
        var metricsWrittenAt = Date.distantPast

        /// How long until the next run is due: 0 when one is due now, nil when none is scheduled.
        func wait(now: Date) -> TimeInterval? {
            switch scheduler.decide(now: now) {
            case .run: 0
            case .wait(let until): max(until.timeIntervalSince(now), 0)
            case .idle: nil
            }
        }

        /// A STATUS= line a person can read in `systemctl status gleaner`.
        func status(now: Date) -> String {
            let disabled = setup.disabledSources.count
            let line = activity(now: now)
            return disabled == 0 ? line : line + "; \(disabled) disabled (parser did not load)"
        }

        private func activity(now: Date) -> String {
            if stopping { return "stopping: finishing \(running.count) running source(s)" }
            let runningNames = running.keys.sorted()
            if !runningNames.isEmpty { return "crawling \(runningNames.joined(separator: ", ")); \(scheduler.plans.count) sources" }
            guard case .wait(let until) = scheduler.decide(now: now),
                  let next = scheduler.states.filter({ $0.value.nextRun == until }).keys.sorted().first else {
                return "idle; \(scheduler.plans.count) sources"
            }
            let seconds = max(until.timeIntervalSince(now).rounded(.up), 0)
            return "idle; next: \(next) in \(ConfigDuration.seconds(seconds)); \(scheduler.plans.count) sources"
        }
    }
}
