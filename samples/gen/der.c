/*
 * A minimal DER encoder (ITU-T X.690) for the sample generator.  The samples
 * need encodings OpenSSL refuses to produce (unsorted or duplicated signed
 * attributes, ESS v1 with a SHA-256 hash...), so the CMS structures are
 * written here byte by byte.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/objects.h>

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("okc-samplegen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

D d_raw(const void *p, size_t n)
{
	D d = { xmalloc(n), n };
	if (n)
		memcpy(d.p, p, n);
	return d;
}

D d_empty(void)
{
	return d_raw("", 0);
}

D d_dup(D d)
{
	return d_raw(d.p, d.n);
}

void d_free(D *d)
{
	free(d->p);
	d->p = NULL;
	d->n = 0;
}

D d_tlv(unsigned tag, D c)
{
	unsigned char hdr[8];
	size_t h = 0;
	hdr[h++] = (unsigned char)tag;
	if (c.n < 0x80) {
		hdr[h++] = (unsigned char)c.n;
	} else {
		unsigned char lb[8];
		size_t k = 0, v = c.n;
		while (v) {
			lb[k++] = (unsigned char)(v & 0xff);
			v >>= 8;
		}
		hdr[h++] = (unsigned char)(0x80 | k);
		while (k)
			hdr[h++] = lb[--k];
	}
	D d = { xmalloc(h + c.n), h + c.n };
	memcpy(d.p, hdr, h);
	if (c.n)
		memcpy(d.p + h, c.p, c.n);
	d_free(&c);
	return d;
}

D d_cat(size_t k, D *parts)
{
	size_t n = 0;
	for (size_t i = 0; i < k; i++)
		n += parts[i].n;
	D d = { xmalloc(n), n };
	n = 0;
	for (size_t i = 0; i < k; i++) {
		if (parts[i].n)
			memcpy(d.p + n, parts[i].p, parts[i].n);
		n += parts[i].n;
		d_free(&parts[i]);
	}
	return d;
}

void d_append(D *dst, D src)
{
	D parts[2] = { *dst, src };
	*dst = d_cat(2, parts);
}

/* X.690 11.6: the encodings of a SET OF are sorted as octet strings, the
 * shorter one padded with trailing zero octets. */
static int der_cmp(const void *a, const void *b)
{
	const D *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, n);
	if (c)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

D d_set_sorted(size_t k, D *parts)
{
	D *tmp = xmalloc(k * sizeof *tmp);
	memcpy(tmp, parts, k * sizeof *tmp);
	qsort(tmp, k, sizeof *tmp, der_cmp);
	D r = d_tlv(0x31, d_cat(k, tmp));
	free(tmp);
	return r;
}

D d_oid(const char *dotted)
{
	ASN1_OBJECT *o = OBJ_txt2obj(dotted, 1);
	if (!o)
		die("bad OID %s", dotted);
	unsigned char *p = NULL;
	int n = i2d_ASN1_OBJECT(o, &p);
	if (n <= 0)
		die("i2d OID");
	D d = d_raw(p, (size_t)n);
	OPENSSL_free(p);
	ASN1_OBJECT_free(o);
	return d;
}

D d_int_bytes(const unsigned char *p, size_t n)
{
	while (n > 1 && p[0] == 0 && !(p[1] & 0x80)) {
		p++;
		n--;
	}
	if (n && (p[0] & 0x80)) {
		unsigned char *q = xmalloc(n + 1);
		q[0] = 0;
		memcpy(q + 1, p, n);
		D r = d_tlv(0x02, d_raw(q, n + 1));
		free(q);
		return r;
	}
	return d_tlv(0x02, d_raw(p, n));
}

D d_int(long v)
{
	unsigned char b[9];
	size_t k = 0;
	unsigned long u = (unsigned long)v;
	if (v < 0)
		die("negative INTEGER not needed");
	do {
		b[8 - k++] = (unsigned char)(u & 0xff);
		u >>= 8;
	} while (u);
	return d_int_bytes(b + 9 - k, k);
}

D d_octet(const void *p, size_t n)
{
	return d_tlv(0x04, d_raw(p, n));
}

D d_bits(const void *p, size_t n)
{
	unsigned char *q = xmalloc(n + 1);
	q[0] = 0;
	memcpy(q + 1, p, n);
	D r = d_tlv(0x03, d_raw(q, n + 1));
	free(q);
	return r;
}

D d_null(void)
{
	return d_tlv(0x05, d_empty());
}

D d_str(unsigned tag, const char *s)
{
	return d_tlv(tag, d_raw(s, strlen(s)));
}

D d_utctime(time_t t)
{
	struct tm tm;
	char b[32];
	gmtime_r(&t, &tm);
	/* UTCTime: two-digit year (RFC 5280 4.1.2.5.1, dates < 2050). */
	strftime(b, sizeof b, "%Y%m%d%H%M%SZ", &tm);
	return d_str(0x17, b + 2);
}

D d_gentime(time_t t)
{
	struct tm tm;
	char b[32];
	gmtime_r(&t, &tm);
	strftime(b, sizeof b, "%Y%m%d%H%M%SZ", &tm);
	return d_str(0x18, b);
}

#define I2D_TO_D(fn, x)                                  \
	do {                                             \
		unsigned char *p_ = NULL;                \
		int n_ = fn(x, &p_);                     \
		if (n_ <= 0)                             \
			die(#fn " failed");              \
		D d_ = d_raw(p_, (size_t)n_);            \
		OPENSSL_free(p_);                        \
		return d_;                               \
	} while (0)

D d_x509(const X509 *x)
{
	I2D_TO_D(i2d_X509, x);
}

D d_name(const X509_NAME *nm)
{
	I2D_TO_D(i2d_X509_NAME, nm);
}

D d_crl(const X509_CRL *c)
{
	I2D_TO_D(i2d_X509_CRL, c);
}

D d_algid(const char *oid, int null_params)
{
	if (null_params)
		return SEQ(d_oid(oid), d_null());
	return SEQ(d_oid(oid));
}

const char *md_oid(const EVP_MD *md)
{
	switch (EVP_MD_get_type(md)) {
	case NID_sha1: return "1.3.14.3.2.26";
	case NID_sha256: return "2.16.840.1.101.3.4.2.1";
	case NID_sha384: return "2.16.840.1.101.3.4.2.2";
	case NID_sha512: return "2.16.840.1.101.3.4.2.3";
	default: die("unsupported digest");
	}
	return NULL;
}

D d_hash(const EVP_MD *md, const void *p, size_t n)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	if (!EVP_Digest(p, n, h, &hl, md, NULL))
		die("digest");
	return d_raw(h, hl);
}

time_t ts(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		die("bad time %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

char *path_join(const char *a, const char *b)
{
	char *r = NULL;
	if (asprintf(&r, "%s/%s", a, b) < 0)
		die("oom");
	return r;
}

static void mkdirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		die("oom");
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = 0;
			if (mkdir(p, 0755) && errno != EEXIST)
				die("mkdir %s: %s", p, strerror(errno));
			*s = '/';
		}
	}
	free(p);
}

void write_file(const char *dir, const char *rel, const void *p, size_t n)
{
	char *path = path_join(dir, rel);
	mkdirs(path);
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f))
		die("write %s: %s", path, strerror(errno));
	free(path);
}

unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *b = xmalloc(cap);
	size_t r;
	while ((r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap);
			if (!b)
				die("oom");
		}
	}
	fclose(f);
	*len = n;
	return b;
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}
