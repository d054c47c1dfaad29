/// A saved page's own `<link rel="canonical" href>`, for pages parsed without a URL
/// (`gleaner parse FILE`).
public enum CanonicalLink {
    /// The absolute URL the page names, or nil. The link belongs in `<head>`, so only that much
    /// is parsed first; the whole page only when its head has no canonical link.
    public static func url(in body: [UInt8]) -> String? {
        if let end = MetaPrescan.headEnd(in: body), let url = find(in: Array(body[..<end])) { return url }
        return find(in: body)
    }

    private static func find(in bytes: [UInt8]) -> String? {
        guard let doc = try? HTMLDocument(bytes: bytes, url: "http://localhost/"),
              let href = try? doc.nodes("//link[@rel='canonical'][1]/@href").first?.rawText,
              let resolved = URLResolver.resolve(href, against: "http://localhost/"),
              URLResolver.host(of: resolved) != "localhost" else { return nil }
        return resolved
    }
}
