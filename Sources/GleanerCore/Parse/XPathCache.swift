import Foundation

/// Compiled XPath expressions keyed by source text, for one thread at a time.
final class XPathCache {
    private var compiled: [String: XPathExpression] = [:]
    private var absolute: [String: Bool] = [:]

    /// True for a path from the root (`//div[…]/p`), whose value does not depend on the
    /// context node; unions are treated as relative.
    func isAbsolute(_ source: String) -> Bool {
        if let a = absolute[source] { return a }
        let trimmed = source.drop(while: { $0 == " " })
        let a = trimmed.first == "/" && !source.contains("|")
        absolute[source] = a
        return a
    }

    func expression(_ source: String) throws -> XPathExpression {
        if let e = compiled[source] { return e }
        let e = try XPathExpression(source)
        compiled[source] = e
        return e
    }
}

/// Hands out `XPathCache`s so parallel parses never share compiled expressions, while each
/// expression is still compiled once per concurrently parsing thread, not once per page.
final class XPathCachePool: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idle: [XPathCache] = []

    func withCache<T>(_ body: (XPathCache) throws -> T) rethrows -> T {
        lock.lock()
        let cache = idle.popLast() ?? XPathCache()
        lock.unlock()
        defer {
            lock.lock()
            idle.append(cache)
            lock.unlock()
        }
        return try body(cache)
    }
}
