import Foundation
import Synchronization
import Testing
@testable import GleanerCrawl

/// How many jobs run now, and the most that ever ran at once.
private final class Concurrency: Sendable {
    private let state = Mutex((running: 0, peak: 0))
    func enter() { state.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) } }
    func leave() { state.withLock { $0.running -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

private final class Freed: Sendable {
    private let n = Mutex(0)
    func add() { n.withLock { $0 += 1 } }
    var count: Int { n.withLock { $0 } }
}

private final class Payload: Sendable {
    let freed: Freed
    init(_ freed: Freed) { self.freed = freed }
    deinit { freed.add() }
}

@Suite struct ParseWorkersTests {
    /// 40 jobs on 2 workers: every one runs, never more than 2 at once, results come back to
    /// the right caller.
    @Test func runsEveryJobWithAtMostLimitAtOnce() async {
        let workers = ParseWorkers(limit: 2)
        let seen = Concurrency()
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<40 {
                group.addTask {
                    let r = await workers.run { () -> Int in
                        seen.enter()
                        usleep(2000)
                        seen.leave()
                        return i * i
                    }
                    return (i, r)
                }
            }
            var all: [Int: Int] = [:]
            for await (i, r) in group { all[i] = r }
            return all
        }
        #expect(results.count == 40)
        #expect(results.allSatisfy { $0.value == $0.key * $0.key })
        #expect(seen.peak == 2)
    }

    /// A taken job lets go of what it captured (a page body) even while the queue never runs
    /// empty: the daemon's queue is rarely empty under load.
    @Test func aTakenJobReleasesItsPageWhileOthersWait() {
        let queue = WorkQueue()
        let freed = Freed()
        for _ in 0..<100 {
            let payload = Payload(freed)
            queue.submit { _ = payload }
        }
        for _ in 0..<70 { queue.next()?() }
        #expect(freed.count == 70)
        queue.close()
        while let job = queue.next() { job() }
        #expect(freed.count == 100)
    }
}
