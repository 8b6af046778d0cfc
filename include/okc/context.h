/*
 * okc/context.h - the library context: options, limits, last error.
 *
 * A context is used by one thread at a time; create one per thread.  It owns
 * the limits that every reader of outside input obeys, the validation time,
 * the trust configuration and the text of the last error.
 */
#ifndef OKC_CONTEXT_H
#define OKC_CONTEXT_H

#include <okc/common.h>
#include <okc/errors.h>

OKC_BEGIN_DECLS

typedef struct okc_ctx okc_ctx;

/**
 * Limits applied to all hostile input.  Exceeding one is reported as a
 * verdict reason (for a document under verification) or OKC_ETOOLARGE (for
 * an API call on raw input); it never crashes or exhausts memory.
 * Zero in a field means "use the default" (see OKC_LIMITS_DEFAULT).
 */
typedef struct okc_limits {
	unsigned version;             /**< OKC_LIMITS_VERSION */
	uint64_t max_input_size;      /**< one input file or message, bytes */
	uint32_t max_entries;         /**< entries in one archive */
	uint64_t max_entry_size;      /**< inflated size of one entry, bytes */
	uint64_t max_total_size;      /**< inflated size of all entries, bytes */
	uint32_t max_ratio;           /**< inflated/compressed ratio of an entry */
	uint32_t max_name_len;        /**< archive entry or file name, bytes */
	uint32_t max_nesting;         /**< containers inside containers */
	uint32_t max_xml_depth;       /**< element nesting in one XML document */
	uint64_t max_xml_size;        /**< one XML document, bytes */
	uint32_t max_chain_depth;     /**< certificates in one path, incl. anchor */
	uint32_t max_signers;         /**< SignerInfos incl. counter-signatures */
	uint32_t max_der_depth;       /**< nesting of DER structures */
	uint32_t max_mime_parts;      /**< MIME parts in one message */
	uint32_t max_mime_depth;      /**< MIME nesting depth */
	uint32_t max_rows;            /**< rows in one application list */
	uint64_t max_crl_size;        /**< one CRL, bytes */
	/* Total budgets (version 2): they bound the work a document or a
	 * message can cause, whatever its compressed size (doc/security.md). */
	uint64_t max_cells;           /**< spreadsheet cells of one document,
	                                   counting every expanded repetition */
	uint64_t max_text_size;       /**< text bytes materialised from one
	                                   document (cell values, shared
	                                   strings, XML text kept in memory) */
	uint64_t max_xml_elements;    /**< elements in one XML document */
	uint64_t max_message_work;    /**< bytes materialised (inflated,
	                                   decoded, copied) for one message or
	                                   application, all documents together */
} okc_limits;

#define OKC_LIMITS_VERSION 2

/** Safe defaults: see okc_limits_default() for the values. */
#define OKC_LIMITS_DEFAULT_INIT { OKC_LIMITS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, \
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Fill `out` with the library's default limits. */
OKC_API void okc_limits_default(okc_limits *out);

/** Options for okc_ctx_new().  Strings are copied. */
typedef struct okc_ctx_options {
	unsigned version;          /**< OKC_CTX_OPTIONS_VERSION */
	const char *trust_store;   /**< directory of anchors; NULL = built-in
	                                default (configure's datadir) */
	const char *data_dir;      /**< prefix table, signers registry; NULL =
	                                built-in default */
	okc_time validation_time;  /**< 0 = the current time at each call */
	int offline;               /**< nonzero: never touch the network */
	int no_default_trust;      /**< nonzero: do not load trust_store, only
	                                anchors added with okc_ctx_add_anchor */
	okc_limits limits;         /**< zero fields take defaults */
} okc_ctx_options;

#define OKC_CTX_OPTIONS_VERSION 1
#define OKC_CTX_OPTIONS_INIT { OKC_CTX_OPTIONS_VERSION, NULL, NULL, 0, 0, 0, \
                               OKC_LIMITS_DEFAULT_INIT }

/**
 * Create a context.  `opts` may be NULL for all defaults.
 * @return OKC_OK, OKC_ENOMEM or OKC_EINVAL (unknown options version).
 */
OKC_API int okc_ctx_new(okc_ctx **out, const okc_ctx_options *opts);

/** Release a context; NULL is accepted. */
OKC_API void okc_ctx_free(okc_ctx *ctx);

/** Text of the last error on this context ("" if none).  Borrowed. */
OKC_API const char *okc_ctx_errmsg(const okc_ctx *ctx);

/** The effective limits (defaults filled in).  Borrowed. */
OKC_API const okc_limits *okc_ctx_limits(const okc_ctx *ctx);

/** Validation time: the configured one, or now when none was set. */
OKC_API okc_time okc_ctx_validation_time(const okc_ctx *ctx);

/**
 * Start a new work budget (limits.max_message_work) on the context: every
 * reader charges the bytes it materialises against it, and past the limit
 * the reader stops with OKC_ETOOLARGE, which the caller reports as a reason.
 * okc_intake_* and okc_verify_* start one per application / per file; a
 * caller that drives several calls for one message may start it itself.
 */
OKC_API void okc_ctx_budget_reset(okc_ctx *ctx);

/** Bytes charged against the current work budget so far. */
OKC_API uint64_t okc_ctx_budget_used(const okc_ctx *ctx);

/** Set the validation time (0 = now). */
OKC_API void okc_ctx_set_validation_time(okc_ctx *ctx, okc_time t);

/** Nonzero when the context must not use the network. */
OKC_API int okc_ctx_offline(const okc_ctx *ctx);

/** Trust-store directory in use (may be NULL when disabled).  Borrowed. */
OKC_API const char *okc_ctx_trust_store(const okc_ctx *ctx);

/** Data directory in use.  Borrowed. */
OKC_API const char *okc_ctx_data_dir(const okc_ctx *ctx);

/**
 * Trust one more anchor certificate file (PEM or DER, one or several
 * certificates) in addition to the trust store.  The file is read when the
 * first verification needs it.
 */
OKC_API int okc_ctx_add_anchor(okc_ctx *ctx, const char *path);

/** Number of anchor files added with okc_ctx_add_anchor(). */
OKC_API size_t okc_ctx_anchor_count(const okc_ctx *ctx);

/** Path of the i-th anchor file, or NULL.  Borrowed. */
OKC_API const char *okc_ctx_anchor(const okc_ctx *ctx, size_t i);

/**
 * Parse an ISO 8601 UTC time ("2026-11-25T10:00:00Z", also with an offset
 * "+03:00", or a date "2026-11-25" meaning midnight UTC).
 * @return OKC_OK or OKC_EINVAL.
 */
OKC_API int okc_time_parse(okc_time *out, const char *iso8601);

/** Format as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
OKC_API int okc_time_format(char *buf, size_t len, okc_time t);

OKC_END_DECLS

#endif /* OKC_CONTEXT_H */
