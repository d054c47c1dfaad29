import Foundation

/// A clock the test moves by hand (for TTLs of hours).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 2_000_000_000)

    var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    func advance(_ seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        current += seconds
    }
}
