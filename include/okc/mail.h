/*
 * okc/mail.h - the MIME front end: one RFC 5322 message in, the documents
 * of an application out.
 *
 * okc_mail_parse() walks the whole MIME tree (RFC 2045-2049): multipart/
 * mixed, alternative, related and signed, nested message/rfc822 (forwarded
 * applications), base64 and quoted-printable bodies, file names encoded per
 * RFC 2047 or RFC 2231 (Turkish names in UTF-8, ISO-8859-9 or
 * Windows-1254).  Every leaf that carries a file (a name, an attachment
 * disposition, or a non-text type) becomes a document; text bodies do not.
 * `application/octet-stream` parts are judged by their content (libmagic),
 * not by the declared type.
 *
 * A malformed, truncated, oversized or hostile message is not an error: the
 * findings are MAIL_* reasons (src/lib/mail/reasons.def) and whatever could
 * be read safely is kept, so a mail hook can always produce a record.
 * Limits come from the context: max_input_size (the whole message),
 * max_mime_parts, max_mime_depth and max_name_len.
 *
 * What is NOT done here: S/MIME signatures on the mail itself are kept as a
 * document (role "smime_signature") but never verified and never taken for
 * the application's qualified e-signature; encrypted S/MIME cannot be read;
 * message/partial and message/external-body are not reassembled or fetched;
 * nothing touches the network or the disk.
 */
#ifndef OKC_MAIL_H
#define OKC_MAIL_H

#include <okc/common.h>
#include <okc/context.h>
#include <okc/report.h>

OKC_BEGIN_DECLS

typedef struct okc_mail okc_mail;
struct okc_intake;

/** Flags of a mail document (okc_mail_document.flags). */
#define OKC_MAIL_DOC_INLINE     0x01u /**< Content-Disposition: inline, or none */
#define OKC_MAIL_DOC_FORWARDED  0x02u /**< inside a message/rfc822 part */
#define OKC_MAIL_DOC_SMIME_SIG  0x04u /**< the S/MIME signature of the mail */
#define OKC_MAIL_DOC_BY_CONTENT 0x08u /**< declared octet-stream (or no type);
                                           media_type comes from the content */
#define OKC_MAIL_DOC_RENAMED    0x10u /**< name missing or unsafe; replaced */
#define OKC_MAIL_DOC_TRUNCATED  0x20u /**< the part's encoding was damaged */

/** One document found in the message.  Borrowed view; lives as long as
 *  the okc_mail. */
typedef struct okc_mail_document {
	const char *name;          /**< safe base name, UTF-8, never NULL */
	const char *declared_type; /**< Content-Type as sent (type/subtype) */
	const char *media_type;    /**< what we hand on: declared, or by content */
	const unsigned char *data; /**< decoded bytes */
	size_t size;
	unsigned depth;            /**< MIME nesting depth (0 = top level) */
	unsigned flags;            /**< OKC_MAIL_DOC_* */
} okc_mail_document;

/**
 * Parse one message held in memory (copied; `data` may be freed after).
 * Returns OKC_OK for any input, however broken: problems are reasons.
 * @return OKC_OK, OKC_ENOMEM, OKC_EINVAL (NULL arguments).
 */
OKC_API int okc_mail_parse(okc_mail **out, okc_ctx *ctx, const void *data,
                           size_t len);

/** Release a parsed message; NULL is accepted. */
OKC_API void okc_mail_free(okc_mail *msg);

/* ---- headers (decoded to UTF-8; NULL when absent) ---- */

/** The From header, display form ("Ad Soyad <a@b.c>"). */
OKC_API const char *okc_mail_from(const okc_mail *msg);
/** Where a reply goes: the first address of Reply-To, else of From. */
OKC_API const char *okc_mail_reply_address(const okc_mail *msg);
/** Message-ID without the angle brackets. */
OKC_API const char *okc_mail_message_id(const okc_mail *msg);
OKC_API const char *okc_mail_subject(const okc_mail *msg);
/** The Date header as received. */
OKC_API const char *okc_mail_date(const okc_mail *msg);
/** Every Authentication-Results header (RFC 8601), joined by newlines. */
OKC_API const char *okc_mail_authentication_results(const okc_mail *msg);

/**
 * Why no automatic reply may be sent to this message (RFC 3834): NULL when
 * a reply is fine, else "auto-submitted", "bounce", "mailing-list",
 * "bulk", "no-sender" or "loop".
 */
OKC_API const char *okc_mail_no_reply_reason(const okc_mail *msg);

/* ---- documents and findings ---- */

OKC_API size_t okc_mail_document_count(const okc_mail *msg);
OKC_API const okc_mail_document *okc_mail_document_at(const okc_mail *msg,
                                                      size_t i);
/** MIME parts visited (every node of the tree, containers included). */
OKC_API size_t okc_mail_part_count(const okc_mail *msg);

/** Findings of the front end (MAIL_* reasons, with detail). */
OKC_API size_t okc_mail_reason_count(const okc_mail *msg);
OKC_API const okc_reason *okc_mail_reason(const okc_mail *msg, size_t i);
/** 1 when a reason with this code was found, else 0. */
OKC_API int okc_mail_has_reason(const okc_mail *msg, const char *code);

/**
 * Hand the message to the intake pipeline: the source (kind "mail" and the
 * headers), every document except the S/MIME signature of the mail (which
 * is not an application signature; it is reported as MAIL_SMIME_SIGNED),
 * and every MAIL_* finding as a reason.
 * @return OKC_OK or the first error of the okc_intake_* calls.
 */
OKC_API int okc_mail_to_intake(const okc_mail *msg, struct okc_intake *intake,
                               okc_time received_at);

OKC_END_DECLS

#endif /* OKC_MAIL_H */
