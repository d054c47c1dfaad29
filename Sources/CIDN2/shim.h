#ifndef GLEANER_CIDN2_SHIM_H
#define GLEANER_CIDN2_SHIM_H

#include <idn2.h>

// The URL Standard's domain to ASCII: UTS 46 non-transitional processing, STD3 rules off
// (the standard checks forbidden code points itself afterwards).
static inline int gl_idn2_to_ascii(const char *input, char **output) {
    return idn2_to_ascii_8z(input, output, IDN2_NONTRANSITIONAL);
}

#endif
