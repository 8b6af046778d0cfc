/*
 * cades.h (internal) - the CAdES verification engine of libokc.
 *
 * The engine reads a CMS SignedData (RFC 5652) and judges every SignerInfo
 * (parallel signers and counter-signatures alike) by the CAdES rules of
 * ETSI EN 319 122-1 and the Turkish profiles (Elektronik İmza Kullanım
 * Profilleri Rehberi).  OpenSSL parses the outer structure and does the
 * arithmetic; the CAdES rules are ours.  The exact bytes of each SignerInfo
 * are read with our own bounded walker, because the signed attributes must
 * be hashed as received (and OpenSSL re-encodes them).
 *
 * The long-term part (time-stamps, revocation, CAdES-C/X/XL/A values) is
 * the job of src/lib/ltv.  It plugs in through okc__cades_ltv_hook below:
 * the engine hands it a fully parsed signer (SignerInfo bytes, signer
 * certificate, validated chain, unsigned attributes) after its own checks.
 */
#ifndef OKC_CADES_H
#define OKC_CADES_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/der.h"
#include "core/report_build.h"
#include "core/verify.h"

/* ---- raw structures (pointers into the caller's buffer) ---- */

/** One attribute of a SignerInfo: Attribute ::= SEQUENCE { attrType,
 *  attrValues SET OF AttributeValue } (RFC 5652 5.3). */
typedef struct okc__cades_attr {
	okc_der_tlv tlv;      /* the whole Attribute */
	char oid[64];         /* dotted attrType */
	okc_der_tlv values;   /* the SET OF values */
	size_t n_values;
	okc_der_tlv first;    /* the first value */
} okc__cades_attr;

/** A SignerInfo as received (RFC 5652 5.3). */
typedef struct okc__cades_si {
	okc_der_tlv tlv;          /* whole SignerInfo */
	long version;
	okc_der_tlv sid;          /* IssuerAndSerialNumber or [0] SKI */
	okc_der_tlv digest_alg;   /* AlgorithmIdentifier */
	bool has_signed_attrs;
	okc_der_tlv signed_attrs; /* [0] IMPLICIT SET OF Attribute */
	okc_der_tlv sig_alg;      /* AlgorithmIdentifier */
	okc_der_tlv sig_value;    /* OCTET STRING */
	bool has_unsigned_attrs;
	okc_der_tlv unsigned_attrs; /* [1] IMPLICIT SET OF Attribute */
} okc__cades_si;

/** Levels in increasing order (EN 319 122-1 annex / TS 101 733). */
typedef enum okc__cades_level {
	OKC_CADES_CMS = 0,  /* no signed attributes: not CAdES */
	OKC_CADES_BES,
	OKC_CADES_EPES,
	OKC_CADES_T,
	OKC_CADES_C,
	OKC_CADES_X,
	OKC_CADES_XL,
	OKC_CADES_A
} okc__cades_level;

/** The Turkish profile (0 = none/unknown policy, 1..4 = P1..P4). */

/**
 * Everything the engine knows about one signer.  This is the seam for the
 * ltv module: it gets this struct after the engine's own checks.
 */
typedef struct okc__cades_signer {
	okc_ctx *ctx;
	okc_report *report;
	okc_signature *sig;          /* the report entry */
	okc__cades_si si;            /* raw SignerInfo */
	bool is_counter;             /* a countersignature attribute value */
	const char *role;            /* "signature", "seal", "paraf", ... */
	/* signed attributes (parsed) */
	okc__cades_attr *sattrs;
	size_t n_sattrs;
	okc__cades_attr *uattrs;     /* unsigned attributes */
	size_t n_uattrs;
	okc_time signing_time;       /* 0 when absent */
	/* certificates */
	X509 *cert;                  /* signer certificate (own reference) */
	bool cert_from_signed_data;  /* found in SignedData.certificates */
	STACK_OF(X509) *chain;       /* path leaf..anchor (own), or NULL */
	bool chain_ok;               /* path validated to a trust anchor */
	okc_time path_time;          /* when the reported path was validated */
	okc_time poe_time;           /* proof of existence set by the ltv
	                                module's ltv_poe_hook (0 = none) */
	STACK_OF(X509) *certs;       /* SignedData certificates (borrowed) */
	STACK_OF(X509_CRL) *crls;    /* SignedData crls (borrowed) */
	/* results */
	bool crypto_valid;           /* digest + signature value + ESS */
	int profile;                 /* 0 none, 1..4 = P1..P4 */
	okc__cades_level level;
	bool format_ok;              /* no structural error was found */
	/* ltv (issue #5): what archive time-stamps hash (EN 319 122-1
	 * 5.5.3): the whole CMS as received and the signed content. */
	const unsigned char *cms_der;
	size_t cms_len;
	const unsigned char *content;
	size_t content_len;
	bool have_content;
	/* ltv: what its PoE hook and its ltv hook share for this signer
	 * (parsed certificate-values, verified signature time-stamps), so
	 * that nothing is parsed or verified twice; owned by the ltv module,
	 * released with ltv_free. */
	void *ltv;
	void (*ltv_free)(void *ltv);
} okc__cades_signer;

/**
 * The long-term validation hook.  Called once per signer that has signed
 * attributes and a signer certificate (any level: revocation concerns a
 * BES too), after the engine's own checks and before its counter-signatures.  It adds its reasons
 * to s->sig, sets the time-stamp time, updates the chain's revocation
 * status, and returns 1 when it verified every unsigned attribute the
 * level needs (the engine then marks the signature complete), 0 when it
 * could not (the engine keeps the signature INDETERMINATE), or a negative
 * okc_err when processing failed.  NULL until src/lib/ltv registers one in
 * cms.c (ltv_hook).
 */
typedef int (*okc__cades_ltv_fn)(okc__cades_signer *s);

/**
 * The proof-of-existence hook (ltv_poe_hook in cms.c), called before the
 * path is validated: it verifies the signature time-stamp(s) and sets
 * s->poe_time to the earliest proven time.  A path that then fails only by
 * expiry is validated again at that time (EN 319 102-1 5.6.2.4).  Returns
 * OKC_OK or a negative okc_err.
 */
typedef int (*okc__cades_poe_fn)(okc__cades_signer *s);

/* ---- attrs.c ---- */

/** Split a SET OF Attribute into attributes (bounded by `max`). */
int okc__cades_parse_attrs(const okc_der_tlv *set, okc__cades_attr **out,
                           size_t *n, size_t max);
/** The attribute with this OID, or NULL. */
const okc__cades_attr *okc__cades_find_attr(const okc__cades_attr *a,
                                            size_t n, const char *oid);
/** Dotted text of an OID TLV into buf; false if not an OID. */
bool okc__cades_oid_text(const okc_der_tlv *t, char *buf, size_t len);
/** Dotted OID of an AlgorithmIdentifier. */
bool okc__cades_alg_oid(const okc_der_tlv *alg, char *buf, size_t len,
                        okc_der_tlv *params);
/**
 * The DER (X.690 11.6) encoding of the signed attributes as a SET OF,
 * re-sorted.  *out is malloc'ed.  *changed tells whether it differs from the
 * received order.
 */
int okc__cades_sorted_attrs(const okc__cades_signer *s, unsigned char **out,
                            size_t *len, bool *changed);
/** Content-type, signing-time, duplicates, ESS binding (after the signer
 *  certificate is known). */
int okc__cades_check_signed_attrs(okc__cades_signer *s,
                                  const unsigned char *content_type_tlv,
                                  size_t content_type_len, bool *ess_ok);

/** An ASN.1 Time as seconds since the epoch (0 when unreadable). */
okc_time okc__cades_asn1_time(const ASN1_TIME *t);

/* ---- algo.c ---- */

/** The digest for a digest AlgorithmIdentifier, with policy reasons added
 *  to the signer.  NULL when unusable (reason added). */
const EVP_MD *okc__cades_digest_alg(okc__cades_signer *s,
                                    const okc_der_tlv *alg, const char *what);
/** Verify the signature value over `tbs` (and, if that fails and tbs2 is
 *  not NULL, over `tbs2`) with the signer key; adds key and algorithm
 *  policy reasons once.  *valid / *valid2 say which one verified. */
int okc__cades_verify_value(okc__cades_signer *s, const EVP_MD *dmd,
                            const unsigned char *tbs, size_t tbs_len,
                            const unsigned char *tbs2, size_t tbs2_len,
                            bool *valid, bool *valid2, bool *alg_usable);
/** Key size / curve policy for the signer key; adds reasons. */
int okc__cades_check_key(okc__cades_signer *s, EVP_PKEY *pkey);

/* ---- chain.c ---- */

#define OKC_CADES_MAX_PATH_ERRS 16

/** The result of one path validation (no reasons added). */
typedef struct okc__cades_path {
	bool ok;                  /* valid to a trust anchor */
	bool no_anchor;           /* no anchor is configured at all */
	bool crl_checked;
	int err[OKC_CADES_MAX_PATH_ERRS];   /* X509_V_ERR_* collected */
	int depth[OKC_CADES_MAX_PATH_ERRS];
	size_t n_err;
	bool revoked_at[64];
	STACK_OF(X509) *chain;    /* the path built, leaf first (own) */
	size_t n_unpinned;        /* store certificates refused by MANIFEST */
	const char *unpinned;     /* their fingerprints (borrowed) */
} okc__cades_path;

/**
 * Validate `leaf` at time `at` to the context's anchors, with `untrusted`
 * intermediates and optional CRLs (then every certificate below the anchor
 * must be covered).  Usable by the ltv module for TSA and OCSP responder
 * certificates.  Returns OKC_OK (whatever the result) or a negative code.
 */
int okc__cades_path_verify(okc_ctx *ctx, X509 *leaf, STACK_OF(X509) *untrusted,
                           STACK_OF(X509_CRL) *crls, okc_time at,
                           unsigned max_depth, okc__cades_path *out);
void okc__cades_path_clear(okc__cades_path *p);

/** Build and validate the signer's path at the report's validation time;
 *  adds CADES_CHAIN_* / CADES_CERT_* reasons and chain entries. */
int okc__cades_check_chain(okc__cades_signer *s);

/** The OKC_KIND_CERT verifier (certificate mode on one file). */
int okc__cades_verify_cert(okc_report *r, okc_ctx *ctx,
                           const unsigned char *data, size_t len,
                           const okc_verify_options *opts,
                           const okc_classification *cls);

/** ltv (issue #5): the context's trust store (borrowed; built on first
 *  use), so that time-stamp tokens are validated against the same anchors
 *  as signer paths. */
int okc__cades_trust_store(okc_ctx *ctx, X509_STORE **out);

/** The trust anchor whose DER encoding is exactly `der` (a new reference),
 *  or NULL: a root carried in certificate-values need not be parsed again
 *  (issue #9 profile). */
X509 *okc__cades_anchor_by_der(okc_ctx *ctx, const unsigned char *der,
                               size_t len);

/* ---- qc.c ---- */

/** Identity and qualified status of a certificate (strings owned). */
typedef struct okc__cades_ident {
	char *subject, *cn, *tckn, *vkn, *serial, *issuer;
	char fingerprint[65];   /* SHA-256, upper-case hex */
	int qualified;          /* 1, 0, -1 not determined (no valid path) */
	char why_not[160];      /* why not qualified, when qualified == 0 */
	char bad_id[64];        /* an identity number failing its checksum */
} okc__cades_ident;

/** `seal`: judge as an institution's qualified e-seal instead of a
 *  person's qualified e-signature. */
int okc__cades_ident_get(X509 *cert, bool chain_ok, bool seal,
                         okc__cades_ident *id);
void okc__cades_ident_free(okc__cades_ident *id);

/** Fill the signer identity and the qualified status of s->cert. */
int okc__cades_signer_identity(okc__cades_signer *s);

/* ---- policy.c ---- */

/** EPES policy, Turkish profile rules, and the detected level. */
int okc__cades_check_policy_and_level(okc__cades_signer *s);
/** Name of a level ("CAdES-BES" ...). */
const char *okc__cades_level_name(okc__cades_level l);

/* ---- cms.c ---- */

int okc__cades_verify_cms(okc_report *r, okc_ctx *ctx,
                          const unsigned char *data, size_t len,
                          const okc_verify_options *opts,
                          const okc_classification *cls);
int okc__cades_verify_embedded(okc_report *r, okc_ctx *ctx,
                               const unsigned char *der, size_t len,
                               const unsigned char *content,
                               size_t content_len, const char *role);
int okc__cades_extract(okc_ctx *ctx, const unsigned char *data, size_t len,
                       okc__inner_docs *out);

/** The engine over one CMS blob; `expected` (may be NULL) is the content
 *  the signature must cover (detached or attached). */
int okc__cades_verify(okc_report *r, okc_ctx *ctx, const unsigned char *der,
                      size_t len, const unsigned char *detached,
                      size_t detached_len, bool have_detached,
                      bool content_must_match, const char *role);

/* OIDs used across the engine (RFC 5652, RFC 5035, EN 319 122-1). */
#define OKC_OID_CONTENT_TYPE     "1.2.840.113549.1.9.3"
#define OKC_OID_MESSAGE_DIGEST   "1.2.840.113549.1.9.4"
#define OKC_OID_SIGNING_TIME     "1.2.840.113549.1.9.5"
#define OKC_OID_COUNTERSIGNATURE "1.2.840.113549.1.9.6"
#define OKC_OID_SIGNING_CERT     "1.2.840.113549.1.9.16.2.12"
#define OKC_OID_SIGNING_CERT_V2  "1.2.840.113549.1.9.16.2.47"
#define OKC_OID_SIG_POLICY_ID    "1.2.840.113549.1.9.16.2.15"
#define OKC_OID_CONTENT_HINTS    "1.2.840.113549.1.9.16.2.4"
#define OKC_OID_SIG_TIMESTAMP    "1.2.840.113549.1.9.16.2.14"
#define OKC_OID_CERT_REFS        "1.2.840.113549.1.9.16.2.21"
#define OKC_OID_REV_REFS         "1.2.840.113549.1.9.16.2.22"
#define OKC_OID_CERT_VALUES      "1.2.840.113549.1.9.16.2.23"
#define OKC_OID_REV_VALUES       "1.2.840.113549.1.9.16.2.24"
#define OKC_OID_ESC_TIMESTAMP    "1.2.840.113549.1.9.16.2.25"
#define OKC_OID_CERT_CRL_TS      "1.2.840.113549.1.9.16.2.26"
#define OKC_OID_ARCHIVE_TS       "1.2.840.113549.1.9.16.2.27"
#define OKC_OID_ARCHIVE_TS_V2    "1.2.840.113549.1.9.16.2.48"
#define OKC_OID_ARCHIVE_TS_V3    "0.4.0.1733.2.4"
#define OKC_OID_SPURI            "1.2.840.113549.1.9.16.5.1"

#endif /* OKC_CADES_H */
