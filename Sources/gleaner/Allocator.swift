import CMalloc

/// glibc malloc settings for a process that parses many pages.
enum Allocator {
    /// No fastbins: every free of a large block (a page body) would first consolidate all
    /// fastbins; small blocks still come from glibc's per-thread cache.
    /// One arena instead of eight per core: each arena keeps its own freed memory and the crawl's
    /// threads hop between them; what is left on glibc is Swift's small objects, served from
    /// per-thread caches (libxml2's trees come from XMLAllocator).
    static func tune() {
        _ = gl_malloc_disable_fastbins()
        _ = gl_malloc_set_arena_max(1)
    }
}
