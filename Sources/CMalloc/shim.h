// glibc's malloc tuning (mallopt lives in <malloc.h>, which Swift's Glibc module leaves out).
#include <malloc.h>

/// Turns fastbins off (see Sources/gleaner/Allocator.swift for why). Returns 1 on success.
static inline int gl_malloc_disable_fastbins(void) { return mallopt(M_MXFAST, 0); }

/// Caps glibc's malloc arenas (default 8 per core). Returns 1 on success.
static inline int gl_malloc_set_arena_max(int n) { return mallopt(M_ARENA_MAX, n); }

/// Hands the free memory of glibc's heaps back to the kernel. Returns 1 when some was released.
static inline int gl_malloc_trim(void) { return malloc_trim(0); }
