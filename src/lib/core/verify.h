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

#endif /* OKC_CORE_VERIFY_H */
