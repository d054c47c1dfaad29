import Foundation

/// When to try a failed fetch again: a pure decision, tested without a network.
public struct RetryPolicy: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case retry(after: TimeInterval)
        case giveUp
    }

    /// Attempts in all, the first included. The default is 3.
    public var maxAttempts: Int = 3
    /// Delay before the second attempt, doubled for each further one. The default is 2 s.
    public var baseDelay: TimeInterval = 2
    /// Longest delay between attempts (before jitter). The default is 60 s.
    public var maxDelay: TimeInterval = 60
    /// Each delay is stretched by a random fraction up to this. The default is 0.5.
    public var jitter: Double = 0.5
    /// Longest `Retry-After` honoured; beyond it the wait is capped. The default is 600 s.
    public var retryAfterCap: TimeInterval = 600

    public init() {}

    public init(maxAttempts: Int, baseDelay: TimeInterval, maxDelay: TimeInterval, jitter: Double = 0.5, retryAfterCap: TimeInterval = 600) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.retryAfterCap = retryAfterCap
    }

    /// Whether a status deserves another attempt: 408, 429 and 5xx; never other 4xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// Whether a failure deserves another attempt: connection errors, timeouts, broken transfers.
    public static func isRetryable(_ kind: FetchError.Kind) -> Bool {
        switch kind {
        case .dns, .connect, .timeout, .network: true
        case .http(let status): isRetryable(status: status)
        default: false
        }
    }

    /// After attempt number `attempt` (1-based) failed with `kind`: wait and retry, or give up.
    /// `retryAfter` is the server's Retry-After, already parsed; `random` in [0, 1).
    public func decide(attempt: Int, kind: FetchError.Kind, retryAfter: TimeInterval?, random: Double) -> Decision {
        guard Self.isRetryable(kind), attempt < maxAttempts else { return .giveUp }
        let backoff = min(baseDelay * pow(2, Double(attempt - 1)), maxDelay) * (1 + jitter * min(max(random, 0), 1))
        guard let retryAfter else { return .retry(after: backoff) }
        return .retry(after: max(min(retryAfter, retryAfterCap), 0))
    }
}
