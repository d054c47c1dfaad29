#ifndef GLEANER_ARENA_H
#define GLEANER_ARENA_H

#include <stddef.h>

// A region allocator for libxml2's trees (docs/benchmarks.md, "What mattered in session 5").
//
// A page's tree is ~8,000 small blocks that are allocated together on one parse thread and freed
// together when the document goes. Each thread bumps through a 256 KB chunk of its own; a chunk
// counts its live blocks, and when they are all freed (on any thread) the chunk is reused from its
// start. So a parse thread keeps about one tree's worth of memory resident, and a block that lives
// on (a compiled XPath, libxml2's last error) only keeps its own chunk from being reused: nothing
// is ever reused while a block in it is live. Blocks over 32 KB, and everything once the reserved
// region is used up, come from malloc.
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
