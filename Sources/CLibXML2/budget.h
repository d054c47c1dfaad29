#ifndef GLEANER_CLIBXML2_BUDGET_H
#define GLEANER_CLIBXML2_BUDGET_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Counts the markup of a UTF-8 page before libxml2 builds a tree of it (PageBudget.nodes and
// attributes_per_element): a tree costs a few hundred bytes per node, and libxml2 2.9 checks
// each new attribute of an element against all earlier ones (quadratic). One pass with memchr.
//
// The count never falls below what libxml2 builds, with the 2.9 tokenizer or the HTML5 one of
// 2.14 and later: every `<` + letter is an element, every name inside a start tag an attribute,
// every comment, `<!…>`, `<?…>` and `</` + non-letter (a comment from 2.14) a node. Where it
// cannot be sure libxml2 reads bytes as text it counts them as markup, so a page can only be
// counted high, never sneak past: comments are skipped only up to the earliest end any version
// reads, script and style contents only up to their end tag and only when they do not start with markup.

static inline int gl_bg_is_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline int gl_bg_is_blank(unsigned char c) { return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C; }
static inline int gl_bg_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static inline int gl_bg_has_prefix(const unsigned char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++) if (gl_bg_lower(s[i]) != (unsigned char)w[i]) return 0;
    return 1;
}

// The first `</name` at or after s[i], case-insensitive; n when there is none.
static inline size_t gl_bg_find_end_tag(const unsigned char *s, size_t n, size_t i, const char *name) {
    size_t k = strlen(name);
    while (i < n) {
        const unsigned char *c = memchr(s + i, '<', n - i);
        if (c == NULL) return n;
        i = (size_t)(c - s);
        if (i + 2 + k <= n && s[i + 1] == '/' && gl_bg_has_prefix(s + i + 2, n - i - 2, name)) return i;
        i++;
    }
    return n;
}

// Where a comment whose text starts at s[k] ends, at the earliest end any libxml2 version
// reads: `<!-->` and `<!--->` (2.14+), else the first `-->` or `--!>`. Without one, k: its
// bytes are then read on as markup.
static inline size_t gl_bg_comment_end(const unsigned char *s, size_t n, size_t k) {
    if (k < n && s[k] == '>') return k + 1;
    if (k + 1 < n && s[k] == '-' && s[k + 1] == '>') return k + 2;
    size_t j = k;
    while (j < n) {
        const unsigned char *d = memchr(s + j, '-', n - j);
        if (d == NULL) break;
        j = (size_t)(d - s);
        if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>') return j + 3;
        if (j + 3 < n && s[j + 1] == '-' && s[j + 2] == '!' && s[j + 3] == '>') return j + 4;
        j++;
    }
    return k;
}

typedef struct {
    size_t nodes;          // markup items counted (up to the first excess)
    size_t attributes;     // most attributes seen on one element
    size_t offset;         // byte offset of the element that went over, when one did
    int over;              // 0 within limits, 1 over maxNodes, 2 over maxAttributes
} gl_markup_count;

static inline gl_markup_count gl_count_markup(const unsigned char *s, size_t n, size_t maxNodes, size_t maxAttributes) {
    gl_markup_count r = {0, 0, 0, 0};
    size_t i = 0;
    while (i < n) {
        const unsigned char *lt = memchr(s + i, '<', n - i);
        if (lt == NULL) break;
        i = (size_t)(lt - s);
        size_t rest = n - i;
        if (rest >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
            if (++r.nodes > maxNodes) { r.over = 1; r.offset = i; return r; }
            i = rest >= 4 && s[i + 2] == '-' && s[i + 3] == '-' ? gl_bg_comment_end(s, n, i + 4) : i + 2;
            continue;
        }
        // `</` + neither a letter nor `>`: text for 2.9, a comment up to the next `>` from 2.14.
        if (rest >= 3 && s[i + 1] == '/' && !gl_bg_is_letter(s[i + 2]) && s[i + 2] != '>') {
            if (++r.nodes > maxNodes) { r.over = 1; r.offset = i; return r; }
            i += 2;
            continue;
        }
        if (rest < 2 || !gl_bg_is_letter(s[i + 1])) { i++; continue; }
        if (++r.nodes > maxNodes) { r.over = 1; r.offset = i; return r; }
        size_t start = i;
        const char *raw = NULL;
        if (gl_bg_has_prefix(s + i + 1, rest - 1, "script") && (rest == 7 || !gl_bg_is_letter(s[i + 7]))) raw = "script";
        else if (gl_bg_has_prefix(s + i + 1, rest - 1, "style") && (rest == 6 || !gl_bg_is_letter(s[i + 6]))) raw = "style";
        size_t j = i + 1;
        while (j < n && !gl_bg_is_blank(s[j]) && s[j] != '>' && s[j] != '/') j++;
        size_t attributes = 0;
        int selfClosing = 0;
        for (;;) {
            while (j < n && (gl_bg_is_blank(s[j]) || s[j] == '/')) { selfClosing = s[j] == '/'; j++; }
            if (j >= n || s[j] == '>') break;
            selfClosing = 0;
            // An attribute name: anything up to a blank, `=`, `>` or `/`.
            while (j < n && !gl_bg_is_blank(s[j]) && s[j] != '=' && s[j] != '>' && s[j] != '/') j++;
            attributes++;
            if (++r.nodes > maxNodes) { r.over = 1; r.offset = start; return r; }
            if (attributes > maxAttributes) { r.over = 2; r.offset = start; r.attributes = attributes; return r; }
            while (j < n && gl_bg_is_blank(s[j])) j++;
            if (j >= n || s[j] != '=') continue;
            j++;
            while (j < n && gl_bg_is_blank(s[j])) j++;
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                const unsigned char *q = memchr(s + j + 1, s[j], n - j - 1);
                // Unterminated: read what follows as more of the tag.
                j = q ? (size_t)(q - s) + 1 : j + 1;
            } else {
                while (j < n && !gl_bg_is_blank(s[j]) && s[j] != '>') j++;
            }
        }
        if (attributes > r.attributes) r.attributes = attributes;
        i = j < n ? j + 1 : n;
        // Script and style contents are text up to their end tag, unless they start with markup
        // (libxml2 reads that as tags) or never end: then they are counted like the rest.
        if (raw != NULL && !selfClosing && i < n && !(s[i] == '<' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '!' || gl_bg_is_letter(s[i + 1])))) {
            size_t end = gl_bg_find_end_tag(s, n, i, raw);
            if (end < n) i = end;
        }
    }
    return r;
}

// Union of node sets (UnionXPath.swift): libxml2 2.9 merges `A | B` by checking every node of B
// against every node of A, which no operation limit counts (`//node() | //@*` on a large page
// runs for minutes). gleaner evaluates the branches apart and puts their distinct nodes in
// document order with one walk of the tree. Writes the k nodes of `nodes` in document order to
// `out` and returns 1, or 0 when some node is not met in the walk (the caller then lets libxml2
// evaluate the union itself).
static inline int gl_bg_pointer_order(const void *a, const void *b) {
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
    return x < y ? -1 : x > y;
}
static inline int gl_bg_selected(xmlNodePtr *sorted, int k, xmlNodePtr n) {
    return bsearch(&n, sorted, (size_t)k, sizeof(xmlNodePtr), gl_bg_pointer_order) != NULL;
}
static inline int gl_document_order(xmlDocPtr doc, xmlNodePtr *nodes, int k, xmlNodePtr *out) {
    if (k <= 0) return 1;
    xmlNodePtr *sorted = (xmlNodePtr *)malloc((size_t)k * sizeof(xmlNodePtr));
    if (sorted == NULL) return 0;
    memcpy(sorted, nodes, (size_t)k * sizeof(xmlNodePtr));
    qsort(sorted, (size_t)k, sizeof(xmlNodePtr), gl_bg_pointer_order);
    int found = 0;
    xmlNodePtr top = (xmlNodePtr)doc;
    if (gl_bg_selected(sorted, k, top)) out[found++] = top;
    for (xmlNodePtr n = doc->children; n != NULL && found < k; n = gl_next_in_document(n, top)) {
        if (gl_bg_selected(sorted, k, n)) out[found++] = n;
        if (n->type != XML_ELEMENT_NODE) continue;
        for (xmlAttrPtr a = n->properties; a != NULL && found < k; a = a->next) {
            if (gl_bg_selected(sorted, k, (xmlNodePtr)a)) out[found++] = (xmlNodePtr)a;
        }
    }
    free(sorted);
    return found == k;
}

#endif
