#ifndef GLEANER_CZLIB_SHIM_H
#define GLEANER_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2/inflateInit2 are macros (they pass ZLIB_VERSION and sizeof(z_stream)), which
// Swift cannot import: these wrappers make them callable.

/// A deflate stream that writes the gzip format (windowBits 15 + 16), default memory level.
static inline int gl_deflate_init_gzip(z_streamp strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// An inflate stream that reads the gzip format only (windowBits 15 + 16).
static inline int gl_inflate_init_gzip(z_streamp strm) {
    return inflateInit2(strm, 15 + 16);
}

#endif
