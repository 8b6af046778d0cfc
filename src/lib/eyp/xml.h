/*
 * eyp/xml.h (internal) - hardened libxml2 helpers for package XML.
 *
 * Parsing never touches the network (XML_PARSE_NONET), never substitutes
 * entities (no XML_PARSE_NOENT), never loads a DTD (no XML_PARSE_DTDLOAD)
 * and keeps libxml2's own size limits (no XML_PARSE_HUGE).  A document that
 * declares a DTD is refused outright: OPC forbids it (ISO/IEC 29500-2
 * §8.1.4, M1.17) and no e-Yazışma producer writes one, so a billion-laughs
 * or external-entity document is rejected before anything is expanded.
 * Size and element depth are capped by the context limits.
 */
#ifndef OKC_EYP_XML_H
#define OKC_EYP_XML_H

#include <libxml/tree.h>

#include "eyp/zip.h"

/**
 * Parse `len` bytes of XML.  On a rule violation returns OKC_EFORMAT or
 * OKC_ETOOLARGE with `f` naming the reason (OPC_XML_*).
 */
int okc__xml_parse(xmlDoc **out, okc_ctx *ctx, const unsigned char *data,
                   size_t len, const char *what, okc__zip_fault *f);

/** True when `n` is an element called `local` in namespace `ns` (NULL =
 *  any namespace). */
bool okc__xml_is(const xmlNode *n, const char *ns, const char *local);

/** First child element (ns may be NULL = any), or NULL. */
xmlNode *okc__xml_child(const xmlNode *parent, const char *ns,
                        const char *local);

/** Next sibling element after `n` with that name, or NULL. */
xmlNode *okc__xml_next(const xmlNode *n, const char *ns, const char *local);

/** Number of child elements with that name. */
size_t okc__xml_count(const xmlNode *parent, const char *ns,
                      const char *local);

/** Text of an element, whitespace-trimmed, new string (NULL on ENOMEM). */
char *okc__xml_text(const xmlNode *n);

/** Text of the first matching child, trimmed, or NULL when absent. */
char *okc__xml_child_text(const xmlNode *parent, const char *ns,
                          const char *local);

/** Attribute without namespace, new string, or NULL. */
char *okc__xml_attr(const xmlNode *n, const char *name);

/** Namespace URI of an element, or "" (borrowed). */
const char *okc__xml_ns(const xmlNode *n);

#endif /* OKC_EYP_XML_H */
