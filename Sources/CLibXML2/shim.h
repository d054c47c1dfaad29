#ifndef GLEANER_CLIBXML2_SHIM_H
#define GLEANER_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 headers pull in the system ICU, whose UErrorCode clashes with the one
// Foundation brings; gleaner never uses libxml2's ICU path, so hide it.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>
#include <string.h>

// xmlFree imports as a global mutable var, which Swift 6 rejects: call it through a function.
static inline void gl_xml_free(void *p) { xmlFree(p); }

// The running libxml2's version ("20914" for 2.9.14); a per-thread macro in some releases.
static inline const char *gl_xml_parser_version(void) { return xmlParserVersion; }

// The generic error handler is variadic and per thread; Swift cannot write one. This no-op
// keeps libxml2 from printing to stderr (HTML_PARSE_NOERROR does not silence encoding errors).
static void gl_xml_silent_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
#if LIBXML_VERSION >= 21200
// libxml2 2.12 made the structured handler take a const error.
static void gl_xml_silent_structured(void *ctx, const xmlError *err) { (void)ctx; (void)err; }
#else
static void gl_xml_silent_structured(void *ctx, xmlErrorPtr err) { (void)ctx; (void)err; }
#endif
static inline void gl_xml_silence_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, gl_xml_silent_generic);
    xmlSetStructuredErrorFunc(NULL, gl_xml_silent_structured);
}

// How visible-text extraction treats an element, decided in C because it runs for every
// element of every page: 0 inline, 1 block (ends a paragraph), 2 dropped with its subtree.
static inline int gl_html_text_role(const xmlChar *name) {
    static const char *const dropped[] = {
        "script", "style", "noscript", "iframe", "template", "head", "object", "embed", "select",
        "button", "svg", "canvas", "audio", "video", "input", "textarea", NULL };
    static const char *const blocks[] = {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote", "pre",
        "figure", "figcaption", "section", "article", "aside", "header", "footer", "nav", "main",
        "address", "hr", "form", "fieldset", "legend", "center", "details", "summary", "body", "html", NULL };
    if (name == NULL) return 0;
    for (int i = 0; dropped[i]; i++) if (xmlStrEqual(name, (const xmlChar *)dropped[i])) return 2;
    for (int i = 0; blocks[i]; i++) if (xmlStrEqual(name, (const xmlChar *)blocks[i])) return 1;
    return 0;
}

// gl-has-class('x'): true when the context node's class attribute holds the token x. gleaner
// compiles the usual class test, contains(concat(' ', normalize-space(@class), ' '), ' x '), to
// this call (XPathRewrite.swift): the same truth value, read in place instead of four string
// allocations per element. Blanks are XPath's (space, tab, CR, LF), as in normalize-space.
static inline int gl_xpath_is_blank(xmlChar c) { return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D; }
static inline int gl_has_token(const xmlChar *p, const xmlChar *want, int wantLen) {
    while (*p) {
        while (*p && gl_xpath_is_blank(*p)) p++;
        const xmlChar *start = p;
        while (*p && !gl_xpath_is_blank(*p)) p++;
        if (p - start == wantLen && wantLen > 0 && memcmp(start, want, (size_t)wantLen) == 0) return 1;
    }
    return 0;
}
static void gl_xpath_has_class(xmlXPathParserContextPtr ctxt, int nargs) {
    if (nargs != 1) { xmlXPathErr(ctxt, XPATH_INVALID_ARITY); return; }
    xmlChar *want = xmlXPathPopString(ctxt);
    if (want == NULL) { xmlXPathErr(ctxt, XPATH_INVALID_TYPE); return; }
    int found = 0;
    xmlNodePtr node = ctxt->context->node;
    if (node != NULL && node->type == XML_ELEMENT_NODE) {
        // @class in XPath: the first attribute named class without a namespace.
        for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
            if (a->ns != NULL || !xmlStrEqual(a->name, (const xmlChar *)"class")) continue;
            xmlNodePtr t = a->children;
            if (t != NULL && t->next == NULL && t->type == XML_TEXT_NODE) {
                found = t->content ? gl_has_token(t->content, want, xmlStrlen(want)) : 0;
            } else {
                xmlChar *v = xmlNodeListGetString(node->doc, t, 1);
                if (v != NULL) { found = gl_has_token(v, want, xmlStrlen(want)); xmlFree(v); }
            }
            break;
        }
    }
    xmlFree(want);
    valuePush(ctxt, xmlXPathNewBoolean(found));
}
static inline void gl_xpath_register_functions(xmlXPathContextPtr ctx) {
    xmlXPathRegisterFunc(ctx, (const xmlChar *)"gl-has-class", gl_xpath_has_class);
}

#include "scan.h"
#include "budget.h"
#include "utf8.h"

#endif
