import Foundation
import Synchronization

/// A fixed set of threads for CPU-bound parsing, so that libxml2 work uses the cores without
/// occupying the cooperative pool the fetcher and store rely on. Fixed on purpose: a Dispatch
/// queue guarded by a semaphore parked one thread per waiting page, and every thread that
/// allocates grows a malloc arena of its own (resident memory).
public final class ParseWorkers: Sendable {
    public let limit: Int
    private let state: WorkQueue
    private let waiting = Backlog()

    /// Pages handed to the workers and not yet parsed (queued or being parsed), over every crawl
    /// that shares them: what `FetchAdmission` keeps short.
    public var backlog: Int { waiting.count.load(ordering: .relaxed) }
    /// The longest `backlog` so far.
    public var peakBacklog: Int { waiting.peak.load(ordering: .relaxed) }

    /// `limit` 0 means one per CPU core.
    public init(limit: Int) {
        self.limit = limit > 0 ? limit : ProcessInfo.processInfo.activeProcessorCount
        state = WorkQueue()
        for i in 0..<self.limit {
            let thread = Thread { [state] in state.work() }
            thread.name = "gleaner-parse-\(i)"
            thread.start()
        }
    }

    deinit { state.close() }

    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let now = waiting.count.add(1, ordering: .relaxed).newValue
        waiting.peak.max(now, ordering: .relaxed)
        return await withCheckedContinuation { continuation in
            state.submit { [waiting] in
                let result = work()
                waiting.count.subtract(1, ordering: .relaxed)
                continuation.resume(returning: result)
            }
        }
    }
}

/// The workers' backlog, shared with the jobs that shorten it.
final class Backlog: Sendable {
    let count = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
}

/// Jobs in arrival order; workers sleep on the condition while there are none.
final class WorkQueue: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Taken jobs are set to nil at once: a job holds its page until it runs.
    private var jobs: [(@Sendable () -> Void)?] = []
    private var head = 0
    private var closed = false

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func work() {
        while let job = next() { job() }
    }

    func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count, !closed { condition.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= jobs.count {
            // The queue rarely runs empty under load: drop the taken slots now and then.
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
