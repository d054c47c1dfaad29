#ifndef GLEANER_CTESTCOMPRESSION_SHIM_H
#define GLEANER_CTESTCOMPRESSION_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include <brotli/encode.h>

// deflateInit2 is a macro (Swift cannot call it); windowBits 31 = gzip framing.
// Returns the compressed length, or 0 when `cap` is too small.
static inline size_t gl_test_gzip(const uint8_t *in, size_t inLen, uint8_t *out, size_t cap) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    s.next_in = (Bytef *)in; s.avail_in = (uInt)inLen;
    s.next_out = out; s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    size_t n = s.total_out;
    deflateEnd(&s);
    return rc == Z_STREAM_END ? n : 0;
}

static inline size_t gl_test_gzip_bound(size_t inLen) { return (size_t)compressBound((uLong)inLen) + 32; }

#endif
