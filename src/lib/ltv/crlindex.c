/*
 * crlindex.c - a compact, persistent index of one CRL.
 *
 * National CRLs reach hundreds of thousands of entries; parsing one with
 * d2i_X509_CRL costs about 1.2 us and 0.5 KB per entry (validation-model.md
 * section 3), per process.  The index is built once: the CRL is walked with
 * the bounded DER cursor (RFC 5280 5.1: CertificateList / TBSCertList), its
 * signature verified once over the received tbsCertList bytes, and the
 * revoked serials written sorted into a file that later processes mmap and
 * binary-search without touching the CRL.
 *
 * File layout (all integers little-endian):
 *   header (256 bytes)
 *     0  magic "OKCCRLIX"          8  version (u32) = 1
 *    12  record size (u32) = 32    16  records per block (u32) = 256
 *    24  entries (u64)             32  blocks (u64)
 *    40  thisUpdate (i64)          48  nextUpdate (i64, 0 = absent)
 *    56  SHA-256 of the CRL file   88  SHA-256 of the issuer Name DER
 *   120  CRL number (len byte + up to 20 octets)
 *   160  CRL size (u64)
 *   168  SHA-256 of the issuer SubjectPublicKeyInfo that verified the
 *        signature (zeros: not verified)
 *   224  SHA-256 over bytes 0..223 and the block table
 *   block table: per block, first key (23) + pad (1) + first 8 bytes of
 *     the SHA-256 of the block's records
 *   records: key (23: serial length + INTEGER content octets, zero-padded)
 *     + CRLReason (1, 0xff = none) + revocationDate (i64)
 *
 * Trust: the header and block table are checked in full at open; a block's
 * records are checked against its hash before the first lookup that uses
 * it.  Any mismatch is OKC_EFORMAT: the caller rebuilds, never trusts.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "core/der.h"
#include "ltv/ltv.h"

#define IDX_MAGIC "OKCCRLIX"
#define IDX_VERSION 1u
#define HDR_SIZE 256u
#define REC_SIZE 32u
#define KEY_SIZE 23u
#define BLOCK_RECS 256u
#define TBL_SIZE 32u

struct okc__crlidx {
	unsigned char *map;
	size_t map_len;
	okc__crlidx_info info;
	uint64_t nblocks;
	const unsigned char *table;
	const unsigned char *recs;
	unsigned char *verified;   /* one byte per block: 1 = hash checked */
};

/* ---- little-endian helpers ---- */

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}
static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ---- DER time (X.680 UTCTime / GeneralizedTime, RFC 5280 4.1.2.5) ---- */

static int digits(const uint8_t *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 1;
}

static int64_t days_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int der_time(const okc_der_tlv *t, okc_time *out)
{
	const uint8_t *p = t->val;
	int y, mo, d, h, mi, s;
	if (t->tag == 0x17 && t->val_len == 13 && p[12] == 'Z') {
		if (!digits(p, 2, &y))
			return OKC_EFORMAT;
		y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
		p += 2;
	} else if (t->tag == 0x18 && t->val_len == 15 && p[14] == 'Z') {
		if (!digits(p, 4, &y))
			return OKC_EFORMAT;
		p += 4;
	} else {
		return OKC_EFORMAT;
	}
	if (!digits(p, 2, &mo) || !digits(p + 2, 2, &d) || !digits(p + 4, 2, &h) ||
	    !digits(p + 6, 2, &mi) || !digits(p + 8, 2, &s) || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return OKC_EFORMAT;
	*out = days_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
	       mi * 60 + s;
	return OKC_OK;
}

static int is_time(uint8_t tag)
{
	return tag == 0x17 || tag == 0x18;
}

/* OID 2.5.29.20 (cRLNumber) and 2.5.29.21 (reasonCode), content octets. */
static const uint8_t OID_CRL_NUMBER[] = { 0x55, 0x1d, 0x14 };
static const uint8_t OID_CRL_REASON[] = { 0x55, 0x1d, 0x15 };
/* deltaCRLIndicator 2.5.29.27, issuingDistributionPoint 2.5.29.28 */
static const uint8_t OID_DELTA[] = { 0x55, 0x1d, 0x1b };
static const uint8_t OID_IDP[] = { 0x55, 0x1d, 0x1c };

/* Find extension `oid` in a SEQUENCE OF Extension; its extnValue content. */
static int find_ext(okc_der exts, const uint8_t *oid, size_t oid_len,
                    okc_der_tlv *val)
{
	okc_der_tlv ext;
	int rc;
	while ((rc = okc__der_next(&exts, &ext)) == OKC_OK) {
		if (ext.tag != OKC_DER_SEQUENCE)
			return OKC_EFORMAT;
		okc_der e = okc__der_enter(&ext);
		okc_der_tlv id, x;
		if (okc__der_expect(&e, OKC_DER_OID, &id) < 0)
			return OKC_EFORMAT;
		if (okc__der_next(&e, &x) < 0)
			return OKC_EFORMAT;
		if (x.tag == 0x01 && okc__der_next(&e, &x) < 0) /* critical */
			return OKC_EFORMAT;
		if (x.tag != OKC_DER_OCTETS)
			return OKC_EFORMAT;
		if (id.val_len == oid_len && memcmp(id.val, oid, oid_len) == 0) {
			*val = x;
			return OKC_OK;
		}
	}
	return rc == OKC_ENOTFOUND ? OKC_ENOTFOUND : rc;
}

/* The walked structure of a CRL (pointers into the caller's buffer). */
typedef struct crl_walk {
	okc_der_tlv tbs, sigalg, sig, issuer;
	okc_der revoked;          /* content of revokedCertificates (may be empty) */
	okc__crlidx_info info;
} crl_walk;

static int walk_crl(const unsigned char *crl, size_t len, crl_walk *w)
{
	okc_der_tlv top, t;
	memset(w, 0, sizeof(*w));
	if (okc__der_single(crl, len, &top) < 0 || top.tag != OKC_DER_SEQUENCE)
		return OKC_EFORMAT;
	okc_der c = okc__der_enter(&top);
	if (okc__der_expect(&c, OKC_DER_SEQUENCE, &w->tbs) < 0 ||
	    okc__der_expect(&c, OKC_DER_SEQUENCE, &w->sigalg) < 0 ||
	    okc__der_expect(&c, 0x03, &w->sig) < 0 || c.len != 0)
		return OKC_EFORMAT;
	okc_der tb = okc__der_enter(&w->tbs);
	if (okc__der_next(&tb, &t) < 0)
		return OKC_EFORMAT;
	if (t.tag == OKC_DER_INTEGER) { /* version v2 */
		if (t.val_len != 1 || t.val[0] != 1)
			return OKC_EFORMAT;
		if (okc__der_next(&tb, &t) < 0)
			return OKC_EFORMAT;
	}
	if (t.tag != OKC_DER_SEQUENCE) /* signature AlgorithmIdentifier */
		return OKC_EFORMAT;
	/* RFC 5280 5.1.2.2: must equal the outer signatureAlgorithm. */
	if (t.tlv_len != w->sigalg.tlv_len || memcmp(t.tlv, w->sigalg.tlv, t.tlv_len) != 0)
		return OKC_EFORMAT;
	if (okc__der_expect(&tb, OKC_DER_SEQUENCE, &w->issuer) < 0)
		return OKC_EFORMAT;
	if (okc__der_next(&tb, &t) < 0 || !is_time(t.tag) ||
	    der_time(&t, &w->info.this_update) < 0)
		return OKC_EFORMAT;
	w->revoked = okc__der_init(NULL, 0);
	int rc = okc__der_next(&tb, &t);
	if (rc == OKC_OK && is_time(t.tag)) {
		if (der_time(&t, &w->info.next_update) < 0)
			return OKC_EFORMAT;
		rc = okc__der_next(&tb, &t);
	}
	if (rc == OKC_OK && t.tag == OKC_DER_SEQUENCE) {
		w->revoked = okc__der_enter(&t);
		rc = okc__der_next(&tb, &t);
	}
	if (rc == OKC_OK && t.tag == 0xa0) { /* [0] EXPLICIT Extensions */
		okc_der x = okc__der_enter(&t);
		okc_der_tlv exts, num;
		if (okc__der_expect(&x, OKC_DER_SEQUENCE, &exts) < 0 || x.len != 0)
			return OKC_EFORMAT;
		int f = find_ext(okc__der_enter(&exts), OID_CRL_NUMBER,
		                 sizeof(OID_CRL_NUMBER), &num);
		if (f == OKC_OK) {
			okc_der_tlv n;
			if (okc__der_single(num.val, num.val_len, &n) < 0 ||
			    n.tag != OKC_DER_INTEGER || n.val_len == 0 || n.val_len > 20)
				return OKC_EFORMAT; /* RFC 5280 5.2.3: at most 20 octets */
			w->info.crl_number[0] = (unsigned char)n.val_len;
			memcpy(w->info.crl_number + 1, n.val, n.val_len);
		} else if (f != OKC_ENOTFOUND) {
			return OKC_EFORMAT;
		}
		/* Delta and partitioned CRLs need scope processing (RFC 5280
		 * 6.3.3) that a flat serial index cannot carry. */
		w->info.delta = find_ext(okc__der_enter(&exts), OID_DELTA, sizeof(OID_DELTA),
		                         &num) == OKC_OK;
		w->info.idp = find_ext(okc__der_enter(&exts), OID_IDP, sizeof(OID_IDP),
		                       &num) == OKC_OK;
		w->info.partial = w->info.delta || w->info.idp;
		rc = okc__der_next(&tb, &t);
	}
	if (rc != OKC_ENOTFOUND)
		return OKC_EFORMAT; /* trailing or misplaced elements */
	EVP_Digest(w->issuer.tlv, w->issuer.tlv_len, w->info.issuer_sha256, NULL,
	           EVP_sha256(), NULL);
	EVP_Digest(crl, len, w->info.crl_sha256, NULL, EVP_sha256(), NULL);
	return OKC_OK;
}

int okc__crl_peek(const unsigned char *crl, size_t len, okc__crlidx_info *info,
                  const unsigned char **issuer, size_t *issuer_len)
{
	crl_walk w;
	int rc = walk_crl(crl, len, &w);
	if (rc < 0)
		return rc;
	*info = w.info;
	if (issuer != NULL) {
		*issuer = w.issuer.tlv;
		*issuer_len = w.issuer.tlv_len;
	}
	return OKC_OK;
}

/*
 * Verify the CRL signature over the received tbsCertList bytes.  Common
 * algorithms (RSA PKCS#1 v1.5, ECDSA, EdDSA) go straight to EVP; anything
 * else (RSA-PSS parameters) falls back to OpenSSL's full CRL decoder once.
 */
static int verify_sig(okc_ctx *ctx, const unsigned char *crl, size_t len,
                      const crl_walk *w, EVP_PKEY *key)
{
	const unsigned char *p = w->sigalg.tlv;
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, (long)w->sigalg.tlv_len);
	EVP_MD_CTX *mctx = NULL;
	X509_CRL *x = NULL;
	int rc = OKC_ECRYPTO, mdnid = NID_undef, pknid = NID_undef;
	if (alg == NULL)
		goto out;
	int signid = OBJ_obj2nid(alg->algorithm);
	if (signid != NID_rsassaPss &&
	    OBJ_find_sigid_algs(signid, &mdnid, &pknid) == 1 &&
	    w->sig.val_len >= 1 && w->sig.val[0] == 0) {
		mctx = EVP_MD_CTX_new();
		if (mctx == NULL) {
			rc = OKC_ENOMEM;
			goto out;
		}
		const char *mdname = mdnid == NID_undef ? NULL : OBJ_nid2sn(mdnid);
		if (EVP_DigestVerifyInit_ex(mctx, NULL, mdname, NULL, NULL, key, NULL) == 1 &&
		    EVP_DigestVerify(mctx, w->sig.val + 1, w->sig.val_len - 1,
		                     w->tbs.tlv, w->tbs.tlv_len) == 1)
			rc = OKC_OK;
		goto out;
	}
	p = crl;
	x = d2i_X509_CRL(NULL, &p, (long)len);
	if (x != NULL && X509_CRL_verify(x, key) == 1)
		rc = OKC_OK;
out:
	if (rc == OKC_ECRYPTO)
		okc__error_ossl(ctx, OKC_ECRYPTO, "CRL signature does not verify");
	ERR_clear_error();
	X509_CRL_free(x);
	EVP_MD_CTX_free(mctx);
	X509_ALGOR_free(alg);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KEY_SIZE);
}

static int rec_cmp(const void *a, const void *b)
{
	int c = memcmp(a, b, KEY_SIZE);
	if (c != 0)
		return c;
	/* duplicates: earliest revocation first (kept, others dropped) */
	int64_t ta = (int64_t)get64((const unsigned char *)a + 24);
	int64_t tb = (int64_t)get64((const unsigned char *)b + 24);
	return ta < tb ? -1 : ta > tb;
}

static int make_key(unsigned char *key, const unsigned char *serial, size_t n)
{
	if (n == 0 || n > KEY_SIZE - 1)
		return OKC_EUNSUPPORTED;
	memset(key, 0, KEY_SIZE);
	key[0] = (unsigned char)n;
	memcpy(key + 1, serial, n);
	return OKC_OK;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int okc__crlidx_build(okc_ctx *ctx, const unsigned char *crl, size_t len,
                      EVP_PKEY *issuer_key, const char *idx_path,
                      okc__crlidx_info *info)
{
	crl_walk w;
	unsigned char *recs = NULL, *table = NULL;
	char *tmp = NULL;
	int fd = -1, rc;
	size_t n = 0, cap = 0;

	if (len > okc_ctx_limits(ctx)->max_crl_size)
		return okc__error(ctx, OKC_ETOOLARGE, "CRL of %zu bytes exceeds the limit", len);
	if (walk_crl(crl, len, &w) < 0)
		return okc__error(ctx, OKC_EFORMAT, "CRL is not DER CertificateList");
	if (w.info.partial)
		return okc__error(ctx, OKC_EUNSUPPORTED, "delta or partitioned CRL");
	if (issuer_key != NULL && (rc = verify_sig(ctx, crl, len, &w, issuer_key)) < 0)
		return rc;

	/* Pass over revokedCertificates (RFC 5280 5.1.2.6). */
	okc_der rv = w.revoked;
	okc_der_tlv ent;
	while ((rc = okc__der_next(&rv, &ent)) == OKC_OK) {
		okc_der e = okc__der_enter(&ent);
		okc_der_tlv serial, date, exts;
		okc_time t;
		OKC_ENSURE(ctx, ent.tag == OKC_DER_SEQUENCE &&
		           okc__der_expect(&e, OKC_DER_INTEGER, &serial) == OKC_OK &&
		           okc__der_next(&e, &date) == OKC_OK && is_time(date.tag) &&
		           der_time(&date, &t) == OKC_OK,
		           OKC_EFORMAT, "malformed CRL entry %zu", n);
		int reason = 0xff;
		if (e.len > 0) {
			OKC_ENSURE(ctx, okc__der_expect(&e, OKC_DER_SEQUENCE, &exts) == OKC_OK &&
			           e.len == 0, OKC_EFORMAT, "malformed CRL entry %zu", n);
			okc_der_tlv rval, en;
			int f = find_ext(okc__der_enter(&exts), OID_CRL_REASON,
			                 sizeof(OID_CRL_REASON), &rval);
			if (f == OKC_OK) {
				OKC_ENSURE(ctx, okc__der_single(rval.val, rval.val_len, &en) == OKC_OK &&
				           en.tag == 0x0a && en.val_len == 1, OKC_EFORMAT,
				           "malformed reasonCode in CRL entry %zu", n);
				reason = en.val[0];
			} else {
				OKC_ENSURE(ctx, f == OKC_ENOTFOUND, OKC_EFORMAT,
				           "malformed extensions in CRL entry %zu", n);
			}
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096, bytes;
			OKC_ENSURE(ctx, !okc__mul_overflows(ncap, REC_SIZE, &bytes),
			           OKC_ETOOLARGE, "CRL too large");
			unsigned char *nr = realloc(recs, bytes);
			OKC_ENSURE(ctx, nr != NULL, OKC_ENOMEM, "out of memory");
			recs = nr;
			cap = ncap;
		}
		unsigned char *r = recs + n * REC_SIZE;
		OKC_ENSURE(ctx, make_key(r, serial.val, serial.val_len) == OKC_OK,
		           OKC_EUNSUPPORTED, "serial of %zu octets in CRL entry %zu",
		           serial.val_len, n);
		r[23] = (unsigned char)reason;
		put64(r + 24, (uint64_t)t);
		n++;
	}
	OKC_ENSURE(ctx, rc == OKC_ENOTFOUND, OKC_EFORMAT, "malformed revokedCertificates");

	if (n > 1) {
		qsort(recs, n, REC_SIZE, rec_cmp);
		size_t j = 1;
		for (size_t i = 1; i < n; i++)
			if (memcmp(recs + i * REC_SIZE, recs + (j - 1) * REC_SIZE, KEY_SIZE) != 0) {
				if (i != j)
					memcpy(recs + j * REC_SIZE, recs + i * REC_SIZE, REC_SIZE);
				j++;
			}
		n = j;
	}
	w.info.entries = n;
	uint64_t nblocks = (n + BLOCK_RECS - 1) / BLOCK_RECS;
	table = calloc(nblocks ? nblocks : 1, TBL_SIZE);
	OKC_ENSURE(ctx, table != NULL, OKC_ENOMEM, "out of memory");
	for (uint64_t b = 0; b < nblocks; b++) {
		size_t first = b * BLOCK_RECS;
		size_t cnt = n - first < BLOCK_RECS ? n - first : BLOCK_RECS;
		unsigned char h[32];
		memcpy(table + b * TBL_SIZE, recs + first * REC_SIZE, KEY_SIZE);
		EVP_Digest(recs + first * REC_SIZE, cnt * REC_SIZE, h, NULL, EVP_sha256(), NULL);
		memcpy(table + b * TBL_SIZE + 24, h, 8);
	}
	unsigned char hdr[HDR_SIZE];
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, IDX_MAGIC, 8);
	put32(hdr + 8, IDX_VERSION);
	put32(hdr + 12, REC_SIZE);
	put32(hdr + 16, BLOCK_RECS);
	put64(hdr + 24, n);
	put64(hdr + 32, nblocks);
	put64(hdr + 40, (uint64_t)w.info.this_update);
	put64(hdr + 48, (uint64_t)w.info.next_update);
	memcpy(hdr + 56, w.info.crl_sha256, 32);
	memcpy(hdr + 88, w.info.issuer_sha256, 32);
	memcpy(hdr + 120, w.info.crl_number, 21);
	put64(hdr + 160, len);
	if (issuer_key != NULL) {
		unsigned char *spki = NULL;
		int sl = i2d_PUBKEY(issuer_key, &spki);
		OKC_ENSURE(ctx, sl > 0, OKC_ENOMEM, "out of memory");
		EVP_Digest(spki, (size_t)sl, w.info.key_sha256, NULL, EVP_sha256(), NULL);
		OPENSSL_free(spki);
		memcpy(hdr + 168, w.info.key_sha256, 32);
	}
	w.info.crl_size = len;
	{
		EVP_MD_CTX *m = EVP_MD_CTX_new();
		OKC_ENSURE(ctx, m != NULL, OKC_ENOMEM, "out of memory");
		int ok = EVP_DigestInit_ex(m, EVP_sha256(), NULL) == 1 &&
		         EVP_DigestUpdate(m, hdr, 224) == 1 &&
		         EVP_DigestUpdate(m, table, nblocks * TBL_SIZE) == 1 &&
		         EVP_DigestFinal_ex(m, hdr + 224, NULL) == 1;
		EVP_MD_CTX_free(m);
		OKC_ENSURE(ctx, ok, OKC_ECRYPTO, "SHA-256 failed");
	}

	/* Atomic replacement: temporary file in the same directory, fsync,
	 * rename (POSIX rename is atomic), then fsync the directory. */
	size_t plen = strlen(idx_path) + 32;
	tmp = malloc(plen);
	OKC_ENSURE(ctx, tmp != NULL, OKC_ENOMEM, "out of memory");
	snprintf(tmp, plen, "%s.tmp.%ld", idx_path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	OKC_ENSURE(ctx, fd >= 0, OKC_EIO, "cannot create %s: %s", tmp, strerror(errno));
	OKC_ENSURE(ctx, write_all(fd, hdr, HDR_SIZE) == 0 &&
	           write_all(fd, table, nblocks * TBL_SIZE) == 0 &&
	           write_all(fd, recs ? recs : hdr, n * REC_SIZE) == 0 &&
	           fsync(fd) == 0,
	           OKC_EIO, "cannot write %s: %s", tmp, strerror(errno));
	OKC_ENSURE(ctx, close(fd) == 0, OKC_EIO, "cannot close %s", tmp);
	fd = -1;
	OKC_ENSURE(ctx, rename(tmp, idx_path) == 0, OKC_EIO, "cannot rename to %s: %s",
	           idx_path, strerror(errno));
	{
		char *dir = okc__strdup(idx_path);
		OKC_ENSURE(ctx, dir != NULL, OKC_ENOMEM, "out of memory");
		char *slash = strrchr(dir, '/');
		if (slash != NULL) {
			*(slash == dir ? slash + 1 : slash) = '\0';
			int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				(void)fsync(dfd);
				close(dfd);
			}
		}
		free(dir);
	}
	if (info != NULL)
		*info = w.info;
	rc = OKC_OK;
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(table);
	free(recs);
	return rc;
}

int okc__crlidx_open(okc__crlidx **out, okc_ctx *ctx, const char *idx_path)
{
	okc__crlidx *x = NULL;
	int fd = -1, rc;
	struct stat st;
	*out = NULL;
	x = calloc(1, sizeof(*x));
	OKC_ENSURE(ctx, x != NULL, OKC_ENOMEM, "out of memory");
	x->map = MAP_FAILED;
	fd = open(idx_path, O_RDONLY | O_CLOEXEC);
	OKC_ENSURE(ctx, fd >= 0, errno == ENOENT ? OKC_ENOTFOUND : OKC_EIO,
	           "cannot open %s: %s", idx_path, strerror(errno));
	OKC_ENSURE(ctx, fstat(fd, &st) == 0 && S_ISREG(st.st_mode), OKC_EIO,
	           "cannot stat %s", idx_path);
	OKC_ENSURE(ctx, (uint64_t)st.st_size >= HDR_SIZE, OKC_EFORMAT,
	           "%s: truncated index", idx_path);
	x->map_len = (size_t)st.st_size;
	x->map = mmap(NULL, x->map_len, PROT_READ, MAP_SHARED, fd, 0);
	OKC_ENSURE(ctx, x->map != MAP_FAILED, OKC_EIO, "cannot map %s", idx_path);
	const unsigned char *h = x->map;
	OKC_ENSURE(ctx, memcmp(h, IDX_MAGIC, 8) == 0 && get32(h + 8) == IDX_VERSION &&
	           get32(h + 12) == REC_SIZE && get32(h + 16) == BLOCK_RECS,
	           OKC_EFORMAT, "%s: not a CRL index of this version", idx_path);
	uint64_t n = get64(h + 24), nb = get64(h + 32);
	OKC_ENSURE(ctx, n <= (1ull << 40) && nb == (n + BLOCK_RECS - 1) / BLOCK_RECS &&
	           (uint64_t)x->map_len == HDR_SIZE + nb * TBL_SIZE + n * REC_SIZE,
	           OKC_EFORMAT, "%s: size does not match the header", idx_path);
	unsigned char sum[32];
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	OKC_ENSURE(ctx, m != NULL, OKC_ENOMEM, "out of memory");
	int ok = EVP_DigestInit_ex(m, EVP_sha256(), NULL) == 1 &&
	         EVP_DigestUpdate(m, h, 224) == 1 &&
	         EVP_DigestUpdate(m, h + HDR_SIZE, nb * TBL_SIZE) == 1 &&
	         EVP_DigestFinal_ex(m, sum, NULL) == 1;
	EVP_MD_CTX_free(m);
	OKC_ENSURE(ctx, ok && memcmp(sum, h + 224, 32) == 0, OKC_EFORMAT,
	           "%s: header checksum mismatch", idx_path);
	x->nblocks = nb;
	x->table = h + HDR_SIZE;
	x->recs = x->table + nb * TBL_SIZE;
	x->verified = calloc(nb ? nb : 1, 1);
	OKC_ENSURE(ctx, x->verified != NULL, OKC_ENOMEM, "out of memory");
	x->info.entries = n;
	x->info.this_update = (okc_time)get64(h + 40);
	x->info.next_update = (okc_time)get64(h + 48);
	memcpy(x->info.crl_sha256, h + 56, 32);
	memcpy(x->info.issuer_sha256, h + 88, 32);
	memcpy(x->info.crl_number, h + 120, 21);
	x->info.crl_size = get64(h + 160);
	memcpy(x->info.key_sha256, h + 168, 32);
	*out = x;
	x = NULL;
	rc = OKC_OK;
out:
	if (fd >= 0)
		close(fd);
	okc__crlidx_close(x);
	return rc;
}

void okc__crlidx_close(okc__crlidx *idx)
{
	if (idx == NULL)
		return;
	if (idx->map != MAP_FAILED && idx->map != NULL)
		munmap(idx->map, idx->map_len);
	free(idx->verified);
	free(idx);
}

const okc__crlidx_info *okc__crlidx_get_info(const okc__crlidx *idx)
{
	return &idx->info;
}

int okc__crlidx_lookup(okc__crlidx *idx, const unsigned char *serial,
                       size_t serial_len, okc_time *revoked_at, int *reason)
{
	unsigned char key[KEY_SIZE];
	if (idx->nblocks == 0)
		return 0;
	if (make_key(key, serial, serial_len) < 0)
		return 0; /* such a serial cannot be listed in an indexed CRL */
	/* last block whose first key <= key */
	uint64_t lo = 0, hi = idx->nblocks;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (memcmp(idx->table + mid * TBL_SIZE, key, KEY_SIZE) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	uint64_t first = lo * BLOCK_RECS;
	uint64_t cnt = idx->info.entries - first < BLOCK_RECS ?
	               idx->info.entries - first : BLOCK_RECS;
	const unsigned char *blk = idx->recs + first * REC_SIZE;
	if (!idx->verified[lo]) {
		unsigned char h[32];
		if (EVP_Digest(blk, cnt * REC_SIZE, h, NULL, EVP_sha256(), NULL) != 1 ||
		    memcmp(h, idx->table + lo * TBL_SIZE + 24, 8) != 0 ||
		    memcmp(blk, idx->table + lo * TBL_SIZE, KEY_SIZE) != 0)
			return OKC_EFORMAT;
		idx->verified[lo] = 1;
	}
	const unsigned char *hit = bsearch(key, blk, cnt, REC_SIZE, key_cmp);
	if (hit == NULL)
		return 0;
	if (revoked_at != NULL)
		*revoked_at = (okc_time)get64(hit + 24);
	if (reason != NULL)
		*reason = hit[23] == 0xff ? -1 : hit[23];
	return 1;
}
