import Foundation
import GleanerModel

/// A site parser as declared in `Parsers/<name>/parser.toml`: plain, immutable, `Sendable` data.
/// `ParserDefinitionLoader` builds and validates it; `SiteParser` runs it.
public struct ParserDefinition: Sendable {
    public var name: String
    /// Lower-case host names, or `["*"]` (`seedHosts`): the hosts of each source's seeds.
    public var hosts: [String]
    /// Host that aliases (other `hosts`) are rewritten to in links and teaser targets.
    public var canonicalHost: String?
    /// IANA time zone for dates the site writes without an offset, e.g. `Asia/Seoul`.
    public var timeZone: String
    /// That zone, looked up when the parser was loaded.
    public var zone: TimeZone
    /// Charset label used when nothing else decides (no BOM, header, meta, and not valid UTF-8).
    public var defaultCharset: String?
    /// Query parameters removed from discovered links and URL fields (`utm_source`, …).
    public var trackingParameters: [String]
    /// Pages larger than this are refused with `ParseError.tooLarge`.
    public var maxPageBytes: Int
    /// XPath of the page's canonical URL (default `<link rel="canonical">`).
    public var canonicalXPath: String?
    /// Lookup tables for the `map` transform, e.g. `condition_code`.
    public var tables: [String: [String: String]]
    /// Page kinds in the order they are tried.
    public var pageKinds: [PageKind]
    public var recordBlocks: [String: RecordBlock]
    public var linkRules: [String: LinkRule]
    /// Record types this parser declares itself (`[types.NAME]`), beside the shared ones.
    public var ownTypes: [RecordTypeDeclaration]
    /// The `parser.toml` this came from.
    public var file: URL

    public var directory: URL { file.deletingLastPathComponent() }

    /// Default page size limit: 10 MiB. News pages are 50–300 KB; anything near the limit is
    /// not an article page.
    public static let defaultMaxPageBytes = 10 * 1024 * 1024
    /// `hosts = ["*"]`: a generic parser, serving the hosts a source's seeds name.
    public static let seedHosts = "*"
}

/// A kind of page (home, article, section list), recognised by a regex on path + query.
public struct PageKind: Sendable {
    public var name: String
    public var urlPattern: String
    let regex: CompiledRegex
    /// What every match must start with (the pattern's literal head, e.g. `/news/article.html?`):
    /// most URLs are ruled out by a prefix test without running the regex.
    let literalPrefix: String
    /// Names of the record blocks this kind yields, in output order.
    public var records: [String]
    /// Names of the link rules applied on this kind.
    public var links: [String]
    /// `format`: how the page is parsed, `html` (the default) or `xml` (libxml2's XML parser,
    /// gzip inflated, the `XMLNamespaces` prefixes usable in XPath).
    public var format: PageFormat = .html
}

/// A page kind's `format`.
public enum PageFormat: String, Sendable, CaseIterable {
    case html
    case xml
}

/// How one record type is read from a page: optionally one record per `each` node.
public struct RecordBlock: Sendable {
    public var name: String
    public var declaration: RecordTypeDeclaration
    public var type: RecordType { declaration.name }
    /// XPath selecting one node per record; nil for one record per page.
    public var each: String?
    /// When true, a page yielding no record from this block is reported as a reject.
    public var required: Bool
    public var id: FieldSpec
    /// Field name (as the type declares it) → spec.
    public var fields: [String: FieldSpec]
}

/// A field: alternatives tried in order, the first yielding a value wins.
public struct FieldSpec: Sendable {
    public var alternatives: [ValueSpec]
    public var required: Bool
    /// Key path in the parser file, for messages.
    public var keyPath: String
}

/// Where a value comes from and what happens to it.
public struct ValueSpec: Sendable {
    public enum Source: Sendable {
        case xpath(String, text: TextMode, skip: String?)
        /// The page URL as fetched, or its canonical URL.
        case pageURL
        case canonicalURL
        case constant(String)
        /// The values of another field of the same record.
        case field(String)
        /// `{field}` placeholders filled with fields' first values.
        case template(String)
        /// Values of the page's JSON-LD (`StructuredData`), e.g. `NewsArticle.author[].name`.
        case jsonld(JSONLDPath)
        /// `<meta>` content by `name` or `property`, lower-cased (`og:title`).
        case meta(String)
    }

    public enum TextMode: String, Sendable, CaseIterable {
        /// Visible text on one line.
        case text
        /// Visible text, one value per paragraph.
        case paragraphs
        /// XPath string-value, hidden parts included.
        case raw
        /// The paragraphs of the element holding the main text inside each node (`MainText`).
        case main
    }

    public var source: Source
    public var transforms: [Transform]
}

/// Links to follow: an XPath yielding hrefs and the page kind they must lead to.
public struct LinkRule: Sendable {
    public var name: String
    public var xpath: String
    /// Only links whose URL matches this page kind's pattern (and a site host) are kept.
    public var kind: String
}

extension PageKind {
    /// The literal text a `^`-anchored pattern starts with, up to its first regex operator.
    static func literalPrefix(of pattern: String) -> String {
        guard pattern.hasPrefix("^") else { return "" }
        var out = ""
        var escaped = false
        for c in pattern.dropFirst() {
            if escaped {
                // \. \? \/ are literal characters; \d, \w … are classes.
                if c.isLetter || c.isNumber { break }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if "[](){}.*+?|^$".contains(c) {
                // A quantifier makes the previous character optional.
                if "*?{".contains(c), !out.isEmpty { out.removeLast() }
                break
            } else {
                out.append(c)
            }
        }
        return out
    }
}
