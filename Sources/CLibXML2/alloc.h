#ifndef GLEANER_CLIBXML2_ALLOC_H
#define GLEANER_CLIBXML2_ALLOC_H

#include <dlfcn.h>
#include <libxml/xmlmemory.h>

// Routes libxml2's allocations to mimalloc when libmimalloc.so.2 is installed. A page's tree is
// thousands of small nodes allocated and freed together; mimalloc's per-thread free lists do that
// far cheaper than glibc (docs/benchmarks.md). Loaded with RTLD_LOCAL so the rest of the process
// keeps glibc's malloc: linking it would replace malloc everywhere, which costs more memory.
// Must run before libxml2 allocates anything. Returns 1 when libxml2 now uses mimalloc.
static inline int gl_xml_use_mimalloc(void) {
    void *lib = dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) return 0;
    xmlFreeFunc freeFn = (xmlFreeFunc)dlsym(lib, "mi_free");
    xmlMallocFunc mallocFn = (xmlMallocFunc)dlsym(lib, "mi_malloc");
    xmlReallocFunc reallocFn = (xmlReallocFunc)dlsym(lib, "mi_realloc");
    xmlStrdupFunc strdupFn = (xmlStrdupFunc)dlsym(lib, "mi_strdup");
    if (freeFn == NULL || mallocFn == NULL || reallocFn == NULL || strdupFn == NULL
        || xmlMemSetup(freeFn, mallocFn, reallocFn, strdupFn) != 0) {
        dlclose(lib);
        return 0;
    }
    return 1;  // the library stays loaded: libxml2 calls into it until the process ends
}

#endif
