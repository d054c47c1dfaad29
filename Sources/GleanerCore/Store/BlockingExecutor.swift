import Dispatch

/// A serial queue for blocking work (SQLite statements, fsync) that async code awaits: the work
/// runs on the queue's own thread and the awaiting task is suspended meanwhile, so no thread of
/// Swift's cooperative pool waits on the disk. Serial: work runs one piece at a time, in order.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the queue and returns (or throws) what it did.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
