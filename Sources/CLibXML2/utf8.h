#ifndef GLEANER_CLIBXML2_UTF8_H
#define GLEANER_CLIBXML2_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

// Well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), except
// that a sequence cut off by the end of the buffer counts as valid (a truncated download must
// not flip the charset decision; the converter checks the tail separately). In C because it
// reads every byte of every page: 16 ASCII bytes a step, and the common 3-byte lead bytes
// (all of Hangul and CJK) on a short path. Returns 1 when valid.
static inline int gl_utf8_is_valid_scalar(const unsigned char *s, size_t n) {
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


#if defined(__x86_64__)
#include <immintrin.h>
#include <stdatomic.h>

// The same check 16 bytes at a time (Keiser and Lemire, "Validating UTF-8 in less than one
// instruction per byte", 2021): every error is a pattern in a byte's high nibble, the high and low
// nibbles of the byte before it, and whether one of the two bytes before that leads a 3- or 4-byte
// sequence; three table lookups (pshufb) find them all. ASCII blocks cost one test. Korean pages
// are a third multi-byte text, which the scalar loop walks at ~4 instructions a byte.
enum {
    GL_U8_TOO_SHORT = 1 << 0, GL_U8_TOO_LONG = 1 << 1, GL_U8_OVERLONG_3 = 1 << 2, GL_U8_TOO_LARGE = 1 << 3,
    GL_U8_SURROGATE = 1 << 4, GL_U8_OVERLONG_2 = 1 << 5, GL_U8_TOO_LARGE_1000 = 1 << 6, GL_U8_OVERLONG_4 = 1 << 6,
    GL_U8_TWO_CONTS = 1 << 7,
    GL_U8_CARRY = GL_U8_TOO_SHORT | GL_U8_TOO_LONG | GL_U8_TWO_CONTS,
};

__attribute__((target("ssse3")))
static inline __m128i gl_utf8_block_errors(__m128i input, __m128i prev_input) {
    const __m128i low_nibble = _mm_set1_epi8(0x0F);
    __m128i prev1 = _mm_alignr_epi8(input, prev_input, 15);
    __m128i byte_1_high = _mm_shuffle_epi8(_mm_setr_epi8(
        GL_U8_TOO_LONG, GL_U8_TOO_LONG, GL_U8_TOO_LONG, GL_U8_TOO_LONG,
        GL_U8_TOO_LONG, GL_U8_TOO_LONG, GL_U8_TOO_LONG, GL_U8_TOO_LONG,
        (char)GL_U8_TWO_CONTS, (char)GL_U8_TWO_CONTS, (char)GL_U8_TWO_CONTS, (char)GL_U8_TWO_CONTS,
        GL_U8_TOO_SHORT | GL_U8_OVERLONG_2,
        GL_U8_TOO_SHORT,
        GL_U8_TOO_SHORT | GL_U8_OVERLONG_3 | GL_U8_SURROGATE,
        (char)(GL_U8_TOO_SHORT | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000 | GL_U8_OVERLONG_4)),
        _mm_and_si128(_mm_srli_epi16(prev1, 4), low_nibble));
    __m128i byte_1_low = _mm_shuffle_epi8(_mm_setr_epi8(
        (char)(GL_U8_CARRY | GL_U8_OVERLONG_3 | GL_U8_OVERLONG_2 | GL_U8_OVERLONG_4),
        (char)(GL_U8_CARRY | GL_U8_OVERLONG_2),
        (char)GL_U8_CARRY, (char)GL_U8_CARRY,
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000 | GL_U8_SURROGATE),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000),
        (char)(GL_U8_CARRY | GL_U8_TOO_LARGE | GL_U8_TOO_LARGE_1000)),
        _mm_and_si128(prev1, low_nibble));
    __m128i byte_2_high = _mm_shuffle_epi8(_mm_setr_epi8(
        GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT,
        GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT,
        (char)(GL_U8_TOO_LONG | GL_U8_OVERLONG_2 | GL_U8_TWO_CONTS | GL_U8_OVERLONG_3 | GL_U8_TOO_LARGE_1000 | GL_U8_OVERLONG_4),
        (char)(GL_U8_TOO_LONG | GL_U8_OVERLONG_2 | GL_U8_TWO_CONTS | GL_U8_OVERLONG_3 | GL_U8_TOO_LARGE),
        (char)(GL_U8_TOO_LONG | GL_U8_OVERLONG_2 | GL_U8_TWO_CONTS | GL_U8_SURROGATE | GL_U8_TOO_LARGE),
        (char)(GL_U8_TOO_LONG | GL_U8_OVERLONG_2 | GL_U8_TWO_CONTS | GL_U8_SURROGATE | GL_U8_TOO_LARGE),
        GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT, GL_U8_TOO_SHORT),
        _mm_and_si128(_mm_srli_epi16(input, 4), low_nibble));
    __m128i special = _mm_and_si128(_mm_and_si128(byte_1_high, byte_1_low), byte_2_high);
    // A continuation two or three bytes after a 3- or 4-byte lead: expected, not TWO_CONTS.
    __m128i prev2 = _mm_alignr_epi8(input, prev_input, 14);
    __m128i prev3 = _mm_alignr_epi8(input, prev_input, 13);
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must23, special);
}

/// Whole 16-byte blocks with SSSE3, then the scalar loop from the start of the character that
/// the last block leaves open (so a sequence cut off by the end still counts as valid).
__attribute__((target("ssse3")))
static inline int gl_utf8_is_valid_ssse3(const unsigned char *s, size_t n) {
    __m128i error = _mm_setzero_si128(), prev = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i input = _mm_loadu_si128((const __m128i *)(s + i));
        // An ASCII block after a complete character needs no lookup; after an open one, the
        // lookups report it (TOO_SHORT).
        if (_mm_movemask_epi8(input) == 0 && _mm_movemask_epi8(prev) == 0) {
            prev = input;
            continue;
        }
        error = _mm_or_si128(error, gl_utf8_block_errors(input, prev));
        prev = input;
    }
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) != 0xFFFF) return 0;
    // Back to the lead byte of the character the blocks ended in (at most three continuations;
    // four in a row were an error above).
    size_t start = i;
    while (start > 0 && i - start < 3 && (s[start - 1] & 0xC0) == 0x80) start--;
    if (start > 0 && i - start < 4 && s[start - 1] >= 0xC0) start--;
    return gl_utf8_is_valid_scalar(s + start, n - start);
}
#endif

/// 1 when `s` is well-formed UTF-8 (see gl_utf8_is_valid_scalar for the rules).
static inline int gl_utf8_is_valid(const unsigned char *s, size_t n) {
#if defined(__x86_64__)
    // Decided once; __builtin_cpu_init because nothing else may have filled the CPU model yet.
    static _Atomic int ssse3 = -1;
    int have = atomic_load_explicit(&ssse3, memory_order_relaxed);
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("ssse3") ? 1 : 0;
        atomic_store_explicit(&ssse3, have, memory_order_relaxed);
    }
    if (have) return gl_utf8_is_valid_ssse3(s, n);
#endif
    return gl_utf8_is_valid_scalar(s, n);
}

#endif
