/*
 * okc/cades.h - certificate mode: validate a certificate path alone.
 *
 * CAdES signatures themselves are verified through okc/verify.h (the
 * dispatcher recognises CMS files).  This header adds what staff use to
 * answer "why is this certificate not trusted": RFC 5280 path validation
 * of one certificate at the context's validation time, to the context's
 * trust anchors, with CRLs when given.  The result is an ordinary report
 * with format "certificate": reasons at the top level and a "certificate"
 * section (subject, identity, qualified status, the path).
 *
 * Not verified here: OCSP, CRL fetching (CRLs come only from the caller),
 * certificate policies beyond RFC 5280 processing without an explicit
 * policy, and the trusted-list status of the anchor.
 */
#ifndef OKC_CADES_API_H
#define OKC_CADES_API_H

#include <okc/common.h>
#include <okc/context.h>
#include <okc/report.h>

OKC_BEGIN_DECLS

typedef struct okc_cert_options {
	unsigned version;                /**< OKC_CERT_OPTIONS_VERSION */
	const char *const *untrusted;    /**< files with intermediate CA
	                                      certificates (PEM or DER) */
	size_t n_untrusted;
	const char *const *crls;         /**< CRL files (PEM or DER); when any
	                                      is given every certificate of
	                                      the path must be covered */
	size_t n_crls;
	unsigned max_depth;              /**< certificates in the path incl.
	                                      the anchor; 0 = the context's
	                                      max_chain_depth */
} okc_cert_options;

#define OKC_CERT_OPTIONS_VERSION 1
#define OKC_CERT_OPTIONS_INIT { OKC_CERT_OPTIONS_VERSION, NULL, 0, NULL, 0, 0 }

/**
 * Validate the certificate in `path` (PEM or DER; in a PEM bundle the first
 * certificate is the one validated and the others are intermediates).
 * `opts` may be NULL.
 * @return OKC_OK with *out set whatever the verdict; OKC_EIO when a file
 *         cannot be read; OKC_ENOMEM; OKC_EINVAL.
 */
OKC_API int okc_cert_verify_file(okc_report **out, okc_ctx *ctx,
                                 const char *path,
                                 const okc_cert_options *opts);

/** The same over a certificate in memory (borrowed for the call). */
OKC_API int okc_cert_verify_mem(okc_report **out, okc_ctx *ctx,
                                const char *name, const void *data,
                                size_t len, const okc_cert_options *opts);

OKC_END_DECLS

#endif /* OKC_CADES_API_H */
