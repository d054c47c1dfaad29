#ifndef GLEANER_CODE_PAGES_H
#define GLEANER_CODE_PAGES_H

#include <stddef.h>

// Unmaps, in this process, the pages of every loaded file's read-only segments (code, constants,
// symbol tables, unwind tables): the executable's and every shared library's. Pages come back on
// their next use, from the page cache, so what stays resident afterwards is what runs afterwards
// (docs/benchmarks.md, "What mattered in session 8").
//
// Only segments that are never writable are touched: a writable segment (data, and the relocated
// pointers that become read-only after start, RELRO) holds this process's own copy of its pages,
// which unmapping would lose. Pages at the ends of a segment that it could share with a
// neighbouring segment are left alone, and so is the kernel's vDSO.
//
// Returns the bytes of address space released; never fails (a segment madvise refuses stays).
size_t gl_code_pages_release(void);

#endif
