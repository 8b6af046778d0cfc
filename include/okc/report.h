/*
 * okc/report.h - the validation report (ETSI EN 319 102-1 vocabulary).
 *
 * A report is what verification produces, whatever the verdict: an overall
 * indication (TOTAL_PASSED, TOTAL_FAILED, INDETERMINATE) with a
 * sub-indication, the reasons that led to it, and one entry per signature
 * (parallel signers and counter-signatures each get their own).  Every reason
 * has a stable machine code, a severity, an English and a Turkish message
 * and a free-text detail.  The JSON form is documented in doc/report.md.
 *
 * All getters return borrowed pointers that live as long as the report.
 */
#ifndef OKC_REPORT_H
#define OKC_REPORT_H

#include <stdio.h>

#include <okc/common.h>
#include <okc/context.h>

OKC_BEGIN_DECLS

/** Main indication (EN 319 102-1 clause 5.1.3). */
typedef enum okc_indication {
	OKC_TOTAL_PASSED = 0,
	OKC_INDETERMINATE = 1,
	OKC_TOTAL_FAILED = 2
} okc_indication;

/** Sub-indications of EN 319 102-1 table 5/6 (names as in EU DSS). */
typedef enum okc_subindication {
	OKC_SUB_NONE = 0,
	OKC_SUB_FORMAT_FAILURE,
	OKC_SUB_HASH_FAILURE,
	OKC_SUB_SIG_CRYPTO_FAILURE,
	OKC_SUB_REVOKED,
	OKC_SUB_SIG_CONSTRAINTS_FAILURE,
	OKC_SUB_CHAIN_CONSTRAINTS_FAILURE,
	OKC_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE,
	OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE,
	OKC_SUB_EXPIRED,
	OKC_SUB_NOT_YET_VALID,
	OKC_SUB_POLICY_PROCESSING_ERROR,
	OKC_SUB_SIGNATURE_POLICY_NOT_AVAILABLE,
	OKC_SUB_TIMESTAMP_ORDER_FAILURE,
	OKC_SUB_NO_SIGNING_CERTIFICATE_FOUND,
	OKC_SUB_NO_CERTIFICATE_CHAIN_FOUND,
	OKC_SUB_REVOKED_NO_POE,
	OKC_SUB_REVOKED_CA_NO_POE,
	OKC_SUB_OUT_OF_BOUNDS_NO_POE,
	OKC_SUB_OUT_OF_BOUNDS_NOT_REVOKED,
	OKC_SUB_REVOCATION_OUT_OF_BOUNDS_NO_POE,
	OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
	OKC_SUB_NO_POE,
	OKC_SUB_TRY_LATER,
	OKC_SUB_SIGNED_DATA_NOT_FOUND,
	OKC_SUB_NO_CERTIFICATE_CHAIN_FOUND_NO_POE,
	OKC_SUB_COUNT_ /* not a value */
} okc_subindication;

/** Severity of a reason. */
typedef enum okc_severity {
	OKC_SEV_INFO = 0,    /**< a fact worth reporting */
	OKC_SEV_WARNING = 1, /**< needs attention; does not change a verdict */
	OKC_SEV_ERROR = 2    /**< a failed rule; it decides the indication */
} okc_severity;

/** One reason.  A borrowed, read-only view. */
typedef struct okc_reason {
	const char *code;        /**< stable machine code, e.g. "CADES_DIGEST_MISMATCH" */
	okc_severity severity;
	okc_indication indication;       /**< what this reason implies */
	okc_subindication subindication;
	const char *message_en;
	const char *message_tr;
	const char *detail;      /**< specifics (may be ""), never NULL */
} okc_reason;

/** Signer identity, as read from the signer certificate.  Borrowed view;
 *  absent values are NULL. */
typedef struct okc_signer_info {
	const char *subject;            /**< RFC 2253 form, UTF-8 */
	const char *common_name;
	const char *tckn;               /**< TC Kimlik No (checksum valid) */
	const char *vkn;                /**< Vergi Kimlik No (checksum valid) */
	const char *serial;             /**< certificate serial, hex */
	const char *issuer;
	const char *fingerprint_sha256; /**< hex, upper case */
	int qualified;                  /**< 1 yes, 0 no, -1 not determined */
} okc_signer_info;

/** One certificate of the validated path.  Borrowed view. */
typedef struct okc_chain_entry {
	const char *subject;
	const char *issuer;
	const char *fingerprint_sha256;
	okc_time not_before;
	okc_time not_after;
	const char *revocation_status;  /**< "good", "revoked", "unknown",
	                                     "not_checked" */
	const char *revocation_source;  /**< "embedded", "cache", "online",
	                                     "none" */
} okc_chain_entry;

typedef struct okc_report okc_report;
typedef struct okc_signature okc_signature;

/* ---- report ---- */

/** Release a report; NULL is accepted. */
OKC_API void okc_report_free(okc_report *report);

OKC_API okc_indication okc_report_indication(const okc_report *report);
OKC_API okc_subindication okc_report_subindication(const okc_report *report);
/** "cades", "eyp", "certificate", or another input format name. */
OKC_API const char *okc_report_format(const okc_report *report);
/** The file name the report is about (as given by the caller). */
OKC_API const char *okc_report_file(const okc_report *report);
OKC_API okc_time okc_report_validation_time(const okc_report *report);

/** Reasons that concern the whole input (structure, format, container). */
OKC_API size_t okc_report_reason_count(const okc_report *report);
OKC_API const okc_reason *okc_report_reason(const okc_report *report, size_t i);

/** Top-level signatures (counter-signatures hang below their parent). */
OKC_API size_t okc_report_signature_count(const okc_report *report);
OKC_API const okc_signature *okc_report_signature(const okc_report *report, size_t i);

/* ---- signatures ---- */

OKC_API const char *okc_signature_id(const okc_signature *sig);
/** "signature", "seal", "paraf" or "countersignature". */
OKC_API const char *okc_signature_role(const okc_signature *sig);
OKC_API okc_indication okc_signature_indication(const okc_signature *sig);
OKC_API okc_subindication okc_signature_subindication(const okc_signature *sig);
/** 1 when digest, signature value and ESS binding all verified. */
OKC_API int okc_signature_crypto_valid(const okc_signature *sig);
/** "CAdES-BES", "CAdES-EPES", "CAdES-T", "CAdES-C", "CAdES-X",
 *  "CAdES-XL", "CAdES-A", or "CMS" (not CAdES). */
OKC_API const char *okc_signature_level(const okc_signature *sig);
/** Policy OID, or NULL without a signature-policy-identifier. */
OKC_API const char *okc_signature_policy_oid(const okc_signature *sig);
/** "P1".."P4", or NULL when the policy is not a Turkish profile. */
OKC_API const char *okc_signature_policy_profile(const okc_signature *sig);
/** 1 policy hash verified, 0 wrong, -1 not checked / no policy. */
OKC_API int okc_signature_policy_hash_ok(const okc_signature *sig);
/** signing-time attribute, or 0 when absent. */
OKC_API okc_time okc_signature_signing_time(const okc_signature *sig);
/** genTime of the signature time-stamp, or 0 when absent. */
OKC_API okc_time okc_signature_timestamp_time(const okc_signature *sig);
OKC_API const okc_signer_info *okc_signature_signer(const okc_signature *sig);
OKC_API size_t okc_signature_chain_length(const okc_signature *sig);
OKC_API const okc_chain_entry *okc_signature_chain_entry(const okc_signature *sig, size_t i);
OKC_API size_t okc_signature_countersignature_count(const okc_signature *sig);
OKC_API const okc_signature *okc_signature_countersignature(const okc_signature *sig, size_t i);
OKC_API size_t okc_signature_reason_count(const okc_signature *sig);
OKC_API const okc_reason *okc_signature_reason(const okc_signature *sig, size_t i);

/* ---- names ---- */

/** "TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE". */
OKC_API const char *okc_indication_name(okc_indication ind);
/** "HASH_FAILURE" etc.; NULL for OKC_SUB_NONE. */
OKC_API const char *okc_subindication_name(okc_subindication sub);
/** "info", "warning", "error". */
OKC_API const char *okc_severity_name(okc_severity sev);

/* ---- the reason catalogue ---- */

/** Number of reason codes this library can emit. */
OKC_API size_t okc_reason_catalog_size(void);
/** The i-th catalogue entry (detail is ""), or NULL past the end. */
OKC_API const okc_reason *okc_reason_catalog_entry(size_t i);
/** Catalogue entry for a code, or NULL when the code is unknown. */
OKC_API const okc_reason *okc_reason_lookup(const char *code);

/* ---- output ---- */

#define OKC_JSON_PRETTY  0x0u  /**< indented, for people */
#define OKC_JSON_COMPACT 0x1u  /**< one line (JSON Lines) */

/**
 * Write the report as JSON (schema in doc/report.md) through `cb`.
 * @return OKC_OK, OKC_ENOMEM, or OKC_EIO when the callback aborted.
 */
OKC_API int okc_report_write_json(const okc_report *report, unsigned flags,
                                  okc_write_cb cb, void *payload);

/** Convenience: write the JSON to a stdio stream. */
OKC_API int okc_report_write_json_file(const okc_report *report,
                                       unsigned flags, FILE *fp);

/** A short bilingual summary for people (English, then Turkish). */
OKC_API int okc_report_write_text(const okc_report *report, FILE *fp);

OKC_END_DECLS

#endif /* OKC_REPORT_H */
