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

// xmlFree imports as a global mutable var, which Swift 6 rejects: call it through a function.
static inline void gl_xml_free(void *p) { xmlFree(p); }

// The generic error handler is variadic and per thread; Swift cannot write one. This no-op
// keeps libxml2 from printing to stderr (HTML_PARSE_NOERROR does not silence encoding errors).
static void gl_xml_silent_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static void gl_xml_silent_structured(void *ctx, xmlErrorPtr err) { (void)ctx; (void)err; }
static inline void gl_xml_silence_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, gl_xml_silent_generic);
    xmlSetStructuredErrorFunc(NULL, gl_xml_silent_structured);
}

#endif
