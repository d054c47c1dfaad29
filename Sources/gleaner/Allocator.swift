import CMalloc

/// glibc malloc settings for a process that parses many pages.
enum Allocator {
    /// No fastbins: libxml2 allocates and frees a page's thousands of small nodes, and every
    /// free of a large block (a page body) first consolidates all fastbins. Small blocks still
    /// come from glibc's per-thread cache. 10-15% less CPU per page (docs/benchmarks.md).
    static func tune() {
        _ = gl_malloc_disable_fastbins()
    }
}
