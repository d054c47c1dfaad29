import GleanerStore
import Logging

extension Crawler {
    /// A state-store call the crawl can go on without (a lookup, a prefetch): it runs off the
    /// cooperative pool (`StateStore.blocking`); a failure is logged with the operation, the
    /// caller's context and the store's error, counted in `gleaner_store_errors_total`, and
    /// `fallback` stands in for the answer. Returns nil as the error when the call succeeded.
    func storeCall<T: Sendable>(_ operation: String, fallback: T, consequence: String, context: Logger.Metadata,
                                logger: Logger, _ body: @escaping @Sendable (StateStore) throws -> T) async -> (T, error: Error?) {
        do {
            return (try await store.blocking(body), nil)
        } catch {
            Self.storeFailed(operation, consequence: consequence, error: error, context: context, logger: logger, metrics: metrics)
            return (fallback, error)
        }
    }

    /// Logs and counts one failed store call: `consequence` says what the crawl does instead.
    static func storeFailed(_ operation: String, consequence: String, error: Error, context: Logger.Metadata,
                            logger: Logger, metrics: CrawlMetrics, level: Logger.Level = .warning) {
        var metadata = context
        metadata["store.operation"] = "\(operation)"
        metadata["store.error"] = "\(error)"
        metadata["store.consequence"] = "\(consequence)"
        logger.log(level: level, "state store call failed", metadata: metadata)
        metrics.add(.storeErrors, [("operation", operation)])
    }
}
