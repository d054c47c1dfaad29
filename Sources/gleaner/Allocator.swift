import CMalloc

/// glibc malloc settings for a process that parses many pages.
enum Allocator {
    /// No fastbins: every free of a large block (a page body) first consolidates all fastbins,
    /// and small blocks still come from glibc's per-thread cache: 10-15% less CPU per page.
    /// One arena instead of eight per core: each arena keeps its own freed memory, and the
    /// crawl's threads hop between them. Two arenas cost 3-4 MB less than the default, one
    /// another 1.7 MB, with the same CPU (docs/benchmarks.md): what is left on glibc is Swift's
    /// small objects, served from per-thread caches, since libxml2's trees do not come from glibc
    /// at all (XMLAllocator).
    static func tune() {
        _ = gl_malloc_disable_fastbins()
        _ = gl_malloc_set_arena_max(1)
    }
}
