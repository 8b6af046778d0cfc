/*
 * cache.c - the operator's revocation cache.
 *
 * Layout under the cache directory ($OKC_CACHE_DIR, else <state dir>/cache):
 *   crl/<I>-<N>.crl      a CRL as received (DER); I = first 8 bytes of the
 *                        SHA-256 of the issuer Name (hex), N = CRL number
 *                        (hex) or "t<thisUpdate>" without one
 *   crl/<I>-<N>.crl.idx  its index (crlindex.c), built with the issuer key
 *   crl/<I>-<N>.url      where it was fetched from (for `okc-trust refresh`)
 *   ocsp/<S>-<H>.der     an OCSPResponse; S = certificate serial (hex),
 *                        H = first 8 bytes of its SHA-256
 * Files are written atomically (temporary name, fsync, rename).  Nothing in
 * the cache is trusted: every CRL index is bound to the key that verified
 * the CRL and is rebuilt when it is corrupt, older than its CRL or made
 * with another key; every OCSP response is verified at each use.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/der.h"
#include "ltv/ltv.h"

#ifndef OKC_DEFAULT_STATE_DIR
#define OKC_DEFAULT_STATE_DIR "/var/lib/okc-intake"
#endif

/* snprintf into a path buffer; -1 when it does not fit. */
int okc__pathf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r < 0 || (size_t)r >= n ? -1 : 0;
}

const char *okc__cache_dir(void)
{
	/* Bounded to 3000 bytes so that every path built below it (file
	 * names are at most 255 bytes) fits the 4096+ byte buffers. */
	static char buf[3008];
	const char *e = getenv("OKC_CACHE_DIR");
	int r;
	if (e != NULL && e[0] != '\0')
		r = okc__pathf(buf, 3000, "%s", e);
	else {
		e = getenv("OKC_STATE_DIR");
		r = okc__pathf(buf, 3000, "%s/cache",
		               e != NULL && e[0] != '\0' ? e : OKC_DEFAULT_STATE_DIR);
	}
	return r == 0 ? buf : "/nonexistent/okc-cache-dir-too-long";
}

static int mkdirs(const char *path)
{
	char tmp[4096];
	if (okc__pathf(tmp, sizeof(tmp), "%s", path) != 0)
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Write `data` to `path` atomically. */
static int write_atomic(okc_ctx *ctx, const char *path, const unsigned char *data,
                        size_t len)
{
	char tmp[4200];
	int fd, rc = OKC_OK;
	okc__pathf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return okc__error(ctx, OKC_EIO, "cannot create %s: %s", tmp, strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = okc__error(ctx, OKC_EIO, "cannot write %s: %s", tmp, strerror(errno));
			break;
		}
		off += (size_t)w;
	}
	if (rc == OKC_OK && fsync(fd) != 0)
		rc = okc__error(ctx, OKC_EIO, "cannot sync %s", tmp);
	if (close(fd) != 0 && rc == OKC_OK)
		rc = okc__error(ctx, OKC_EIO, "cannot close %s", tmp);
	if (rc == OKC_OK && rename(tmp, path) != 0)
		rc = okc__error(ctx, OKC_EIO, "cannot rename %s: %s", tmp, strerror(errno));
	if (rc != OKC_OK)
		unlink(tmp);
	return rc;
}

static void hex8(char *out, const unsigned char *h)
{
	okc__hex(out, h, 8, false);
}

/* The issuer-name key I of a certificate's issuer. */
static int issuer_key_of(X509 *cert, char out[17])
{
	unsigned char *der = NULL, h[32];
	int n = i2d_X509_NAME(X509_get_issuer_name(cert), &der);
	if (n <= 0)
		return OKC_ENOMEM;
	EVP_Digest(der, (size_t)n, h, NULL, EVP_sha256(), NULL);
	OPENSSL_free(der);
	hex8(out, h);
	return OKC_OK;
}

static int serial_hex(const ASN1_INTEGER *s, char *out, size_t len)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(s, NULL);
	char *h = bn ? BN_bn2hex(bn) : NULL;
	int rc = OKC_ENOMEM;
	if (h != NULL) {
		snprintf(out, len, "%s", h[0] == '-' ? h + 1 : h);
		for (char *p = out; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		rc = OKC_OK;
	}
	OPENSSL_free(h);
	BN_free(bn);
	return rc;
}

/* PEM input is decoded to DER without parsing the CRL itself. */
static int to_der(const unsigned char *data, size_t len, const char *label,
                  unsigned char **der, size_t *dlen)
{
	*der = NULL;
	if (len > 10 && memcmp(data, "-----BEGIN", 10) == 0) {
		BIO *b = BIO_new_mem_buf(data, (int)len);
		char *name = NULL, *hdr = NULL;
		unsigned char *d = NULL;
		long n = 0;
		int ok = b && PEM_read_bio(b, &name, &hdr, &d, &n) == 1 &&
		         strcmp(name, label) == 0;
		BIO_free(b);
		OPENSSL_free(name);
		OPENSSL_free(hdr);
		ERR_clear_error();
		if (!ok) {
			OPENSSL_free(d);
			return OKC_EFORMAT;
		}
		*der = d;
		*dlen = (size_t)n;
		return 1; /* caller frees with OPENSSL_free */
	}
	*der = (unsigned char *)data;
	*dlen = len;
	return 0;
}

static int crl_name(const okc__crlidx_info *info, char *out, size_t len)
{
	char i[17], num[48];
	hex8(i, info->issuer_sha256);
	if (info->crl_number[0] > 0)
		okc__hex(num, info->crl_number + 1, info->crl_number[0], false);
	else
		snprintf(num, sizeof(num), "t%lld", (long long)info->this_update);
	/* delta CRLs are kept beside, never indexed as complete CRLs */
	return snprintf(out, len, "%s-%s.%s", i, num, info->delta ? "delta" : "crl") <
	       (int)len ? OKC_OK : OKC_EINVAL;
}

/* Build the index of a cached CRL file with the issuer's key. */
static int index_crl(okc_ctx *ctx, const char *crl_path, EVP_PKEY *key)
{
	unsigned char *data = NULL;
	size_t len = 0;
	char idx[4200];
	int rc = okc__read_file(ctx, crl_path, okc_ctx_limits(ctx)->max_crl_size,
	                        &data, &len);
	if (rc < 0)
		return rc;
	okc__pathf(idx, sizeof(idx), "%s.idx", crl_path);
	rc = okc__crlidx_build(ctx, data, len, key, idx, NULL);
	free(data);
	return rc;
}

int okc__cache_add_crl(okc_ctx *ctx, const unsigned char *data, size_t len,
                       char *name_out, size_t name_len)
{
	unsigned char *der = NULL;
	size_t dlen = 0;
	okc__crlidx_info info;
	char dir[4096], name[128], path[4300];
	int rc, owned = to_der(data, len, "X509 CRL", &der, &dlen);
	if (owned < 0)
		return okc__error(ctx, OKC_EFORMAT, "not a PEM X509 CRL");
	OKC_ENSURE(ctx, dlen <= okc_ctx_limits(ctx)->max_crl_size, OKC_ETOOLARGE,
	           "CRL exceeds the size limit");
	OKC_ENSURE(ctx, okc__crl_peek(der, dlen, &info, NULL, NULL) == OKC_OK,
	           OKC_EFORMAT, "not a DER CRL (RFC 5280 CertificateList)");
	/* The index carries no scope: CRLs partitioned by issuingDistribution
	 * Point are not cached.  Delta CRLs are (RFC 5280 5.2.4), as is, and
	 * applied to the cached complete CRL at lookup. */
	OKC_ENSURE(ctx, !info.idp, OKC_EUNSUPPORTED,
	           "CRLs with issuingDistributionPoint (partitioned, indirect) are not cached");
	OKC_ENSURE(ctx, !info.delta || info.crl_number[0] > 0, OKC_EFORMAT,
	           "a delta CRL without cRLNumber (RFC 5280 5.2.4)");
	OKC_GUARD(crl_name(&info, name, sizeof(name)));
	okc__pathf(dir, sizeof(dir), "%s/crl", okc__cache_dir());
	OKC_ENSURE(ctx, mkdirs(dir) == 0, OKC_EIO, "cannot create %s: %s", dir,
	           strerror(errno));
	okc__pathf(path, sizeof(path), "%s/%s", dir, name);
	OKC_GUARD(write_atomic(ctx, path, der, dlen));
	/* The old index (if any) described other bytes. */
	okc__pathf(path, sizeof(path), "%s/%s.idx", dir, name);
	unlink(path);
	if (name_out != NULL)
		snprintf(name_out, name_len, "%s", name);
	rc = OKC_OK;
out:
	if (owned > 0)
		OPENSSL_free(der);
	return rc;
}

int okc__cache_add_ocsp(okc_ctx *ctx, const unsigned char *data, size_t len,
                        char *name_out, size_t name_len)
{
	const unsigned char *p = data;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	unsigned char *der = NULL;
	char dir[4096], path[4300], ser[128], h8[17];
	int rc, n;
	OKC_ENSURE(ctx, len <= okc_ctx_limits(ctx)->max_input_size && len < LONG_MAX,
	           OKC_ETOOLARGE, "OCSP response too large");
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	if (resp == NULL || p != data + len) {
		/* a bare BasicOCSPResponse (as in revocation-values) */
		OCSP_RESPONSE_free(resp);
		resp = NULL;
		p = data;
		bs = d2i_OCSP_BASICRESP(NULL, &p, (long)len);
		OKC_ENSURE(ctx, bs != NULL && p == data + len, OKC_EFORMAT,
		           "not an OCSP response (RFC 6960)");
		resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
		OKC_ENSURE(ctx, resp != NULL, OKC_ENOMEM, "out of memory");
	} else {
		OKC_ENSURE(ctx, OCSP_response_status(resp) ==
		           OCSP_RESPONSE_STATUS_SUCCESSFUL, OKC_EFORMAT,
		           "OCSP response status %d is not successful",
		           OCSP_response_status(resp));
		bs = OCSP_response_get1_basic(resp);
		OKC_ENSURE(ctx, bs != NULL, OKC_EFORMAT, "no BasicOCSPResponse");
	}
	OKC_ENSURE(ctx, OCSP_resp_count(bs) >= 1, OKC_EFORMAT, "empty OCSP response");
	ASN1_INTEGER *serial = NULL;
	OCSP_id_get0_info(NULL, NULL, NULL, &serial,
	                  (OCSP_CERTID *)OCSP_SINGLERESP_get0_id(OCSP_resp_get0(bs, 0)));
	OKC_ENSURE(ctx, serial != NULL, OKC_EFORMAT, "OCSP CertID without serial");
	OKC_GUARD(serial_hex(serial, ser, sizeof(ser)));
	n = i2d_OCSP_RESPONSE(resp, &der);
	OKC_ENSURE(ctx, n > 0, OKC_ENOMEM, "out of memory");
	unsigned char h[32];
	EVP_Digest(der, (size_t)n, h, NULL, EVP_sha256(), NULL);
	hex8(h8, h);
	okc__pathf(dir, sizeof(dir), "%s/ocsp", okc__cache_dir());
	OKC_ENSURE(ctx, mkdirs(dir) == 0, OKC_EIO, "cannot create %s", dir);
	okc__pathf(path, sizeof(path), "%s/%s-%s.der", dir, ser, h8);
	OKC_GUARD(write_atomic(ctx, path, der, (size_t)n));
	if (name_out != NULL)
		snprintf(name_out, name_len, "%s-%s.der", ser, h8);
	rc = OKC_OK;
out:
	ERR_clear_error();
	OPENSSL_free(der);
	OCSP_BASICRESP_free(bs); /* OCSP_response_create copies it */
	OCSP_RESPONSE_free(resp);
	return rc;
}

/* Open the index of a cached CRL, (re)building it when missing, older than
 * the CRL, corrupt, or made with another key.  OKC_ECRYPTO when the CRL's
 * signature does not verify with `issuer`'s key. */
static int open_index(okc_ctx *ctx, const char *crl_path, X509 *issuer,
                      okc__crlidx **out)
{
	char idx_path[4300];
	struct stat sc, si;
	unsigned char kh[32], *spki = NULL;
	EVP_PKEY *key = X509_get0_pubkey(issuer);
	int n = key ? i2d_PUBKEY(key, &spki) : -1;
	if (n <= 0)
		return OKC_ECRYPTO;
	EVP_Digest(spki, (size_t)n, kh, NULL, EVP_sha256(), NULL);
	OPENSSL_free(spki);
	okc__pathf(idx_path, sizeof(idx_path), "%s.idx", crl_path);
	if (stat(crl_path, &sc) != 0)
		return OKC_ENOTFOUND;
	for (int attempt = 0; attempt < 2; attempt++) {
		int fresh = stat(idx_path, &si) == 0 && si.st_mtime >= sc.st_mtime;
		if (fresh) {
			int rc = okc__crlidx_open(out, ctx, idx_path);
			if (rc == OKC_OK) {
				const okc__crlidx_info *in = okc__crlidx_get_info(*out);
				if (in->crl_size == (uint64_t)sc.st_size &&
				    memcmp(in->key_sha256, kh, 32) == 0)
					return OKC_OK;
				okc__crlidx_close(*out);
				*out = NULL;
			} else if (rc == OKC_ENOMEM) {
				return rc;
			}
		}
		if (attempt == 1)
			break;
		int rc = index_crl(ctx, crl_path, key);
		if (rc < 0)
			return rc;
	}
	return OKC_EFORMAT;
}

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int is_revocation_serial(X509 *cert, unsigned char *buf, size_t *len)
{
	/* the INTEGER content octets exactly as DER encodes them */
	unsigned char *der = NULL;
	int n = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &der);
	okc_der_tlv t;
	int rc = OKC_EFORMAT;
	if (n > 0 && okc__der_single(der, (size_t)n, &t) == OKC_OK && t.val_len <= 32) {
		memcpy(buf, t.val, t.val_len);
		*len = t.val_len;
		rc = OKC_OK;
	}
	OPENSSL_free(der);
	return rc;
}

static void lookup_crls(okc__rev *best, okc_ctx *ctx, X509 *cert, X509 *issuer,
                        okc_time use, okc_time now, unsigned char base_number[21])
{
	char dir[4096], ik[17], path[4400];
	okc__pathf(dir, sizeof(dir), "%s/crl", okc__cache_dir());
	if (issuer_key_of(cert, ik) < 0)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	okc__crlidx *chosen = NULL;
	struct dirent *de;
	int bad_sig = 0;
	while ((de = readdir(d)) != NULL) {
		if (!has_prefix(de->d_name, ik) || !okc__has_suffix_ci(de->d_name, ".crl"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		okc__crlidx *x = NULL;
		int rc = open_index(ctx, path, issuer, &x);
		if (rc == OKC_ECRYPTO)
			bad_sig = 1;
		if (rc < 0)
			continue;
		/* most recent CRL of this issuer wins */
		if (chosen == NULL || okc__crlidx_get_info(x)->this_update >
		                      okc__crlidx_get_info(chosen)->this_update) {
			okc__crlidx_close(chosen);
			chosen = x;
		} else {
			okc__crlidx_close(x);
		}
	}
	closedir(d);
	best->kind = "crl";
	if (chosen == NULL) {
		if (bad_sig) {
			best->state = OKC_REV_BAD_SIG;
			best->reason = OKC_R_LTV_CRL_SIGNATURE_INVALID;
			snprintf(best->detail, sizeof(best->detail),
			         "cached CRL not signed by the issuer");
		}
		return;
	}
	/* a copy: the index is closed right after the lookup */
	const okc__crlidx_info info = *okc__crlidx_get_info(chosen);
	const okc__crlidx_info *in = &info;
	memcpy(base_number, in->crl_number, 21);
	unsigned char ser[32];
	size_t slen = 0;
	okc_time rt = 0;
	int reason = -1, hit = 0;
	best->this_update = in->this_update;
	best->next_update = in->next_update;
	if (is_revocation_serial(cert, ser, &slen) == OKC_OK)
		hit = okc__crlidx_lookup(chosen, ser, slen, &rt, &reason);
	okc__crlidx_close(chosen);
	if (hit < 0) {
		best->state = OKC_REV_MALFORMED;
		best->reason = OKC_R_LTV_REVOCATION_MALFORMED;
		snprintf(best->detail, sizeof(best->detail), "cached CRL index corrupt");
		return;
	}
	if (in->this_update > now + 300) {
		best->state = OKC_REV_STALE;
		best->reason = OKC_R_LTV_REVOCATION_STALE;
		snprintf(best->detail, sizeof(best->detail), "CRL thisUpdate is in the future");
		return;
	}
	if (hit == 1) {
		best->state = OKC_REV_REVOKED;
		best->reason = OKC_R_LTV_CERT_REVOKED;
		best->revoked_at = rt;
		best->crl_reason = reason;
		snprintf(best->detail, sizeof(best->detail), "listed on the cached CRL");
		return;
	}
	if (!(in->this_update >= use || (in->next_update != 0 && use <= in->next_update))) {
		best->state = OKC_REV_STALE;
		best->reason = OKC_R_LTV_REVOCATION_STALE;
		snprintf(best->detail, sizeof(best->detail),
		         "cached CRL period does not cover the time of use");
		return;
	}
	best->state = OKC_REV_GOOD;
	best->reason = OKC_R_LTV_REVOCATION_OK;
	snprintf(best->detail, sizeof(best->detail), "not on the cached CRL");
}

static void lookup_ocsp(okc__rev *best, okc_ctx *ctx, X509 *cert, X509 *issuer,
                        okc_time use, okc_time now)
{
	char dir[4096], ser[128], pre[140], path[4400];
	okc__pathf(dir, sizeof(dir), "%s/ocsp", okc__cache_dir());
	if (serial_hex(X509_get0_serialNumber(cert), ser, sizeof(ser)) < 0)
		return;
	snprintf(pre, sizeof(pre), "%s-", ser);
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!has_prefix(de->d_name, pre) || !okc__has_suffix_ci(de->d_name, ".der"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		if (okc__read_file(ctx, path, 1u << 20, &data, &len) < 0)
			continue;
		const unsigned char *p = data;
		OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
		OCSP_BASICRESP *bs = r ? OCSP_response_get1_basic(r) : NULL;
		if (bs != NULL) {
			okc__rev cand;
			okc__rev_from_ocsp(&cand, bs, cert, issuer, NULL, use, now);
			if (cand.state == OKC_REV_GOOD || cand.state == OKC_REV_REVOKED ||
			    best->state == OKC_REV_NONE) {
				/* prefer a conclusive answer, and the newest one */
				if (!(best->state == OKC_REV_GOOD || best->state == OKC_REV_REVOKED) ||
				    cand.this_update > best->this_update)
					*best = cand;
			}
		}
		ERR_clear_error();
		OCSP_BASICRESP_free(bs);
		OCSP_RESPONSE_free(r);
		free(data);
	}
	closedir(d);
}

/* Apply the newest cached delta CRL that matches the cached complete CRL
 * numbered `base_number` (len byte + INTEGER content octets). */
static void apply_cached_deltas(okc__rev *best, okc_ctx *ctx, X509 *cert,
                                X509 *issuer, const unsigned char base_number[21],
                                okc_time use, okc_time now)
{
	char dir[4096], ik[17], path[4400];
	unsigned char tlv[23] = { 0x02 };
	tlv[1] = base_number[0];
	memcpy(tlv + 2, base_number + 1, base_number[0]);
	const unsigned char *q = tlv;
	ASN1_INTEGER *bnum = d2i_ASN1_INTEGER(NULL, &q, 2 + base_number[0]);
	okc__pathf(dir, sizeof(dir), "%s/crl", okc__cache_dir());
	DIR *d = bnum != NULL && issuer_key_of(cert, ik) == OKC_OK ? opendir(dir) : NULL;
	struct dirent *de;
	okc__rev chosen = *best;
	int have = 0;
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!has_prefix(de->d_name, ik) || !okc__has_suffix_ci(de->d_name, ".delta"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		/* deltas are small by design; the CRL size cap bounds them */
		if (okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_crl_size, &data,
		                   &len) < 0)
			continue;
		const unsigned char *p = data;
		X509_CRL *delta = len <= LONG_MAX ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;
		okc__rev cand = *best;
		if (delta != NULL &&
		    okc__rev_apply_delta(&cand, bnum, delta, cert, issuer, use, now) &&
		    (!have || cand.this_update > chosen.this_update)) {
			chosen = cand;
			have = 1;
		}
		X509_CRL_free(delta);
		free(data);
		ERR_clear_error();
	}
	if (d != NULL)
		closedir(d);
	ASN1_INTEGER_free(bnum);
	if (have)
		*best = chosen;
}

static void cache_rev_init(okc__rev *out)
{
	memset(out, 0, sizeof(*out));
	out->state = OKC_REV_NONE;
	out->reason = OKC_R_LTV_REVOCATION_MISSING;
	out->crl_reason = -1;
	out->source = "cache";
	out->kind = "";
	snprintf(out->detail, sizeof(out->detail), "nothing in the cache");
}

void okc__cache_lookup_ocsp(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                            okc_time use_time, okc_time now)
{
	cache_rev_init(out);
	lookup_ocsp(out, ctx, cert, issuer, use_time, now);
	out->source = "cache";
}

void okc__cache_lookup(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                       okc_time use_time, okc_time now)
{
	cache_rev_init(out);
	lookup_ocsp(out, ctx, cert, issuer, use_time, now);
	if (out->state == OKC_REV_GOOD || out->state == OKC_REV_REVOKED)
		return;
	okc__rev crl;
	unsigned char base_number[21] = { 0 };
	memset(&crl, 0, sizeof(crl));
	crl.state = OKC_REV_NONE;
	crl.reason = OKC_R_LTV_REVOCATION_MISSING;
	crl.crl_reason = -1;
	crl.kind = "";
	lookup_crls(&crl, ctx, cert, issuer, use_time, now, base_number);
	if (base_number[0] > 0)
		apply_cached_deltas(&crl, ctx, cert, issuer, base_number, use_time, now);
	crl.source = "cache";
	if (crl.state != OKC_REV_NONE &&
	    (crl.state == OKC_REV_GOOD || crl.state == OKC_REV_REVOKED ||
	     out->state == OKC_REV_NONE))
		*out = crl;
}
