/*
 * fuzz_revocation - the revocation parsers on arbitrary bytes.  The first
 * byte picks the target:
 *   0  CRL header walk and index build (DER cursor, no signature)
 *   1  CRL through OpenSSL and the CRL rules (okc__rev_from_crl)
 *   2  BasicOCSPResponse and the OCSP rules (okc__rev_from_ocsp)
 *   3  the CRL index reader on an arbitrary index file
 * Any crash, leak or sanitizer report is a bug.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "ltv/ltv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static okc_ctx *ctx;
static X509 *ca, *leaf;
static char idx_path[256];

static X509 *mk(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey, long serial)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	ASN1_TIME_set(X509_getm_notBefore(x), 1700000000);
	ASN1_TIME_set(X509_getm_notAfter(x), 2000000000);
	X509_set_pubkey(x, key);
	if (!X509_sign(x, ikey ? ikey : key, EVP_sha256()))
		abort();
	return x;
}

static void init(void)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	o.validation_time = 1780315200;
	o.offline = 1;
	if (okc_ctx_new(&ctx, &o) != OKC_OK)
		abort();
	EVP_PKEY *k = EVP_EC_gen("P-256");
	ca = mk("Fuzz CA", k, NULL, NULL, 1);
	leaf = mk("Fuzz Leaf", k, ca, k, 0x1001);
	EVP_PKEY_free(k);
	snprintf(idx_path, sizeof(idx_path), "%s/okc-fuzz-rev-%ld.idx",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
}

static void write_file(const char *path, const uint8_t *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		abort();
	if (n > 0 && fwrite(d, 1, n, f) != n)
		abort();
	fclose(f);
}

static void lookups(okc__crlidx *x)
{
	static const unsigned char serials[][3] = { { 0x10, 0x01 }, { 0x01 }, { 0x7f, 0xff, 0xff } };
	static const size_t lens[] = { 2, 1, 3 };
	for (int i = 0; i < 3; i++) {
		okc_time t;
		int reason;
		(void)okc__crlidx_lookup(x, serials[i], lens[i], &t, &reason);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ctx == NULL)
		init();
	if (size < 1)
		return 0;
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	okc__rev rv;
	switch (data[0] % 4) {
	case 0: {
		okc__crlidx_info info;
		(void)okc__crl_peek(p, n, &info, NULL, NULL);
		if (okc__crlidx_build(ctx, p, n, NULL, idx_path, &info) == OKC_OK) {
			okc__crlidx *x = NULL;
			/* an index we just wrote must open */
			if (okc__crlidx_open(&x, ctx, idx_path) != OKC_OK)
				abort();
			lookups(x);
			okc__crlidx_close(x);
		}
		unlink(idx_path);
		break;
	}
	case 1: {
		const unsigned char *q = p;
		X509_CRL *crl = d2i_X509_CRL(NULL, &q, (long)n);
		if (crl != NULL) {
			okc__rev_from_crl(&rv, crl, leaf, ca, 1780315200, 1780315200);
			X509_CRL_free(crl);
		}
		break;
	}
	case 2: {
		const unsigned char *q = p;
		OCSP_BASICRESP *bs = d2i_OCSP_BASICRESP(NULL, &q, (long)n);
		if (bs != NULL) {
			okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, 1780315200, 1780315200);
			OCSP_BASICRESP_free(bs);
		}
		break;
	}
	default: {
		write_file(idx_path, p, n);
		okc__crlidx *x = NULL;
		if (okc__crlidx_open(&x, ctx, idx_path) == OKC_OK) {
			lookups(x);
			okc__crlidx_close(x);
		}
		unlink(idx_path);
		break;
	}
	}
	ERR_clear_error();
	return 0;
}
