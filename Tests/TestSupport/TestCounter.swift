import Foundation

/// A thread-safe counter for routes that answer differently on the n-th request.
public final class TestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    /// Increments and returns the new value (1 on the first call).
    public func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }

    public var current: Int { lock.lock(); defer { lock.unlock() }; return value }
}
