import Dispatch
import Foundation

/// Runs CPU-bound parsing on Dispatch threads, at most `limit` at once, so that libxml2 work
/// uses the cores without occupying the cooperative pool the fetcher and store rely on.
public final class ParseWorkers: Sendable {
    public let limit: Int
    private let queue = DispatchQueue(label: "gleaner.parse", attributes: .concurrent)
    private let permits: DispatchSemaphore

    /// `limit` 0 means one per CPU core.
    public init(limit: Int) {
        self.limit = limit > 0 ? limit : ProcessInfo.processInfo.activeProcessorCount
        permits = DispatchSemaphore(value: self.limit)
    }

    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { [permits] in
                permits.wait()
                let result = work()
                permits.signal()
                continuation.resume(returning: result)
            }
        }
    }
}
