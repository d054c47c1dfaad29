import Foundation

/// A record a parser could not complete: a required field came out empty, so the record is
/// filed as a reject instead of being emitted half-empty (a site's layout change shows up at once).
public struct RejectedRecord: Sendable, Hashable, CustomStringConvertible {
    public var site: String
    public var pageKind: String
    public var type: RecordType
    /// The required field that was missing or failed its transforms.
    public var field: String
    public var url: String
    public var reason: String
    public var fetchedAt: Date

    public init(site: String, pageKind: String, type: RecordType, field: String, url: String, reason: String, fetchedAt: Date) {
        self.site = site
        self.pageKind = pageKind
        self.type = type
        self.field = field
        self.url = url
        self.reason = reason
        self.fetchedAt = fetchedAt
    }

    public var description: String {
        "rejected \(type) record: parser \(site), page kind \(pageKind), field '\(field)': \(reason) - \(url)"
    }

    /// One JSON line for `out/rejects/`.
    public func jsonLine() -> [UInt8] {
        var o = JSONObjectWriter()
        o.field("type", "reject")
        o.field("site", site)
        o.field("page_kind", pageKind)
        o.field("record_type", type.rawValue)
        o.field("field", field)
        o.field("url", url)
        o.field("reason", reason)
        o.field("fetched_at", utc: fetchedAt)
        var line = o.finish()
        line.append(0x0A)
        return line
    }
}
