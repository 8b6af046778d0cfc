/*
 * xml.c - hardened libxml2 helpers (see xml.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "eyp/xml.h"

/* libxml2 reports through a global handler by default; silence it so that
 * hostile input cannot flood stderr (errors are read from the context). */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Bytes handed to libxml2's push parser at a time. */
#define XML_CHUNK (64u << 10)

static int depth_of(const xmlNode *root, uint32_t limit)
{
	/* Iterative walk: the depth check must not itself recurse. */
	const xmlNode *n = root;
	uint32_t depth = 1;
	while (n != NULL) {
		if (depth > limit)
			return -1;
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			depth++;
			continue;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == root || n == NULL || depth == 0)
				return 0;
		}
		if (n != NULL)
			n = n->next;
	}
	return 0;
}

int okc__xml_parse(xmlDoc **out, okc_ctx *ctx, const unsigned char *data,
                   size_t len, const char *what, okc__zip_fault *f)
{
	const okc_limits *lim = okc_ctx_limits(ctx);
	*out = NULL;
	memset(f, 0, sizeof(*f));
	if (len > lim->max_xml_size || len > INT32_MAX) {
		f->reason = OKC_R_OPC_XML_TOO_LARGE;
		snprintf(f->detail, sizeof(f->detail), "%s: %zu bytes, limit %llu",
		         what, len, (unsigned long long)lim->max_xml_size);
		return OKC_ETOOLARGE;
	}
	/* Refuse a DTD before libxml2 sees it: even an internal subset that
	 * is never expanded has no business in a package part.  The scan
	 * covers UTF-8 (with or without BOM); other encodings are refused
	 * by the parse below only if malformed, so libxml2's own result is
	 * also checked after parsing. */
	if (okc__memmem(data, len, "<!DOCTYPE", 9) != NULL ||
	    okc__memmem(data, len, "<!ENTITY", 8) != NULL) {
		f->reason = OKC_R_OPC_XML_DTD;
		snprintf(f->detail, sizeof(f->detail), "%s", what);
		return OKC_EFORMAT;
	}
	/* A push parser fed in chunks: xmlCtxtReadMemory would first copy the
	 * whole document into a growing input buffer (twice its size at
	 * peak), the push parser keeps only what it has not consumed. */
	size_t first = len < 4 ? len : 4;   /* for the encoding detection */
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlParserCtxtPtr pc = xmlCreatePushParserCtxt(NULL, NULL,
	                                              (const char *)data,
	                                              (int)first, NULL);
	if (pc == NULL)
		return OKC_ENOMEM;
	/* NOBLANKS drops the whitespace-only text between elements (no part
	 * we read has mixed content; leaf text is kept) and COMPACT stores
	 * short text in the node: the tree of a 10,000-reference NihaiOzet
	 * then takes about half the memory (issue #9 item 6). */
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	           XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT;
	xmlCtxtUseOptions(pc, opts);
	for (size_t off = first; off < len && pc->wellFormed;) {
		size_t n = len - off < XML_CHUNK ? len - off : XML_CHUNK;
		xmlParseChunk(pc, (const char *)data + off, (int)n, 0);
		off += n;
	}
	xmlParseChunk(pc, NULL, 0, 1);
	xmlDoc *doc = pc->myDoc;
	pc->myDoc = NULL;
	if (doc == NULL || !pc->wellFormed) {
		xmlErrorPtr e = xmlCtxtGetLastError(pc);
		f->reason = OKC_R_OPC_XML_MALFORMED;
		snprintf(f->detail, sizeof(f->detail), "%s: line %d: %s", what,
		         e ? e->line : 0,
		         e && e->message ? e->message : "not well-formed");
		/* drop libxml2's trailing newline */
		size_t dl = strlen(f->detail);
		if (dl && f->detail[dl - 1] == '\n')
			f->detail[dl - 1] = '\0';
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(pc);
		return OKC_EFORMAT;
	}
	xmlFreeParserCtxt(pc);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		f->reason = OKC_R_OPC_XML_DTD;
		snprintf(f->detail, sizeof(f->detail), "%s", what);
		xmlFreeDoc(doc);
		return OKC_EFORMAT;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (root == NULL) {
		f->reason = OKC_R_OPC_XML_MALFORMED;
		snprintf(f->detail, sizeof(f->detail), "%s: no root element",
		         what);
		xmlFreeDoc(doc);
		return OKC_EFORMAT;
	}
	if (depth_of(root, lim->max_xml_depth) < 0) {
		f->reason = OKC_R_OPC_XML_TOO_DEEP;
		snprintf(f->detail, sizeof(f->detail), "%s: deeper than %u",
		         what, lim->max_xml_depth);
		xmlFreeDoc(doc);
		return OKC_ETOOLARGE;
	}
	*out = doc;
	return OKC_OK;
}

const char *okc__xml_ns(const xmlNode *n)
{
	return (n && n->ns && n->ns->href) ? (const char *)n->ns->href : "";
}

bool okc__xml_is(const xmlNode *n, const char *ns, const char *local)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, local) != 0)
		return false;
	return ns == NULL || strcmp(okc__xml_ns(n), ns) == 0;
}

xmlNode *okc__xml_child(const xmlNode *parent, const char *ns,
                        const char *local)
{
	if (parent == NULL)
		return NULL;
	for (xmlNode *c = parent->children; c != NULL; c = c->next)
		if (okc__xml_is(c, ns, local))
			return c;
	return NULL;
}

xmlNode *okc__xml_next(const xmlNode *n, const char *ns, const char *local)
{
	for (xmlNode *c = n ? n->next : NULL; c != NULL; c = c->next)
		if (okc__xml_is(c, ns, local))
			return c;
	return NULL;
}

size_t okc__xml_count(const xmlNode *parent, const char *ns,
                      const char *local)
{
	size_t k = 0;
	for (xmlNode *c = okc__xml_child(parent, ns, local); c != NULL;
	     c = okc__xml_next(c, ns, local))
		k++;
	return k;
}

static char *trim_dup(const char *s)
{
	if (s == NULL)
		s = "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	                 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	char *r = malloc(n + 1);
	if (r != NULL) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

char *okc__xml_text(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *r = trim_dup((const char *)t);
	xmlFree(t);
	return r;
}

char *okc__xml_child_text(const xmlNode *parent, const char *ns,
                          const char *local)
{
	xmlNode *c = okc__xml_child(parent, ns, local);
	return c ? okc__xml_text(c) : NULL;
}

char *okc__xml_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (v == NULL)
		return NULL;
	char *r = trim_dup((const char *)v);
	xmlFree(v);
	return r;
}
