/*
 * okc/errors.h - error codes of libokc and their text.
 */
#ifndef OKC_ERRORS_H
#define OKC_ERRORS_H

#include <okc/common.h>

OKC_BEGIN_DECLS

/** Error codes: 0 or negative.  Generated from okc/errors.def. */
typedef enum okc_err {
#define OKC_ERROR(name, value, text) name = (value),
#include <okc/errors.def>
#undef OKC_ERROR
} okc_err;

/**
 * Fixed English text for an error code ("unknown error" for values not in
 * the table).  The detail of the last failure is in okc_ctx_errmsg().
 */
OKC_API const char *okc_strerror(int err);

/** Symbolic name of an error code ("OKC_EIO"), or NULL if unknown. */
OKC_API const char *okc_error_name(int err);

OKC_END_DECLS

#endif /* OKC_ERRORS_H */
