/*
 * internal.h - private definitions shared by the modules of libokc.
 * Never installed; never included by front-ends (they use the public API).
 */
#ifndef OKC_INTERNAL_H
#define OKC_INTERNAL_H

#ifndef OKC_BUILDING_LIBRARY
#error "internal.h is private to libokc"
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <okc/okc.h>

/* ---- the context ---- */

struct okc_ctx {
	okc_limits limits;
	okc_time validation_time;   /* 0 = now */
	int offline;
	int no_default_trust;
	char *trust_store;
	char *data_dir;
	char **anchors;
	size_t n_anchors;
	char errmsg[512];
	void *magic;                /* libmagic cookie, opened lazily */
	void *trust_cache;          /* owned by the trust module (X509_STORE etc.) */
	void (*trust_cache_free)(void *);
	uint64_t budget_used;       /* bytes charged since okc_ctx_budget_reset */
};

/**
 * Charge `bytes` materialised from outside input against the context's work
 * budget (limits.max_message_work).  Returns OKC_OK, or OKC_ETOOLARGE with
 * the error text naming `what` when the budget is exhausted; the caller
 * turns that into its module's reason and stops reading.
 */
int okc__budget_charge(okc_ctx *ctx, uint64_t bytes, const char *what);

/**
 * Record an error on the context and return `err` (so callers can write
 * `return okc__error(ctx, OKC_EIO, "cannot open %s", path)`).
 */
int okc__error(okc_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Like okc__error, appending the text of OpenSSL's error queue (and clearing
 * it), so the reason a libcrypto call failed is not lost.
 */
int okc__error_ossl(okc_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- control flow (house style: one exit through `out`) ---- */

/** Fail with `code` and a message unless `cond` holds; needs `rc`, `out:`. */
#define OKC_ENSURE(ctx, cond, code, ...)                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			rc = okc__error((ctx), (code), __VA_ARGS__);          \
			goto out;                                             \
		}                                                             \
	} while (0)

/** Propagate a negative return code; needs `rc`, `out:`. */
#define OKC_GUARD(expr)                                                       \
	do {                                                                  \
		int okc_guard_rc_ = (expr);                                   \
		if (okc_guard_rc_ < 0) {                                      \
			rc = okc_guard_rc_;                                   \
			goto out;                                             \
		}                                                             \
	} while (0)

/** libcrypto calls return 1 on success; keep the ERR queue text. */
#define OKC_GUARD_OSSL(ctx, expr, ...)                                        \
	do {                                                                  \
		if ((expr) != 1) {                                            \
			rc = okc__error_ossl((ctx), OKC_ECRYPTO, __VA_ARGS__);\
			goto out;                                             \
		}                                                             \
	} while (0)

/* ---- small utilities (util.c) ---- */

/** strdup that accepts NULL (returns NULL). */
char *okc__strdup(const char *s);
/** Overflow-checked size arithmetic: false on overflow. */
static inline bool okc__add_overflows(size_t a, size_t b, size_t *out)
{
	return __builtin_add_overflow(a, b, out);
}
static inline bool okc__mul_overflows(size_t a, size_t b, size_t *out)
{
	return __builtin_mul_overflow(a, b, out);
}
/**
 * Grow an array to hold at least `need` elements of `elsize` bytes.
 * @return 0 or OKC_ENOMEM (the array is unchanged then).
 */
int okc__grow(void **arr, size_t *cap, size_t need, size_t elsize);

/**
 * Read a whole file, refusing more than `max` bytes (OKC_ETOOLARGE).
 * The buffer gets a terminating NUL that is not counted in *len.
 */
int okc__read_file(okc_ctx *ctx, const char *path, uint64_t max,
                   unsigned char **data, size_t *len);

/** Lower-case hex of `len` bytes into `out` (2*len+1 bytes). */
void okc__hex(char *out, const unsigned char *in, size_t len, bool upper);

/** Base name of a path (borrowed pointer into `path`). */
const char *okc__basename(const char *path);

/** Case-insensitive ASCII suffix test. */
bool okc__has_suffix_ci(const char *s, const char *suffix);

/** Bounded search: first occurrence of needle in hay, or NULL. */
const void *okc__memmem(const void *hay, size_t hlen, const void *needle,
                        size_t nlen);

/** Days since 1970-01-01 of a proleptic Gregorian civil date. */
int64_t okc__days_from_civil(int64_t y, unsigned m, unsigned d);
/** The civil date of a day number (inverse of okc__days_from_civil). */
void okc__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/** Days in month m (1-12) of year y. */
int okc__days_in_month(int y, int m);

/** The effective validation time of a context (configured or now). */
okc_time okc__now(void);

/* ---- classification (classify.c) ---- */

/**
 * okc_classify_mem() without libmagic's MIME type unless the kind depends
 * on it: magic_type stays "" when structure alone decided the kind.
 */
int okc__classify_mem_lazy(okc_classification *out, okc_ctx *ctx,
                           const char *name, const void *data, size_t len);

/** Fill out->magic_type when okc__classify_mem_lazy() left it empty. */
int okc__classify_magic(okc_classification *out, okc_ctx *ctx,
                        const void *data, size_t len);

#endif /* OKC_INTERNAL_H */
