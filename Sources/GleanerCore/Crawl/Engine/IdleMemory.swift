import CMalloc
import Foundation
import GleanerParse

/// What a daemon gives back between runs.
///
/// A run's peak (page bodies in flight, trees being parsed) stays in the allocators' free lists
/// after it ends, and the daemon spends most of its life waiting for the next run: handing that
/// memory to the kernel costs a few milliseconds and the page faults of the next run.
public enum IdleMemory {
    public static func release() {
        XMLAllocator.releaseIdleMemory()
        _ = gl_malloc_trim()
    }
}
