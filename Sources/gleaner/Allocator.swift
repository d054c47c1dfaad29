import CMalloc
import Foundation

/// glibc malloc settings for a process that parses many pages.
enum Allocator {
    /// No fastbins: every free of a large block (a page body) first consolidates all fastbins,
    /// and small blocks still come from glibc's per-thread cache: 10-15% less CPU per page.
    /// One arena per core (at least two) instead of eight: each arena keeps its own freed
    /// memory, and the crawl's threads hop between them; 3-4 MB less peak RSS, same CPU
    /// (docs/benchmarks.md). libxml2's trees do not come from glibc at all (XMLAllocator).
    static func tune() {
        _ = gl_malloc_disable_fastbins()
        _ = gl_malloc_set_arena_max(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
