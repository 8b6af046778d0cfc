/*
 * okc/ltv.h - trust anchors and revocation data kept by the operator
 * (the API behind the okc-trust command).
 *
 * Trust store: a directory of anchor certificates (PEM or DER) with a
 * `MANIFEST` file pinning each production anchor by SHA-256:
 *     SHA256HEX  FILE  [NAME...] [role]   (role: nes | seal | tsa | ssl;
 *     without one, "kurumsal" roots are seal and the others nes)
 * Revocation cache: CRLs (with persistent indexes) and OCSP responses under
 * the cache directory ($OKC_CACHE_DIR, else <state dir>/cache).
 *
 * Not done here: the anchors' own revocation, trusted-list (TSL) parsing,
 * LDAP distribution points, delta CRLs.
 */
#ifndef OKC_LTV_PUBLIC_H
#define OKC_LTV_PUBLIC_H

#include <okc/common.h>
#include <okc/context.h>

OKC_BEGIN_DECLS

/** One anchor as seen by import or list.  Borrowed view. */
typedef struct okc_anchor_info {
	const char *sha256;      /**< upper-case hex of the DER certificate */
	const char *name;        /**< manifest name, or NULL when not pinned */
	const char *role;        /**< manifest role, or NULL */
	const char *subject;     /**< RFC 2253 subject, or NULL */
	okc_time not_before, not_after;
	const char *file;        /**< certificate file, or NULL when absent */
	int pinned;              /**< 1 when the SHA-256 is in the manifest */
	int accepted;            /**< import: 1 written to the store */
	const char *note;        /**< why not accepted / extra facts, or "" */
} okc_anchor_info;

typedef void (*okc_anchor_cb)(void *arg, const okc_anchor_info *a);

/**
 * Import anchors from Kamu SM's certificate depot XML (SertifikaDeposu.xml:
 * each `koksertifika` element's `mValue` is a base64 DER certificate).
 * Only certificates whose SHA-256 is pinned in `<store_dir>/MANIFEST` are
 * written (as `<store_dir>/<FILE>`, atomically); every certificate is
 * reported through `cb`.  The XML is read without network access and
 * without entity expansion, within the context's XML limits.
 * @return OKC_OK, OKC_EIO, OKC_EFORMAT (not a depot), OKC_ETRUST (no
 *         manifest), OKC_ETOOLARGE, OKC_ENOMEM.
 */
OKC_API int okc_trust_import_depot(okc_ctx *ctx, const char *xml_path,
                                   const char *store_dir, okc_anchor_cb cb,
                                   void *arg);

/**
 * Report every anchor of a store: certificate files (pinned or not) and
 * manifest entries with no certificate installed (file NULL).
 * @return the number of problems found (unpinned or unreadable files), or
 *         a negative error.
 */
OKC_API int okc_trust_list(okc_ctx *ctx, const char *store_dir,
                           okc_anchor_cb cb, void *arg);

/** The revocation cache directory in use.  Borrowed. */
OKC_API const char *okc_cache_directory(void);

/**
 * Add a CRL file (DER or PEM) to the cache.  With `issuer_path` (the CA
 * certificate) the CRL's signature is verified and its index built now;
 * otherwise at first use.  `name` (may be NULL) receives the cache name.
 */
OKC_API int okc_cache_add_crl(okc_ctx *ctx, const char *crl_path,
                              const char *issuer_path, char *name,
                              size_t name_len);

/** Add an OCSP response file (OCSPResponse or BasicOCSPResponse, DER). */
OKC_API int okc_cache_add_ocsp(okc_ctx *ctx, const char *path, char *name,
                               size_t name_len);

/** One line of `refresh` / `check` output. */
typedef void (*okc_cache_cb)(void *arg, const char *item, int ok,
                             const char *detail);

/**
 * Re-fetch the cached CRLs that are past nextUpdate (at the context's
 * validation time) from the URL they were fetched from.  OKC_EUNSUPPORTED
 * when the context is offline.  @return number of failures or an error.
 */
OKC_API int okc_cache_refresh(okc_ctx *ctx, okc_cache_cb cb, void *arg);

/**
 * Check the cache: every CRL parses and its index opens (a corrupt or stale
 * index is reported and removed so that it is rebuilt), every OCSP response
 * parses.  @return number of problems, or a negative error.
 */
OKC_API int okc_cache_check(okc_ctx *ctx, okc_cache_cb cb, void *arg);

/**
 * Revocation status of the certificate in `cert_path` issued by the one in
 * `issuer_path` at time `at` (0 = validation time), from the cache and,
 * unless offline, online sources.  `status` gets "good", "revoked",
 * "unknown", "missing", "stale", "bad-signature" or "malformed".
 */
OKC_API int okc_revocation_status(okc_ctx *ctx, const char *cert_path,
                                  const char *issuer_path, okc_time at,
                                  char *status, size_t status_len,
                                  char *detail, size_t detail_len);

OKC_END_DECLS

#endif /* OKC_LTV_PUBLIC_H */
