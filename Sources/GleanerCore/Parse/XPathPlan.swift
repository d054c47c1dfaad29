import Foundation

/// How one XPath of a parser is evaluated, decided once when the parser loads (`XPathPlanner`).
/// `PageXPaths.evaluate` is the one place that carries a plan out; every variant gives exactly
/// the nodes libxml2's XPath gives for the expression as written.
enum XPathPlan: Sendable {
    /// A page-wide element lookup (`ElementQuery`) answered by the page's one walk. `rest` is
    /// the path from the element; `whole` the expression, for when several elements match a
    /// first step that is not `(…)[1]`. Both index `CompiledXPaths`.
    case pageIndex(slot: Int, firstOnly: Bool, rest: Int?, whole: Int)
    /// `//tag/@attr`: one C walk over the tree (`gl_collect_attributes`).
    case attribute(AttributePath)
    /// libxml2 with the compiled expression at this index of `CompiledXPaths`.
    case xpath(Int)

    /// A path from the root (`//div[…]/p`): the same from every context node. Unions count
    /// as relative.
    static func isAbsolute(_ source: String) -> Bool {
        source.drop(while: { $0 == " " }).first == "/" && !source.contains("|")
    }
}

/// Turns XPaths into plans while a parser loads: equal XPaths share one compiled expression,
/// element queries with the same first step share one walk slot.
struct XPathPlanner {
    /// Sources to compile, by `CompiledXPaths` index.
    private(set) var sources: [String] = []
    /// Element queries, by walk slot.
    private(set) var queries: [ElementQuery] = []
    private var indexOfSource: [String: Int] = [:]
    private var slotOfTest: [String: Int] = [:]

    mutating func plan(_ xpath: String) -> XPathPlan {
        if let q = ElementQuery(xpath: xpath) {
            return .pageIndex(slot: slot(q), firstOnly: q.firstOnly, rest: q.relativeRest.map { compiled($0) }, whole: compiled(xpath))
        }
        if let a = AttributePath(xpath) { return .attribute(a) }
        return .xpath(compiled(xpath))
    }

    private mutating func compiled(_ source: String) -> Int {
        if let i = indexOfSource[source] { return i }
        sources.append(source)
        indexOfSource[source] = sources.count - 1
        return sources.count - 1
    }

    private mutating func slot(_ q: ElementQuery) -> Int {
        let key = "\(q.tag ?? "*") \(q.test)"
        if let s = slotOfTest[key] { return s }
        queries.append(q)
        slotOfTest[key] = queries.count - 1
        return queries.count - 1
    }
}

/// A plan's expressions compiled for one thread: libxml2 does not promise that one compiled
/// expression can be evaluated on two threads at once (2.9 caches function lookups in it).
final class CompiledXPaths {
    private let expressions: [Result<XPathExpression, any Error>]

    init(_ sources: [String]) {
        expressions = sources.map { s in Result { try XPathExpression(s) } }
    }

    /// - Throws: the `XPathError` of an expression that does not compile.
    subscript(_ i: Int) -> XPathExpression {
        get throws { try expressions[i].get() }
    }
}

/// Hands out `CompiledXPaths` so parallel parses never share one, while each expression is
/// compiled once per concurrently parsing thread, not once per page.
final class CompiledXPathPool: @unchecked Sendable {
    private let sources: [String]
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idle: [CompiledXPaths]

    /// Compiles the first set now, as the parser loads.
    init(_ sources: [String]) {
        self.sources = sources
        idle = [CompiledXPaths(sources)]
    }

    func with<T>(_ body: (CompiledXPaths) throws -> T) rethrows -> T {
        let compiled = lock.withLock { idle.popLast() } ?? CompiledXPaths(sources)
        defer { lock.withLock { idle.append(compiled) } }
        return try body(compiled)
    }
}
