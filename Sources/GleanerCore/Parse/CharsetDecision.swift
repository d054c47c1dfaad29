/// Which character encoding gleaner decided a page is in, and which rule decided it.
///
/// The decision is gleaner's, not libxml2's: libxml2 guesses Latin-1 for an undeclared Korean
/// page and truncates silently when handed a wrong encoding (PLATFORM-NOTES), so the page is
/// always converted to UTF-8 first and the parser is told so.
public struct CharsetDecision: Sendable, Hashable, CustomStringConvertible {
    /// The rule that chose the charset, in the order they are tried.
    public enum Source: String, Sendable, Hashable {
        /// Given by the caller (`--charset`, a source's configuration); beats everything.
        case override
        case byteOrderMark = "bom"
        case httpContentType = "content-type"
        case metaTag = "meta"
        /// No declaration, but the bytes are valid UTF-8.
        case utf8Validity = "utf-8-valid"
        /// Nothing else decided: the parser's declared default.
        case parserDefault = "default"
    }

    /// The canonical name used for decoding, e.g. `UTF-8`, `CP949`.
    public var charset: String
    /// The label as the page (or caller) wrote it, e.g. `euc-kr`.
    public var label: String
    public var source: Source
    /// Bytes that could not be decoded and became U+FFFD.
    public var replacedBytes: Int

    public init(charset: String, label: String, source: Source, replacedBytes: Int = 0) {
        self.charset = charset
        self.label = label
        self.source = source
        self.replacedBytes = replacedBytes
    }

    public var description: String {
        let shown = label.lowercased() == charset.lowercased() ? charset : "\(charset) (label \(label))"
        let replaced = replacedBytes > 0 ? ", \(replacedBytes) undecodable bytes replaced" : ""
        return "charset \(shown) from \(source.rawValue)\(replaced)"
    }
}
