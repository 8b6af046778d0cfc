/*
 * report_build.h - how verification modules fill a report.
 *
 * The verdict is never set directly: a module adds reasons, and the
 * indication follows from them (the worst implied indication wins; its
 * sub-indication is that of the first reason implying it).  A signature
 * counts as TOTAL_PASSED only when the module has said every check was made
 * (okc__signature_mark_complete); otherwise it is INDETERMINATE with
 * CORE_VALIDATION_INCOMPLETE.  This makes a fake pass impossible by omission.
 */
#ifndef OKC_REPORT_BUILD_H
#define OKC_REPORT_BUILD_H

#include <jansson.h>

#include "core/internal.h"
#include "core/reasons.h"

/** New empty report about `file` (may be NULL) in `format`; NULL on ENOMEM. */
okc_report *okc__report_new(okc_ctx *ctx, const char *file, const char *format);
int okc__report_set_format(okc_report *r, const char *format);

/** Add a reason to the report (printf-style detail; fmt may be NULL). */
int okc__report_add_reason(okc_report *r, okc_reason_id id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** Same with an explicit severity overriding the table's default. */
int okc__report_add_reason_sev(okc_report *r, okc_reason_id id,
                               okc_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * Attach a module-specific JSON section (e.g. "package") to the report.
 * Steals the reference to `value`.
 */
int okc__report_set_section(okc_report *r, const char *key, json_t *value);

/** A section attached with okc__report_set_section, or NULL.  Borrowed. */
json_t *okc__report_get_section(const okc_report *r, const char *key);

/** A new top-level signature; borrowed, owned by the report. */
okc_signature *okc__signature_new(okc_report *r, const char *role);
/** A counter-signature below `parent`; borrowed. */
okc_signature *okc__signature_add_counter(okc_signature *parent);

int okc__signature_add_reason(okc_signature *s, okc_reason_id id,
                              const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int okc__signature_add_reason_sev(okc_signature *s, okc_reason_id id,
                                  okc_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

int okc__signature_set_id(okc_signature *s, const char *id);
int okc__signature_set_role(okc_signature *s, const char *role);
int okc__signature_set_level(okc_signature *s, const char *level);
int okc__signature_set_policy(okc_signature *s, const char *oid,
                              const char *profile, int hash_ok);
void okc__signature_set_times(okc_signature *s, okc_time signing_time,
                              okc_time timestamp_time);
void okc__signature_set_crypto_valid(okc_signature *s, int valid);
/** Copy the signer identity (all strings copied). */
int okc__signature_set_signer(okc_signature *s, const okc_signer_info *si);
/** Append a chain entry (strings copied). */
int okc__signature_add_chain(okc_signature *s, const okc_chain_entry *e);
/** Attach a module-specific JSON object under `key` in this signature. */
int okc__signature_set_section(okc_signature *s, const char *key, json_t *value);
/** Every check this signature needs was made (see the header comment). */
void okc__signature_mark_complete(okc_signature *s);

/**
 * Compute indications of every signature and of the report.  A report of a
 * signature format with no signature gets CORE_NO_SIGNATURE.  Idempotent.
 */
void okc__report_finalize(okc_report *r);

/** The report as a new jansson object (for embedding in records). */
json_t *okc__report_to_json(const okc_report *r);

/** Effective indication of a signature (after finalize). */
okc_indication okc__worst(okc_indication a, okc_indication b);

#endif /* OKC_REPORT_BUILD_H */
