import CMalloc
import GleanerParse

/// What a daemon gives back between runs.
///
/// A run's peak (page bodies in flight, trees being parsed) stays resident in the allocators'
/// free lists after it ends, and the daemon spends most of its life waiting for the next run.
/// Handing that memory to the kernel costs a few milliseconds and the page faults of the next run;
/// the idle daemon is ~6 MB smaller (docs/benchmarks.md, "Long run"). The code a run ran goes too
/// (CodePages): the next run maps back what it runs, from the page cache.
public enum IdleMemory {
    public static func release() {
        XMLAllocator.releaseIdleMemory()
        _ = gl_malloc_trim()
        CodePages.release()
    }
}
