/*
 * okc/intake.h - turn an application's documents into a normalized record.
 *
 * An okc_intake collects the documents of one application (the files given
 * on a command line, or the parts of one e-mail), then okc_intake_run()
 * classifies them, verifies signatures, reads the application list and
 * decides ACCEPTED / REJECTED / NEEDS_REVIEW with all the reasons.  The
 * record's JSON form is documented in doc/record.md and
 * doc/okc-record.schema.json.
 */
#ifndef OKC_INTAKE_H
#define OKC_INTAKE_H

#include <stdio.h>

#include <okc/common.h>
#include <okc/context.h>
#include <okc/report.h>

OKC_BEGIN_DECLS

typedef struct okc_intake okc_intake;
typedef struct okc_record okc_record;

typedef enum okc_decision {
	OKC_DECISION_ACCEPTED = 0,
	OKC_DECISION_NEEDS_REVIEW = 1,
	OKC_DECISION_REJECTED = 2
} okc_decision;

/** Where the application came from.  Strings are copied; NULL = absent. */
typedef struct okc_intake_source {
	unsigned version;             /**< OKC_INTAKE_SOURCE_VERSION */
	const char *kind;             /**< "mail" or "files" */
	const char *message_id;
	const char *from;
	const char *subject;
	const char *date;             /**< the Date header as received */
	const char *authentication_results;
	okc_time received_at;         /**< 0 = now */
} okc_intake_source;

#define OKC_INTAKE_SOURCE_VERSION 1
#define OKC_INTAKE_SOURCE_INIT { OKC_INTAKE_SOURCE_VERSION, "files", NULL, \
                                 NULL, NULL, NULL, NULL, 0 }

/** Start a new application. */
OKC_API int okc_intake_new(okc_intake **out, okc_ctx *ctx);

/** Release an intake; NULL is accepted. */
OKC_API void okc_intake_free(okc_intake *in);

/** Describe the source (mail headers or "files"). */
OKC_API int okc_intake_set_source(okc_intake *in, const okc_intake_source *src);

/**
 * Use `path` as the authorised-signers registry instead of
 * <data_dir>/signers.tsv (see doc/record.md for its format).  Unlike the
 * default, a registry named here must be readable: okc_intake_run() fails
 * with OKC_EIO otherwise.  NULL restores the default.
 */
OKC_API int okc_intake_set_signers_file(okc_intake *in, const char *path);

/**
 * Add one document (copied).  `name` is the file name as received (UTF-8),
 * `declared_type` the media type the sender declared, or NULL.
 * @return OKC_OK, OKC_ENOMEM, OKC_ETOOLARGE.
 */
OKC_API int okc_intake_add_document(okc_intake *in, const char *name,
                                    const char *declared_type,
                                    const void *data, size_t len);

/** Add a document from a file; the record uses its base name. */
OKC_API int okc_intake_add_file(okc_intake *in, const char *path);

/**
 * Add a finding made before the pipeline (e.g. by the MIME front end).
 * `code` must be a registered reason code; `detail` may be NULL.
 * @return OKC_OK or OKC_EINVAL for an unknown code.
 */
OKC_API int okc_intake_add_reason(okc_intake *in, const char *code,
                                  const char *detail);

/**
 * Run the pipeline.  Produces a record whatever the decision.
 * @return OKC_OK with *out set, or an error (no memory, trust store
 *         unreadable: OKC_ETRUST, which a mail hook treats as transient).
 */
OKC_API int okc_intake_run(okc_record **out, okc_intake *in);

/* ---- the record ---- */

OKC_API void okc_record_free(okc_record *rec);
OKC_API okc_decision okc_record_decision(const okc_record *rec);
/** Stable id: the same documents and source give the same id. */
OKC_API const char *okc_record_id(const okc_record *rec);
OKC_API size_t okc_record_reason_count(const okc_record *rec);
OKC_API const okc_reason *okc_record_reason(const okc_record *rec, size_t i);
/** "ACCEPTED", "NEEDS_REVIEW", "REJECTED". */
OKC_API const char *okc_decision_name(okc_decision d);

OKC_API int okc_record_write_json(const okc_record *rec, unsigned flags,
                                  okc_write_cb cb, void *payload);
OKC_API int okc_record_write_json_file(const okc_record *rec, unsigned flags,
                                       FILE *fp);
/** Turkish/English summary a reviewer reads at a glance. */
OKC_API int okc_record_write_text(const okc_record *rec, FILE *fp);

OKC_END_DECLS

#endif /* OKC_INTAKE_H */
