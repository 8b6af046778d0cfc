/*
 * fetch.c - online revocation data: OCSP via the certificate's Authority
 * Information Access (RFC 5280 4.2.2.1, RFC 6960 appendix A.1: HTTP POST of
 * the DER request), then CRLs via its cRLDistributionPoints (RFC 5280
 * 4.2.1.13, HTTP GET).  OpenSSL's own HTTP client does the transfer with a
 * timeout and a response size cap; what arrives goes into the cache and is
 * verified there like any other data, never trusted because of where it
 * came from.  Never called when the context is offline.  Only http:// URLs
 * are used: RFC 5280 4.2.1.13 and RFC 6960 A.1 name HTTP, and the data is
 * signed, so TLS adds nothing to its authenticity.  ldap:// (no LDAP client
 * here) and https:// (OpenSSL's OSSL_HTTP client speaks TLS only through a
 * caller-supplied BIO callback and SSL_CTX, i.e. a TLS trust configuration
 * of its own that an offline-capable verifier should not need) are skipped
 * and reported, and the next distribution point or responder is tried.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/x509v3.h>

#include "ltv/ltv.h"

#define FETCH_TIMEOUT 10         /* seconds per transfer */
#define OCSP_MAX (1u << 20)

int okc__fetch_url(okc_ctx *ctx, const char *url, const char *post_ct,
                   const unsigned char *post, size_t post_len,
                   const char *expect_ct, unsigned char **out, size_t *outlen)
{
	char *host = NULL, *port = NULL, *path = NULL;
	int use_ssl = 0, rc;
	BIO *req = NULL, *rsp = NULL;
	unsigned char *buf = NULL;
	size_t max = post ? OCSP_MAX : (size_t)okc_ctx_limits(ctx)->max_crl_size;
	*out = NULL;
	*outlen = 0;
	OKC_ENSURE(ctx, !okc_ctx_offline(ctx), OKC_EUNSUPPORTED,
	           "offline: not fetching %s", url);
	OKC_ENSURE(ctx, OSSL_HTTP_parse_url(url, &use_ssl, NULL, &host, &port, NULL,
	                                    &path, NULL, NULL) == 1 && !use_ssl,
	           OKC_EUNSUPPORTED, "not a plain http URL: %s", url);
	if (post != NULL) {
		req = BIO_new_mem_buf(post, (int)post_len);
		OKC_ENSURE(ctx, req != NULL, OKC_ENOMEM, "out of memory");
		rsp = OSSL_HTTP_transfer(NULL, host, port, path, 0, NULL, NULL, NULL,
		                         NULL, NULL, NULL, 0, NULL, post_ct, req,
		                         expect_ct, 1, max, FETCH_TIMEOUT, 0);
	} else {
		rsp = OSSL_HTTP_get(url, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL,
		                    expect_ct, 1, max, FETCH_TIMEOUT);
	}
	if (rsp == NULL) {
		rc = okc__error_ossl(ctx, OKC_ETEMPFAIL, "fetching %s failed", url);
		goto out;
	}
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			OKC_ENSURE(ctx, cap < max, OKC_ETOOLARGE, "%s: response too large", url);
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > max)
				ncap = max;
			unsigned char *nb = realloc(buf, ncap);
			OKC_ENSURE(ctx, nb != NULL, OKC_ENOMEM, "out of memory");
			buf = nb;
			cap = ncap;
		}
		int r = BIO_read(rsp, buf + n, (int)(cap - n));
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	OKC_ENSURE(ctx, n > 0, OKC_ETEMPFAIL, "%s: empty response", url);
	*out = buf;
	*outlen = n;
	buf = NULL;
	rc = OKC_OK;
out:
	ERR_clear_error();
	free(buf);
	BIO_free_all(rsp);
	BIO_free(req);
	OPENSSL_free(host);
	OPENSSL_free(port);
	OPENSSL_free(path);
	return rc;
}

static int is_http(const char *u)
{
	return strncmp(u, "http://", 7) == 0;
}

/* Note a URL that is not fetched ("; "-separated, bounded). */
static void note_skipped(char *buf, size_t len, const char *what, const char *u)
{
	if (buf == NULL || len == 0)
		return;
	size_t l = strlen(buf);
	if (l + 1 < len)
		snprintf(buf + l, len - l, "%s%s %.*s", l ? "; " : "", what,
		         (int)(len > l + 80 ? 120 : 40), u);
}

static int fetch_ocsp(okc_ctx *ctx, X509 *cert, X509 *issuer, char *skipped,
                      size_t skipped_len)
{
	STACK_OF(OPENSSL_STRING) *urls = X509_get1_ocsp(cert);
	int rc = OKC_ENOTFOUND;
	for (int i = 0; i < sk_OPENSSL_STRING_num(urls) && rc != OKC_OK; i++) {
		const char *u = sk_OPENSSL_STRING_value(urls, i);
		if (!is_http(u)) {
			note_skipped(skipped, skipped_len, "OCSP", u);
			continue;
		}
		OCSP_REQUEST *req = OCSP_REQUEST_new();
		/* SHA-1 CertID: what every responder understands (RFC 5019 2.1.1) */
		OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
		unsigned char *der = NULL, *resp = NULL;
		size_t rlen = 0;
		int n = -1;
		if (req != NULL && id != NULL && OCSP_request_add0_id(req, id) != NULL) {
			id = NULL;
			n = i2d_OCSP_REQUEST(req, &der);
		}
		if (n > 0) {
			int f = okc__fetch_url(ctx, u, "application/ocsp-request", der,
			                       (size_t)n, "application/ocsp-response",
			                       &resp, &rlen);
			if (f == OKC_OK)
				f = okc__cache_add_ocsp(ctx, resp, rlen, NULL, 0);
			if (f == OKC_OK || f == OKC_ENOMEM)
				rc = f;
		} else {
			rc = OKC_ENOMEM;
		}
		free(resp);
		OPENSSL_free(der);
		OCSP_CERTID_free(id);
		OCSP_REQUEST_free(req);
		if (rc == OKC_ENOMEM)
			break;
	}
	X509_email_free(urls);
	ERR_clear_error();
	return rc;
}

static int fetch_crl(okc_ctx *ctx, X509 *cert, char *skipped, size_t skipped_len)
{
	STACK_OF(DIST_POINT) *dps =
		X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
	int rc = OKC_ENOTFOUND;
	for (int i = 0; i < sk_DIST_POINT_num(dps) && rc != OKC_OK; i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (dp->distpoint == NULL || dp->distpoint->type != 0)
			continue;
		GENERAL_NAMES *gns = dp->distpoint->name.fullname;
		for (int j = 0; j < sk_GENERAL_NAME_num(gns) && rc != OKC_OK; j++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(gns, j);
			if (gn->type != GEN_URI)
				continue;
			const char *u = (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
			if (strlen(u) != (size_t)ASN1_STRING_length(gn->d.uniformResourceIdentifier))
				continue;
			if (!is_http(u)) {
				/* ldap://, https://, ...: the next DP */
				note_skipped(skipped, skipped_len, "CRL DP", u);
				continue;
			}
			unsigned char *crl = NULL;
			size_t len = 0;
			char name[128];
			int f = okc__fetch_url(ctx, u, NULL, NULL, 0, NULL, &crl, &len);
			if (f == OKC_OK)
				f = okc__cache_add_crl(ctx, crl, len, name, sizeof(name));
			if (f == OKC_OK) {
				/* remember the source for `okc-trust refresh` */
				char path[4300];
				okc__pathf(path, sizeof(path), "%s/crl/%.*s.url",
				         okc__cache_dir(), (int)(strlen(name) - 4), name);
				FILE *fp = fopen(path, "w");
				if (fp != NULL) {
					fprintf(fp, "%s\n", u);
					fclose(fp);
				}
			}
			free(crl);
			if (f == OKC_OK || f == OKC_ENOMEM)
				rc = f;
		}
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	ERR_clear_error();
	return rc;
}

int okc__fetch_for_cert(okc_ctx *ctx, X509 *cert, X509 *issuer, int ocsp_only,
                        char *skipped, size_t skipped_len)
{
	if (skipped != NULL && skipped_len > 0)
		skipped[0] = '\0';
	if (okc_ctx_offline(ctx))
		return OKC_EUNSUPPORTED;
	int rc = fetch_ocsp(ctx, cert, issuer, skipped, skipped_len);
	if (rc == OKC_OK || rc == OKC_ENOMEM || ocsp_only)
		return rc;
	return fetch_crl(ctx, cert, skipped, skipped_len);
}
