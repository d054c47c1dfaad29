import CLibXML2

/// libxml2's process-wide set-up: its allocator, then the parser's globals.
///
/// Every entry point into libxml2 (parsing a page, compiling an XPath) calls `prepare()` first,
/// so no block is allocated by glibc and then freed by the arena (`XMLAllocator`) or the other way round.
public enum LibXML2 {
    public static func prepare() { _ = ready }

    /// The libxml2 running in this process, as libxml2 numbers it (20914 for 2.9.14).
    public static var version: Int { Int(String(cString: gl_xml_parser_version())) ?? 0 }

    /// The libxml2 whose headers gleaner was compiled against (`LIBXML_VERSION`).
    public static let headerVersion = Int(LIBXML_VERSION)

    private static let ready: Bool = {
        _ = XMLAllocator.active  // before libxml2 allocates anything
        xmlInitParser()
        return true
    }()
}
