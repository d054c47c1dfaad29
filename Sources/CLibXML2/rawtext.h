#ifndef GLEANER_CLIBXML2_RAWTEXT_H
#define GLEANER_CLIBXML2_RAWTEXT_H

#include <stddef.h>
#include <string.h>
#include <libxml/xmlmemory.h>

// Removes the contents of <script> and <style> elements before libxml2 sees the page: their
// text is a sixth of an article page's bytes, and libxml2 2.9 reads it one character at a time
// into text nodes nobody reads (visible text drops them; a parser that names script or style in
// an XPath keeps them: SiteParser decides). The start tag and the `</script` that ends the
// element stay, so the tree is libxml2's own minus those text nodes.
//
// It must agree with libxml2 on where every such element starts and ends, so it follows
// libxml2's tokenizer (HTMLparser.c, recovery mode): comments end at the first `-->`; a start
// tag is `<` + letter, a name, then attributes with quoted or unquoted values; script data ends
// at the first `</script` whatever follows, unless it starts with a tag (libxml2 reads that as
// markup). Anything it does not model exactly (a NUL byte, a comment closed by `--!>` or `<!-->`,
// an unterminated comment or quote, an attribute name or unquoted value with unusual characters,
// `</scriptx`, quotes in a DOCTYPE outside its identifiers) makes it give up on the whole page,
// which is then parsed as it came.

static inline int gl_rt_is_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline int gl_rt_is_blank(unsigned char c) { return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D; }
static inline int gl_rt_is_name_char(unsigned char c) {
    return gl_rt_is_letter(c) || (unsigned char)(c - '0') < 10 || c == ':' || c == '-' || c == '_' || c == '.';
}
static inline int gl_rt_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Case-insensitive: does s[0..<n) start with the lower-case ASCII word w?
static inline int gl_rt_has_prefix(const unsigned char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++) if (gl_rt_lower(s[i]) != (unsigned char)w[i]) return 0;
    return 1;
}

// The end of a start tag whose name starts at s[i] (after `<`): index just past `>`, or 0 to
// give up. *selfClosing is set for `/>`.
static inline size_t gl_rt_start_tag_end(const unsigned char *s, size_t n, size_t i, int *selfClosing) {
    while (i < n && gl_rt_is_name_char(s[i])) i++;
    for (;;) {
        while (i < n && gl_rt_is_blank(s[i])) i++;
        if (i >= n) return 0;
        if (s[i] == '>') { *selfClosing = 0; return i + 1; }
        if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') { *selfClosing = 1; return i + 2; }
        // Attribute name: what libxml2's htmlParseHTMLName accepts, nothing else.
        if (!(gl_rt_is_letter(s[i]) || s[i] == '_' || s[i] == ':')) return 0;
        while (i < n && gl_rt_is_name_char(s[i])) i++;
        while (i < n && gl_rt_is_blank(s[i])) i++;
        if (i >= n) return 0;
        if (s[i] != '=') continue;
        i++;
        while (i < n && gl_rt_is_blank(s[i])) i++;
        if (i >= n) return 0;
        if (s[i] == '"' || s[i] == '\'') {
            const unsigned char *q = memchr(s + i + 1, s[i], n - i - 1);
            if (q == NULL) return 0;
            i = (size_t)(q - s) + 1;
            // libxml2 wants a blank, `>` or `/>` after a quoted value; anything else: give up.
            if (i < n && !gl_rt_is_blank(s[i]) && s[i] != '>' && s[i] != '/') return 0;
        } else {
            size_t start = i;
            while (i < n && !gl_rt_is_blank(s[i]) && s[i] != '>') {
                unsigned char c = s[i];
                if (c == '<' || c == '"' || c == '\'' || c == '`' || c == '=') return 0;
                i++;
            }
            if (i == start) return 0;
        }
    }
}

// The end of a DOCTYPE whose keyword ends before s[i]: index just past its `>`, or 0 to give
// up. libxml2 honours quotes only in a PUBLIC or SYSTEM identifier; a quote anywhere else, or
// an unterminated one, is not followed here.
static inline size_t gl_rt_doctype_end(const unsigned char *s, size_t n, size_t i) {
    while (i < n && gl_rt_is_blank(s[i])) i++;
    while (i < n && gl_rt_is_name_char(s[i])) i++;
    while (i < n && gl_rt_is_blank(s[i])) i++;
    int literals = 0;
    if (gl_rt_has_prefix(s + i, n - i, "public")) { i += 6; literals = 2; }
    else if (gl_rt_has_prefix(s + i, n - i, "system")) { i += 6; literals = 1; }
    for (int k = 0; k < literals; k++) {
        while (i < n && gl_rt_is_blank(s[i])) i++;
        if (i >= n) return 0;
        if (s[i] != '"' && s[i] != '\'') { if (k == 0) return 0; break; }  // the system id is optional
        const unsigned char *q = memchr(s + i + 1, s[i], n - i - 1);
        if (q == NULL) return 0;
        i = (size_t)(q - s) + 1;
    }
    const unsigned char *gt = memchr(s + i, '>', n - i);
    if (gt == NULL) return 0;
    if (memchr(s + i, '"', (size_t)(gt - (s + i))) || memchr(s + i, '\'', (size_t)(gt - (s + i)))) return 0;
    return (size_t)(gt - s) + 1;
}

#define GL_RT_MAX_RANGES 64

// Finds the byte ranges to drop: returns how many (up to GL_RT_MAX_RANGES; an article page has
// ~15, any more are left in), 0 when it gives up or finds none.
static inline int gl_rt_ranges(const unsigned char *s, size_t n, size_t *from, size_t *to) {
    const int giveUp = 0;
    if (memchr(s, 0, n) != NULL) return giveUp;
    size_t i = 0;
    int count = 0;
    while (i < n) {
        const unsigned char *lt = memchr(s + i, '<', n - i);
        if (lt == NULL) break;
        i = (size_t)(lt - s);
        size_t rest = n - i;
        if (rest >= 4 && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
            // Comment: `<!-->` and `<!--->` end at once in newer libxml2 and not in older; give up.
            if (rest >= 5 && (s[i + 4] == '>' || (s[i + 4] == '-' && rest >= 6 && s[i + 5] == '>'))) return giveUp;
            size_t j = i + 4, end = 0;
            while (j + 2 < n) {
                const unsigned char *d = memchr(s + j, '-', n - j);
                if (d == NULL) break;
                j = (size_t)(d - s);
                if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>') { end = j + 3; break; }
                if (j + 3 < n && s[j + 1] == '-' && s[j + 2] == '!' && s[j + 3] == '>') return giveUp;
                j++;
            }
            if (end == 0) return giveUp;
            i = end;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '!') {
            // Any markup declaration but a DOCTYPE: give up.
            if (!gl_rt_has_prefix(s + i + 2, rest - 2, "doctype")) return giveUp;
            size_t end = gl_rt_doctype_end(s, n, i + 9);
            if (end == 0) return giveUp;
            i = end;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '/') {
            // End tag: `</` name blanks `>`. Anything else libxml2 recovers from in ways this
            // does not follow.
            size_t j = i + 2;
            if (j >= n || !gl_rt_is_letter(s[j])) return giveUp;
            while (j < n && gl_rt_is_name_char(s[j])) j++;
            while (j < n && gl_rt_is_blank(s[j])) j++;
            if (j >= n || s[j] != '>') return giveUp;
            i = j + 1;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '?') {
            // Processing instruction `<?` + name: libxml2 reads to the next `>`.
            if (rest < 3 || !gl_rt_is_letter(s[i + 2])) return giveUp;
            const unsigned char *gt = memchr(s + i, '>', rest);
            if (gt == NULL) return giveUp;
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (rest < 2 || !gl_rt_is_letter(s[i + 1])) { i++; continue; }  // a `<` in text
        const char *raw = NULL;
        if (gl_rt_has_prefix(s + i + 1, rest - 1, "script") && (rest == 7 || !gl_rt_is_name_char(s[i + 7]))) raw = "script";
        else if (gl_rt_has_prefix(s + i + 1, rest - 1, "style") && (rest == 6 || !gl_rt_is_name_char(s[i + 6]))) raw = "style";
        int selfClosing = 0;
        size_t tagEnd = gl_rt_start_tag_end(s, n, i + 1, &selfClosing);
        if (tagEnd == 0) return giveUp;
        i = tagEnd;
        if (raw == NULL || selfClosing) continue;
        // libxml2 looks at the first bytes as markup: a start tag there may close the element
        // (`<script><noscript>`), an end tag is parsed as one. Not followed: give up.
        // An empty element (`<script src=…></script>`) is fine: its end tag closes it.
        size_t k = strlen(raw), j = i, close = 0;
        if (i + 2 + k < n && s[i] == '<' && s[i + 1] == '/' && gl_rt_has_prefix(s + i + 2, n - i - 2, raw)
            && !gl_rt_is_name_char(s[i + 2 + k])) continue;
        if (i + 1 < n && s[i] == '<' && (s[i + 1] == '/' || gl_rt_is_letter(s[i + 1]) || s[i + 1] == '_' || s[i + 1] == ':')) return giveUp;
        // Raw text runs to the first `</script` (or `</style`), case-insensitive.
        while (j < n) {
            const unsigned char *c = memchr(s + j, '<', n - j);
            if (c == NULL) break;
            j = (size_t)(c - s);
            if (j + 2 + k <= n && s[j + 1] == '/' && gl_rt_has_prefix(s + j + 2, n - j - 2, raw)) { close = j; break; }
            j++;
        }
        if (close == 0) return giveUp;  // unterminated: libxml2 reads to the end; leave the page alone
        if (close + 2 + k < n && gl_rt_is_name_char(s[close + 2 + k])) return giveUp;  // `</scriptx`
        if (close > i && count < GL_RT_MAX_RANGES) { from[count] = i; to[count] = close; count++; }
        i = close;
    }
    return count;
}

// A copy of the page without script and style contents, from libxml2's allocator (free it with
// xmlFree), or NULL when there is nothing to drop or the scan gave up: parse the page as it is.
static inline unsigned char *gl_html_without_raw_text(const unsigned char *s, size_t n, size_t *outLength) {
    size_t from[GL_RT_MAX_RANGES], to[GL_RT_MAX_RANGES];
    int count = gl_rt_ranges(s, n, from, to);
    if (count == 0) return NULL;
    size_t removed = 0;
    for (int r = 0; r < count; r++) removed += to[r] - from[r];
    // One size class for every page (whole 64 KiB steps): an allocator that keeps freed blocks
    // by size then reuses one block instead of keeping one per size (mimalloc did: +3 MB RSS;
    // the block is over the arena's 32 KB, so it now comes from glibc's malloc).
    unsigned char *out = (unsigned char *)xmlMalloc(((n - removed + 1) + 0xFFFF) & ~(size_t)0xFFFF);
    if (out == NULL) return NULL;
    size_t o = 0, keep = 0;
    for (int r = 0; r < count; r++) {
        memcpy(out + o, s + keep, from[r] - keep);
        o += from[r] - keep;
        keep = to[r];
    }
    memcpy(out + o, s + keep, n - keep);
    o += n - keep;
    out[o] = 0;
    *outLength = o;
    return out;
}

#endif
