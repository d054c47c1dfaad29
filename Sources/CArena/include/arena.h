#ifndef GLEANER_ARENA_H
#define GLEANER_ARENA_H

#include <stddef.h>

// A region allocator for libxml2's trees.
//
// A page's tree is ~8,000 small blocks that are allocated together on one parse thread and freed
// together when the document goes. A document's parse allocates inside a region (below): chunks of
// its own, handed back all at once when the document goes, without a free per block. Everything
// else (XPath results, strings) bumps through a 256 KB chunk of the thread's own; such a chunk
// counts its live blocks, and when they are all freed (on any thread) it is reused from its start.
// A block that lives on (a compiled XPath, libxml2's last error) only keeps its own chunk from
// being reused: nothing is ever reused while a block in it is live. Blocks over 32 KB, and
// everything once the reserved address space is used up, come from malloc.
//
// The four functions have the signatures of xmlMemSetup's arguments.

void *gl_arena_malloc(size_t size);
void *gl_arena_realloc(void *block, size_t size);
void gl_arena_free(void *block);
char *gl_arena_strdup(const char *text);

/// While nonzero on this thread, gl_arena_malloc hands out malloc's blocks: for allocations that
/// outlive a page (a parser's compiled XPath expressions), so they do not hold a chunk.
void gl_arena_outside_begin(void);
void gl_arena_outside_end(void);

/// A document's blocks, dropped all at once. Between gl_arena_region_begin and _end, this thread's
/// blocks come from chunks of the region's own, and freeing one of them does nothing (a parser
/// frees its temporaries; a chunk all of whose blocks are freed still starts over). The region's
/// blocks over 32 KB come from malloc with a header that links them to the region, so they may be
/// freed or moved at any time before the region goes. gl_arena_region_release, on any thread,
/// then hands every chunk back and frees those blocks: for a tree, instead of visiting and
/// freeing each of its ~8,000 blocks. Nothing may use a block of the region after that.
/// Returns NULL when there is no arena (the caller frees block by block).
typedef struct gl_arena_region gl_arena_region;
gl_arena_region *gl_arena_region_begin(void);
void gl_arena_region_end(gl_arena_region *region);
void gl_arena_region_release(gl_arena_region *region);
/// Chunks the region holds (for tests).
size_t gl_arena_region_chunks(const gl_arena_region *region);

/// Hands the memory of every idle chunk back to the kernel (its first page, with the chunk's
/// bookkeeping, stays). For a daemon between runs. Returns the number of chunks released.
size_t gl_arena_release_idle(void);

/// Counters for tests and benchmarks.
typedef struct {
    size_t chunks_made;  ///< chunks ever carved from the reserved region
    size_t chunks_idle;  ///< chunks waiting for reuse
} gl_arena_stats;

gl_arena_stats gl_arena_read_stats(void);

/// 1 when `block` came from a chunk (not from malloc).
int gl_arena_owns(const void *block);

#endif
