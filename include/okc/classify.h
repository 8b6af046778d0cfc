/*
 * okc/classify.h - what kind of document is this?
 *
 * Classification combines libmagic's verdict on the content, cheap
 * structural sniffing (DER CMS, ZIP directory names) and the file name.  The
 * content wins over the name; a disagreement is reported in the flags so
 * that later stages can say "the file is called .imz but is a PDF".
 * Nothing is decoded or extracted here and only a bounded prefix/suffix of
 * the data is examined, so it is safe on any input.
 */
#ifndef OKC_CLASSIFY_H
#define OKC_CLASSIFY_H

#include <okc/common.h>
#include <okc/context.h>

OKC_BEGIN_DECLS

typedef enum okc_doc_kind {
	OKC_KIND_UNKNOWN = 0,
	OKC_KIND_EMPTY,   /**< zero bytes */
	OKC_KIND_EYP,     /**< e-Yazışma package */
	OKC_KIND_EYPS,    /**< encrypted e-Yazışma package */
	OKC_KIND_EYPG,    /**< e-Yazışma update package */
	OKC_KIND_CMS,     /**< CMS/CAdES SignedData (.imz .p7s .p7m ...) */
	OKC_KIND_CERT,    /**< X.509 certificate(s), PEM or DER */
	OKC_KIND_CRL,     /**< X.509 CRL, PEM or DER */
	OKC_KIND_PDF,
	OKC_KIND_IMAGE,   /**< JPEG, PNG, TIFF, GIF, BMP, WebP */
	OKC_KIND_XLSX,
	OKC_KIND_ODS,
	OKC_KIND_CSV,
	OKC_KIND_XLS,     /**< legacy binary Excel (OLE2) */
	OKC_KIND_DOCX,
	OKC_KIND_ODT,
	OKC_KIND_DOC,     /**< legacy binary Word (OLE2) */
	OKC_KIND_ZIP,     /**< another ZIP archive */
	OKC_KIND_XML,
	OKC_KIND_TEXT,
	OKC_KIND_MAIL,    /**< an RFC 5322 message */
	OKC_KIND_COUNT_   /* not a value */
} okc_doc_kind;

/** Flags in okc_classification.flags. */
#define OKC_CLASS_PEM            0x01u /**< PEM armour around DER */
#define OKC_CLASS_NAME_MISMATCH  0x02u /**< the extension says another kind */
#define OKC_CLASS_TRUNCATED_SCAN 0x04u /**< only part of a large input was examined */

typedef struct okc_classification {
	okc_doc_kind kind;
	unsigned flags;
	okc_doc_kind name_kind;   /**< what the file name alone suggests */
	char media_type[96];      /**< our media type for the kind */
	char magic_type[96];      /**< libmagic's MIME type for the content */
} okc_classification;

/**
 * Classify a document held in memory.  `name` may be NULL.
 * @return OKC_OK, or OKC_EINTERNAL if libmagic could not be loaded.
 */
OKC_API int okc_classify_mem(okc_classification *out, okc_ctx *ctx,
                             const char *name, const void *data, size_t len);

/**
 * Classify a file (read up to the context's max_input_size).
 * @return OKC_OK, OKC_EIO, OKC_ETOOLARGE or OKC_EINTERNAL.
 */
OKC_API int okc_classify_file(okc_classification *out, okc_ctx *ctx,
                              const char *path);

/** What a file name alone suggests (extension, case-insensitive). */
OKC_API okc_doc_kind okc_classify_name(const char *name);

/** Stable short name of a kind: "eyp", "cms", "pdf", ... */
OKC_API const char *okc_doc_kind_name(okc_doc_kind kind);

OKC_END_DECLS

#endif /* OKC_CLASSIFY_H */
