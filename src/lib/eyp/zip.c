/*
 * zip.c - the hostile-input ZIP reader (see zip.h).
 *
 * References: PKWARE APPNOTE.TXT 6.3.10 (structures; section numbers
 * below), ISO/IEC 29500-2:2012 §9.1.1 and Annex A (part names),
 * RFC 3629 (UTF-8).
 *
 * libzip 1.7.3 (Debian 12) with ZIP_CHECKCONS compares a few local-header
 * fields with the central directory, but accepts duplicate names that
 * differ in case, names with "..", backslashes or control characters,
 * overlapping entries, data between entries, prepended data and trailing
 * garbage, and it trusts declared sizes while inflating.  Every one of those
 * rules is therefore enforced here, on the raw bytes, before libzip is asked
 * to inflate anything.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <zip.h>

#include "eyp/zip.h"

#define SIG_LOCAL   0x04034b50u   /* 4.3.7 */
#define SIG_CENTRAL 0x02014b50u   /* 4.3.12 */
#define SIG_EOCD    0x06054b50u   /* 4.3.16 */
#define SIG_EOCD64L 0x07064b50u   /* 4.3.15 */
#define SIG_DD      0x08074b50u   /* 4.3.9.3 */

#define FLAG_ENCRYPTED   0x0001u  /* 4.4.4 bit 0 */
#define FLAG_DESCRIPTOR  0x0008u  /* bit 3: sizes/CRC after the data */
#define FLAG_STRONG_ENC  0x0040u  /* bit 6 */
#define FLAG_MASKED_HDR  0x2000u  /* bit 13: central directory encryption */

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

uint32_t okc__crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static bool ready;
	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = true;
	}
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

bool okc__utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		/* RFC 3629 §3: no overlong forms, no surrogates, ≤ U+10FFFF */
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

static int fold(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int okc__strcasecmp_ascii(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = fold((unsigned char)*a), y = fold((unsigned char)*b);
		if (x != y || x == 0)
			return x - y;
	}
}

static int fault(okc__zip_fault *f, int err, okc_reason_id id,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fault(okc__zip_fault *f, int err, okc_reason_id id,
                 const char *fmt, ...)
{
	va_list ap;
	f->reason = id;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
	return err;
}

/* Printable, bounded copy of a hostile name for messages. */
static void show(char *buf, size_t cap, const unsigned char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' || s[i] == '\\')
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", s[i]);
		else
			buf[o++] = (char)s[i];
	}
	buf[o] = '\0';
}

/*
 * Entry names.  APPNOTE 4.4.17.1 says names are relative, use '/' and carry
 * no drive letter; ISO/IEC 29500-2 §9.1.1.1 forbids empty, "." and ".."
 * segments in part names.  Each violation has its own reason so that a
 * report says exactly what the archive tried.
 */
static int check_name(const unsigned char *s, size_t n, okc__zip_fault *f)
{
	char shown[160];
	show(shown, sizeof(shown), s, n);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_CONTROL,
			             "\"%s\"", shown);
	if (!okc__utf8_valid(s, n))
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_BAD_UTF8, "\"%s\"",
		             shown);
	if (memchr(s, '\\', n) != NULL)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_BACKSLASH, "\"%s\"",
		             shown);
	if (n == 0 || s[0] == '/' ||
	    (n >= 2 && s[1] == ':' && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')))
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_ABSOLUTE, "\"%s\"",
		             shown);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		size_t seg = i - start;
		bool last = (i == n);
		if ((seg == 1 && s[start] == '.') ||
		    (seg == 2 && s[start] == '.' && s[start + 1] == '.'))
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_DOTDOT,
			             "\"%s\"", shown);
		/* An empty segment is only allowed as the end of a directory
		 * entry name ("UstYazi/"). */
		if (seg == 0 && !(last && n > 0 && s[n - 1] == '/'))
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_INVALID,
			             "empty segment in \"%s\"", shown);
		start = i + 1;
	}
	return OKC_OK;
}

struct extent {
	uint64_t start, end;
	size_t idx;
};

static int cmp_extent(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static const okc__zip *sort_zip;  /* qsort has no context argument */

static int cmp_name_ci(const void *a, const void *b)
{
	const okc__zip_entry *e = sort_zip->e;
	const char *x = e[*(const size_t *)a].name, *y = e[*(const size_t *)b].name;
	int c = okc__strcasecmp_ascii(x, y);
	return c != 0 ? c : strcmp(x, y);
}

void okc__zip_free(okc__zip *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < z->n; i++) {
		free(z->e[i].name);
		free(z->e[i].data);
	}
	if (z->za != NULL)
		zip_discard(z->za);   /* closes z->file too (fd mode) */
	free(z->e);
	free(z->by_name);
	free(z);
}

const okc__zip_entry *okc__zip_find(const okc__zip *z, const char *name)
{
	size_t lo = 0, hi = z->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const okc__zip_entry *e = &z->e[z->by_name[mid]];
		int c = okc__strcasecmp_ascii(name, e->name);
		if (c == 0)
			return e;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The fields of one central directory record `c` (4.3.12) that do not
 * depend on the local header: rules and limits decided on declared sizes
 * (inflating is then bounded by them). */
static int check_entry(okc__zip *z, const okc_limits *lim, okc__zip_entry *en,
                       const unsigned char *c, okc__zip_fault *f)
{
	uint16_t flags = rd16(c + 8), method = rd16(c + 10);
	uint32_t crc = rd32(c + 16), csize = rd32(c + 20), usize = rd32(c + 24);
	size_t nlen = rd16(c + 28);
	uint16_t sdisk = rd16(c + 34);
	uint32_t lh = rd32(c + 42);
	if (sdisk != 0)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_MULTI_DISK,
		             "\"%s\" starts on disk %u", en->name, sdisk);
	if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENC | FLAG_MASKED_HDR))
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_ENCRYPTED,
		             "\"%s\" (flags 0x%04x)", en->name, flags);
	if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || lh == 0xFFFFFFFFu)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_ZIP64_UNSUPPORTED,
		             "\"%s\" uses ZIP64 sizes", en->name);
	if (method != 0 && method != 8)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_UNSUPPORTED_METHOD,
		             "\"%s\": method %u", en->name, method);
	if (method == 0 && csize != usize)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
		             "stored entry \"%s\" has compressed size %u "
		             "and size %u", en->name, csize, usize);
	en->usize = usize;
	en->csize = csize;
	en->crc = crc;
	en->method = method;
	en->flags = flags;
	en->part = SIZE_MAX;
	en->is_dir = nlen > 0 && en->name[nlen - 1] == '/';
	if (en->is_dir && usize != 0)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_INVALID,
		             "directory entry \"%s\" holds %u bytes",
		             en->name, usize);
	/* The ratio first: an entry that claims to inflate more than
	 * max_ratio:1 is a compression bomb whatever its size (documents do
	 * not compress that well).  One that lies about its size is caught
	 * while it is inflated (read_entry). */
	if (usize > 0 && (csize == 0 ||
	                  (uint64_t)usize > (uint64_t)csize * lim->max_ratio))
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_RATIO_EXCEEDED,
		             "\"%s\": %u bytes from %u, limit %u:1",
		             en->name, usize, csize, lim->max_ratio);
	if (usize > lim->max_entry_size)
		return fault(f, OKC_ETOOLARGE, OKC_R_ZIP_ENTRY_TOO_LARGE,
		             "\"%s\": %u bytes, limit %llu", en->name,
		             usize, (unsigned long long)lim->max_entry_size);
	z->total += usize;
	if (z->total > lim->max_total_size)
		return fault(f, OKC_ETOOLARGE, OKC_R_ZIP_TOTAL_TOO_LARGE,
		             "more than %llu bytes inflated in total",
		             (unsigned long long)lim->max_total_size);
	return OKC_OK;
}

/* Every byte before the directory belongs to exactly one entry; names are
 * unique, also case-insensitively. */
static int check_layout(okc__zip *z, struct extent *ext, size_t n_total,
                        uint64_t cd_off, okc__zip_fault *f)
{
	/* Overlapping entries (one data stream shown under two names, the
	 * "zip bomb by overlap") and hidden bytes are both refused. */
	qsort(ext, n_total, sizeof(*ext), cmp_extent);
	uint64_t pos = 0;
	for (size_t i = 0; i < n_total; i++) {
		if (ext[i].start < pos)
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_OVERLAP,
			             "\"%s\" overlaps the entry before it",
			             z->e[ext[i].idx].name);
		if (ext[i].start > pos)
			return fault(f, OKC_EFORMAT,
			             pos == 0 ? OKC_R_ZIP_PREPENDED_DATA
			                      : OKC_R_ZIP_UNACCOUNTED_DATA,
			             "%llu bytes before \"%s\"",
			             (unsigned long long)(ext[i].start - pos),
			             z->e[ext[i].idx].name);
		pos = ext[i].end;
	}
	if (pos != cd_off)
		return fault(f, OKC_EFORMAT,
		             n_total == 0 ? OKC_R_ZIP_PREPENDED_DATA
		                          : OKC_R_ZIP_UNACCOUNTED_DATA,
		             "%llu bytes before the central directory",
		             (unsigned long long)(cd_off - pos));

	/* Names: exact duplicates, then duplicates under OPC's
	 * case-insensitive comparison (ISO/IEC 29500-2 §9.1.1.2). */
	z->by_name = malloc((n_total ? n_total : 1) * sizeof(size_t));
	if (z->by_name == NULL)
		return OKC_ENOMEM;
	for (size_t i = 0; i < n_total; i++)
		z->by_name[i] = i;
	sort_zip = z;
	qsort(z->by_name, n_total, sizeof(size_t), cmp_name_ci);
	sort_zip = NULL;
	/* The order is case-folded first, exact second, so exact duplicates
	 * are adjacent and so are case variants: two linear passes. */
	for (size_t i = 1; i < n_total; i++) {
		const char *a = z->e[z->by_name[i - 1]].name;
		if (strcmp(a, z->e[z->by_name[i]].name) == 0)
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_DUPLICATE,
			             "\"%s\"", a);
	}
	for (size_t i = 1; i < n_total; i++) {
		const char *a = z->e[z->by_name[i - 1]].name;
		const char *b = z->e[z->by_name[i]].name;
		if (okc__strcasecmp_ascii(a, b) == 0)
			return fault(f, OKC_EFORMAT, OKC_R_ZIP_NAME_DUPLICATE_CI,
			             "\"%s\" and \"%s\"", a, b);
	}
	return OKC_OK;
}

/*
 * Where the archive's bytes come from: memory, or a file read with pread
 * (so that a package file is never held whole).  `at` returns n bytes at
 * off, from memory or copied into `scratch` (n bytes); NULL on a read
 * error or a short read.  Callers check off + n <= len first.
 */
struct zsrc {
	const unsigned char *mem;
	int fd;
	uint64_t len;
};

static const unsigned char *at(const struct zsrc *s, uint64_t off, size_t n,
                               unsigned char *scratch)
{
	if (s->mem != NULL)
		return s->mem + off;
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(s->fd, scratch + got, n - got,
		                  (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		got += (size_t)r;
	}
	return scratch;
}

static int eio(okc__zip_fault *f, uint64_t off)
{
	return fault(f, OKC_EIO, OKC_R_ZIP_MALFORMED,
	             "cannot read the archive at offset %llu: %s",
	             (unsigned long long)off, strerror(errno ? errno : EIO));
}

/* Locate the end of central directory record (4.3.16): the last signature
 * whose comment length reaches no further than the end of the data.  `w`
 * holds the last wn bytes of the archive. */
static int find_eocd(const struct zsrc *src, const unsigned char *w,
                     size_t wn, uint64_t *pos, okc__zip_fault *f)
{
	const uint64_t len = src->len, base = len - wn;
	if (len < 22)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
		             "%llu bytes: too short for a ZIP archive",
		             (unsigned long long)len);
	for (size_t p = wn - 22 + 1; p-- > 0;) {
		const unsigned char *d = w + p;
		if (rd32(d) != SIG_EOCD)
			continue;
		size_t clen = rd16(d + 20);
		if (p + 22 + clen > wn)
			continue;
		/* A candidate must point at a central directory that ends
		 * before it; otherwise the signature bytes are data (a
		 * truncated archive often still contains some). */
		uint32_t cd_size = rd32(d + 12), cd_off = rd32(d + 16);
		uint16_t n = rd16(d + 10);
		bool zip64 = n == 0xFFFF || cd_size == 0xFFFFFFFFu ||
		             cd_off == 0xFFFFFFFFu;
		if (zip64) {
			*pos = base + p;  /* refused with its own reason later */
			return OKC_OK;
		}
		if ((uint64_t)cd_off + cd_size > base + p)
			continue;
		if (n > 0) {
			unsigned char sig[4];
			const unsigned char *c = cd_size >= 46
			                         ? at(src, cd_off, 4, sig) : NULL;
			if (cd_size >= 46 && c == NULL)
				return eio(f, cd_off);
			if (c == NULL || rd32(c) != SIG_CENTRAL)
				continue;
		}
		*pos = base + p;
		return OKC_OK;
	}
	return fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
	             "no valid end of central directory record (truncated "
	             "or not a ZIP archive)");
}

/* The largest local header (4.3.7: 30 bytes, name and extra field of at
 * most 65535 bytes each are read apart) or data descriptor we read. */
#define LH_SCRATCH (30 + 65535)

/* Parse the central directory and the local headers; fill z->e. */
static int parse(okc__zip *z, okc_ctx *ctx, const struct zsrc *src,
                 okc__zip_fault *f, struct extent **extp)
{
	const okc_limits *lim = okc_ctx_limits(ctx);
	const uint64_t len = src->len;
	uint64_t eocd = 0;
	int rc;
	unsigned char *win = NULL, *cdbuf = NULL, *scratch = NULL;
	const unsigned char *cd;

	/* the window in which the end record can be (its comment is at
	 * most 65535 bytes), plus the 20 bytes of a ZIP64 locator before */
	size_t wn = len < 22 + 65535 + 1024 + 20 ? (size_t)len
	                                         : 22 + 65535 + 1024 + 20;
	if (src->mem == NULL && (win = malloc(wn ? wn : 1)) == NULL)
		return OKC_ENOMEM;
	const unsigned char *w = at(src, len - wn, wn, win);
	if (w == NULL) {
		rc = eio(f, len - wn);
		goto out;
	}
	if ((rc = find_eocd(src, w, wn, &eocd, f)) < 0)
		goto out;
	const unsigned char *e = w + (eocd - (len - wn));
	uint16_t disk = rd16(e + 4), cd_disk = rd16(e + 6);
	uint16_t n_disk = rd16(e + 8), n_total = rd16(e + 10);
	uint32_t cd_size = rd32(e + 12), cd_off = rd32(e + 16);
	size_t clen = rd16(e + 20);

	if (eocd >= 20 && eocd - 20 >= len - wn &&
	    rd32(w + (eocd - 20 - (len - wn))) == SIG_EOCD64L) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_ZIP64_UNSUPPORTED,
		           "ZIP64 end of central directory locator");
		goto out;
	}
	if (n_total == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_ZIP64_UNSUPPORTED,
		           "ZIP64 markers in the end record");
		goto out;
	}
	/* 4.4.19-4.4.22: a single-volume archive has disk numbers 0 and the
	 * same count of entries on this disk and in total. */
	if (disk != 0 || cd_disk != 0 || n_disk != n_total) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_MULTI_DISK,
		           "disk %u, directory on disk %u, %u of %u entries",
		           disk, cd_disk, n_disk, n_total);
		goto out;
	}
	if (eocd + 22 + clen != len) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_TRAILING_DATA,
		           "%llu bytes after the end of central directory record",
		           (unsigned long long)(len - (eocd + 22 + clen)));
		goto out;
	}
	if ((uint64_t)cd_off + cd_size > eocd) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
		           "central directory (%u+%u) runs past its end record "
		           "at %llu", cd_off, cd_size, (unsigned long long)eocd);
		goto out;
	}
	if ((uint64_t)cd_off + cd_size < eocd) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_UNACCOUNTED_DATA,
		           "%llu bytes between the central directory and its "
		           "end record",
		           (unsigned long long)(eocd - cd_off - cd_size));
		goto out;
	}
	if (n_total > lim->max_entries) {
		rc = fault(f, OKC_ETOOLARGE, OKC_R_ZIP_TOO_MANY_ENTRIES,
		           "%u entries, limit %u", n_total, lim->max_entries);
		goto out;
	}
	/* The directory itself (at most 46 + 3 * 65535 bytes per entry and
	 * within the input): read once. */
	if (src->mem == NULL &&
	    ((cdbuf = malloc(cd_size ? cd_size : 1)) == NULL ||
	     (scratch = malloc(LH_SCRATCH)) == NULL)) {
		rc = OKC_ENOMEM;
		goto out;
	}
	if ((cd = at(src, cd_off, cd_size, cdbuf)) == NULL) {
		rc = eio(f, cd_off);
		goto out;
	}

	z->e = calloc(n_total ? n_total : 1, sizeof(*z->e));
	struct extent *ext = calloc(n_total ? n_total : 1, sizeof(*ext));
	*extp = ext;
	if (z->e == NULL || ext == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}

	size_t p = 0;
	const size_t cd_end = cd_size;
	for (size_t i = 0; i < n_total; i++) {
		if (cd_end - p < 46 || rd32(cd + p) != SIG_CENTRAL) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
			           "central directory entry %zu is truncated or "
			           "has a bad signature", i);
			goto out;
		}
		const unsigned char *c = cd + p;
		uint16_t flags = rd16(c + 8), method = rd16(c + 10);
		uint32_t crc = rd32(c + 16), csize = rd32(c + 20),
		         usize = rd32(c + 24);
		size_t nlen = rd16(c + 28), xlen = rd16(c + 30), klen = rd16(c + 32);
		uint32_t lh = rd32(c + 42);
		if (cd_end - p - 46 < nlen + xlen + klen) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
			           "central directory entry %zu runs past the "
			           "directory", i);
			goto out;
		}
		const unsigned char *name = c + 46;
		if (nlen > lim->max_name_len) {
			rc = fault(f, OKC_ETOOLARGE, OKC_R_ZIP_NAME_TOO_LONG,
			           "entry %zu: %zu bytes, limit %u", i, nlen,
			           lim->max_name_len);
			goto out;
		}
		if ((rc = check_name(name, nlen, f)) < 0)
			goto out;
		okc__zip_entry *en = &z->e[i];
		z->n = i + 1;
		if ((en->name = malloc(nlen + 1)) == NULL) {
			rc = OKC_ENOMEM;
			goto out;
		}
		memcpy(en->name, name, nlen);
		en->name[nlen] = '\0';
		if ((rc = check_entry(z, lim, en, c, f)) < 0)
			goto out;

		/* The local header (4.3.7) must agree with the directory. */
		if ((uint64_t)lh + 30 > cd_off) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LOCAL_MISMATCH,
			           "\"%s\": no local header at offset %u",
			           en->name, lh);
			goto out;
		}
		const unsigned char *l = at(src, lh, 30, scratch);
		if (l == NULL) {
			rc = eio(f, lh);
			goto out;
		}
		if (rd32(l) != SIG_LOCAL) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LOCAL_MISMATCH,
			           "\"%s\": no local header at offset %u",
			           en->name, lh);
			goto out;
		}
		uint16_t lflags = rd16(l + 6), lmethod = rd16(l + 8);
		uint32_t lcrc = rd32(l + 14), lcsize = rd32(l + 18),
		         lusize = rd32(l + 22);
		size_t lnlen = rd16(l + 26), lxlen = rd16(l + 28);
		uint64_t data_off = (uint64_t)lh + 30 + lnlen + lxlen;
		if (data_off > cd_off) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_OVERLAP,
			           "\"%s\": local header runs into the central "
			           "directory", en->name);
			goto out;
		}
		const unsigned char *lname = lnlen != nlen ? NULL
		                             : at(src, (uint64_t)lh + 30, nlen,
		                                  scratch);
		if (lnlen == nlen && lname == NULL) {
			rc = eio(f, lh);
			goto out;
		}
		if (lname == NULL || memcmp(lname, name, nlen) != 0) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LOCAL_MISMATCH,
			           "\"%s\": the local header names another file",
			           en->name);
			goto out;
		}
		if (lflags != flags || lmethod != method) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LOCAL_MISMATCH,
			           "\"%s\": flags 0x%04x/0x%04x, method %u/%u "
			           "(local/central)", en->name, lflags, flags,
			           lmethod, method);
			goto out;
		}
		uint64_t end = data_off + csize;
		if (end > cd_off) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_OVERLAP,
			           "\"%s\": data runs into the central directory",
			           en->name);
			goto out;
		}
		if (flags & FLAG_DESCRIPTOR) {
			/* 4.3.9: CRC and sizes follow the data; the local
			 * fields are zero or equal to the directory's. */
			if ((lcrc != 0 && lcrc != crc) ||
			    (lcsize != 0 && lcsize != csize) ||
			    (lusize != 0 && lusize != usize)) {
				rc = fault(f, OKC_EFORMAT,
				           OKC_R_ZIP_LOCAL_MISMATCH,
				           "\"%s\": local CRC/sizes disagree with "
				           "the central directory", en->name);
				goto out;
			}
			size_t avail = cd_off - end > 16 ? 16
			                                 : (size_t)(cd_off - end);
			const unsigned char *dd = avail ? at(src, end, avail,
			                                     scratch) : NULL;
			if (avail && dd == NULL) {
				rc = eio(f, end);
				goto out;
			}
			size_t skip = 0;
			if (avail >= 16 && rd32(dd) == SIG_DD)
				skip = 4;
			if (avail < skip + 12 || rd32(dd + skip) != crc ||
			    rd32(dd + skip + 4) != csize ||
			    rd32(dd + skip + 8) != usize) {
				rc = fault(f, OKC_EFORMAT,
				           OKC_R_ZIP_LOCAL_MISMATCH,
				           "\"%s\": data descriptor disagrees "
				           "with the central directory", en->name);
				goto out;
			}
			end += skip + 12;
		} else if (lcrc != crc || lcsize != csize || lusize != usize) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LOCAL_MISMATCH,
			           "\"%s\": CRC %08x/%08x, sizes %u,%u/%u,%u "
			           "(local/central)", en->name, lcrc, crc,
			           lcsize, lusize, csize, usize);
			goto out;
		}
		ext[i].start = lh;
		ext[i].end = end;
		ext[i].idx = i;
		p += 46 + nlen + xlen + klen;
	}
	if (p != cd_end) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_MALFORMED,
		           "%zu bytes left in the central directory after %u "
		           "entries", cd_end - p, n_total);
		goto out;
	}
	rc = check_layout(z, ext, n_total, cd_off, f);
out:
	free(win);
	free(cdbuf);
	free(scratch);
	return rc;
}
/* The digests computed in the reading pass (see zip.h). */
struct hashes {
	EVP_MD *md[3];        /* SHA256, SHA384, SHA512 */
	EVP_MD_CTX *c[3];
};

static const char *const hash_names[3] = { "SHA256", "SHA384", "SHA512" };

static void hashes_free(struct hashes *h)
{
	for (int i = 0; i < 3; i++) {
		EVP_MD_CTX_free(h->c[i]);
		EVP_MD_free(h->md[i]);
	}
}

static int hashes_new(struct hashes *h)
{
	memset(h, 0, sizeof(*h));
	for (int i = 0; i < 3; i++)
		if ((h->md[i] = EVP_MD_fetch(NULL, hash_names[i], NULL)) == NULL ||
		    (h->c[i] = EVP_MD_CTX_new()) == NULL)
			return OKC_ENOMEM;
	return OKC_OK;
}

/* Bytes inflated per libzip call when an entry is streamed. */
#define CHUNK (256u << 10)

/*
 * Inflate entry `i` once with libzip, in bounded reads.  The inflated bytes
 * are counted against the declared size as they come, so a stream that
 * inflates past it (a size lie, or a bomb that declared a small size) is
 * stopped after usize + 1 bytes, whatever it would have produced; one that
 * ends early is corrupt.  libzip checks the CRC when it reaches the end of
 * the stream (APPNOTE 4.4.7), which every successful read does.
 * `dst` (usize + 1 bytes) receives the bytes when they are to be kept; else
 * they pass through `chunk` (CHUNK bytes).  `h` (or NULL) hashes them.
 */
static int read_entry(zip_t *za, okc__zip_entry *en, zip_uint64_t i,
                      unsigned char *dst, unsigned char *chunk,
                      struct hashes *h, okc__zip_fault *f)
{
	int rc = OKC_OK;
	if (h != NULL)
		for (int k = 0; k < 3; k++)
			if (EVP_DigestInit_ex2(h->c[k], h->md[k], NULL) != 1)
				return OKC_ENOMEM;
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	if (zf == NULL)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_LIBZIP_REJECTED,
		             "\"%s\": %s", en->name, zip_strerror(za));
	uint64_t got = 0;
	for (;;) {
		unsigned char *to = dst != NULL ? dst + got : chunk;
		uint64_t room = dst != NULL ? en->usize + 1 - got : CHUNK;
		if (room > CHUNK)
			room = CHUNK;
		if (room == 0)
			break;    /* dst full: usize + 1 bytes, an overrun */
		zip_int64_t n = zip_fread(zf, to, room);
		if (n < 0) {
			int ze = zip_error_code_zip(zip_file_get_error(zf));
			if (ze == ZIP_ER_CRC)
				rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_CRC_MISMATCH,
				           "\"%s\"", en->name);
			else if (got >= en->usize && ze == ZIP_ER_INCONS)
				rc = fault(f, OKC_EFORMAT,
				           OKC_R_ZIP_INFLATE_OVERRUN,
				           "\"%s\" inflates past %llu bytes",
				           en->name,
				           (unsigned long long)en->usize);
			else
				rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_DATA_CORRUPT,
				           "\"%s\": %s", en->name,
				           zip_file_strerror(zf));
			goto out;
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
		if (got > en->usize)
			break;    /* stop inflating at once */
		if (h != NULL)
			for (int k = 0; k < 3; k++)
				if (EVP_DigestUpdate(h->c[k], to, (size_t)n) != 1) {
					rc = OKC_ENOMEM;
					goto out;
				}
	}
	if (got > en->usize) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_INFLATE_OVERRUN,
		           "\"%s\" inflates past its declared %llu bytes",
		           en->name, (unsigned long long)en->usize);
		goto out;
	}
	if (got < en->usize) {
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_DATA_CORRUPT,
		           "\"%s\": %llu of %llu declared bytes", en->name,
		           (unsigned long long)got,
		           (unsigned long long)en->usize);
		goto out;
	}
	if (h != NULL) {
		unsigned char *outs[3] = { en->sha256, en->sha384, en->sha512 };
		for (int k = 0; k < 3; k++)
			if (EVP_DigestFinal_ex(h->c[k], outs[k], NULL) != 1) {
				rc = OKC_ENOMEM;
				goto out;
			}
		en->hashed = true;
	}
out:
	zip_fclose(zf);
	return rc;
}

/* libzip on the checked bytes, then every entry read once. */
static int read_all(okc__zip *z, zip_source_t *src, unsigned flags,
                    okc__zip_fault *f)
{
	int rc = OKC_OK;
	zip_error_t zerr;
	unsigned char *chunk = NULL;
	struct hashes h;
	zip_error_init(&zerr);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (za == NULL) {
		zip_source_free(src);
		rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LIBZIP_REJECTED, "%s",
		           zip_error_strerror(&zerr));
		zip_error_fini(&zerr);
		return rc;
	}
	zip_error_fini(&zerr);
	z->za = za;
	if ((zip_uint64_t)zip_get_num_entries(za, 0) != z->n)
		return fault(f, OKC_EFORMAT, OKC_R_ZIP_LIBZIP_REJECTED,
		             "libzip sees %lld entries, the directory has %zu",
		             (long long)zip_get_num_entries(za, 0), z->n);
	if ((rc = hashes_new(&h)) < 0 || (chunk = malloc(CHUNK)) == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < z->n; i++) {
		okc__zip_entry *en = &z->e[i];
		zip_stat_t st;
		const char *zn = zip_get_name(za, i, ZIP_FL_ENC_RAW);
		if (zn == NULL || strcmp(zn, en->name) != 0 ||
		    zip_stat_index(za, i, ZIP_FL_ENC_RAW, &st) != 0 ||
		    st.size != en->usize || st.comp_size != en->csize) {
			rc = fault(f, OKC_EFORMAT, OKC_R_ZIP_LIBZIP_REJECTED,
			           "libzip reads entry %zu differently", i);
			goto out;
		}
		if (en->is_dir)
			continue;
		bool hold = (flags & OKC__ZIP_HOLD_ALL) ||
		            (en->usize <= OKC__ZIP_HOLD_MAX &&
		             z->held + en->usize <= OKC__ZIP_HOLD_BUDGET);
		if (hold && (en->data = malloc((size_t)en->usize + 1)) == NULL) {
			rc = OKC_ENOMEM;
			goto out;
		}
		if ((rc = read_entry(za, en, i, en->data, chunk, &h, f)) < 0)
			goto out;
		if (hold) {
			z->held += en->usize;
			en->held = true;
		}
	}
out:
	hashes_free(&h);
	free(chunk);
	return rc;
}

static int zip_open_src(okc__zip **out, okc_ctx *ctx, const struct zsrc *s,
                        unsigned depth, unsigned flags, okc__zip_fault *f)
{
	int rc = OKC_OK;
	struct extent *ext = NULL;
	okc__zip *z = NULL;
	const okc_limits *lim = okc_ctx_limits(ctx);

	*out = NULL;
	memset(f, 0, sizeof(*f));
	if (depth > lim->max_nesting) {
		rc = fault(f, OKC_ETOOLARGE, OKC_R_ZIP_NESTING_TOO_DEEP,
		           "nesting level %u, limit %u", depth, lim->max_nesting);
		goto out;
	}
	if ((z = calloc(1, sizeof(*z))) == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	z->ctx = ctx;
	if ((rc = parse(z, ctx, s, f, &ext)) < 0)
		goto out;

	zip_error_t zerr;
	zip_source_t *src = NULL;
	zip_error_init(&zerr);
	if (s->mem != NULL) {
		src = zip_source_buffer_create(s->mem, (zip_uint64_t)s->len, 0,
		                               &zerr);
	} else {
		/* libzip reads through its own FILE on a duplicate of the
		 * descriptor; our reads are pread, so the shared offset
		 * does not matter. */
		int dfd = dup(s->fd);
		FILE *fp = dfd >= 0 ? fdopen(dfd, "rb") : NULL;
		if (fp == NULL && dfd >= 0)
			close(dfd);
		if (fp != NULL &&
		    (src = zip_source_filep_create(fp, 0, (zip_int64_t)s->len,
		                                   &zerr)) == NULL)
			fclose(fp);
		if (fp == NULL) {
			zip_error_fini(&zerr);
			rc = eio(f, 0);
			goto out;
		}
	}
	zip_error_fini(&zerr);
	if (src == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	if ((rc = read_all(z, src, flags, f)) < 0)
		goto out;
	*out = z;
	z = NULL;
out:
	free(ext);
	okc__zip_free(z);
	if (rc < 0 && rc != OKC_ENOMEM)
		okc__error(ctx, rc, "ZIP archive refused: %s",
		           f->detail[0] ? f->detail : "malformed");
	return rc;
}

int okc__zip_open(okc__zip **out, okc_ctx *ctx, const unsigned char *data,
                  size_t len, unsigned depth, unsigned flags,
                  okc__zip_fault *f)
{
	static const unsigned char none[1];
	struct zsrc s = { data != NULL ? data : none, -1, len };
	return zip_open_src(out, ctx, &s, depth, flags, f);
}

int okc__zip_open_fd(okc__zip **out, okc_ctx *ctx, int fd, uint64_t len,
                     unsigned flags, okc__zip_fault *f)
{
	struct zsrc s = { NULL, fd, len };
	return zip_open_src(out, ctx, &s, 0, flags, f);
}

int okc__zip_load(okc__zip *z, const okc__zip_entry *ce, okc__zip_fault *f)
{
	okc__zip_entry *en = &z->e[ce - z->e];
	memset(f, 0, sizeof(*f));
	if (en->data != NULL || en->is_dir)
		return OKC_OK;
	if ((en->data = malloc((size_t)en->usize + 1)) == NULL)
		return OKC_ENOMEM;
	/* The bytes were checked when the archive was opened; reading them
	 * again gets the same checks (a file changed since then fails). */
	int rc = read_entry(z->za, en, (zip_uint64_t)(en - z->e), en->data,
	                    NULL, NULL, f);
	if (rc < 0) {
		free(en->data);
		en->data = NULL;
		if (rc != OKC_ENOMEM)
			okc__error(z->ctx, rc, "ZIP entry unreadable: %s",
			           f->detail);
	}
	return rc;
}

void okc__zip_release(okc__zip *z, const okc__zip_entry *ce)
{
	okc__zip_entry *en = &z->e[ce - z->e];
	if (en->data == NULL || en->held)
		return;
	free(en->data);
	en->data = NULL;
}

void okc__zip_digest(okc__zip *z, const okc__zip_entry *e, const char *md,
                     unsigned char *out, size_t *len)
{
	static const size_t lens[3] = { 32, 48, 64 };
	const unsigned char *have[3] = { e->sha256, e->sha384, e->sha512 };
	*len = 0;
	for (int k = 0; k < 3; k++)
		if (e->hashed && strcmp(md, hash_names[k]) == 0) {
			memcpy(out, have[k], lens[k]);
			*len = lens[k];
			return;
		}
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char *chunk = NULL;
	zip_file_t *zf = NULL;
	unsigned int ol = 0;
	if (m == NULL || c == NULL || EVP_DigestInit_ex2(c, m, NULL) != 1)
		goto out;
	if (e->data != NULL) {
		if (EVP_DigestUpdate(c, e->data, (size_t)e->usize) != 1)
			goto out;
	} else if (!e->is_dir) {
		/* another algorithm over a streamed entry: one more pass */
		uint64_t got = 0;
		zf = zip_fopen_index(z->za, (zip_uint64_t)(e - z->e), 0);
		if (zf == NULL || (chunk = malloc(CHUNK)) == NULL)
			goto out;
		for (;;) {
			zip_int64_t n = zip_fread(zf, chunk, CHUNK);
			if (n < 0)
				goto out;
			if (n == 0)
				break;
			got += (uint64_t)n;
			if (got > e->usize ||
			    EVP_DigestUpdate(c, chunk, (size_t)n) != 1)
				goto out;
		}
		if (got != e->usize)
			goto out;
	}
	if (EVP_DigestFinal_ex(c, out, &ol) == 1)
		*len = ol;
out:
	if (zf != NULL)
		zip_fclose(zf);
	free(chunk);
	EVP_MD_CTX_free(c);
	EVP_MD_free(m);
}
