import Foundation

/// The URLs one run of one source will fetch: breadth first from the seeds, each URL at most
/// once, within the depth and page budget, in the parser's scope, and known pages only when
/// their revisit is due. A plain value: the crawler feeds it and asks it what comes next.
public struct Frontier: Sendable {
    public struct Entry: Sendable, Equatable {
        public var url: String
        public var depth: Int
        /// The page kind the link was declared to lead to (nil for seeds).
        public var pageKind: String?
    }

    /// What the frontier did with an offered URL; everything but `.queued` is counted, not fetched.
    public enum Admission: Sendable, Equatable {
        case queued
        case duplicate
        case tooDeep
        case overBudget
        /// Already fetched in an earlier run and its revisit is not due.
        case notDue
        case skipped(URLNormalizer.Skip)
        /// Outside the source's `allow`/`deny` rules; counted once per URL and run.
        case outOfScope(ScopeRules.Refusal)
    }

    /// What the state store knows about a page from earlier runs.
    public struct Known: Sendable, Equatable {
        public var firstSeen: Date
        public var lastFetched: Date
        public init(firstSeen: Date, lastFetched: Date) {
            self.firstSeen = firstSeen
            self.lastFetched = lastFetched
        }
    }

    public let scope: FrontierScope
    public let maxPages: Int
    public let maxDepth: Int
    public let revisit: RevisitPolicy
    /// The source's `allow` and `deny` patterns.
    public let rules: ScopeRules
    private var seen: Set<String> = []
    private var queue: [Entry] = []
    private var head = 0
    public private(set) var admitted = 0

    public init(scope: FrontierScope, maxPages: Int, maxDepth: Int, revisit: RevisitPolicy = .default,
                rules: ScopeRules = ScopeRules()) {
        self.scope = scope
        self.rules = rules
        self.maxPages = maxPages
        self.maxDepth = maxDepth
        self.revisit = revisit
    }

    /// URLs waiting to be fetched.
    public var pending: Int { queue.count - head }

    /// The normalised identity of `reference`, or why it is not followed.
    public func identity(of reference: String, base: String? = nil) -> Result<String, URLNormalizer.Skip> {
        URLNormalizer.normalize(reference, base: base, scope: scope)
    }

    /// Seeds are always fetched (conditional GET keeps that cheap); only scope, duplicates and
    /// the page budget apply.
    @discardableResult
    public mutating func seed(_ url: String) -> Admission {
        admit(url, base: nil, depth: 0, pageKind: nil, known: nil, now: .distantPast)
    }

    /// Offers a link found on a page at `depth - 1`. `known` is the store's record of the page
    /// when it was fetched in an earlier run (pass nil for pages that are always refetched,
    /// such as lists).
    @discardableResult
    public mutating func offer(_ reference: String, base: String?, depth: Int, pageKind: String?,
                               known: Known?, now: Date) -> Admission {
        admit(reference, base: base, depth: depth, pageKind: pageKind, known: known, now: now)
    }

    /// Marks a URL as done without queueing it: the canonical URL a fetched page declared, or
    /// the URL a redirect ended at, so another link to it is a duplicate.
    public mutating func markSeen(_ reference: String, base: String? = nil) {
        if case .success(let id) = identity(of: reference, base: base) { seen.insert(id) }
    }

    /// Would this link be a duplicate (already queued, fetched or marked)?
    public func hasSeen(_ reference: String, base: String? = nil) -> Bool {
        // An identity normalises to itself: a link that already is one needs no normalising
        // (most links of a page are its menus, seen on every page).
        if base == nil, seen.contains(reference) { return true }
        guard case .success(let id) = identity(of: reference, base: base) else { return false }
        return seen.contains(id)
    }

    public mutating func next() -> Entry? {
        guard head < queue.count else { return nil }
        defer { head += 1 }
        return queue[head]
    }

    private mutating func admit(_ reference: String, base: String?, depth: Int, pageKind: String?,
                                known: Known?, now: Date) -> Admission {
        if base == nil, seen.contains(reference) { return .duplicate }
        let id: String
        switch identity(of: reference, base: base) {
        case .failure(let skip): return .skipped(skip)
        case .success(let s): id = s
        }
        if seen.contains(id) { return .duplicate }
        if let refusal = rules.refusal(of: id) {
            // Remembered, so the same link on the next page is a duplicate, not counted again.
            seen.insert(id)
            return .outOfScope(refusal)
        }
        if depth > maxDepth { return .tooDeep }
        if let known, !revisit.isDue(firstSeen: known.firstSeen, lastFetched: known.lastFetched, now: now) {
            seen.insert(id)
            return .notDue
        }
        if admitted >= maxPages { return .overBudget }
        seen.insert(id)
        admitted += 1
        queue.append(Entry(url: id, depth: depth, pageKind: pageKind))
        return .queued
    }
}
