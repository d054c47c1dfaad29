import CLibXML2

/// The namespace prefixes XPath may use on XML pages, feeds and sitemaps: registered in each XML
/// document's XPath context, so `//sm:url/sm:loc` or `//atom:entry/atom:link/@href` work in a
/// parser file without declaring anything (on an HTML page they are an error: no such prefix). An element in a default namespace (Atom,
/// sitemaps, RSS 1.0) is matched only through its prefix: `//entry` finds no Atom entry.
public enum XMLNamespaces {
    public static let prefixes: [(prefix: String, uri: String)] = [
        ("sm", "http://www.sitemaps.org/schemas/sitemap/0.9"),
        ("news", "http://www.google.com/schemas/sitemap-news/0.9"),
        ("image", "http://www.google.com/schemas/sitemap-image/1.1"),
        ("video", "http://www.google.com/schemas/sitemap-video/1.1"),
        ("xhtml", "http://www.w3.org/1999/xhtml"),
        ("atom", "http://www.w3.org/2005/Atom"),
        ("content", "http://purl.org/rss/1.0/modules/content/"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("media", "http://search.yahoo.com/mrss/"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rss1", "http://purl.org/rss/1.0/"),
    ]

    static func register(in context: xmlXPathContextPtr) {
        for (prefix, uri) in prefixes { _ = xmlXPathRegisterNs(context, prefix, uri) }
    }

    static func uri(_ prefix: String) -> String { prefixes.first { $0.prefix == prefix }!.uri }
}
