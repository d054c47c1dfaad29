import Foundation
import Testing
@testable import GleanerCrawl

/// A schedule read back from the state database is only trusted when the plan could have made
/// it: a corrupt or absurd row makes the source due, and never traps.
@Suite struct ScheduleRestoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let plans = ["home": Scheduler.Plan(every: 600, jitter: 60)]

    @Test(arguments: [8.64e24, -8.64e24, 1e300, 400 * 86_400.0, -20 * 365 * 86_400.0])
    func aStoredNextRunNoPlanCouldHaveMadeIsDueNow(offset: Double) {
        let saved = ["home": Scheduler.Persisted(nextRun: now.addingTimeInterval(offset), failures: 0)]
        let scheduler = Scheduler(plans: plans, persisted: saved, now: now, backoffMax: 3600)
        #expect(scheduler.decide(now: now) == .run(["home"]))
    }

    @Test func aPlausibleStoredNextRunIsKept() {
        // Within the backoff cap (1 h) plus jitter: a source that failed before the restart waits on.
        let saved = ["home": Scheduler.Persisted(nextRun: now.addingTimeInterval(3000), failures: 3)]
        let scheduler = Scheduler(plans: plans, persisted: saved, now: now, backoffMax: 3600)
        #expect(scheduler.decide(now: now) == .wait(until: now.addingTimeInterval(3000)))
        #expect(scheduler.states["home"]?.failures == 3)
    }

    @Test func aHugeOrNegativeStoredFailureCountNeverOverflows() {
        for failures in [Int.max, -5] {
            let saved = ["home": Scheduler.Persisted(nextRun: now, failures: failures)]
            var scheduler = Scheduler(plans: plans, persisted: saved, now: now, backoffMax: 3600)
            let started = scheduler.started("home", now: now)
            #expect(started)
            let next = scheduler.finished("home", outcome: .failure, now: now)
            #expect(next != nil && next!.failures >= 1 && next!.failures <= Scheduler.maxFailures)
            #expect(next!.nextRun <= now.addingTimeInterval(3600 + 60))
        }
    }
}
