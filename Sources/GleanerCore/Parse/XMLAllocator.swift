import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Which allocator libxml2's trees come from, chosen once before libxml2's first use.
///
/// mimalloc (Debian's libmimalloc2.0, which `make` installs) when it is there: a page's tree is
/// ~13,000 small blocks allocated and freed together, and glibc's malloc spent a fifth of a
/// crawl's CPU on them. Only libxml2 uses it; the rest of the process keeps glibc's malloc.
/// `GLEANER_XML_ALLOCATOR=system` keeps libxml2 on glibc (for valgrind's memcheck, or to compare).
public enum XMLAllocator: String, Sendable {
    case mimalloc
    case system

    /// The allocator libxml2 uses in this process.
    public static var active: XMLAllocator { chosen }

    private static let chosen: XMLAllocator = {
        if let wanted = getenv("GLEANER_XML_ALLOCATOR").map({ String(cString: $0) }), wanted == "system" {
            return .system
        }
        return gl_xml_use_mimalloc() == 1 ? .mimalloc : .system
    }()
}
