#include "arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// Layout: one reserved region of CHUNK_COUNT chunks, each CHUNK_SIZE-aligned, so the chunk of a
// block is its address rounded down and "is this ours" is one range check. In a chunk: the header,
// then blocks of [8-byte size][payload, 16-aligned], bumped upwards.
enum {
    CHUNK_SHIFT = 18,                 // 256 KB: a tree spans a few, a long-lived block pins one
    CHUNK_COUNT = 1024,               // 256 MB of address space, reserved but never committed
    BIG_BLOCK = 32 * 1024,            // larger blocks (input buffers) come from malloc
    IDLE_RESIDENT = 8,                // idle chunks kept resident; more go back to the kernel
    FIRST_PAYLOAD = 80,               // after the header, 16-aligned, room for a size word
};
#define CHUNK_SIZE ((size_t)1 << CHUNK_SHIFT)

typedef struct chunk {
    /// BIAS minus the frees from other threads while a thread allocates from the chunk; once it
    /// has moved on, the blocks still live. Whoever brings it to zero (the last free, or the owner
    /// leaving a chunk with nothing live) makes the chunk idle.
    _Atomic long refs;
    struct chunk *next_idle;          // guarded by idle_lock
} chunk;

/// Larger than any number of blocks a chunk can hold, so a chunk in use never reaches zero.
static const long BIAS = 1L << 40;
/// The count of a region's chunk: its blocks are not counted, they go with the region.
static const long REGION_MARK = -(1L << 50);

/// Every block from malloc starts with this header, so that a region's big blocks can be freed or
/// moved at any time, inside the region or after it ended, and the region still knows what it owns.
typedef struct big_header {
    struct big_header *prev, *next;    // the region's list; NULL for a block outside any region
    struct gl_arena_region *region;
    size_t unused;                     // keeps the payload 16-aligned
} big_header;

struct gl_arena_region {
    chunk *chunks;                     // linked through next_idle, which only idle chunks use
    size_t count;
    big_header big;                    // sentinel of the circular list of the region's big blocks
    // This thread's own chunk while the region has it allocate elsewhere.
    chunk *saved_current;
    char *saved_bump, *saved_limit;
    long saved_made, saved_freed_here;
    struct gl_arena_region *saved_region;
};

static _Atomic uintptr_t region_base;  // 0 until reserved, or when reserving failed
static _Atomic size_t chunks_carved;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;         // set once per thread, so its chunk is released at exit

static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static chunk *idle_head;               // guarded by idle_lock
static size_t idle_count;              // guarded by idle_lock

// The chunk this thread allocates from. Its counts live here, not in the chunk, so allocating and
// freeing on the owning thread (the usual case: a tree is built and dropped by one parse) needs
// no atomic operation and shares no cache line with other threads' frees.
static __thread chunk *current;
static __thread char *bump;            // next payload in `current`
static __thread char *limit;           // end of `current`; equal to bump when it must not be used
static __thread long made;             // blocks handed out from `current`
static __thread long freed_here;       // of those, freed on this thread
static __thread int registered;        // exit_key set for this thread
static __thread int outside;
static __thread gl_arena_region *in_region;  // the region this thread allocates for, if any

static inline char *payload_start(chunk *c) { return (char *)c + FIRST_PAYLOAD; }
static inline char *chunk_end(chunk *c) { return (char *)c + CHUNK_SIZE; }
static inline size_t block_span(size_t size) { return (size + 8 + 15) & ~(size_t)15; }
static inline size_t *size_word(void *block) { return (size_t *)block - 1; }

int gl_arena_owns(const void *block) {
    uintptr_t base = atomic_load_explicit(&region_base, memory_order_relaxed);
    return base != 0 && (uintptr_t)block - base < (uintptr_t)CHUNK_COUNT * CHUNK_SIZE;
}

static inline chunk *chunk_of(void *block) {
    return (chunk *)((uintptr_t)block & ~(uintptr_t)(CHUNK_SIZE - 1));
}

static void make_idle(chunk *c) {
    pthread_mutex_lock(&idle_lock);
    int keep = idle_count < IDLE_RESIDENT;
    pthread_mutex_unlock(&idle_lock);
    // Nothing in the chunk is live: its pages can go without a copy. Done before the chunk is
    // listed, since after that another thread may take it.
    if (!keep) madvise(c, CHUNK_SIZE, MADV_DONTNEED);
    pthread_mutex_lock(&idle_lock);
    c->next_idle = idle_head;
    idle_head = c;
    idle_count++;
    pthread_mutex_unlock(&idle_lock);
}

/// This thread stops allocating from `current`: its blocks become the chunk's count.
static void leave_current(void) {
    chunk *c = current;
    current = NULL;
    bump = limit = NULL;
    if (c == NULL) return;
    long live = made - freed_here;
    if (atomic_fetch_add_explicit(&c->refs, live - BIAS, memory_order_acq_rel) + live - BIAS == 0) make_idle(c);
}

static void thread_exit(void *unused) {
    (void)unused;
    leave_current();
}

static void reserve(void) {
    pthread_key_create(&exit_key, thread_exit);
    size_t span = (size_t)CHUNK_COUNT * CHUNK_SIZE;
    // One chunk more than needed, so the region can start on a chunk boundary.
    void *p = mmap(NULL, span + CHUNK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return;  // every block then comes from malloc
    uintptr_t base = ((uintptr_t)p + CHUNK_SIZE - 1) & ~(uintptr_t)(CHUNK_SIZE - 1);
    atomic_store_explicit(&region_base, base, memory_order_release);
}

/// Makes a fresh chunk this thread's `current`; false when the region is used up.
static int take_chunk(void) {
    pthread_once(&once, reserve);
    pthread_mutex_lock(&idle_lock);
    chunk *c = idle_head;
    if (c != NULL) {
        idle_head = c->next_idle;
        idle_count--;
    }
    pthread_mutex_unlock(&idle_lock);
    if (c == NULL) {
        uintptr_t base = atomic_load_explicit(&region_base, memory_order_acquire);
        if (base == 0) return 0;
        size_t i = atomic_fetch_add_explicit(&chunks_carved, 1, memory_order_relaxed);
        if (i >= CHUNK_COUNT) {
            atomic_store_explicit(&chunks_carved, CHUNK_COUNT, memory_order_relaxed);
            return 0;
        }
        c = (chunk *)(base + i * CHUNK_SIZE);
    }
    if (!registered) {
        registered = 1;
        pthread_setspecific(exit_key, (void *)1);
    }
    atomic_store_explicit(&c->refs, BIAS, memory_order_relaxed);
    current = c;
    bump = payload_start(c);
    limit = chunk_end(c);
    made = freed_here = 0;
    return 1;
}

/// Hands out `current` from its beginning again; the caller knows none of its blocks is live.
static inline void start_over(void) {
    bump = payload_start(current);
    made = freed_here = 0;
    if (outside) limit = bump;  // keep the fast path closed
}

/// Starts `current` over when none of its blocks is live: the tree it held has been freed.
static int restart_if_empty(void) {
    // Acquire: other threads' frees happen before the memory is handed out again.
    long remote = BIAS - atomic_load_explicit(&current->refs, memory_order_acquire);
    if (made != freed_here + remote) return 0;
    atomic_store_explicit(&current->refs, BIAS, memory_order_relaxed);
    start_over();
    return 1;
}

static inline big_header *header_of(void *block) { return (big_header *)block - 1; }

static void link_big(big_header *h, gl_arena_region *r) {
    h->region = r;
    if (r == NULL) {
        h->prev = h->next = NULL;
        return;
    }
    h->prev = &r->big;
    h->next = r->big.next;
    r->big.next->prev = h;
    r->big.next = h;
}

static void unlink_big(big_header *h) {
    if (h->region == NULL) return;
    h->prev->next = h->next;
    h->next->prev = h->prev;
}

/// A block from malloc, in the region this thread allocates for (if any).
static void *from_malloc(size_t size) {
    big_header *h = malloc(sizeof(big_header) + size);
    if (h == NULL) return NULL;
    link_big(h, in_region);
    return h + 1;
}

static void free_big(void *block) {
    if (block == NULL) return;
    big_header *h = header_of(block);
    unlink_big(h);
    free(h);
}

static void *realloc_big(void *block, size_t size) {
    big_header *h = header_of(block);
    gl_arena_region *r = h->region;
    unlink_big(h);
    big_header *moved = realloc(h, sizeof(big_header) + size);
    if (moved == NULL) {
        link_big(h, r);  // realloc failed: the old block is still there
        return NULL;
    }
    link_big(moved, r);
    return moved + 1;
}

static inline void *carve(size_t size) {
    char *block = bump;
    *size_word(block) = size;
    bump = block + block_span(size);
    made++;
    return block;
}

/// A region's full chunk joins its list; its blocks stay where they are.
static void region_keep_current(gl_arena_region *r) {
    current->next_idle = r->chunks;
    r->chunks = current;
    r->count++;
    current = NULL;
    bump = limit = NULL;
}

/// Everything the fast path does not: big blocks, `outside`, a region, no chunk yet, a full chunk.
static __attribute__((noinline)) void *malloc_slow(size_t size) {
    if (outside) return from_malloc(size);
    gl_arena_region *r = in_region;
    if (r != NULL) {
        if (size > BIG_BLOCK) return from_malloc(size);
        if (current != NULL) {
            if (made == freed_here) start_over();  // everything in it was a temporary
            else region_keep_current(r);
        }
        if (current == NULL) {
            if (!take_chunk()) return from_malloc(size);
            atomic_store_explicit(&current->refs, REGION_MARK, memory_order_relaxed);
        }
        return carve(size);  // an empty chunk holds any block up to BIG_BLOCK
    }
    if (size > BIG_BLOCK) return from_malloc(size);
    // Full: start over if other threads have freed the rest of it, else move on.
    if (current != NULL && !restart_if_empty()) leave_current();
    if (current == NULL && !take_chunk()) return from_malloc(size);
    return carve(size);
}

void *gl_arena_malloc(size_t size) {
    // One comparison of thread-locals for the usual block. bump never passes limit, and both are
    // NULL without a chunk, so the room left is never negative.
    if (__builtin_expect(size <= BIG_BLOCK && block_span(size) <= (size_t)(limit - bump), 1)) return carve(size);
    return malloc_slow(size);
}

/// A block of malloc's, or one whose chunk this thread no longer allocates from.
static __attribute__((noinline)) void free_slow(void *block) {
    if (!gl_arena_owns(block)) {
        free_big(block);  // also NULL
        return;
    }
    chunk *c = chunk_of(block);
    // A region's block: it goes with the region.
    if (atomic_load_explicit(&c->refs, memory_order_relaxed) == REGION_MARK) return;
    if (atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) == 1) make_idle(c);
}

void gl_arena_free(void *block) {
    // A block of our own chunk (a tree dropped by the thread that built it): no atomic operation.
    // Before its first chunk, a thread's `current` is NULL, and no block's chunk is NULL.
    if (__builtin_expect(current != NULL && chunk_of(block) == current, 1)) {
        // The last live block: the next page starts at the chunk's beginning, in memory that
        // is already resident.
        if (++freed_here == made) start_over();
        return;
    }
    free_slow(block);
}

void *gl_arena_realloc(void *block, size_t size) {
    if (block == NULL) return gl_arena_malloc(size);
    if (!gl_arena_owns(block)) return realloc_big(block, size);
    size_t old = *size_word(block);
    if (size <= old) return block;
    chunk *c = chunk_of(block);
    // The last block of our own chunk grows in place: libxml2 grows text and buffers this way.
    if (c == current && bump == (char *)block + block_span(old) && size <= BIG_BLOCK
        && (char *)block + block_span(size) <= limit) {
        *size_word(block) = size;
        bump = (char *)block + block_span(size);
        return block;
    }
    void *moved = gl_arena_malloc(size);
    if (moved == NULL) return NULL;
    memcpy(moved, block, old);
    gl_arena_free(block);
    return moved;
}

char *gl_arena_strdup(const char *text) {
    size_t n = strlen(text) + 1;
    char *copy = gl_arena_malloc(n);
    if (copy != NULL) memcpy(copy, text, n);
    return copy;
}

// Closing the fast path (limit = bump) sends every allocation to malloc_slow, which checks `outside`.
void gl_arena_outside_begin(void) {
    if (outside++ == 0) limit = bump;
}

void gl_arena_outside_end(void) {
    if (--outside == 0 && current != NULL) limit = chunk_end(current);
}

gl_arena_region *gl_arena_region_begin(void) {
    pthread_once(&once, reserve);
    if (atomic_load_explicit(&region_base, memory_order_acquire) == 0) return NULL;
    gl_arena_region *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    r->big.prev = r->big.next = &r->big;
    r->saved_current = current;
    r->saved_bump = bump;
    r->saved_limit = limit;
    r->saved_made = made;
    r->saved_freed_here = freed_here;
    r->saved_region = in_region;
    current = NULL;
    bump = limit = NULL;
    made = freed_here = 0;
    in_region = r;
    return r;
}

void gl_arena_region_end(gl_arena_region *r) {
    if (r == NULL) return;
    if (current != NULL) region_keep_current(r);
    current = r->saved_current;
    bump = r->saved_bump;
    limit = r->saved_limit;
    made = r->saved_made;
    freed_here = r->saved_freed_here;
    in_region = r->saved_region;
}

void gl_arena_region_release(gl_arena_region *r) {
    if (r == NULL) return;
    for (chunk *c = r->chunks; c != NULL;) {
        chunk *next = c->next_idle;
        make_idle(c);
        c = next;
    }
    for (big_header *h = r->big.next; h != &r->big;) {
        big_header *next = h->next;
        free(h);
        h = next;
    }
    free(r);
}

size_t gl_arena_region_chunks(const gl_arena_region *r) { return r == NULL ? 0 : r->count; }

size_t gl_arena_release_idle(void) {
    size_t released = 0;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);  // 4 KB on x86-64, 16 or 64 KB on some arm64
    if (page == 0 || page >= CHUNK_SIZE) return 0;
    pthread_mutex_lock(&idle_lock);
    for (chunk *c = idle_head; c != NULL; c = c->next_idle, released++) {
        madvise((char *)c + page, CHUNK_SIZE - page, MADV_DONTNEED);
    }
    pthread_mutex_unlock(&idle_lock);
    return released;
}

gl_arena_stats gl_arena_read_stats(void) {
    gl_arena_stats s;
    s.chunks_made = atomic_load_explicit(&chunks_carved, memory_order_relaxed);
    pthread_mutex_lock(&idle_lock);
    s.chunks_idle = idle_count;
    pthread_mutex_unlock(&idle_lock);
    return s;
}
