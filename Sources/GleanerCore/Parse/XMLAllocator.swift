import CArena
import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Which allocator libxml2's blocks come from, chosen once before libxml2's first use.
///
/// The arena (`Sources/CArena`) by default: a page's tree is ~8,000 small blocks allocated on one
/// parse thread and freed together, so each thread bumps through chunks that are reused once
/// everything in them is freed, and a document's tree goes with its region in one step instead
/// of a free per node (`HTMLDocument`): what it buys is in docs/benchmarks.md.
/// `GLEANER_XML_ALLOCATOR=system` keeps libxml2 on glibc's malloc (for valgrind's memcheck, which
/// cannot see into the arena's chunks, or to compare).
public enum XMLAllocator: String, Sendable {
    case arena
    case system

    /// The allocator libxml2 uses in this process.
    public static var active: XMLAllocator { chosen }

    /// Runs `body` with this thread's libxml2 allocations taken from malloc: for blocks that live
    /// on after the page (compiled XPath expressions), which would otherwise keep a chunk in use.
    static func longLived<T>(_ body: () throws -> T) rethrows -> T {
        gl_arena_outside_begin()
        defer { gl_arena_outside_end() }
        return try body()
    }

    /// Gives the memory of trees no thread is building back to the kernel: for a daemon
    /// between runs, when the pages it parsed are gone. Returns the number of chunks released.
    @discardableResult
    public static func releaseIdleMemory() -> Int { gl_arena_release_idle() }

    private static let chosen: XMLAllocator = {
        if let wanted = getenv("GLEANER_XML_ALLOCATOR").map({ String(cString: $0) }), wanted == "system" {
            return .system
        }
        return xmlMemSetup(gl_arena_free, gl_arena_malloc, gl_arena_realloc, gl_arena_strdup) == 0 ? .arena : .system
    }()
}
