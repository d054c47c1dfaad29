/// A link to an article as a list or box shows it (title, lead, byline).
public struct Teaser: Sendable, Hashable {
    public var title: String
    /// Absolute URL of the article the teaser points to.
    public var targetURL: String
    public var lead: String?
    public var authors: [String]
    /// RFC 3339 with the site's offset, when the list shows a time (section lists do).
    public var publishedAt: String?
    /// Which list the teaser sat in, e.g. `related`, `section`, `home`.
    public var box: String?

    public init(title: String, targetURL: String, lead: String? = nil, authors: [String] = [], publishedAt: String? = nil,
                box: String? = nil) {
        self.title = title
        self.targetURL = targetURL
        self.lead = lead
        self.authors = authors
        self.publishedAt = publishedAt
        self.box = box
    }

    public static let fieldNames = ["title", "target_url", "lead", "authors", "published_at", "box"]

    func writeFields(to o: inout JSONObjectWriter) {
        o.field("title", title)
        o.field("target_url", targetURL)
        o.field("lead", lead)
        o.field("authors", authors)
        o.field("published_at", publishedAt)
        o.field("box", box)
    }
}
