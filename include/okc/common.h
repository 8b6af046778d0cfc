/*
 * okc/common.h - definitions shared by every public header of libokc.
 *
 * Conventions (see doc/api.md):
 *  - functions are okc_<module>_<verb>; output parameters come first (`out`);
 *  - an object returned through `**out` belongs to the caller, who releases it
 *    with that type's okc_<type>_free() (which accepts NULL);
 *  - a returned pointer without `**` is borrowed and lives as long as its
 *    parent object;
 *  - functions return OKC_OK (0) or a negative okc_err; the detail text is
 *    kept on the context (okc_ctx_errmsg()).  A failed signature is a verdict
 *    in a report, never an error code.
 */
#ifndef OKC_COMMON_H
#define OKC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <okc/version.h>

#if defined(OKC_BUILDING_LIBRARY) && defined(__GNUC__)
#define OKC_API __attribute__((visibility("default")))
#else
#define OKC_API
#endif

#ifdef __cplusplus
#define OKC_BEGIN_DECLS extern "C" {
#define OKC_END_DECLS }
#else
#define OKC_BEGIN_DECLS
#define OKC_END_DECLS
#endif

OKC_BEGIN_DECLS

/** Seconds since the Unix epoch, UTC; 64 bits whatever time_t is. */
typedef int64_t okc_time;

/**
 * Output sink used by the writers (JSON, text): called with consecutive
 * chunks; return 0 to continue, nonzero to abort the write.
 */
typedef int (*okc_write_cb)(const char *buf, size_t len, void *payload);

/** Run-time version string of the library ("MAJOR.MINOR.PATCH"). */
OKC_API const char *okc_version(void);

OKC_END_DECLS

#endif /* OKC_COMMON_H */
