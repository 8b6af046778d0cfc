/*
 * okc/package.h - read the parts of an e-Yazışma package (.eyp, .eyps,
 * .eypg) without verifying its signatures.
 *
 * Opening a package checks the ZIP container (no path tricks, no
 * overlapping or hidden data, CRCs, declared sizes, the context's limits)
 * and the OPC structure, and reads every entry into memory; nothing is
 * ever written to disk.  Use okc_verify_mem() for the verdict on the
 * package; use this API to read what it carries (the order system and the
 * intake step read the application list from an attachment).
 *
 * Not done here: digests and signatures (see okc_verify_mem), decryption
 * of .eyps content.  All returned pointers are borrowed from the package.
 */
#ifndef OKC_PACKAGE_H
#define OKC_PACKAGE_H

#include <okc/common.h>
#include <okc/context.h>

OKC_BEGIN_DECLS

typedef struct okc_package okc_package;

/** Role of a part in an e-Yazışma package. */
typedef enum okc_part_role {
	OKC_PART_OTHER = 0,      /**< not an e-Yazışma component */
	OKC_PART_COVER_LETTER,   /**< /UstYazi/ (üst yazı) */
	OKC_PART_ATTACHMENT,     /**< /Ekler/ (signed attachment) */
	OKC_PART_UNSIGNED_ATTACHMENT, /**< /ImzasizEkler/ */
	OKC_PART_METADATA,       /**< Üstveri, NihaiÜstveri, BelgeHedef, ... */
	OKC_PART_DIGEST,         /**< PaketOzeti, ParafOzeti, NihaiOzet */
	OKC_PART_SIGNATURE,      /**< ImzaCades, ParafImzaCades, MuhurCades */
	OKC_PART_PACKAGE         /**< [Content_Types].xml, relationships,
	                              core properties */
} okc_part_role;

/** One part.  Borrowed view, valid until okc_package_free(). */
typedef struct okc_package_part {
	const char *name;          /**< part name, e.g. "/Ekler/liste.xlsx" */
	const char *file_name;     /**< last segment, e.g. "liste.xlsx" */
	uint64_t size;             /**< bytes (uncompressed) */
	const char *content_type;  /**< from [Content_Types].xml, or NULL */
	const char *declared_type; /**< MimeTuru declared in the Üstveri for
	                                an attachment, or NULL */
	okc_part_role role;
	int is_signed;             /**< 1: covered by the package signature
	                                when verification passes */
} okc_package_part;

/**
 * Open a package held in memory.  The bytes are copied as needed; `data`
 * is not referenced after the call.
 * @return OKC_OK; OKC_EFORMAT or OKC_ETOOLARGE when the container breaks
 *         a rule or a limit (okc_ctx_errmsg() says which); OKC_ENOMEM;
 *         OKC_EINVAL.
 */
OKC_API int okc_package_open_mem(okc_package **out, okc_ctx *ctx,
                                 const void *data, size_t len);

/** Open a package file (read up to the context's max_input_size). */
OKC_API int okc_package_open_file(okc_package **out, okc_ctx *ctx,
                                  const char *path);

/** Release a package; NULL is accepted. */
OKC_API void okc_package_free(okc_package *pkg);

/** "eyp", "eyps" or "eypg" (from the relationships). */
OKC_API const char *okc_package_kind(const okc_package *pkg);

/** Core properties version ("1.3", "2.0", ...) or NULL. */
OKC_API const char *okc_package_version(const okc_package *pkg);

/** BelgeId of the package, or NULL. */
OKC_API const char *okc_package_belge_id(const okc_package *pkg);

/** Konu (subject) of the package, or NULL. */
OKC_API const char *okc_package_konu(const okc_package *pkg);

/** Number of parts (directory entries are not parts). */
OKC_API size_t okc_package_part_count(const okc_package *pkg);

/** The i-th part, or NULL past the end. */
OKC_API const okc_package_part *okc_package_part_at(const okc_package *pkg,
                                                    size_t i);

/** Number of attachments: cover letter, Ekler and ImzasizEkler parts. */
OKC_API size_t okc_package_attachment_count(const okc_package *pkg);

/** The i-th attachment, or NULL past the end. */
OKC_API const okc_package_part *okc_package_attachment(const okc_package *pkg,
                                                       size_t i);

/** The part with this name (case-insensitive, as OPC says), or NULL. */
OKC_API const okc_package_part *okc_package_find(const okc_package *pkg,
                                                 const char *name);

/**
 * The bytes of a part (already read and CRC-checked within the limits).
 * `*data` is borrowed and lives as long as the package.
 * @return OKC_OK or OKC_EINVAL (a part of another package).
 */
OKC_API int okc_package_read(const okc_package *pkg,
                             const okc_package_part *part,
                             const unsigned char **data, size_t *len);

OKC_END_DECLS

#endif /* OKC_PACKAGE_H */
