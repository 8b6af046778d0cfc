/*
 * okc/verify.h - verify one document and get a report.
 *
 * Dispatches on the classified kind: CAdES/CMS files, e-Yazışma packages,
 * certificates.  The return code says whether a report could be produced;
 * the verdict is inside the report.  A hostile or malformed input gives a
 * report with TOTAL_FAILED/FORMAT_FAILURE (or INDETERMINATE), not an error.
 */
#ifndef OKC_VERIFY_H
#define OKC_VERIFY_H

#include <okc/common.h>
#include <okc/context.h>
#include <okc/report.h>

OKC_BEGIN_DECLS

typedef struct okc_verify_options {
	unsigned version;               /**< OKC_VERIFY_OPTIONS_VERSION */
	const char *detached_content;   /**< file with the signed content of a
	                                     detached signature, or NULL */
	const void *detached_data;      /**< or the content in memory (borrowed) */
	size_t detached_len;
} okc_verify_options;

#define OKC_VERIFY_OPTIONS_VERSION 1
#define OKC_VERIFY_OPTIONS_INIT { OKC_VERIFY_OPTIONS_VERSION, NULL, NULL, 0 }

/**
 * Verify a file.  `opts` may be NULL.
 * @return OKC_OK with *out set (whatever the verdict); OKC_EIO when the
 *         file cannot be read; OKC_ENOMEM; OKC_EINVAL.
 */
OKC_API int okc_verify_file(okc_report **out, okc_ctx *ctx, const char *path,
                            const okc_verify_options *opts);

/**
 * Verify a document in memory (borrowed for the duration of the call).
 * `name` is used for classification and in the report; may be NULL.
 */
OKC_API int okc_verify_mem(okc_report **out, okc_ctx *ctx, const char *name,
                           const void *data, size_t len,
                           const okc_verify_options *opts);

OKC_END_DECLS

#endif /* OKC_VERIFY_H */
