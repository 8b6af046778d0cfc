/*
 * ltv.h (internal) - long-term validation: the seam the CAdES engine calls.
 *
 *  - time-stamp tokens (RFC 3161) verified over exactly the bytes given;
 *  - the Turkish profile time rules (signing-time vs time-stamp, grace);
 *  - revocation status of one certificate at a time of use, from embedded
 *    values (CRLs, OCSP BasicResponses), the operator's cache (CRL indexes,
 *    stored OCSP responses) and, unless the context is offline, online
 *    sources (OCSP via AIA, CRL via CDP);
 *  - the persistent CRL index (crlindex.c).
 *
 * Nothing here decides a verdict by itself: results come back as structs
 * and the *_report helpers turn them into reasons on a signature.
 *
 * NOT verified here (documented so callers do not assume it): OCSP nonces
 * (embedded responses carry none); LDAP distribution points are skipped
 * (reported), never fetched.
 */
#ifndef OKC_LTV_H
#define OKC_LTV_H

#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "core/report_build.h"

/* ---- time helpers ---- */

/** ASN1_TIME (UTCTime or GeneralizedTime) to seconds since the epoch. */
int okc__ltv_asn1_time(const ASN1_TIME *t, okc_time *out);

/* ---- time-stamp tokens (tst.c) ---- */

struct okc__rev_data; /* below */

typedef enum okc__tst_status {
	OKC_TST_OK = 0,
	OKC_TST_MALFORMED,
	OKC_TST_SIG_INVALID,
	OKC_TST_IMPRINT_MISMATCH,
	OKC_TST_TSA_NOT_AUTHORIZED,
	OKC_TST_TSA_UNTRUSTED,
	OKC_TST_TSA_OUT_OF_VALIDITY,
	OKC_TST_TSA_REVOKED,             /* okc__tst_check_tsa_revocation */
	OKC_TST_TSA_REVOCATION_UNKNOWN
} okc__tst_status;

typedef struct okc__tst {
	okc__tst_status status;
	okc_reason_id reason;    /* reason for status != OK */
	char detail[256];
	okc_time gen_time;       /* 0 when the token could not be decoded */
	char tsa_subject[256];
	char policy[80];         /* TSA policy OID */
	char digest[32];         /* imprint hash algorithm name */
	X509 *tsa_cert;          /* owned; NULL if not found */
} okc__tst;

/**
 * Verify one TimeStampToken (DER ContentInfo, RFC 3161 section 2.4.2):
 * token signature (CMS, with signed attributes), ESS signing-certificate
 * binding of the TSA certificate, TSA certificate authorised (critical
 * extended key usage with only id-kp-timeStamping, RFC 3161 2.3), genTime
 * within its validity, TSA path to `store` validated at `chain_time`
 * (0 = genTime), and messageImprint equal to the hash of exactly
 * `data`/`data_len` with the token's own hash algorithm.
 * `untrusted` (may be NULL) adds intermediate certificates.
 * @return OKC_OK whatever the verdict (in out->status), OKC_ENOMEM.
 */
int okc__tst_verify(okc__tst *out, okc_ctx *ctx, const unsigned char *der,
                    size_t len, const unsigned char *data, size_t data_len,
                    X509_STORE *store, STACK_OF(X509) *untrusted,
                    okc_time chain_time);

/** Release what a okc__tst holds (not the struct). */
void okc__tst_clear(okc__tst *t);

/**
 * Revocation of the TSA path of a token that verified (t->status OK):
 * every certificate but the anchor, from the signature's `embedded` values
 * and the token's own SignedData.crls, then the cache, then online unless
 * offline (as the signer's).  Judged at the validation time `vt`, or at
 * `later_poe` (0 = none) when a later time-stamp proves the token existed
 * then (EN 319 102-1 5.4, 5.6.2.1).  A revoked TSA or CA sets
 * OKC_TST_TSA_REVOKED (LTV_TSA_REVOKED / LTV_TSA_CA_REVOKED), an unknown
 * status OKC_TST_TSA_REVOCATION_UNKNOWN (LTV_TSA_REVOCATION_MISSING): the
 * token is then no proof of existence.  Otherwise the detail says so.
 * @return OKC_OK whatever the verdict, OKC_ENOMEM.
 */
int okc__tst_check_tsa_revocation(okc__tst *t, okc_ctx *ctx, const unsigned char *tok,
                                  size_t toklen, X509_STORE *store,
                                  const struct okc__rev_data *embedded, okc_time vt,
                                  okc_time later_poe);

/** Add the outcome of a token check to `s` ("signature time-stamp"...). */
int okc__tst_report(okc_signature *s, const okc__tst *t, const char *what);

/* ---- Turkish profile time rules (profile.c) ---- */

/** Profile time rules: delay allowed after signing-time, grace period. */
typedef struct okc__ltv_profile {
	const char *name;       /* "P2".."P4" or NULL */
	okc_time max_delay;     /* 2 h (tr-pki.md section 3) */
	okc_time clock_skew;    /* tolerance both ways, 5 min as MA3 */
	okc_time grace;         /* 24 h for P2/P3, 0 for P4 */
} okc__ltv_profile;

/** The rules of a profile name ("P2", "P3", "P4"; anything else: none). */
okc__ltv_profile okc__ltv_profile_for(const char *profile);

/**
 * Check signing-time against the signature time-stamp's genTime and add
 * reasons to `s`: LTV_TST_BEFORE_SIGNING_TIME, LTV_TST_DELAY_EXCEEDED, or
 * LTV_TST_DELAY_TOLERANCE (info, the tolerance used).  signing_time 0 =
 * attribute absent (nothing to compare).
 * @return 1 when the rules hold, 0 when not, negative on ENOMEM.
 */
int okc__ltv_check_ts_delay(okc_signature *s, const okc__ltv_profile *p,
                            okc_time signing_time, okc_time ts_time);

/* ---- revocation (revocation.c) ---- */

typedef enum okc__rev_state {
	OKC_REV_GOOD = 0,
	OKC_REV_REVOKED,
	OKC_REV_UNKNOWN,     /* OCSP "unknown" */
	OKC_REV_NONE,        /* no data at all */
	OKC_REV_STALE,       /* data exists but does not cover the time */
	OKC_REV_BAD_SIG,     /* data exists but its signature/issuer fails */
	OKC_REV_MALFORMED
} okc__rev_state;

typedef struct okc__rev {
	okc__rev_state state;
	okc_reason_id reason;    /* the reason for a non-GOOD state */
	okc_time revoked_at;     /* REVOKED */
	int crl_reason;          /* CRLReason or -1 */
	okc_time this_update, next_update;
	const char *source;      /* "embedded", "cache", "online", "none" */
	const char *kind;        /* "ocsp", "crl" or "" */
	char detail[256];
	char skipped[200];       /* URLs not fetched (ldap://, https://) */
} okc__rev;

/** Revocation values at hand (all members may be NULL; borrowed). */
typedef struct okc__rev_data {
	STACK_OF(X509_CRL) *crls;
	OCSP_BASICRESP **ocsps;  /* n_ocsps BasicOCSPResponses */
	size_t n_ocsps;
	STACK_OF(X509) *certs;   /* candidates for delegated OCSP responders */
} okc__rev_data;

#define OKC_REV_NO_CACHE  1u  /* do not consult the operator's cache */
#define OKC_REV_NO_ONLINE 2u  /* do not fetch even when online */
#define OKC_REV_OCSP_ONLY 4u  /* OCSP answers only (P4's rule for the signer) */

/**
 * Revocation status of `cert` (issued by `issuer`) at `use_time`: embedded
 * data first, then the cache, then online sources.  Data "covers" the time
 * when it was issued at or after it, or when use_time <= nextUpdate.
 * @return OKC_OK (status in out), OKC_ENOMEM.
 */
int okc__rev_check(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                   const okc__rev_data *embedded, okc_time use_time,
                   unsigned flags);

/** Check one CRL for `cert` (signature by `issuer`, coverage, entry). */
void okc__rev_from_crl(okc__rev *out, X509_CRL *crl, X509 *cert,
                       X509 *issuer, okc_time use_time, okc_time now);

/** Apply delta CRL `delta` to the result `out` of the complete CRL numbered
 *  `base_number` of cert's issuer (RFC 5280 5.2.4): 1 when it matches and
 *  was applied, else 0 (out unchanged). */
int okc__rev_apply_delta(okc__rev *out, const ASN1_INTEGER *base_number,
                         X509_CRL *delta, X509 *cert, X509 *issuer,
                         okc_time use_time, okc_time now);

/** Check one OCSP BasicResponse for `cert` (responder authorisation,
 *  signature, coverage, status).  `extra` adds responder candidates. */
void okc__rev_from_ocsp(okc__rev *out, OCSP_BASICRESP *bs, X509 *cert,
                        X509 *issuer, STACK_OF(X509) *extra,
                        okc_time use_time, okc_time now);

/**
 * Add the reasons for a revocation result of the signer (`is_ca` 0) or a CA
 * certificate of its chain: revoked at or before `poe` (with `have_poe` =
 * a time-stamp proves existence) gives LTV_CERT_REVOKED, without a PoE
 * LTV_CERT_REVOKED_NO_POE, after the PoE a warning.
 */
int okc__rev_report(okc_signature *s, const okc__rev *rv, const char *who,
                    int is_ca, okc_time poe, int have_poe);

/* ---- the operator's cache (cache.c) and online fetching (fetch.c) ---- */

/** snprintf for paths: 0, or -1 when the result does not fit. */
int okc__pathf(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Cache directory: $OKC_CACHE_DIR, else <state dir>/cache.  Borrowed. */
const char *okc__cache_dir(void);

/** Store a CRL (DER or PEM) after verifying nothing but its syntax; the
 *  index is built from it.  `name_out` (may be NULL) gets the file name. */
int okc__cache_add_crl(okc_ctx *ctx, const unsigned char *data, size_t len,
                       char *name_out, size_t name_len);

/** Store an OCSP response (OCSPResponse or BasicOCSPResponse, DER). */
int okc__cache_add_ocsp(okc_ctx *ctx, const unsigned char *data, size_t len,
                        char *name_out, size_t name_len);

/** Status from the cache (CRL indexes, then stored OCSP responses). */
void okc__cache_lookup(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                       okc_time use_time, okc_time now);

/** Only the stored OCSP responses (OKC_REV_OCSP_ONLY). */
void okc__cache_lookup_ocsp(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                            okc_time use_time, okc_time now);

/** Fetch OCSP (AIA) then CRL (CDP) for `cert`; store in the cache.
 *  OKC_EUNSUPPORTED when offline.  `ocsp_only`: no CRL.  Distribution
 *  points and responders that are not http:// are skipped; when `skipped`
 *  is not NULL, it gets their URLs ("; "-separated, truncated). */
int okc__fetch_for_cert(okc_ctx *ctx, X509 *cert, X509 *issuer, int ocsp_only,
                        char *skipped, size_t skipped_len);

/** Fetch one URL over plain HTTP with the caps of the context.  */
int okc__fetch_url(okc_ctx *ctx, const char *url, const char *post_ct,
                   const unsigned char *post, size_t post_len,
                   const char *expect_ct, unsigned char **out, size_t *outlen);

/* ---- the persistent CRL index (crlindex.c) ---- */

typedef struct okc__crlidx okc__crlidx;

typedef struct okc__crlidx_info {
	unsigned char crl_sha256[32];
	unsigned char issuer_sha256[32];   /* SHA-256 of the issuer Name DER */
	unsigned char crl_number[21];      /* len byte + up to 20 octets */
	okc_time this_update, next_update;
	uint64_t entries;
	uint64_t crl_size;
	unsigned char key_sha256[32];      /* issuer SPKI that verified it */
	int partial;                       /* delta or IDP: not indexable */
	int delta, idp;                    /* which of the two (not stored) */
} okc__crlidx_info;

/**
 * Build the index of a DER CRL into `idx_path` atomically (temporary file,
 * fsync, rename).  The CRL is walked with the DER cursor (no d2i of the
 * revoked list); its signature is verified once with `issuer_key` when not
 * NULL.  OKC_EFORMAT for a malformed CRL, OKC_ECRYPTO for a bad signature.
 */
int okc__crlidx_build(okc_ctx *ctx, const unsigned char *crl, size_t len,
                      EVP_PKEY *issuer_key, const char *idx_path,
                      okc__crlidx_info *info);

/** Open (mmap) an index; OKC_EFORMAT when corrupt (never trusted). */
int okc__crlidx_open(okc__crlidx **out, okc_ctx *ctx, const char *idx_path);
void okc__crlidx_close(okc__crlidx *idx);
const okc__crlidx_info *okc__crlidx_get_info(const okc__crlidx *idx);

/**
 * Look up a serial (INTEGER content octets).  1 revoked (time, reason
 * filled), 0 not listed, OKC_EFORMAT when the block holding it is corrupt.
 */
int okc__crlidx_lookup(okc__crlidx *idx, const unsigned char *serial,
                       size_t serial_len, okc_time *revoked_at, int *reason);

/** Parse the CRL header fields with the DER cursor only (no signature). */
int okc__crl_peek(const unsigned char *crl, size_t len, okc__crlidx_info *info,
                  const unsigned char **issuer, size_t *issuer_len);

#endif /* OKC_LTV_H */
