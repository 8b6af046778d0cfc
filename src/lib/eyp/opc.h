/*
 * eyp/opc.h (internal) - the Open Packaging Conventions layer
 * (ISO/IEC 29500-2:2012 = ECMA-376 Part 2) over a checked ZIP archive.
 */
#ifndef OKC_EYP_OPC_H
#define OKC_EYP_OPC_H

#include "eyp/xml.h"

typedef struct okc__opc_part {
	char *name;                   /* part name, "/UstYazi/a.pdf" */
	char *content_type;           /* from [Content_Types].xml, or NULL */
	const okc__zip_entry *entry;  /* borrowed from the archive */
	bool is_rels;                 /* a relationships part */
	bool is_content_types;        /* the [Content_Types].xml stream */
} okc__opc_part;

typedef struct okc__opc_rel {
	char *id;
	char *type;
	char *target;     /* resolved absolute part name, or the URI if external */
	bool external;
} okc__opc_rel;

typedef struct okc__opc {
	okc__zip *zip;               /* owned */
	okc__opc_part *parts;        /* every file entry (not directories) */
	size_t n_parts;
	okc__opc_rel *rels;          /* package relationships (_rels/.rels) */
	size_t n_rels;
} okc__opc;

/**
 * Build the OPC view of `zip` (ownership passes to the result, also on
 * failure).  Reads [Content_Types].xml and _rels/.rels.
 * @return OKC_OK, OKC_ENOMEM, or OKC_EFORMAT/OKC_ETOOLARGE with `f`.
 */
int okc__opc_open(okc__opc **out, okc_ctx *ctx, okc__zip *zip,
                  okc__zip_fault *f);

void okc__opc_free(okc__opc *p);

/** The part called `name` ("/A/b.xml", case-insensitive), or NULL. */
okc__opc_part *okc__opc_part_find(okc__opc *p, const char *name);

/**
 * Relationships whose source is part `source` (read from its .rels part,
 * ISO/IEC 29500-2 §9.3.3); *n = 0 when it has none.  Caller frees with
 * okc__opc_rels_free.
 */
int okc__opc_part_rels(okc__opc *p, okc_ctx *ctx, const char *source,
                       okc__opc_rel **rels, size_t *n, okc__zip_fault *f);

void okc__opc_rels_free(okc__opc_rel *rels, size_t n);

/**
 * Resolve a relationship target against the part `source` ("/" for the
 * package) per RFC 3986 §5.2 and ISO/IEC 29500-2 Annex A: percent-decode,
 * remove "." and ".." segments, and check the result is a valid part name.
 * Returns a new string or NULL (invalid target or ENOMEM: *enomem tells).
 */
char *okc__opc_resolve(const char *source, const char *target, bool *enomem);

#endif /* OKC_EYP_OPC_H */
