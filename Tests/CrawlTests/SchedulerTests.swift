import Foundation
import GleanerModel
import Testing
@testable import GleanerCrawl

@Suite struct SchedulerTests {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    let tenMinutes = Scheduler.Plan(every: 600, jitter: 0)

    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    @Test func newSourceIsDueAtOnceThenEveryInterval() {
        var s = Scheduler(plans: ["home": tenMinutes], now: t0)
        #expect(s.decide(now: t0) == .run(["home"]))
        do { let ok = s.started("home", now: t0); #expect(ok) }
        #expect(s.decide(now: at(5)) == .idle)
        s.finished("home", outcome: .success, now: at(30))
        #expect(s.decide(now: at(31)) == .wait(until: at(600)))
        #expect(s.decide(now: at(600)) == .run(["home"]))
    }

    @Test func jitterStaysWithinBoundsVariesAndDoesNotAccumulate() {
        let plan = Scheduler.Plan(every: 600, jitter: 60)
        var s = Scheduler(plans: ["home": plan], now: t0, random: SplitMix64(seed: 7))
        var offsets: [TimeInterval] = []
        var now = t0
        for run in 1...50 {
            do { let ok = s.started("home", now: now); #expect(ok) }
            s.finished("home", outcome: .success, now: now.addingTimeInterval(5))
            let next = s.states["home"]!.nextRun
            let offset = next.timeIntervalSince(at(Double(run) * 600))
            #expect(offset >= 0 && offset < 60, "run \(run): jitter \(offset) outside [0, 60)")
            offsets.append(offset)
            now = next
        }
        // Fifty runs later the grid has not drifted by the sum of the jitters.
        #expect(s.states["home"]!.slot == at(50 * 600))
        #expect(Set(offsets.map { Int($0) }).count > 10)
        // The same seed gives the same plan: reproducible.
        var again = Scheduler(plans: ["home": plan], now: t0, random: SplitMix64(seed: 7))
        _ = again.started("home", now: t0)
        again.finished("home", outcome: .success, now: at(5))
        #expect(again.states["home"]!.nextRun == at(600 + offsets[0]))
    }

    @Test func downtimeGivesOneCatchUpRunNotOnePerMissedSlot() {
        // Persisted: due 5 hours ago (30 missed ten-minute slots).
        let saved = Scheduler.Persisted(nextRun: at(-5 * 3600), failures: 0)
        var s = Scheduler(plans: ["home": tenMinutes], persisted: ["home": saved], now: t0)
        #expect(s.decide(now: t0) == .run(["home"]))
        _ = s.started("home", now: t0)
        s.finished("home", outcome: .success, now: at(20))
        // The next run lies on the old grid, after now: no second catch-up run.
        #expect(s.decide(now: at(21)) == .wait(until: at(600)))
    }

    @Test func aCatchUpRunIsNotFollowedByTheRegularSlotSecondsLater() {
        // Due 596 s before the restart: the old grid's next point is 4 s after it.
        let saved = Scheduler.Persisted(nextRun: at(-596), failures: 0)
        var s = Scheduler(plans: ["home": tenMinutes], persisted: ["home": saved], now: t0)
        #expect(s.decide(now: t0) == .run(["home"]))
        _ = s.started("home", now: t0)
        s.finished("home", outcome: .success, now: at(2))
        // The catch-up stands for the slot at +4 s; the next run is the slot after it.
        #expect(s.decide(now: at(3)) == .wait(until: at(604)))
        // From there on, every ten minutes as before.
        _ = s.started("home", now: at(604))
        s.finished("home", outcome: .success, now: at(610))
        #expect(s.decide(now: at(611)) == .wait(until: at(1204)))
    }

    @Test func restartResumesPersistedScheduleInsteadOfRunningEverything() {
        let saved = ["home": Scheduler.Persisted(nextRun: at(400), failures: 0)]
        let s = Scheduler(plans: ["home": tenMinutes, "new": tenMinutes], persisted: saved, now: t0)
        #expect(s.decide(now: t0) == .run(["new"]))
        #expect(s.states["home"]?.nextRun == at(400))
    }

    @Test func failingSourceBacksOffExponentiallyUpToTheCapAndRecovers() {
        var s = Scheduler(plans: ["home": tenMinutes], now: t0, backoffMax: 3 * 3600)
        var now = t0
        var delays: [TimeInterval] = []
        for _ in 1...6 {
            _ = s.started("home", now: now)
            let persisted = s.finished("home", outcome: .failure, now: now)
            delays.append(s.states["home"]!.nextRun.timeIntervalSince(now))
            #expect(persisted?.failures == delays.count)
            now = s.states["home"]!.nextRun
        }
        #expect(delays == [1200, 2400, 4800, 9600, 10800, 10800])
        _ = s.started("home", now: now)
        s.finished("home", outcome: .success, now: now)
        #expect(s.states["home"]!.failures == 0)
        #expect(s.states["home"]!.nextRun == now.addingTimeInterval(600))
    }

    @Test func neverTwoRunsOfOneSourceAtOnce() {
        var s = Scheduler(plans: ["home": tenMinutes, "sections": tenMinutes], now: t0)
        do { let ok = s.started("home", now: t0); #expect(ok) }
        do { let ok = s.started("home", now: at(1)); #expect(!ok) }
        // Hours later "home" is long overdue but still running: only "sections" is offered.
        #expect(s.decide(now: at(7200)) == .run(["sections"]))
        s.finished("home", outcome: .success, now: at(7250))
        #expect(s.states["home"]!.nextRun > at(7250))
        #expect(s.states["home"]!.nextRun <= at(7250 + 600))
    }

    @Test func reloadAddsNewSourcesAndDropsRemovedOnesAfterTheyFinish() {
        var s = Scheduler(plans: ["home": tenMinutes, "old": tenMinutes], now: t0)
        _ = s.started("old", now: t0)
        _ = s.started("home", now: t0)
        s.finished("home", outcome: .success, now: at(10))
        s.reconfigure(["home": tenMinutes, "added": tenMinutes], now: at(20))
        #expect(s.decide(now: at(20)) == .run(["added"]))
        #expect(s.states["home"]?.nextRun == at(600))
        #expect(s.finished("old", outcome: .success, now: at(30)) == nil)
        #expect(s.states["old"] == nil)
        do { let ok = s.started("old", now: at(40)); #expect(!ok) }
    }

    @Test func shorterIntervalOnReloadTakesEffectWithoutWaitingOutTheOldOne() {
        var s = Scheduler(plans: ["home": Scheduler.Plan(every: 86_400, jitter: 0)], now: t0)
        _ = s.started("home", now: t0)
        s.finished("home", outcome: .success, now: at(1))
        s.reconfigure(["home": tenMinutes], now: at(100))
        #expect(s.decide(now: at(101)) == .wait(until: at(700)))
    }

    @Test func aRunForcedAheadOfItsSlotKeepsThePlannedRun() {
        var s = Scheduler(plans: ["home": tenMinutes], now: t0)
        _ = s.started("home", now: t0)
        s.finished("home", outcome: .success, now: at(5))
        // `gleaner once --all` three minutes later: the run at +10 min stays where it was.
        do { let ok = s.started("home", now: at(180)); #expect(ok) }
        s.finished("home", outcome: .success, now: at(185))
        #expect(s.decide(now: at(186)) == .wait(until: at(600)))
    }
}
