/*
 * chain.c - trust anchors, path building and validation (RFC 5280 6),
 * and the certificate mode (okc/cades.h).
 *
 * Anchors come from the trust-store directory (unless disabled) and from
 * the files added with okc_ctx_add_anchor().  When the directory holds a
 * MANIFEST (lines "SHA256-HEX  file  name"), only certificates whose
 * SHA-256 is pinned there are trusted: a file dropped into the store by
 * mistake or by an attacker does not become a root.  The X509_STORE is
 * built once per context and cached in ctx->trust_cache.
 *
 * Path validation uses OpenSSL's X509_verify_cert with: the validation time
 * set explicitly (never the wall clock implicitly), a depth cap from the
 * limits, no X509_V_FLAG_PARTIAL_CHAIN (an intermediate is never an anchor
 * by accident), and every X509_V_ERR_* collected and mapped to our reasons
 * so the report says all that is wrong, with the path that was built.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <okc/cades.h>

#include "cades/cades.h"

#define MAX_CERT_FILE (4u << 20)   /* one anchor / intermediate file */
#define MAX_STORE_FILES 1024

typedef struct anchor_der {
	X509 *x;              /* the store's object (own reference) */
	unsigned char *der;
	size_t len;
} anchor_der;

typedef struct trust_cache {
	X509_STORE *store;
	size_t n_anchors;
	char unpinned[512];   /* names of certificates refused by the manifest */
	size_t n_unpinned;
	anchor_der *der;      /* the anchors' encodings (okc__cades_anchor_by_der) */
	size_t n_der, cap_der;
} trust_cache;

static void trust_cache_free(void *p)
{
	trust_cache *t = p;
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n_der; i++) {
		X509_free(t->der[i].x);
		OPENSSL_free(t->der[i].der);
	}
	free(t->der);
	X509_STORE_free(t->store);
	free(t);
}

/* Certificates of a PEM (several allowed) or DER buffer. */
static int parse_certs(const unsigned char *data, size_t len,
                       STACK_OF(X509) *out)
{
	int n = 0;
	if (len > INT32_MAX)
		return OKC_ETOOLARGE;
	BIO *b = BIO_new_mem_buf(data, (int)len);
	if (b == NULL)
		return OKC_ENOMEM;
	X509 *x;
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			BIO_free(b);
			return OKC_ENOMEM;
		}
		n++;
	}
	BIO_free(b);
	ERR_clear_error();
	if (n == 0) {
		const unsigned char *p = data;
		x = d2i_X509(NULL, &p, (long)len);
		if (x != NULL && p == data + len) {
			if (!sk_X509_push(out, x)) {
				X509_free(x);
				return OKC_ENOMEM;
			}
			n++;
		} else {
			X509_free(x);
		}
		ERR_clear_error();
	}
	return n > 0 ? OKC_OK : OKC_EFORMAT;
}

static int load_cert_file(okc_ctx *ctx, const char *path, STACK_OF(X509) *out)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = okc__read_file(ctx, path, MAX_CERT_FILE, &data, &len);
	if (rc < 0)
		return rc;
	rc = parse_certs(data, len, out);
	free(data);
	if (rc == OKC_EFORMAT)
		return okc__error(ctx, OKC_EFORMAT, "%s: no certificate in it",
		                  path);
	return rc;
}

/* MANIFEST of the trust store: upper/lower-case SHA-256 hex first on each
 * line; '#' comments.  Returns the number of pins, -1 without a manifest. */
static long load_manifest(const char *dir, char (**pins)[65])
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return -1;
	char line[1024];
	size_t n = 0, cap = 0;
	*pins = NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char hex[65];
		size_t i = 0;
		while (line[i] == ' ' || line[i] == '\t')
			i++;
		if (line[i] == '#' || line[i] == '\n' || line[i] == '\0')
			continue;
		size_t k = 0;
		while (k < 64 && ((line[i] >= '0' && line[i] <= '9') ||
		                  (line[i] >= 'a' && line[i] <= 'f') ||
		                  (line[i] >= 'A' && line[i] <= 'F'))) {
			char c = line[i++];
			hex[k++] = (c >= 'a' && c <= 'f') ? (char)(c - 32) : c;
		}
		hex[k] = '\0';
		if (k != 64)
			continue;
		if (okc__grow((void **)pins, &cap, n + 1, sizeof(**pins)) < 0)
			break;
		memcpy((*pins)[n++], hex, 65);
	}
	fclose(fp);
	return (long)n;
}

static bool cert_suffix(const char *name)
{
	return okc__has_suffix_ci(name, ".pem") ||
	       okc__has_suffix_ci(name, ".crt") ||
	       okc__has_suffix_ci(name, ".cer") ||
	       okc__has_suffix_ci(name, ".der");
}

static int add_anchor(okc_ctx *ctx, trust_cache *t, X509 *x,
                      char (*pins)[65], long n_pins)
{
	if (n_pins >= 0) {
		unsigned char md[32];
		unsigned int ml = 0;
		char hex[65];
		bool pinned = false;
		if (X509_digest(x, EVP_sha256(), md, &ml) != 1)
			return okc__error_ossl(ctx, OKC_ECRYPTO, "digest");
		okc__hex(hex, md, 32, true);
		for (long i = 0; i < n_pins && !pinned; i++)
			pinned = strcmp(pins[i], hex) == 0;
		if (!pinned) {
			size_t l = strlen(t->unpinned);
			if (l + 70 < sizeof(t->unpinned))
				snprintf(t->unpinned + l, sizeof(t->unpinned) - l,
				         "%s%s", l ? ", " : "", hex);
			t->n_unpinned++;
			return OKC_OK;
		}
	}
	if (X509_STORE_add_cert(t->store, x) != 1) {
		/* a duplicate is harmless */
		ERR_clear_error();
		return OKC_OK;
	}
	t->n_anchors++;
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	if (n <= 0 || okc__grow((void **)&t->der, &t->cap_der, t->n_der + 1,
	                        sizeof(*t->der)) < 0) {
		OPENSSL_free(der);
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	}
	X509_up_ref(x);
	t->der[t->n_der++] = (anchor_der){ x, der, (size_t)n };
	return OKC_OK;
}

static int load_dir(okc_ctx *ctx, trust_cache *t, const char *dir)
{
	char (*pins)[65] = NULL;
	long n_pins = load_manifest(dir, &pins);
	DIR *d = opendir(dir);
	int rc = OKC_OK;
	size_t files = 0;
	if (d == NULL) {
		free(pins);
		return OKC_OK; /* no store installed: no default anchors */
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL && files < MAX_STORE_FILES) {
		char path[4096];
		struct stat st;
		if (e->d_name[0] == '.' || !cert_suffix(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		files++;
		STACK_OF(X509) *certs = sk_X509_new_null();
		if (certs == NULL) {
			rc = OKC_ENOMEM;
			break;
		}
		/* An unreadable file in the store is skipped: one bad file must
		 * not disable every other anchor. */
		if (load_cert_file(ctx, path, certs) == OKC_OK)
			for (int i = 0; i < sk_X509_num(certs) && rc == OKC_OK; i++)
				rc = add_anchor(ctx, t, sk_X509_value(certs, i),
				                pins, n_pins);
		sk_X509_pop_free(certs, X509_free);
		if (rc < 0)
			break;
	}
	closedir(d);
	free(pins);
	return rc;
}

/* The context's trust store, built on first use. */
static int get_trust(okc_ctx *ctx, trust_cache **out)
{
	int rc = OKC_OK;
	trust_cache *t = NULL;
	if (ctx->trust_cache != NULL &&
	    ctx->trust_cache_free == trust_cache_free) {
		*out = ctx->trust_cache;
		return OKC_OK;
	}
	t = calloc(1, sizeof(*t));
	OKC_ENSURE(ctx, t != NULL, OKC_ENOMEM, "out of memory");
	t->store = X509_STORE_new();
	OKC_ENSURE(ctx, t->store != NULL, OKC_ENOMEM, "out of memory");
	const char *dir = okc_ctx_trust_store(ctx);
	if (dir != NULL)
		OKC_GUARD(load_dir(ctx, t, dir));
	for (size_t i = 0; i < okc_ctx_anchor_count(ctx); i++) {
		STACK_OF(X509) *certs = sk_X509_new_null();
		OKC_ENSURE(ctx, certs != NULL, OKC_ENOMEM, "out of memory");
		rc = load_cert_file(ctx, okc_ctx_anchor(ctx, i), certs);
		/* Anchors named explicitly are trusted as given (no pin). */
		for (int k = 0; rc == OKC_OK && k < sk_X509_num(certs); k++)
			rc = add_anchor(ctx, t, sk_X509_value(certs, k), NULL, -1);
		sk_X509_pop_free(certs, X509_free);
		if (rc == OKC_EFORMAT)
			rc = OKC_EIO; /* the caller named a file that is no cert */
		OKC_GUARD(rc);
	}
	if (ctx->trust_cache != NULL && ctx->trust_cache_free != NULL)
		ctx->trust_cache_free(ctx->trust_cache);
	ctx->trust_cache = t;
	ctx->trust_cache_free = trust_cache_free;
	*out = t;
	t = NULL;
out:
	trust_cache_free(t);
	return rc;
}

/* ltv (issue #5): the same store for time-stamp authorities. */
int okc__cades_trust_store(okc_ctx *ctx, X509_STORE **out)
{
	trust_cache *t = NULL;
	int rc = get_trust(ctx, &t);
	*out = rc == OKC_OK ? t->store : NULL;
	return rc;
}

X509 *okc__cades_anchor_by_der(okc_ctx *ctx, const unsigned char *der,
                               size_t len)
{
	trust_cache *t = NULL;
	if (get_trust(ctx, &t) != OKC_OK)
		return NULL;
	for (size_t i = 0; i < t->n_der; i++)
		if (t->der[i].len == len && memcmp(t->der[i].der, der, len) == 0 &&
		    X509_up_ref(t->der[i].x) == 1)
			return t->der[i].x;
	return NULL;
}

/* ---- X509_V_ERR_* to our reasons ---- */

static okc_reason_id map_verify_error(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return OKC_R_CADES_CERT_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return OKC_R_CADES_CERT_NOT_YET_VALID;
	case X509_V_ERR_CERT_REVOKED:
		return OKC_R_CADES_CERT_REVOKED;
	case X509_V_ERR_UNABLE_TO_GET_CRL:
	case X509_V_ERR_CRL_HAS_EXPIRED:
	case X509_V_ERR_CRL_NOT_YET_VALID:
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
	case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
	case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
	case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
	case X509_V_ERR_DIFFERENT_CRL_SCOPE:
	case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
	case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
		return OKC_R_CADES_CRL_UNUSABLE;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
	case X509_V_ERR_CERT_REJECTED:
		return OKC_R_CADES_CHAIN_UNTRUSTED;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		return OKC_R_CADES_CHAIN_SIGNATURE_INVALID;
	case X509_V_ERR_CERT_CHAIN_TOO_LONG:
		return OKC_R_CADES_CHAIN_TOO_LONG;
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
	case X509_V_ERR_INVALID_PURPOSE:
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
	case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
	case X509_V_ERR_INVALID_EXTENSION:
	case X509_V_ERR_INVALID_POLICY_EXTENSION:
	case X509_V_ERR_NO_EXPLICIT_POLICY:
	case X509_V_ERR_PERMITTED_VIOLATION:
	case X509_V_ERR_EXCLUDED_VIOLATION:
	case X509_V_ERR_SUBTREE_MINMAX:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX:
	case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
	case X509_V_ERR_INVALID_NON_CA:
	case X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED:
	case X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED:
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
	case X509_V_ERR_CA_MD_TOO_WEAK:
		return OKC_R_CADES_CHAIN_CONSTRAINTS;
	default:
		return OKC_R_CADES_CHAIN_ERROR;
	}
}

static int verify_cb(int ok, X509_STORE_CTX *x)
{
	okc__cades_path *ve = X509_STORE_CTX_get_app_data(x);
	if (ok || ve == NULL)
		return ok;
	int err = X509_STORE_CTX_get_error(x);
	int depth = X509_STORE_CTX_get_error_depth(x);
	if (err == X509_V_ERR_CERT_REVOKED && depth >= 0 &&
	    depth < OKC_CADES_MAX_PATH_ERRS * 4)
		ve->revoked_at[depth] = true;
	for (size_t i = 0; i < ve->n_err; i++)
		if (ve->err[i] == err && ve->depth[i] == depth)
			return 1;
	if (ve->n_err < OKC_CADES_MAX_PATH_ERRS) {
		ve->err[ve->n_err] = err;
		ve->depth[ve->n_err] = depth;
		ve->n_err++;
	}
	/* Keep going: the report lists every problem of the path and the
	 * path itself; the verdict comes from the collected errors, never
	 * from this return value. */
	return 1;
}

void okc__cades_path_clear(okc__cades_path *p)
{
	sk_X509_pop_free(p->chain, X509_free);
	memset(p, 0, sizeof(*p));
}

int okc__cades_path_verify(okc_ctx *ctx, X509 *leaf, STACK_OF(X509) *untrusted,
                           STACK_OF(X509_CRL) *crls, okc_time at,
                           unsigned max_depth, okc__cades_path *out)
{
	trust_cache *t = NULL;
	X509_STORE_CTX *x = NULL;
	int rc = OKC_OK;
	memset(out, 0, sizeof(*out));
	OKC_GUARD(get_trust(ctx, &t));
	out->n_unpinned = t->n_unpinned;
	out->unpinned = t->unpinned;
	out->no_anchor = t->n_anchors == 0;
	x = X509_STORE_CTX_new();
	OKC_ENSURE(ctx, x != NULL, OKC_ENOMEM, "out of memory");
	OKC_GUARD_OSSL(ctx, X509_STORE_CTX_init(x, t->store, leaf, untrusted),
	               "X509_STORE_CTX_init");
	X509_STORE_CTX_set_app_data(x, out);
	X509_STORE_CTX_set_verify_cb(x, verify_cb);
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(x);
	/* The validation time is explicit (a report must not depend on when
	 * it was computed unless the caller asked for "now"). */
	X509_VERIFY_PARAM_set_time(vp, (time_t)at);
	/* OpenSSL's depth counts intermediates only: leaf and anchor are
	 * not included. */
	if (max_depth < 2)
		max_depth = 2;
	X509_VERIFY_PARAM_set_depth(vp, (int)max_depth - 2);
	out->crl_checked = crls != NULL && sk_X509_CRL_num(crls) > 0;
	if (out->crl_checked) {
		X509_STORE_CTX_set0_crls(x, crls);
		X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_CRL_CHECK |
		                                X509_V_FLAG_CRL_CHECK_ALL);
	}
	int v = X509_verify_cert(x);
	ERR_clear_error();
	if (v != 1 && out->n_err == 0) {
		out->err[0] = X509_STORE_CTX_get_error(x);
		out->depth[0] = 0;
		out->n_err = 1;
	}
	out->ok = out->n_err == 0 && v == 1 && !out->no_anchor;
	out->chain = X509_STORE_CTX_get1_chain(x);
out:
	X509_STORE_CTX_free(x);
	return rc;
}

/* Where the chain goes: a signature's entries, or a JSON array. */
typedef struct chain_sink {
	okc_signature *sig;
	okc_report *report;
	json_t *json;
} chain_sink;

static int sink_reason(chain_sink *k, okc_reason_id id, const char *detail)
{
	if (k->sig != NULL)
		return okc__signature_add_reason(k->sig, id, "%s", detail);
	return okc__report_add_reason(k->report, id, "%s", detail);
}

static json_t *time_json(okc_time t)
{
	char buf[32];
	if (t == 0 || okc_time_format(buf, sizeof(buf), t) != OKC_OK)
		return json_null();
	return json_string(buf);
}

static int add_chain_entry(chain_sink *k, X509 *x, const char *rev,
                           const char *src)
{
	okc__cades_ident id;
	int rc = okc__cades_ident_get(x, false, false, &id);
	if (rc < 0)
		return rc;
	okc_chain_entry e = {
		.subject = id.subject, .issuer = id.issuer,
		.fingerprint_sha256 = id.fingerprint,
		.not_before = okc__cades_asn1_time(X509_get0_notBefore(x)),
		.not_after = okc__cades_asn1_time(X509_get0_notAfter(x)),
		.revocation_status = rev, .revocation_source = src,
	};
	if (k->sig != NULL) {
		rc = okc__signature_add_chain(k->sig, &e);
	} else {
		json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s}",
			"subject", e.subject, "issuer", e.issuer,
			"fingerprint_sha256", e.fingerprint_sha256,
			"not_before", time_json(e.not_before),
			"not_after", time_json(e.not_after),
			"revocation_status", rev, "revocation_source", src);
		rc = (o != NULL && json_array_append_new(k->json, o) == 0)
		             ? OKC_OK : OKC_ENOMEM;
	}
	okc__cades_ident_free(&id);
	return rc;
}

static bool report_has(const okc_report *r, const char *code)
{
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		if (strcmp(okc_report_reason(r, i)->code, code) == 0)
			return true;
	return false;
}

/* Report a path result: reasons and chain entries into the sink. */
static int report_path(chain_sink *k, okc_report *r, const okc__cades_path *p)
{
	int rc = OKC_OK;
	if (p->n_unpinned > 0 &&
	    !report_has(r, "CADES_TRUST_ANCHOR_NOT_PINNED"))
		OKC_GUARD(okc__report_add_reason(r,
			OKC_R_CADES_TRUST_ANCHOR_NOT_PINNED, "SHA-256 %s",
			p->unpinned));
	bool untrusted_added = p->no_anchor;
	if (p->no_anchor)
		OKC_GUARD(sink_reason(k, OKC_R_CADES_CHAIN_UNTRUSTED,
		                      "no trust anchor is configured"));
	for (size_t i = 0; i < p->n_err; i++) {
		okc_reason_id id = map_verify_error(p->err[i]);
		if (id == OKC_R_CADES_CHAIN_UNTRUSTED) {
			if (untrusted_added)
				continue;
			untrusted_added = true;
		}
		char detail[256];
		snprintf(detail, sizeof(detail), "%s (certificate at depth %d)",
		         X509_verify_cert_error_string(p->err[i]), p->depth[i]);
		OKC_GUARD(sink_reason(k, id, detail));
	}
	for (int i = 0; p->chain != NULL && i < sk_X509_num(p->chain); i++) {
		X509 *c = sk_X509_value(p->chain, i);
		bool anchor = i == sk_X509_num(p->chain) - 1 && p->ok;
		const char *status = "not_checked", *src = "none";
		if (p->crl_checked && !anchor) {
			status = i < (int)sizeof(p->revoked_at) && p->revoked_at[i]
			         ? "revoked" : p->ok ? "good" : "unknown";
			src = "cache";
		}
		OKC_GUARD(add_chain_entry(k, c, status, src));
	}
out:
	return rc;
}

/* Only expiry stands between the path and a pass. */
static bool only_expired(const okc__cades_path *p)
{
	if (p->n_err == 0 || p->no_anchor)
		return false;
	for (size_t i = 0; i < p->n_err; i++)
		if (p->err[i] != X509_V_ERR_CERT_HAS_EXPIRED)
			return false;
	return true;
}

int okc__cades_check_chain(okc__cades_signer *s)
{
	chain_sink k = { .sig = s->sig, .report = s->report, .json = NULL };
	okc__cades_path p, past;
	unsigned depth = okc_ctx_limits(s->ctx)->max_chain_depth;
	int rc = OKC_OK;
	memset(&past, 0, sizeof(past));
	s->chain_ok = false;
	s->path_time = okc_report_validation_time(s->report);
	OKC_GUARD(okc__cades_path_verify(s->ctx, s->cert, s->certs, NULL,
	                                 s->path_time, depth, &p));
	/*
	 * EN 319 102-1 5.6.2.4 (past signature validation): a path that fails
	 * only because a certificate has expired since is validated at the
	 * proof of existence of the signature, when the ltv module proved one
	 * (a verified signature time-stamp).
	 */
	if (!p.ok && s->poe_time != 0 && s->poe_time < s->path_time &&
	    only_expired(&p)) {
		OKC_GUARD(okc__cades_path_verify(s->ctx, s->cert, s->certs,
		                                 NULL, s->poe_time, depth, &past));
		if (past.ok) {
			okc__cades_path_clear(&p);
			p = past;
			memset(&past, 0, sizeof(past));
			s->path_time = s->poe_time;
			char t[32];
			okc_time_format(t, sizeof(t), s->poe_time);
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_PATH_VALIDATED_AT_POE, "%s", t));
		}
	}
	OKC_GUARD(report_path(&k, s->report, &p));
	s->chain_ok = p.ok;
	s->chain = p.chain;
	p.chain = NULL;
out:
	okc__cades_path_clear(&p);
	okc__cades_path_clear(&past);
	return rc;
}

/* ---- certificate mode ---- */

static int load_crl_file(okc_ctx *ctx, const char *path,
                         STACK_OF(X509_CRL) *out)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_crl_size,
	                        &data, &len);
	if (rc < 0)
		return rc == OKC_ETOOLARGE
		       ? okc__error(ctx, OKC_EIO, "%s: CRL over the size limit", path)
		       : rc;
	int n = 0;
	BIO *b = BIO_new_mem_buf(data, (int)len);
	X509_CRL *c;
	while (b != NULL && (c = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_CRL_push(out, c)) {
			X509_CRL_free(c);
			break;
		}
		n++;
	}
	BIO_free(b);
	ERR_clear_error();
	if (n == 0) {
		const unsigned char *p = data;
		c = d2i_X509_CRL(NULL, &p, (long)len);
		if (c != NULL && sk_X509_CRL_push(out, c))
			n++;
		else
			X509_CRL_free(c);
		ERR_clear_error();
	}
	free(data);
	return n > 0 ? OKC_OK : okc__error(ctx, OKC_EIO, "%s: no CRL in it", path);
}

static int cert_mode(okc_report *r, okc_ctx *ctx, const unsigned char *data,
                     size_t len, const okc_cert_options *opts)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
	okc__cades_ident id;
	json_t *sec = NULL, *chain = NULL;
	int rc = OKC_OK;
	bool ok = false;
	memset(&id, 0, sizeof(id));
	OKC_ENSURE(ctx, certs != NULL && crls != NULL, OKC_ENOMEM, "out of memory");
	rc = parse_certs(data, len, certs);
	if (rc == OKC_EFORMAT) {
		rc = okc__report_add_reason(r, OKC_R_CADES_MALFORMED,
		                            "not an X.509 certificate");
		goto out;
	}
	OKC_GUARD(rc);
	for (size_t i = 0; opts != NULL && i < opts->n_untrusted; i++) {
		rc = load_cert_file(ctx, opts->untrusted[i], certs);
		/* a named file that holds no certificate is the caller's
		 * input error, like an unreadable one */
		OKC_GUARD(rc == OKC_EFORMAT ? OKC_EIO : rc);
	}
	for (size_t i = 0; opts != NULL && i < opts->n_crls; i++)
		OKC_GUARD(load_crl_file(ctx, opts->crls[i], crls));
	X509 *leaf = sk_X509_value(certs, 0);
	chain = json_array();
	OKC_ENSURE(ctx, chain != NULL, OKC_ENOMEM, "out of memory");
	chain_sink k = { .sig = NULL, .report = r, .json = chain };
	unsigned depth = opts && opts->max_depth ? opts->max_depth
	                 : okc_ctx_limits(ctx)->max_chain_depth;
	okc__cades_path path;
	OKC_GUARD(okc__cades_path_verify(ctx, leaf, certs, crls,
	                                 okc_report_validation_time(r), depth,
	                                 &path));
	rc = report_path(&k, r, &path);
	ok = path.ok;
	okc__cades_path_clear(&path);
	OKC_GUARD(rc);
	OKC_GUARD(okc__cades_ident_get(leaf, ok, false, &id));
	if (id.bad_id[0])
		OKC_GUARD(okc__report_add_reason(r,
			OKC_R_CADES_SUBJECT_ID_INVALID, "%s", id.bad_id));
	/* Qualification is a property of end-entity certificates. */
	if (id.qualified == 0 && X509_check_ca(leaf) == 0)
		OKC_GUARD(okc__report_add_reason(r, OKC_R_CADES_NOT_QUALIFIED,
		                                 "%s", id.why_not));
	if (sk_X509_CRL_num(crls) == 0)
		OKC_GUARD(okc__report_add_reason(r,
			OKC_R_CADES_REVOCATION_NOT_CHECKED, "no CRL was given"));
	sec = json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:o, s:o, s:o}",
		"subject", id.subject, "common_name", id.cn, "tckn", id.tckn,
		"vkn", id.vkn, "serial", id.serial, "issuer", id.issuer,
		"fingerprint_sha256", id.fingerprint,
		"qualified", id.qualified < 0 || X509_check_ca(leaf) ? json_null()
		                              : json_boolean(id.qualified),
		"path_valid", json_boolean(ok), "chain", chain);
	chain = NULL;
	OKC_ENSURE(ctx, sec != NULL, OKC_ENOMEM, "out of memory");
	rc = okc__report_set_section(r, "certificate", sec);
	sec = NULL;
out:
	okc__cades_ident_free(&id);
	json_decref(chain);
	json_decref(sec);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	return rc;
}

int okc__cades_verify_cert(okc_report *r, okc_ctx *ctx,
                           const unsigned char *data, size_t len,
                           const okc_verify_options *vopts,
                           const okc_classification *cls)
{
	return cert_mode(r, ctx, data, len, NULL);
}

int okc_cert_verify_mem(okc_report **out, okc_ctx *ctx, const char *name,
                        const void *data, size_t len,
                        const okc_cert_options *opts)
{
	int rc = OKC_OK;
	okc_report *r = NULL;
	if (out == NULL || ctx == NULL || (data == NULL && len > 0))
		return okc__error(ctx, OKC_EINVAL, "okc_cert_verify_mem: bad arguments");
	*out = NULL;
	if (opts != NULL && opts->version != OKC_CERT_OPTIONS_VERSION)
		return okc__error(ctx, OKC_EINVAL, "unknown certificate options version");
	r = okc__report_new(ctx, name, "certificate");
	OKC_ENSURE(ctx, r != NULL, OKC_ENOMEM, "out of memory");
	if (len == 0)
		OKC_GUARD(okc__report_add_reason(r, OKC_R_CORE_EMPTY_INPUT, NULL));
	else
		OKC_GUARD(cert_mode(r, ctx, data, len, opts));
	okc__report_finalize(r);
	*out = r;
	r = NULL;
out:
	okc_report_free(r);
	return rc;
}

int okc_cert_verify_file(okc_report **out, okc_ctx *ctx, const char *path,
                         const okc_cert_options *opts)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (out == NULL || ctx == NULL || path == NULL)
		return okc__error(ctx, OKC_EINVAL, "okc_cert_verify_file: bad arguments");
	*out = NULL;
	int rc = okc__read_file(ctx, path, MAX_CERT_FILE, &data, &len);
	if (rc < 0)
		return rc == OKC_ETOOLARGE ? okc__error(ctx, OKC_EIO,
			"%s: larger than a certificate file can be", path) : rc;
	rc = okc_cert_verify_mem(out, ctx, path, data, len, opts);
	free(data);
	return rc;
}
