/*
 * verify.h (internal) - the interface every format verifier implements.
 */
#ifndef OKC_CORE_VERIFY_H
#define OKC_CORE_VERIFY_H

#include "core/report_build.h"

/**
 * Verify `data` (one document of the kind the dispatcher classified) and
 * fill `r` with signatures and reasons.  Return OKC_OK whatever the verdict;
 * a negative code only when processing itself failed (no memory).
 */
typedef int (*okc__verifier_fn)(okc_report *r, okc_ctx *ctx,
                                const unsigned char *data, size_t len,
                                const okc_verify_options *opts,
                                const okc_classification *cls);

/**
 * Verify an embedded CMS/CAdES signature (ImzaCades.imz inside an .eyp, a
 * paraf or seal signature) whose signed content must be exactly `content`
 * (attached eContent equal to it, or detached over it).  Adds the
 * signature(s) to `r` with `role` ("signature", "seal", "paraf").
 * Implemented by the CAdES module; without it the signature is reported
 * INDETERMINATE with CORE_UNSUPPORTED_FORMAT.
 */
typedef int (*okc__embedded_cms_fn)(okc_report *r, okc_ctx *ctx,
                                    const unsigned char *der, size_t len,
                                    const unsigned char *content,
                                    size_t content_len, const char *role);

int okc__verify_embedded_cms(okc_report *r, okc_ctx *ctx,
                             const unsigned char *der, size_t len,
                             const unsigned char *content, size_t content_len,
                             const char *role);

/* ---- documents carried inside other documents ---- */

/** One document found inside another.  All members owned. */
typedef struct okc__inner_doc {
	char *name;        /* file name (UTF-8), e.g. "liste.xlsx" */
	char *media_type;  /* declared media type, or NULL */
	char *location;    /* where it was found, e.g. "/Ekler/liste.xlsx" */
	unsigned char *data;
	size_t len;
	bool signed_part;  /* covered by the container's signature */
} okc__inner_doc;

typedef struct okc__inner_docs {
	okc__inner_doc *v;
	size_t n, cap;
} okc__inner_docs;

/**
 * Extract what a container carries: an .eyp's cover letter and attachments,
 * the eContent of an attached CMS signature.  Implemented per kind by the
 * format modules; kinds without an extractor yield no documents.
 * @return OKC_OK (possibly with n == 0), OKC_ENOMEM, or OKC_EFORMAT when
 *         the container cannot be read (the caller reports why).
 */
typedef int (*okc__extract_fn)(okc_ctx *ctx, const unsigned char *data,
                               size_t len, okc__inner_docs *out);

int okc__extract_inner(okc_ctx *ctx, const okc_classification *cls,
                       const unsigned char *data, size_t len,
                       okc__inner_docs *out);

/** Append a copy of a document (used by extractors). */
int okc__inner_docs_add(okc__inner_docs *docs, const char *name,
                        const char *media_type, const char *location,
                        const unsigned char *data, size_t len,
                        bool signed_part);

/** Release the documents (the struct itself is the caller's). */
void okc__inner_docs_clear(okc__inner_docs *docs);

#endif /* OKC_CORE_VERIFY_H */
