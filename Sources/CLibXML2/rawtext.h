#ifndef GLEANER_CLIBXML2_RAWTEXT_H
#define GLEANER_CLIBXML2_RAWTEXT_H

#include <stddef.h>
#include <string.h>

// Removes the contents of <script> and <style> elements before libxml2 sees the page: their
// text is a sixth of an article page's bytes, and libxml2 2.9 reads it one character at a time
// into text nodes nobody reads (visible text drops them; a parser that names script or style in
// an XPath keeps them: SiteParser decides). The start tag and the `</script` that ends the
// element stay, so the tree is libxml2's own minus those text nodes.
//
// It must agree with libxml2 on where every such element starts and ends, so it follows
// libxml2's tokenizer (HTMLparser.c, recovery mode): comments end at the first `-->`; a start
// tag is `<` + letter, a name, then attributes with quoted or unquoted values; script data ends
// at the first `</script` whatever follows, unless it starts with a tag. Anything it does not model exactly (a NUL byte, a
// comment closed by `--!>` or `<!-->`, an unterminated comment or quote, an attribute name or
// unquoted value with unusual characters, `</scriptx`, a DOCTYPE with quotes) makes it give up
// on the whole page, which is then parsed as it came. Returns the new length (== n when it gave
// up or found nothing to remove); the buffer is compacted in place.

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

static inline size_t gl_html_elide_raw_text(unsigned char *s, size_t n) {
    if (memchr(s, 0, n) != NULL) return n;
    size_t i = 0, out = 0;
    // Pass 1 finds the ranges; nothing is moved until the whole page is known to be modelled.
    // Up to 64 elements are elided (an article page has ~15); more are left as they are.
    size_t from[64], to[64];
    int count = 0;
    while (i < n) {
        const unsigned char *lt = memchr(s + i, '<', n - i);
        if (lt == NULL) break;
        i = (size_t)(lt - s);
        size_t rest = n - i;
        if (rest >= 4 && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
            // Comment: `<!-->` and `<!--->` end at once in newer libxml2 and not in older; give up.
            if (rest >= 5 && (s[i + 4] == '>' || (s[i + 4] == '-' && rest >= 6 && s[i + 5] == '>'))) return n;
            size_t j = i + 4, end = 0;
            while (j + 2 < n) {
                const unsigned char *d = memchr(s + j, '-', n - j);
                if (d == NULL) break;
                j = (size_t)(d - s);
                if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>') { end = j + 3; break; }
                if (j + 3 < n && s[j + 1] == '-' && s[j + 2] == '!' && s[j + 3] == '>') return n;
                j++;
            }
            if (end == 0) return n;
            i = end;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '!') {
            // Any markup declaration but a DOCTYPE: give up.
            if (!gl_rt_has_prefix(s + i + 2, rest - 2, "doctype")) return n;
            size_t end = gl_rt_doctype_end(s, n, i + 9);
            if (end == 0) return n;
            i = end;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '/') {
            // End tag: `</` name blanks `>`. Anything else libxml2 recovers from in ways this
            // does not follow.
            size_t j = i + 2;
            if (j >= n || !gl_rt_is_letter(s[j])) return n;
            while (j < n && gl_rt_is_name_char(s[j])) j++;
            while (j < n && gl_rt_is_blank(s[j])) j++;
            if (j >= n || s[j] != '>') return n;
            i = j + 1;
            continue;
        }
        if (rest >= 2 && s[i + 1] == '?') {
            // Processing instruction `<?` + name: libxml2 reads to the next `>`.
            if (rest < 3 || !gl_rt_is_letter(s[i + 2])) return n;
            const unsigned char *gt = memchr(s + i, '>', rest);
            if (gt == NULL) return n;
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (rest < 2 || !gl_rt_is_letter(s[i + 1])) { i++; continue; }  // a `<` in text
        const char *raw = NULL;
        if (gl_rt_has_prefix(s + i + 1, rest - 1, "script") && (rest == 7 || !gl_rt_is_name_char(s[i + 7]))) raw = "script";
        else if (gl_rt_has_prefix(s + i + 1, rest - 1, "style") && (rest == 6 || !gl_rt_is_name_char(s[i + 6]))) raw = "style";
        int selfClosing = 0;
        size_t tagEnd = gl_rt_start_tag_end(s, n, i + 1, &selfClosing);
        if (tagEnd == 0) return n;
        i = tagEnd;
        if (raw == NULL || selfClosing) continue;
        // libxml2 looks at the first bytes as markup: a start tag there may close the element
        // (`<script><noscript>`), an end tag is parsed as one. Not followed: give up.
        // An empty element (`<script src=…></script>`) is fine: its end tag closes it.
        size_t k = strlen(raw), j = i, close = 0;
        if (i + 2 + k < n && s[i] == '<' && s[i + 1] == '/' && gl_rt_has_prefix(s + i + 2, n - i - 2, raw)
            && !gl_rt_is_name_char(s[i + 2 + k])) continue;
        if (i + 1 < n && s[i] == '<' && (s[i + 1] == '/' || gl_rt_is_letter(s[i + 1]) || s[i + 1] == '_' || s[i + 1] == ':')) return n;
        // Raw text runs to the first `</script` (or `</style`), case-insensitive.
        while (j < n) {
            const unsigned char *c = memchr(s + j, '<', n - j);
            if (c == NULL) break;
            j = (size_t)(c - s);
            if (j + 2 + k <= n && s[j + 1] == '/' && gl_rt_has_prefix(s + j + 2, n - j - 2, raw)) { close = j; break; }
            j++;
        }
        if (close == 0) return n;  // unterminated: libxml2 reads to the end; leave the page alone
        if (close + 2 + k < n && gl_rt_is_name_char(s[close + 2 + k])) return n;  // `</scriptx`
        if (close > i && count < 64) { from[count] = i; to[count] = close; count++; }
        i = close;
    }
    if (count == 0) return n;
    // Pass 2: compact.
    out = from[0];
    for (int r = 0; r < count; r++) {
        size_t keepFrom = to[r], keepTo = r + 1 < count ? from[r + 1] : n;
        memmove(s + out, s + keepFrom, keepTo - keepFrom);
        out += keepTo - keepFrom;
    }
    return out;
}

#endif
