/// A news article page.
public struct Article: Sendable, Hashable {
    public var section: String?
    public var title: String
    public var subtitle: String?
    public var authors: [String]
    /// RFC 3339 with the site's own offset, e.g. `2025-03-22T10:07:10+09:00`.
    public var publishedAt: String?
    /// Paragraphs in page order, inline markup flattened, empty spacers dropped.
    public var body: [String]
    /// Absolute image URLs inside the body, in order.
    public var images: [String]

    public init(
        section: String? = nil, title: String, subtitle: String? = nil, authors: [String] = [],
        publishedAt: String? = nil, body: [String] = [], images: [String] = []
    ) {
        self.section = section
        self.title = title
        self.subtitle = subtitle
        self.authors = authors
        self.publishedAt = publishedAt
        self.body = body
        self.images = images
    }

    /// Field names in JSON order; the parser format refers to fields by these names.
    public static let fieldNames = ["section", "title", "subtitle", "authors", "published_at", "body", "images"]

    func writeFields(to o: inout JSONObjectWriter) {
        o.field("section", section)
        o.field("title", title)
        o.field("subtitle", subtitle)
        o.field("authors", authors)
        o.field("published_at", publishedAt)
        o.field("body", body)
        o.field("images", images)
    }
}
