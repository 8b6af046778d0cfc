/*
 * zipwriter.h - a tiny raw ZIP writer for the tests: it writes local
 * headers, data, central directory entries and the end record field by
 * field (APPNOTE 4.3), so that tests can build exactly the hostile
 * archives they need in memory.  Test code only.
 */
#ifndef OKC_TEST_ZIPWRITER_H
#define OKC_TEST_ZIPWRITER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct zw {
	unsigned char *b;
	size_t n, cap;
} zw;

static inline void zw_put(zw *z, const void *p, size_t n)
{
	if (z->n + n > z->cap) {
		size_t c = z->cap ? z->cap : 1024;
		while (c < z->n + n)
			c *= 2;
		z->b = realloc(z->b, c);
		if (z->b == NULL)
			abort();
		z->cap = c;
	}
	if (n)
		memcpy(z->b + z->n, p, n);
	z->n += n;
}

static inline void zw_16(zw *z, uint32_t v)
{
	unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	zw_put(z, b, 2);
}

static inline void zw_32(zw *z, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	                       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	zw_put(z, b, 4);
}

static inline void zw_set32(zw *z, size_t off, uint32_t v)
{
	z->b[off] = (unsigned char)v;
	z->b[off + 1] = (unsigned char)(v >> 8);
	z->b[off + 2] = (unsigned char)(v >> 16);
	z->b[off + 3] = (unsigned char)(v >> 24);
}

/* Raw deflate (RFC 1951) of data; caller frees. */
static inline unsigned char *zw_deflate(const void *data, size_t len, size_t *out)
{
	z_stream s;
	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	size_t cap = deflateBound(&s, len) + 16;
	unsigned char *b = malloc(cap);
	s.next_in = (unsigned char *)data;
	s.avail_in = (uInt)len;
	s.next_out = b;
	s.avail_out = (uInt)cap;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		abort();
	*out = cap - s.avail_out;
	deflateEnd(&s);
	return b;
}

static inline uint32_t zw_crc(const void *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n);
}

/* One entry as both headers describe it. */
typedef struct zw_ent {
	const char *name;
	size_t nlen;          /* 0 = strlen(name) */
	uint16_t flags, method;
	uint32_t crc, csize, usize;
	uint32_t lh_off;      /* filled by zw_local */
} zw_ent;

static inline size_t zw_nlen(const zw_ent *e)
{
	return e->nlen ? e->nlen : strlen(e->name);
}

/* Local header + data (already compressed as described). */
static inline void zw_local(zw *z, zw_ent *e, const void *cdata, size_t clen)
{
	e->lh_off = (uint32_t)z->n;
	zw_32(z, 0x04034b50u);
	zw_16(z, 20);
	zw_16(z, e->flags);
	zw_16(z, e->method);
	zw_16(z, 0);
	zw_16(z, 0x21);
	zw_32(z, e->crc);
	zw_32(z, e->csize);
	zw_32(z, e->usize);
	zw_16(z, (uint32_t)zw_nlen(e));
	zw_16(z, 0);
	zw_put(z, e->name, zw_nlen(e));
	zw_put(z, cdata, clen);
}

static inline void zw_central(zw *z, const zw_ent *e)
{
	zw_32(z, 0x02014b50u);
	zw_16(z, 20);
	zw_16(z, 20);
	zw_16(z, e->flags);
	zw_16(z, e->method);
	zw_16(z, 0);
	zw_16(z, 0x21);
	zw_32(z, e->crc);
	zw_32(z, e->csize);
	zw_32(z, e->usize);
	zw_16(z, (uint32_t)zw_nlen(e));
	zw_16(z, 0);
	zw_16(z, 0);
	zw_16(z, 0);
	zw_16(z, 0);
	zw_32(z, 0);
	zw_32(z, e->lh_off);
	zw_put(z, e->name, zw_nlen(e));
}

static inline void zw_end(zw *z, uint16_t disk, uint16_t n, uint32_t cd_off,
                   uint32_t cd_size)
{
	zw_32(z, 0x06054b50u);
	zw_16(z, disk);
	zw_16(z, 0);
	zw_16(z, n);
	zw_16(z, n);
	zw_32(z, cd_size);
	zw_32(z, cd_off);
	zw_16(z, 0);
}

/* A file to put in a well-formed archive. */
typedef struct zw_file {
	const char *name;
	const void *data;
	size_t len;
	int deflate;
} zw_file;

/* Build a well-formed archive of `n` files. */
static inline zw zw_archive(const zw_file *f, size_t n)
{
	zw z = { 0 };
	zw_ent *e = calloc(n ? n : 1, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		size_t clen = f[i].len;
		unsigned char *c = NULL;
		if (f[i].deflate)
			c = zw_deflate(f[i].data, f[i].len, &clen);
		e[i].name = f[i].name;
		e[i].method = f[i].deflate ? 8 : 0;
		e[i].crc = zw_crc(f[i].data, f[i].len);
		e[i].csize = (uint32_t)clen;
		e[i].usize = (uint32_t)f[i].len;
		zw_local(&z, &e[i], c ? c : f[i].data, clen);
		free(c);
	}
	uint32_t cd = (uint32_t)z.n;
	for (size_t i = 0; i < n; i++)
		zw_central(&z, &e[i]);
	zw_end(&z, 0, (uint16_t)n, cd, (uint32_t)(z.n - cd));
	free(e);
	return z;
}

#endif /* OKC_TEST_ZIPWRITER_H */
