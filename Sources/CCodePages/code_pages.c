#define _GNU_SOURCE
#include "code_pages.h"

#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

struct release_state {
    uintptr_t page;
    uintptr_t vdso;
    size_t released;
};

static int release_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct release_state *state = data;
    // The vDSO's base is its load address; it is the kernel's, not a file's.
    if (state->vdso != 0 && info->dlpi_addr == state->vdso) return 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) != 0) continue;
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        uintptr_t end = start + segment->p_memsz;
        // Inward: a partial page at either end may be mapped with a neighbour's permissions.
        start = (start + state->page - 1) & ~(state->page - 1);
        end &= ~(state->page - 1);
        if (end <= start) continue;
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) state->released += end - start;
    }
    return 0;
}

size_t gl_code_pages_release(void) {
    struct release_state state = {
        .page = (uintptr_t)sysconf(_SC_PAGESIZE),
        .vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR),
        .released = 0,
    };
    dl_iterate_phdr(release_object, &state);
    return state.released;
}
