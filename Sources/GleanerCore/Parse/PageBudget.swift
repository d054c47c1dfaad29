/// What one page may cost the parse stage. A page over any of these is refused as a whole with
/// `ParseError(kind: .budget)`, naming the budget: never a stalled worker, never a partial page.
///
/// The defaults leave a wide margin over real pages while bounding what a hostile page can
/// cost: a tree of `nodes` nodes is a few tens of MB, and the per-element attribute cap keeps
/// libxml2's quadratic duplicate-attribute check small. Configured in the `[limits]` table;
/// docs/operations.md ("Parse budgets") gives what real pages use.
public struct PageBudget: Sendable, Equatable {
    /// One budget, as named in errors, logs, metrics and the configuration file.
    public enum Limit: String, Sendable, CaseIterable {
        case time = "parse_time"
        case nodes = "nodes"
        case attributes = "attributes_per_element"
        case xpathSteps = "xpath_steps"
        case regexSteps = "regex_steps"
        case values = "values"
        case records = "records"
    }

    /// Wall time for one page, parse and extraction, in seconds. Checked between steps (each
    /// XPath evaluation, record and value), each of which the other budgets keep short.
    public var seconds: Double = 5
    /// Markup items (elements, attributes, comments), counted in the page bytes before libxml2
    /// builds a tree.
    public var nodes: Int = 100_000
    /// Attributes of one element, counted with `nodes`.
    public var attributesPerElement: Int = 1_000
    /// libxml2 XPath operations over all the page's evaluations (`xmlXPathContext.opLimit`).
    public var xpathSteps: Int = 5_000_000
    /// Steps of gleaner's own regex matcher over all the page's matches.
    public var regexSteps: Int = 1_000_000
    /// Field values read from the page (before transforms), over all records.
    public var values: Int = 100_000
    /// Records and rejects a page may yield (candidate nodes of an `each` block count).
    public var records: Int = 10_000

    public init() {}

    public static let standard = PageBudget()

    /// The configured amount of one budget, as written in the configuration.
    public func amount(_ limit: Limit) -> String {
        switch limit {
        case .time: "\(seconds) s"
        case .nodes: "\(nodes)"
        case .attributes: "\(attributesPerElement)"
        case .xpathSteps: "\(xpathSteps)"
        case .regexSteps: "\(regexSteps)"
        case .values: "\(values)"
        case .records: "\(records)"
        }
    }

    func exceeded(_ limit: Limit, url: String, detail: String) -> ParseError {
        ParseError(kind: .budget, url: url,
                   detail: "page over its \(limit.rawValue) budget (\(amount(limit))): \(detail); raise [limits] \(limit.rawValue) if the page is genuine",
                   budget: limit)
    }
}

/// One page's spending against its `PageBudget`. Not `Sendable`: a page is parsed on one thread.
final class BudgetMeter {
    let budget: PageBudget
    let url: String
    private let deadline: ContinuousClock.Instant
    /// Steps left for gleaner's regex matcher; below zero once the budget is spent.
    var regexStepsLeft: Int
    private var values = 0
    /// The first budget a non-throwing step (a regex inside a transform) ran out of.
    private(set) var exhausted: ParseError?

    init(_ budget: PageBudget, url: String) {
        self.budget = budget
        self.url = url
        deadline = ContinuousClock.now.advanced(by: .nanoseconds(Int64(min(budget.seconds, 1e9) * 1e9)))
        regexStepsLeft = budget.regexSteps
    }

    /// Throws once the page's wall time is spent, or a step before ran out of its budget.
    func check() throws {
        if let exhausted { throw exhausted }
        if ContinuousClock.now >= deadline {
            throw budget.exceeded(.time, url: url, detail: "parsing took longer than \(budget.seconds) s")
        }
    }

    func chargeValues(_ n: Int) throws {
        values += n
        if values > budget.values {
            throw budget.exceeded(.values, url: url, detail: "more than \(budget.values) values read")
        }
    }

    func checkRecords(_ n: Int, what: String) throws {
        if n > budget.records {
            throw budget.exceeded(.records, url: url, detail: "\(n) \(what)")
        }
    }

    /// Called by the regex matcher when its steps ran out (it then reports "no match").
    func regexExhausted(_ pattern: String) {
        if exhausted == nil {
            exhausted = budget.exceeded(.regexSteps, url: url,
                                        detail: "regex '\(pattern)' used up \(budget.regexSteps) matcher steps")
        }
    }
}
