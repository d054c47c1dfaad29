import CLibXML2

/// libxml2's process-wide set-up: its allocator, then the parser's globals.
///
/// Every entry point into libxml2 (parsing a page, compiling an XPath) calls `prepare()` first,
/// so no block is allocated by glibc and then freed by the arena (`XMLAllocator`) or the other way round.
public enum LibXML2 {
    public static func prepare() { _ = ready }

    private static let ready: Bool = {
        _ = XMLAllocator.active  // before libxml2 allocates anything
        xmlInitParser()
        return true
    }()
}
