#ifndef GLEANER_CLIBXML2_SCAN_H
#define GLEANER_CLIBXML2_SCAN_H

// Whole-document lookups that a page kind would otherwise pay one XPath scan each for
// (PageIndex.swift, AttributePath.swift): one walk in document order answers all of them. Included by shim.h.

// The next node after `cur` in document order under the document, walking the same nodes
// as XPath's descendant axis from the document node: into children (not into entity
// declarations, DTDs or attributes), then siblings, then up.
static inline xmlNodePtr gl_next_in_document(xmlNodePtr cur, xmlNodePtr top) {
    if (cur->type != XML_ENTITY_DECL && cur->type != XML_DTD_NODE && cur->type != XML_ATTRIBUTE_NODE
        && cur->type != XML_NAMESPACE_DECL && cur->children != NULL && cur->children->type != XML_ENTITY_DECL) {
        return cur->children;
    }
    while (cur != NULL && cur != top) {
        if (cur->next != NULL) return cur->next;
        cur = cur->parent;
    }
    return NULL;
}

// An element name test as XPath does it on an HTML tree: the same name, no namespace.
// `name` NULL means `*`.
static inline int gl_name_is(xmlNodePtr n, const xmlChar *name) {
    if (n->type != XML_ELEMENT_NODE) return 0;
    // XPath: `*` is any element; a name without a prefix only one in no namespace (XML pages).
    if (name == NULL) return 1;
    if (n->ns != NULL) return 0;
    return n->name != NULL && n->name[0] == name[0] && xmlStrEqual(n->name, name);
}

// @name in XPath: the first attribute of that name without a namespace.
static inline xmlAttrPtr gl_attribute(xmlNodePtr n, const xmlChar *name) {
    for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
        if (a->ns == NULL && a->name != NULL && a->name[0] == name[0] && xmlStrEqual(a->name, name)) return a;
    }
    return NULL;
}

// An attribute's value read in place when it is one text node (what libxml2's HTML parser
// builds); NULL when it is not (the caller then asks libxml2 for the string value).
static inline const xmlChar *gl_attribute_text(xmlAttrPtr a) {
    xmlNodePtr t = a->children;
    if (t == NULL) return (const xmlChar *)"";
    if (t->next == NULL && t->type == XML_TEXT_NODE && t->content != NULL) return t->content;
    return NULL;
}

// Every `//tag/@attr` in document order (the node set libxml2 would return). Writes at most
// `cap` attributes and returns how many there are, so a caller with too small a buffer retries.
static inline int gl_collect_attributes(xmlDocPtr doc, const xmlChar *tag, const xmlChar *attr,
                                        xmlAttrPtr *out, int cap) {
    int count = 0;
    xmlNodePtr top = (xmlNodePtr)doc;
    for (xmlNodePtr n = doc->children; n != NULL; n = gl_next_in_document(n, top)) {
        if (!gl_name_is(n, tag)) continue;
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
            if (a->ns != NULL || a->name == NULL || !xmlStrEqual(a->name, attr)) continue;
            if (count < cap) out[count] = a;
            count++;
        }
    }
    return count;
}

// One element lookup of a page: `tag` (NULL = any element) whose attribute `attr`
//   mode 0: holds the class token `value` (gl-has-class),
//   mode 1: exists,
//   mode 2: equals `value`.
// The walk fills `first` (the first match in document order) and `count` (capped at 2: the
// caller only needs to know "none", "exactly one" or "several").
typedef struct {
    const xmlChar *tag;
    const xmlChar *attr;
    const xmlChar *value;
    int mode;
    int valueLength;
    xmlNodePtr first;
    int count;
} gl_element_query;

static inline int gl_query_matches(xmlNodePtr n, const gl_element_query *q) {
    if (!gl_name_is(n, q->tag)) return 0;
    xmlAttrPtr a = gl_attribute(n, q->attr);
    if (a == NULL) return 0;
    if (q->mode == 1) return 1;
    const xmlChar *text = gl_attribute_text(a);
    xmlChar *owned = NULL;
    if (text == NULL) text = owned = xmlNodeListGetString(n->doc, a->children, 1);
    int found;
    if (text == NULL) found = 0;
    else if (q->mode == 0) found = gl_has_token(text, q->value, q->valueLength);
    else found = xmlStrEqual(text, q->value);
    if (owned) xmlFree(owned);
    return found;
}

// Answers all queries in one walk; stops early once every query has seen two matches.
static inline void gl_run_element_queries(xmlDocPtr doc, gl_element_query *qs, int nq) {
    for (int i = 0; i < nq; i++) { qs[i].first = NULL; qs[i].count = 0; }
    int open = nq;
    xmlNodePtr top = (xmlNodePtr)doc;
    for (xmlNodePtr n = doc->children; n != NULL && open > 0; n = gl_next_in_document(n, top)) {
        if (n->type != XML_ELEMENT_NODE || n->properties == NULL) continue;
        for (int i = 0; i < nq; i++) {
            gl_element_query *q = &qs[i];
            if (q->count >= 2 || !gl_query_matches(n, q)) continue;
            if (q->count == 0) q->first = n;
            if (++q->count == 2) open--;
        }
    }
}

#endif
