import Foundation
import GleanerModel

/// A fetched page as the parser sees it.
public struct Page: Sendable {
    public var url: String
    public var body: [UInt8]
    /// The HTTP `Content-Type` header, if any (its charset parameter takes part in the charset decision).
    public var contentType: String?
    public var fetchedAt: Date
    /// A charset that beats every detection rule (a source's configuration, `--charset`).
    public var charsetOverride: String?

    public init(url: String, body: [UInt8], contentType: String? = nil, fetchedAt: Date, charsetOverride: String? = nil) {
        self.url = url
        self.body = body
        self.contentType = contentType
        self.fetchedAt = fetchedAt
        self.charsetOverride = charsetOverride
    }
}

/// A link found on a page, resolved and normalised, with the page kind it leads to.
public struct DiscoveredLink: Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var pageKind: String

    public init(url: String, pageKind: String) {
        self.url = url
        self.pageKind = pageKind
    }

    public var description: String { "\(pageKind) \(url)" }
}

/// What one page yielded.
public struct ParseResult: Sendable {
    public var pageKind: String
    /// Complete records, in page order, one per (type, id).
    public var records: [Record]
    /// Records a required field was missing from: not emitted, reported.
    public var rejects: [RejectedRecord]
    /// Links to follow, de-duplicated, in page order.
    public var links: [DiscoveredLink]
    /// The page's `<link rel="canonical">`, resolved; records carry it as their `url`.
    public var canonicalURL: String?
    public var charset: CharsetDecision
    /// Hrefs of the link rules that the URL Standard rejects (an invalid host, a bad port), by
    /// failure kind (`host-invalid`, `port-invalid`, …): not followed, counted.
    public var invalidLinks: [String: Int] = [:]
    /// Values the date transforms could not read (the field is left without them), by field.
    public var unparsedDates = UnparsedDates()
    /// JSON-LD blocks that were not valid JSON, one sentence each (where, what was wrong):
    /// skipped, their fields read from the other blocks. Only pages whose fields read JSON-LD.
    public var skippedJSONLD: [String] = []

    /// All invalid hrefs of the page.
    public var invalidLinkCount: Int { invalidLinks.values.reduce(0, +) }
}

/// Why a page could not be parsed at all (as opposed to a record being rejected).
public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case emptyBody = "empty"
        case binary
        case tooLarge = "too-large"
        case noPageKind = "no-page-kind"
        case malformed
        /// Over one of its `PageBudget`s (which one: `budget`).
        case budget
    }

    public var kind: Kind
    public var url: String
    public var detail: String
    /// The budget a `.budget` failure ran out of.
    public var budget: PageBudget.Limit?

    public init(kind: Kind, url: String, detail: String, budget: PageBudget.Limit? = nil) {
        self.kind = kind
        self.url = url
        self.detail = detail
        self.budget = budget
    }

    /// For logs and metrics: `budget_nodes` for a budget failure, else the kind.
    public var label: String {
        if let budget { return "\(kind.rawValue)_\(budget.rawValue)" }
        return kind.rawValue
    }

    public var description: String { "parse failed: \(detail) - \(url)" }
}
