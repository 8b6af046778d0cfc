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
 * Entries are streamed, not necessarily kept: while an entry is inflated
 * (in bounded chunks) its real size is counted against the declared one
 * and its SHA-256, SHA-384 and SHA-512 are computed in the same pass (the
 * digests e-Yazışma v1/v2 and the report use).  Small entries are kept in
 * memory within a budget; a large one is read again from the archive only
 * if a caller asks for its bytes (okc__zip_load) or for another digest
 * (okc__zip_digest).  So peak memory does not grow with the size of the
 * attachments a package carries.
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
	unsigned char *data;   /* the inflated bytes (usize of them) when held
	                          (see okc__zip_load), else NULL */
	bool held;             /* kept in memory since the archive was opened */
	bool hashed;           /* the digests below are set (every non-directory
	                          entry of an opened archive) */
	unsigned char sha256[32], sha384[48], sha512[64];
	size_t part;           /* the OPC part of this entry (opc.c) */
} okc__zip_entry;

typedef struct okc__zip {
	okc__zip_entry *e;
	size_t n;
	size_t *by_name;       /* indices sorted by case-folded name */
	uint64_t total;        /* sum of usize */
	uint64_t held;         /* bytes of entries kept in memory */
	void *za;              /* libzip's view (zip_t), for reading again */
	void *file;            /* the FILE libzip reads in fd mode, else NULL */
	okc_ctx *ctx;
} okc__zip;

/* okc__zip_open flags */
#define OKC__ZIP_HOLD_ALL 1u   /* keep every entry in memory */

/* Entries up to this size are kept in memory while the archive is opened,
 * as long as the kept bytes stay within OKC__ZIP_HOLD_BUDGET; the XML and
 * signature parts of real packages are far smaller. */
#define OKC__ZIP_HOLD_MAX    (256u << 10)
#define OKC__ZIP_HOLD_BUDGET (2u << 20)

/**
 * Check and read a whole archive in memory.  `depth` is the nesting level
 * of this archive (0 for the document itself), compared with max_nesting.
 * `data` is borrowed for the lifetime of the returned archive (streamed
 * entries are read from it again on demand).  `flags`: OKC__ZIP_HOLD_ALL.
 * @return OKC_OK; OKC_EFORMAT or OKC_ETOOLARGE with `fault` filled in when
 *         the archive breaks a rule or a limit; OKC_ENOMEM.
 */
int okc__zip_open(okc__zip **out, okc_ctx *ctx, const unsigned char *data,
                  size_t len, unsigned depth, unsigned flags,
                  okc__zip_fault *fault);

/**
 * The same for an archive in a file: `fd` (a regular file of `len` bytes,
 * borrowed for the lifetime of the archive) is read with pread and by
 * libzip, never whole into memory.
 * @return as okc__zip_open; OKC_EIO when the file cannot be read.
 */
int okc__zip_open_fd(okc__zip **out, okc_ctx *ctx, int fd, uint64_t len,
                     unsigned flags, okc__zip_fault *fault);

/**
 * Make e->data hold the entry's bytes (reading a streamed entry again,
 * with the same checks).  The bytes stay until okc__zip_release or
 * okc__zip_free.
 * @return OKC_OK; OKC_EFORMAT with `fault` when the archive changed under
 *         us; OKC_ENOMEM.
 */
int okc__zip_load(okc__zip *z, const okc__zip_entry *e, okc__zip_fault *fault);

/** Drop the bytes of an entry that was not held when the archive was
 *  opened (a no-op for held entries). */
void okc__zip_release(okc__zip *z, const okc__zip_entry *e);

/**
 * Digest of an entry's bytes with the OpenSSL digest `md` (e.g. "SHA384"):
 * the digests computed while opening when they fit, else one more pass.
 * *len = 0 when the algorithm is not available or the entry cannot be
 * read again.  `out` must hold EVP_MAX_MD_SIZE bytes.
 */
void okc__zip_digest(okc__zip *z, const okc__zip_entry *e, const char *md,
                     unsigned char *out, size_t *len);

void okc__zip_free(okc__zip *z);

/**
 * The entry called `name` (without leading '/'), compared ASCII
 * case-insensitively as OPC part names are (ISO/IEC 29500-2 §9.1.1.1).
 */
const okc__zip_entry *okc__zip_find(const okc__zip *z, const char *name);

/** ASCII case-insensitive comparison of two NUL-terminated strings. */
int okc__strcasecmp_ascii(const char *a, const char *b);

/** CRC-32 of APPNOTE 4.4.7 (the zlib/PKZIP polynomial). */
uint32_t okc__crc32(uint32_t crc, const unsigned char *p, size_t n);

/** True when `s` (len bytes) is well-formed UTF-8 (RFC 3629). */
bool okc__utf8_valid(const unsigned char *s, size_t len);


#endif /* OKC_EYP_ZIP_H */
