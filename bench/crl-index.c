/*
 * crl-index - measure the persistent CRL index (src/lib/ltv/crlindex.c).
 *
 *   crl-index gen N DIR     a CA (ca.pem), a CRL with N entries (big.crl,
 *                           DER, signed), a revoked and a good leaf
 *   crl-index build DIR     index big.crl (signature verified once) into
 *                           big.crl.idx: wall time and peak RSS
 *   crl-index lookup DIR    a fresh process: open the index, look up the
 *                           two leaves' serials: time per step, peak RSS
 *
 * bench/crl-index.sh runs all three and compares with
 * `openssl verify -crl_check`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "core/der.h"
#include "ltv/ltv.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void die(const char *what)
{
	fprintf(stderr, "crl-index: %s failed\n", what);
	exit(1);
}

typedef struct buf {
	unsigned char *p;
	size_t n, cap;
} buf;

static void put(buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			die("realloc");
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void put_tlv(buf *b, unsigned char tag, const unsigned char *v, size_t n)
{
	unsigned char h[6];
	size_t hl = 0;
	h[hl++] = tag;
	if (n < 0x80) {
		h[hl++] = (unsigned char)n;
	} else {
		size_t nb = 0;
		for (size_t t = n; t; t >>= 8)
			nb++;
		h[hl++] = (unsigned char)(0x80 | nb);
		for (size_t i = nb; i > 0; i--)
			h[hl++] = (unsigned char)(n >> (8 * (i - 1)));
	}
	put(b, h, hl);
	put(b, v, n);
}

/* 16-byte serials like real CAs use: a fixed high byte and a counter mixed
 * so that the list is not sorted. */
static void serial_of(uint64_t i, unsigned char s[16])
{
	uint64_t x = i * 0x9E3779B97F4A7C15ull;
	s[0] = 0x3a;
	for (int k = 0; k < 7; k++)
		s[1 + k] = (unsigned char)(i >> (8 * (6 - k)));
	for (int k = 0; k < 8; k++)
		s[8 + k] = (unsigned char)(x >> (8 * (7 - k)));
}

static X509 *mkcert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey,
                    const unsigned char *serial, size_t slen, int ca)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	X509_set_version(x, 2);
	BIGNUM *bn = BN_bin2bn(serial, (int)slen, NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
	X509_set_pubkey(x, key);
	if (ca) {
		X509V3_CTX v;
		X509V3_set_ctx(&v, x, x, NULL, NULL, 0);
		X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v, NID_basic_constraints, "critical,CA:TRUE");
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
		e = X509V3_EXT_conf_nid(NULL, &v, NID_key_usage, "critical,keyCertSign,cRLSign");
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
	if (!X509_sign(x, ikey ? ikey : key, EVP_sha256()))
		die("X509_sign");
	return x;
}

static void write_pem(const char *dir, const char *name, X509 *x)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	if (f == NULL || !PEM_write_X509(f, x))
		die(p);
	fclose(f);
}

static int gen(uint64_t n, const char *dir)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	unsigned char one = 1, s[16];
	X509 *ca = mkcert("OKC Bench CA", k, NULL, NULL, &one, 1, 1);
	buf ents = { 0 }, tbs = { 0 }, tmp = { 0 }, out = { 0 };
	static const unsigned char alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
	                                     0xce, 0x3d, 0x04, 0x03, 0x02 };
	char tnow[64], tnext[64];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	/* UTCTime YYMMDDHHMMSSZ (RFC 5280 4.1.2.5.1: years before 2050) */
	snprintf(tnow, sizeof(tnow), "%02d%02d%02d%02d%02d%02dZ", tm.tm_year % 100,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	t += 7 * 86400;
	gmtime_r(&t, &tm);
	snprintf(tnext, sizeof(tnext), "%02d%02d%02d%02d%02d%02dZ", tm.tm_year % 100,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	for (uint64_t i = 0; i < n; i++) {
		buf e = { 0 };
		serial_of(i, s);
		put_tlv(&e, 0x02, s, 16);
		put_tlv(&e, 0x17, (const unsigned char *)tnow, 13);
		put_tlv(&ents, 0x30, e.p, e.n);
		free(e.p);
	}
	put_tlv(&tbs, 0x02, &one, 1);
	put(&tbs, alg, sizeof(alg));
	unsigned char *nm = NULL;
	int nl = i2d_X509_NAME(X509_get_subject_name(ca), &nm);
	put(&tbs, nm, (size_t)nl);
	OPENSSL_free(nm);
	put_tlv(&tbs, 0x17, (const unsigned char *)tnow, 13);
	put_tlv(&tbs, 0x17, (const unsigned char *)tnext, 13);
	put_tlv(&tbs, 0x30, ents.p, ents.n);
	free(ents.p);
	put_tlv(&tmp, 0x30, tbs.p, tbs.n);
	free(tbs.p);
	unsigned char sig[200];
	size_t slen = sizeof(sig) - 1;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	if (EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, k) != 1 ||
	    EVP_DigestSign(m, sig + 1, &slen, tmp.p, tmp.n) != 1)
		die("sign");
	EVP_MD_CTX_free(m);
	sig[0] = 0;
	put(&tmp, alg, sizeof(alg));
	put_tlv(&tmp, 0x03, sig, slen + 1);
	put_tlv(&out, 0x30, tmp.p, tmp.n);
	free(tmp.p);
	char p[4096];
	snprintf(p, sizeof(p), "%s/big.crl", dir);
	FILE *f = fopen(p, "wb");
	if (f == NULL || fwrite(out.p, 1, out.n, f) != out.n)
		die(p);
	fclose(f);
	write_pem(dir, "ca.pem", ca);
	EVP_PKEY *lk = EVP_EC_gen("P-256");
	serial_of(n / 2, s);
	X509 *rev = mkcert("Revoked Leaf", lk, ca, k, s, 16, 0);
	serial_of(n + 12345, s);
	X509 *good = mkcert("Good Leaf", lk, ca, k, s, 16, 0);
	write_pem(dir, "leaf-revoked.pem", rev);
	write_pem(dir, "leaf-good.pem", good);
	printf("generated %llu entries, %zu bytes\n", (unsigned long long)n, out.n);
	free(out.p);
	X509_free(ca);
	X509_free(rev);
	X509_free(good);
	EVP_PKEY_free(k);
	EVP_PKEY_free(lk);
	return 0;
}

static X509 *read_pem(const char *dir, const char *name)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (x == NULL)
		die(p);
	return x;
}

static okc_ctx *mkctx(void)
{
	okc_ctx *ctx = NULL;
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	o.offline = 1;
	if (okc_ctx_new(&ctx, &o) != OKC_OK)
		die("okc_ctx_new");
	return ctx;
}

static int build(const char *dir)
{
	okc_ctx *ctx = mkctx();
	X509 *ca = read_pem(dir, "ca.pem");
	char p[4096], ip[4200];
	snprintf(p, sizeof(p), "%s/big.crl", dir);
	snprintf(ip, sizeof(ip), "%s/big.crl.idx", dir);
	double t0 = now_us();
	unsigned char *data = NULL;
	size_t len = 0;
	if (okc__read_file(ctx, p, okc_ctx_limits(ctx)->max_crl_size, &data, &len) < 0)
		die(okc_ctx_errmsg(ctx));
	okc__crlidx_info info;
	if (okc__crlidx_build(ctx, data, len, X509_get0_pubkey(ca), ip, &info) < 0)
		die(okc_ctx_errmsg(ctx));
	double t1 = now_us();
	printf("index build (read + walk + signature + sort + write + fsync): %.0f ms, "
	       "%llu entries, peak RSS %ld KB\n", (t1 - t0) / 1000,
	       (unsigned long long)info.entries, peak_rss_kb());
	free(data);
	X509_free(ca);
	okc_ctx_free(ctx);
	return 0;
}

static int lookup_one(okc__crlidx *x, X509 *c, double *us)
{
	unsigned char *der = NULL;
	int n = i2d_ASN1_INTEGER(X509_get0_serialNumber(c), &der);
	okc_der_tlv t;
	if (n <= 0 || okc__der_single(der, (size_t)n, &t) < 0)
		die("serial");
	double t0 = now_us();
	int r = okc__crlidx_lookup(x, t.val, t.val_len, NULL, NULL);
	*us = now_us() - t0;
	OPENSSL_free(der);
	return r;
}

static int lookup(const char *dir)
{
	double t0 = now_us();
	okc_ctx *ctx = mkctx();
	X509 *rev = read_pem(dir, "leaf-revoked.pem");
	X509 *good = read_pem(dir, "leaf-good.pem");
	char ip[4200];
	snprintf(ip, sizeof(ip), "%s/big.crl.idx", dir);
	double t1 = now_us();
	okc__crlidx *x = NULL;
	if (okc__crlidx_open(&x, ctx, ip) < 0)
		die(okc_ctx_errmsg(ctx));
	double t2 = now_us(), u1, u2, u3;
	int r1 = lookup_one(x, rev, &u1);
	int r2 = lookup_one(x, good, &u2);
	(void)lookup_one(x, rev, &u3);
	printf("fresh process: open+verify header %.1f us; first lookup (revoked=%d) "
	       "%.1f us; other lookup (revoked=%d) %.1f us; repeated %.2f us; "
	       "peak RSS %ld KB (setup %.1f ms)\n",
	       t2 - t1, r1, u1, r2, u2, u3, peak_rss_kb(), (t1 - t0) / 1000);
	okc__crlidx_close(x);
	X509_free(rev);
	X509_free(good);
	okc_ctx_free(ctx);
	return r1 == 1 && r2 == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gen") == 0)
		return gen(strtoull(argv[2], NULL, 10), argv[3]);
	if (argc == 3 && strcmp(argv[1], "build") == 0)
		return build(argv[2]);
	if (argc == 3 && strcmp(argv[1], "lookup") == 0)
		return lookup(argv[2]);
	fprintf(stderr, "usage: crl-index gen N DIR | build DIR | lookup DIR\n");
	return 64;
}
