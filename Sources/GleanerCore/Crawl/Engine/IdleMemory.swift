import CMalloc
import Foundation
import GleanerParse

/// What a daemon gives back between runs.
///
/// A run's peak (page bodies in flight, trees being parsed) stays resident in the allocators'
/// free lists after it ends, and the daemon spends most of its life waiting for the next run.
/// Handing that memory to the kernel costs a few milliseconds and the page faults of the next run;
/// the idle daemon is ~6 MB smaller (docs/benchmarks.md, "Long run").
///
/// The code a run ran goes too (`CodePages`) when the daemon is about to wait a while: the idle
/// daemon is then ~13 MB instead of ~30. Mapping it back costs the next run ~1.6 ms (a 1,000-run
/// long run at `every = "1s"` measured 0.25 ms per 304 instead of 0.21), so a short wait keeps it.
public enum IdleMemory {
    /// The shortest wait before the next run for which the code is released.
    public static let codeReleaseWait: TimeInterval = 30

    /// Whether to release the code too, given how long nothing will run (`nil`: nothing is
    /// scheduled, or the wait is not known).
    public static func releasesCode(wait: TimeInterval?) -> Bool {
        guard let wait else { return true }
        return wait >= codeReleaseWait
    }

    public static func release(wait: TimeInterval?) {
        XMLAllocator.releaseIdleMemory()
        _ = gl_malloc_trim()
        if releasesCode(wait: wait) { CodePages.release() }
    }
}
