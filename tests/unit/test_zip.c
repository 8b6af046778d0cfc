/*
 * test_zip.c - the hostile-input ZIP reader: every rule gets an archive
 * built to break it (see zipwriter.h) and must be refused with its own
 * reason code.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "core/report_build.h"
#include "eyp/zip.h"
#include "zipwriter.h"

static okc_ctx *ctx_with(uint32_t max_entries, uint64_t max_entry,
                         uint64_t max_total, uint32_t max_name)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_entries = max_entries;
	o.limits.max_entry_size = max_entry;
	o.limits.max_total_size = max_total;
	o.limits.max_name_len = max_name;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	return ctx;
}

/* Open `z` and expect refusal with `code` (or success when code == -1). */
static void expect(const zw *z, okc_ctx *ctx, int code)
{
	okc__zip *zip = NULL;
	okc__zip_fault f;
	okc_ctx *own = ctx ? NULL : ctx_with(0, 0, 0, 0);
	int rc = okc__zip_open(&zip, ctx ? ctx : own, z->b, z->n, 0, 0, &f);
	if (code < 0) {
		ck_assert_msg(rc == OKC_OK, "refused: %s (%s)",
		              okc__reason_def(f.reason)->code, f.detail);
		ck_assert_ptr_nonnull(zip);
	} else {
		ck_assert_msg(rc == OKC_EFORMAT || rc == OKC_ETOOLARGE,
		              "rc %d, expected refusal %s", rc,
		              okc__reason_def((okc_reason_id)code)->code);
		ck_assert_msg(f.reason == (okc_reason_id)code,
		              "got %s (%s), expected %s",
		              okc__reason_def(f.reason)->code, f.detail,
		              okc__reason_def((okc_reason_id)code)->code);
		ck_assert_ptr_null(zip);
	}
	okc__zip_free(zip);
	okc_ctx_free(own);
}

static const char hello[] = "merhaba dünya, merhaba dünya, merhaba dünya";

static zw one(const char *name, size_t nlen)
{
	zw z = { 0 };
	zw_ent e = { .name = name, .nlen = nlen, .crc = zw_crc(hello, 10),
	             .csize = 10, .usize = 10 };
	zw_local(&z, &e, hello, 10);
	uint32_t cd = (uint32_t)z.n;
	zw_central(&z, &e);
	zw_end(&z, 0, 1, cd, (uint32_t)(z.n - cd));
	return z;
}

START_TEST(test_wellformed)
{
	zw_file f[] = { { "a.txt", hello, sizeof(hello), 0 },
	                { "dir/b.txt", hello, sizeof(hello), 1 } };
	zw z = zw_archive(f, 2);
	okc_ctx *ctx = ctx_with(0, 0, 0, 0);
	okc__zip *zip = NULL;
	okc__zip_fault flt;
	ck_assert_int_eq(okc__zip_open(&zip, ctx, z.b, z.n, 0, 0, &flt), OKC_OK);
	ck_assert_uint_eq(zip->n, 2);
	const okc__zip_entry *e = okc__zip_find(zip, "DIR/B.TXT");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->usize, sizeof(hello));
	ck_assert_mem_eq(e->data, hello, sizeof(hello));
	ck_assert_ptr_null(okc__zip_find(zip, "c.txt"));
	okc__zip_free(zip);
	okc_ctx_free(ctx);
	free(z.b);
}
END_TEST

START_TEST(test_names)
{
	static const struct {
		const char *name;
		size_t len;
		okc_reason_id code;
	} cases[] = {
		{ "/etc/passwd", 0, OKC_R_ZIP_NAME_ABSOLUTE },
		{ "C:/x.txt", 0, OKC_R_ZIP_NAME_ABSOLUTE },
		{ "a/../../b.txt", 0, OKC_R_ZIP_NAME_DOTDOT },
		{ "../b.txt", 0, OKC_R_ZIP_NAME_DOTDOT },
		{ "a/./b.txt", 0, OKC_R_ZIP_NAME_DOTDOT },
		{ "a\\b.txt", 0, OKC_R_ZIP_NAME_BACKSLASH },
		{ "a\x01" "b", 0, OKC_R_ZIP_NAME_CONTROL },
		{ "a\0b.txt", 7, OKC_R_ZIP_NAME_CONTROL },
		{ "a\xff.txt", 0, OKC_R_ZIP_NAME_BAD_UTF8 },
		{ "a\xc0\xaf.txt", 0, OKC_R_ZIP_NAME_BAD_UTF8 },   /* overlong '/' */
		{ "a\xed\xa0\x80.txt", 0, OKC_R_ZIP_NAME_BAD_UTF8 }, /* surrogate */
		{ "a//b.txt", 0, OKC_R_ZIP_NAME_INVALID },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		zw z = one(cases[i].name, cases[i].len);
		expect(&z, NULL, (int)cases[i].code);
		free(z.b);
	}
	zw z = one("Ekler/liste ş.xlsx", 0);   /* valid UTF-8 is fine */
	expect(&z, NULL, -1);
	free(z.b);
}
END_TEST

START_TEST(test_duplicates)
{
	zw_file f[] = { { "a.txt", hello, 5, 0 }, { "a.txt", hello, 6, 0 } };
	zw z = zw_archive(f, 2);
	expect(&z, NULL, OKC_R_ZIP_NAME_DUPLICATE);
	free(z.b);
	zw_file g[] = { { "Ekler/A.pdf", hello, 5, 0 },
	                { "ekler/a.PDF", hello, 6, 0 } };
	z = zw_archive(g, 2);
	expect(&z, NULL, OKC_R_ZIP_NAME_DUPLICATE_CI);
	free(z.b);
	/* an exact duplicate among case variants is reported as such */
	zw_file h[] = { { "a.txt", hello, 5, 0 }, { "A.txt", hello, 6, 0 },
	                { "a.txt", hello, 7, 0 } };
	z = zw_archive(h, 3);
	expect(&z, NULL, OKC_R_ZIP_NAME_DUPLICATE);
	free(z.b);
}
END_TEST

START_TEST(test_encrypted_and_method)
{
	zw z = one("a.txt", 0);
	z.b[6] |= 1;                      /* local flags */
	z.b[z.n - 22 - 46 - 5 + 8] |= 1;  /* central flags */
	expect(&z, NULL, OKC_R_ZIP_ENCRYPTED);
	free(z.b);
	z = one("a.txt", 0);
	z.b[8] = 12;                      /* bzip2, local and central */
	z.b[z.n - 22 - 46 - 5 + 10] = 12;
	expect(&z, NULL, OKC_R_ZIP_UNSUPPORTED_METHOD);
	free(z.b);
}
END_TEST

START_TEST(test_multidisk_zip64_trailing_prepended)
{
	zw z = one("a.txt", 0);
	z.b[z.n - 22 + 4] = 1;            /* number of this disk */
	expect(&z, NULL, OKC_R_ZIP_MULTI_DISK);
	free(z.b);

	z = one("a.txt", 0);
	zw_put(&z, "GARBAGE!", 8);
	expect(&z, NULL, OKC_R_ZIP_TRAILING_DATA);
	free(z.b);

	/* data before the first entry (a self-extractor stub, a polyglot) */
	zw p = { 0 };
	zw_put(&p, "%PDF-1.7 prepended", 18);
	zw_ent e = { .name = "a.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_local(&p, &e, hello, 10);
	uint32_t cd = (uint32_t)p.n;
	zw_central(&p, &e);
	zw_end(&p, 0, 1, cd, (uint32_t)(p.n - cd));
	expect(&p, NULL, OKC_R_ZIP_PREPENDED_DATA);
	free(p.b);

	/* bytes hidden between two entries */
	zw h = { 0 };
	zw_ent a = { .name = "a.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_ent b = { .name = "b.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_local(&h, &a, hello, 10);
	zw_put(&h, "hidden", 6);
	zw_local(&h, &b, hello, 10);
	cd = (uint32_t)h.n;
	zw_central(&h, &a);
	zw_central(&h, &b);
	zw_end(&h, 0, 2, cd, (uint32_t)(h.n - cd));
	expect(&h, NULL, OKC_R_ZIP_UNACCOUNTED_DATA);
	free(h.b);

	/* a ZIP64 end-of-central-directory locator */
	zw s = { 0 };
	zw_ent c = { .name = "a.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_local(&s, &c, hello, 10);
	cd = (uint32_t)s.n;
	zw_central(&s, &c);
	uint32_t cds = (uint32_t)(s.n - cd);
	(void)cds;
	zw_32(&s, 0x07064b50u);
	zw_32(&s, 0);
	zw_32(&s, 0);
	zw_32(&s, 0);
	zw_32(&s, 1);
	zw_end(&s, 0, 1, cd, cds);
	expect(&s, NULL, OKC_R_ZIP_ZIP64_UNSUPPORTED);
	/* ZIP64 markers in the end record itself */
	zw_set32(&s, s.n - 22 + 16, 0xFFFFFFFFu);
	expect(&s, NULL, OKC_R_ZIP_ZIP64_UNSUPPORTED);
	free(s.b);

	zw t = { 0 };
	expect(&t, NULL, OKC_R_ZIP_MALFORMED);
	static const char notzip[] = "PK\5\6 this is not an archive at all....";
	zw_put(&t, notzip, sizeof(notzip) - 1);
	expect(&t, NULL, OKC_R_ZIP_MALFORMED);
	free(t.b);
}
END_TEST

START_TEST(test_overlap)
{
	/* Entry "b" lives inside the data of entry "a": one stream shown
	 * under two names. */
	zw inner = { 0 };
	zw_ent b = { .name = "b.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_local(&inner, &b, hello, 10);
	zw z = { 0 };
	zw_ent a = { .name = "a.txt", .crc = zw_crc(inner.b, inner.n),
	             .csize = (uint32_t)inner.n, .usize = (uint32_t)inner.n };
	zw_local(&z, &a, inner.b, inner.n);
	b.lh_off = a.lh_off + 30 + 5;
	uint32_t cd = (uint32_t)z.n;
	zw_central(&z, &a);
	zw_central(&z, &b);
	zw_end(&z, 0, 2, cd, (uint32_t)(z.n - cd));
	expect(&z, NULL, OKC_R_ZIP_OVERLAP);
	free(z.b);
	free(inner.b);

	/* two directory entries, one local header */
	zw d = { 0 };
	zw_ent x = { .name = "a.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_local(&d, &x, hello, 10);
	cd = (uint32_t)d.n;
	zw_central(&d, &x);
	zw_central(&d, &x);
	zw_end(&d, 0, 2, cd, (uint32_t)(d.n - cd));
	expect(&d, NULL, OKC_R_ZIP_OVERLAP);
	free(d.b);
}
END_TEST

START_TEST(test_local_mismatch)
{
	/* local name differs from the central one */
	zw z = { 0 };
	zw_ent l = { .name = "good.txt", .crc = zw_crc(hello, 10), .csize = 10,
	             .usize = 10 };
	zw_ent c = l;
	c.name = "evil.exe";
	zw_local(&z, &l, hello, 10);
	c.lh_off = l.lh_off;
	uint32_t cd = (uint32_t)z.n;
	zw_central(&z, &c);
	zw_end(&z, 0, 1, cd, (uint32_t)(z.n - cd));
	expect(&z, NULL, OKC_R_ZIP_LOCAL_MISMATCH);
	free(z.b);

	/* local CRC, sizes, method, flags each disagree */
	static const size_t field[] = { 14, 18, 22, 8, 6 };
	for (size_t i = 0; i < 5; i++) {
		zw y = one("a.txt", 0);
		y.b[field[i]] ^= (i == 4) ? 0x02 : 0x01;
		expect(&y, NULL, OKC_R_ZIP_LOCAL_MISMATCH);
		free(y.b);
	}
	/* no local header where the directory says */
	zw w = one("a.txt", 0);
	w.b[0] = 'X';
	expect(&w, NULL, OKC_R_ZIP_LOCAL_MISMATCH);
	free(w.b);
}
END_TEST

START_TEST(test_crc_and_inflate)
{
	/* CRC wrong in both headers, consistently */
	zw z = { 0 };
	zw_ent e = { .name = "a.txt", .crc = zw_crc(hello, 10) ^ 1, .csize = 10,
	             .usize = 10 };
	zw_local(&z, &e, hello, 10);
	uint32_t cd = (uint32_t)z.n;
	zw_central(&z, &e);
	zw_end(&z, 0, 1, cd, (uint32_t)(z.n - cd));
	expect(&z, NULL, OKC_R_ZIP_CRC_MISMATCH);
	free(z.b);

	/* deflate stream of 400 bytes declared as 100 (CRC of the first
	 * 100 so that only the size rule can catch it) */
	unsigned char big[400];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7);
	size_t clen;
	unsigned char *c = zw_deflate(big, sizeof(big), &clen);
	zw o = { 0 };
	zw_ent oe = { .name = "a.bin", .method = 8, .crc = zw_crc(big, 100),
	              .csize = (uint32_t)clen, .usize = 100 };
	zw_local(&o, &oe, c, clen);
	cd = (uint32_t)o.n;
	zw_central(&o, &oe);
	zw_end(&o, 0, 1, cd, (uint32_t)(o.n - cd));
	expect(&o, NULL, OKC_R_ZIP_INFLATE_OVERRUN);
	free(o.b);

	/* declared larger than the stream */
	zw s = { 0 };
	zw_ent se = { .name = "a.bin", .method = 8, .crc = zw_crc(big, 400),
	              .csize = (uint32_t)clen, .usize = 401 };
	zw_local(&s, &se, c, clen);
	cd = (uint32_t)s.n;
	zw_central(&s, &se);
	zw_end(&s, 0, 1, cd, (uint32_t)(s.n - cd));
	expect(&s, NULL, OKC_R_ZIP_DATA_CORRUPT);
	free(s.b);

	/* a corrupt deflate stream */
	zw k = { 0 };
	unsigned char junk[16];
	memset(junk, 0xff, sizeof(junk));
	zw_ent ke = { .name = "a.bin", .method = 8, .crc = 0, .csize = 16,
	              .usize = 20 };
	zw_local(&k, &ke, junk, 16);
	cd = (uint32_t)k.n;
	zw_central(&k, &ke);
	zw_end(&k, 0, 1, cd, (uint32_t)(k.n - cd));
	expect(&k, NULL, OKC_R_ZIP_DATA_CORRUPT);
	free(k.b);
	free(c);
}
END_TEST

/* ---- streamed entries (larger than OKC__ZIP_HOLD_MAX: not kept) ---- */

/* Incompressible bytes: deflate cannot shrink them, so no ratio rule. */
static unsigned char *noise(size_t n)
{
	unsigned char *p = malloc(n);
	uint32_t x = 2463534242u;
	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
	return p;
}

/* One deflated entry whose headers declare `usize` and `crc`. */
static zw lying(const unsigned char *data, size_t n, uint32_t usize,
                uint32_t crc)
{
	size_t clen;
	unsigned char *c = zw_deflate(data, n, &clen);
	zw z = { 0 };
	zw_ent e = { .name = "Ekler/big.bin", .method = 8, .crc = crc,
	             .csize = (uint32_t)clen, .usize = usize };
	zw_local(&z, &e, c, clen);
	uint32_t cd = (uint32_t)z.n;
	zw_central(&z, &e);
	zw_end(&z, 0, 1, cd, (uint32_t)(z.n - cd));
	free(c);
	return z;
}

static void check_digest(okc__zip *zip, const okc__zip_entry *e,
                         const char *md, const unsigned char *data, size_t n)
{
	unsigned char want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE];
	unsigned int wl = 0;
	size_t gl = 0;
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(EVP_Digest(data, n, want, &wl, m, NULL), 1);
	EVP_MD_free(m);
	okc__zip_digest(zip, e, md, got, &gl);
	ck_assert_uint_eq(gl, wl);
	ck_assert_mem_eq(got, want, gl);
}

/* A streamed entry: checked and hashed in one pass, not kept, read again
 * on demand with the same bytes; other digests by one more pass. */
static void check_streamed(okc__zip *zip, const unsigned char *data, size_t n)
{
	const okc__zip_entry *e = okc__zip_find(zip, "ekler/BIG.bin");
	okc__zip_fault f;
	ck_assert_ptr_nonnull(e);
	ck_assert(e->hashed);
	ck_assert(!e->held);
	ck_assert_ptr_null(e->data);
	check_digest(zip, e, "SHA256", data, n);
	check_digest(zip, e, "SHA384", data, n);
	check_digest(zip, e, "SHA512", data, n);
	check_digest(zip, e, "SHA1", data, n);       /* streamed again */
	ck_assert_int_eq(okc__zip_load(zip, e, &f), OKC_OK);
	ck_assert_ptr_nonnull(e->data);
	ck_assert_mem_eq(e->data, data, n);
	okc__zip_release(zip, e);
	ck_assert_ptr_null(e->data);
}

START_TEST(test_streamed)
{
	const size_t n = OKC__ZIP_HOLD_MAX * 4;
	unsigned char *data = noise(n);
	zw_file good[] = { { "Ekler/big.bin", data, n, 1 },
	                   { "small.xml", hello, 10, 0 } };
	zw z = zw_archive(good, 2);
	okc_ctx *ctx = ctx_with(0, 0, 0, 0);
	okc__zip *zip = NULL;
	okc__zip_fault f;

	ck_assert_int_eq(okc__zip_open(&zip, ctx, z.b, z.n, 0, 0, &f), OKC_OK);
	check_streamed(zip, data, n);
	const okc__zip_entry *sm = okc__zip_find(zip, "small.xml");
	ck_assert(sm->held && sm->data != NULL && sm->hashed);
	okc__zip_free(zip);

	/* HOLD_ALL keeps every entry (the package API needs that) */
	ck_assert_int_eq(okc__zip_open(&zip, ctx, z.b, z.n, 0,
	                               OKC__ZIP_HOLD_ALL, &f), OKC_OK);
	ck_assert_ptr_nonnull(okc__zip_find(zip, "Ekler/big.bin")->data);
	okc__zip_free(zip);

	/* the same archive from a file descriptor: never read whole */
	char path[] = "/tmp/okc-test-zip.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, z.b, z.n), (ssize_t)z.n);
	ck_assert_int_eq(okc__zip_open_fd(&zip, ctx, fd, z.n, 0, &f), OKC_OK);
	check_streamed(zip, data, n);
	okc__zip_free(zip);
	/* a file cut short: the end record is gone */
	ck_assert_int_eq(ftruncate(fd, (off_t)(z.n - 30)), 0);
	ck_assert_int_eq(okc__zip_open_fd(&zip, ctx, fd, z.n - 30, 0, &f),
	                 OKC_EFORMAT);
	ck_assert_int_eq(f.reason, OKC_R_ZIP_MALFORMED);
	close(fd);
	free(z.b);

	/* declared smaller than it inflates: stopped mid-stream */
	zw lie = lying(data, n, (uint32_t)(n / 2), zw_crc(data, n / 2));
	expect(&lie, ctx, OKC_R_ZIP_INFLATE_OVERRUN);
	free(lie.b);
	/* declared larger than it inflates */
	zw shortz = lying(data, n, (uint32_t)n + 10, zw_crc(data, n));
	expect(&shortz, ctx, OKC_R_ZIP_DATA_CORRUPT);
	free(shortz.b);
	/* right size, wrong CRC: libzip's check at the end of the stream */
	zw badcrc = lying(data, n, (uint32_t)n, zw_crc(data, n) ^ 0x10);
	expect(&badcrc, ctx, OKC_R_ZIP_CRC_MISMATCH);
	free(badcrc.b);
	free(data);

	/* A bomb that declares a modest size within the ratio limit: 64 MiB
	 * of zeros (about 64 KB deflated) declared as 2 MiB (ratio ~32:1).
	 * The declared size passes; inflating stops at 2 MiB + 1 byte. */
	size_t bn = 64u << 20;
	unsigned char *zeros = calloc(1, bn);
	ck_assert_ptr_nonnull(zeros);
	zw bomb = lying(zeros, bn, 2u << 20, zw_crc(zeros, 2u << 20));
	free(zeros);
	expect(&bomb, ctx, OKC_R_ZIP_INFLATE_OVERRUN);
	free(bomb.b);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_limits)
{
	zw_file f[] = { { "a", hello, 5, 0 }, { "b", hello, 5, 0 },
	                { "c", hello, 5, 0 } };
	zw z = zw_archive(f, 3);
	okc_ctx *ctx = ctx_with(2, 0, 0, 0);
	expect(&z, ctx, OKC_R_ZIP_TOO_MANY_ENTRIES);
	okc_ctx_free(ctx);
	ctx = ctx_with(0, 4, 0, 0);
	expect(&z, ctx, OKC_R_ZIP_ENTRY_TOO_LARGE);
	okc_ctx_free(ctx);
	ctx = ctx_with(0, 0, 12, 0);
	expect(&z, ctx, OKC_R_ZIP_TOTAL_TOO_LARGE);
	okc_ctx_free(ctx);
	free(z.b);

	zw_file g[] = { { "a-very-long-name.txt", hello, 5, 0 } };
	z = zw_archive(g, 1);
	ctx = ctx_with(0, 0, 0, 8);
	expect(&z, ctx, OKC_R_ZIP_NAME_TOO_LONG);
	okc_ctx_free(ctx);
	free(z.b);

	/* 1 MiB of zeros deflates ~1000:1, past the default 200:1 */
	size_t n = 1u << 20;
	unsigned char *zeros = calloc(1, n);
	zw_file h[] = { { "bomb.bin", zeros, n, 1 } };
	z = zw_archive(h, 1);
	expect(&z, NULL, OKC_R_ZIP_RATIO_EXCEEDED);
	free(z.b);
	free(zeros);

	/* nesting */
	z = one("a.txt", 0);
	okc__zip *zip = NULL;
	okc__zip_fault flt;
	ctx = ctx_with(0, 0, 0, 0);
	ck_assert_int_eq(okc__zip_open(&zip, ctx, z.b, z.n, 5, 0, &flt),
	                 OKC_ETOOLARGE);
	ck_assert_int_eq(flt.reason, OKC_R_ZIP_NESTING_TOO_DEEP);
	okc_ctx_free(ctx);
	free(z.b);
}
END_TEST

START_TEST(test_verdict_in_report)
{
	/* the refusal reaches the report of okc_verify_mem with its code */
	zw z = one("../evil.txt", 0);
	okc_ctx *ctx = ctx_with(0, 0, 0, 0);
	okc_report *r = NULL;
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "x.eyp", z.b, z.n, NULL),
	                 OKC_OK);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
	bool seen = false;
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		if (strcmp(okc_report_reason(r, i)->code, "ZIP_NAME_DOTDOT") == 0)
			seen = true;
	ck_assert(seen);
	okc_report_free(r);
	okc_ctx_free(ctx);
	free(z.b);
}
END_TEST

START_TEST(test_utf8_and_crc_helpers)
{
	ck_assert(okc__utf8_valid((const unsigned char *)"ÖKC başvuru", 13));
	ck_assert(!okc__utf8_valid((const unsigned char *)"\xf4\x90\x80\x80", 4));
	ck_assert(!okc__utf8_valid((const unsigned char *)"\xe2\x82", 2));
	ck_assert_uint_eq(okc__crc32(0, (const unsigned char *)"123456789", 9),
	                  0xCBF43926u);
	ck_assert_int_eq(okc__strcasecmp_ascii("ABC", "abc"), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("zip");
	TCase *t = tcase_create("zip");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_wellformed);
	tcase_add_test(t, test_names);
	tcase_add_test(t, test_duplicates);
	tcase_add_test(t, test_encrypted_and_method);
	tcase_add_test(t, test_multidisk_zip64_trailing_prepended);
	tcase_add_test(t, test_overlap);
	tcase_add_test(t, test_local_mismatch);
	tcase_add_test(t, test_crc_and_inflate);
	tcase_add_test(t, test_streamed);
	tcase_add_test(t, test_limits);
	tcase_add_test(t, test_verdict_in_report);
	tcase_add_test(t, test_utf8_and_crc_helpers);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
