/*
 * eyp/zip.h (internal) - a ZIP reader for hostile input.
 *
 * The archive is read from memory only; nothing is ever written to disk by
 * entry name.  Our own parser walks the end of central directory record,
 * the central directory and every local header (PKWARE APPNOTE 6.3.x,
 * sections 4.3.7, 4.3.12, 4.3.16) and cross-checks them; libzip then opens
 * the same bytes (with ZIP_CHECKCONS) and inflates each entry in a bounded
 * loop.  Every entry is read and CRC-checked when the archive is opened, so
 * a caller never sees bytes of an archive that broke a rule.
 *
 * Not supported (reported, never guessed): ZIP64, encryption, methods other
 * than stored and deflate, split/spanned archives.
 */
#ifndef OKC_EYP_ZIP_H
#define OKC_EYP_ZIP_H

#include "core/report_build.h"

/** Why an archive was refused: one reason code and its specifics. */
typedef struct okc__zip_fault {
	okc_reason_id reason;
	char detail[256];
} okc__zip_fault;

typedef struct okc__zip_entry {
	char *name;            /* as stored (validated UTF-8, no leading '/') */
	uint64_t usize;        /* declared (and verified) uncompressed size */
	uint64_t csize;        /* compressed size */
	uint32_t crc;
	uint16_t method;       /* 0 stored, 8 deflate */
	uint16_t flags;
	bool is_dir;           /* name ends in '/' and holds no data */
	unsigned char *data;   /* the inflated bytes (usize of them) */
} okc__zip_entry;

typedef struct okc__zip {
	okc__zip_entry *e;
	size_t n;
	size_t *by_name;       /* indices sorted by case-folded name */
	uint64_t total;        /* sum of usize */
} okc__zip;

/**
 * Check and read a whole archive.  `depth` is the nesting level of this
 * archive (0 for the document itself), compared with max_nesting.
 * @return OKC_OK; OKC_EFORMAT or OKC_ETOOLARGE with `fault` filled in when
 *         the archive breaks a rule or a limit; OKC_ENOMEM.
 */
int okc__zip_open(okc__zip **out, okc_ctx *ctx, const unsigned char *data,
                  size_t len, unsigned depth, okc__zip_fault *fault);

void okc__zip_free(okc__zip *z);

/**
 * The entry called `name` (without leading '/'), compared ASCII
 * case-insensitively as OPC part names are (ISO/IEC 29500-2 §9.1.1.1).
 */
const okc__zip_entry *okc__zip_find(const okc__zip *z, const char *name);

/** ASCII case-insensitive comparison of two NUL-terminated strings. */
int okc__strcasecmp_ascii(const char *a, const char *b);

/** True when `s` (len bytes) is well-formed UTF-8 (RFC 3629). */
bool okc__utf8_valid(const unsigned char *s, size_t len);

/** CRC-32 of APPNOTE 4.4.7 (the zlib/PKZIP polynomial). */
uint32_t okc__crc32(uint32_t crc, const unsigned char *p, size_t n);

#endif /* OKC_EYP_ZIP_H */
