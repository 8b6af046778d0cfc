/*
 * mime.c - the MIME front end (GMime 3): one RFC 5322 message in, the
 * documents of an application and the findings about the message out.
 *
 * The message is hostile input.  Before GMime sees it we bound its size
 * (max_input_size) and count the Content-Type header lines, because GMime's
 * parser recurses once per nested multipart and allocates per part: a
 * message far over max_mime_parts is only read for its top-level headers.
 * The walk then enforces max_mime_parts and max_mime_depth exactly.
 * Decoding (base64, quoted-printable, uuencode) never produces more bytes
 * than it consumes, so the sum of the documents is bounded by the input.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/reasons.h"
#include <okc/mail.h>

/* One header field larger than this is ignored (RFC 5322 2.1.1 allows 998
 * characters per line; folding makes longer fields legal, but nothing we
 * record is legitimately this large). */
#define MAIL_MAX_HEADER_FIELD (64u * 1024u)
/* Bytes of the input searched for the end of the header block when the
 * message is only read for its headers. */
#define MAIL_MAX_HEADER_BLOCK (1024u * 1024u)

struct okc_mail {
	okc_ctx *ctx;
	char *from;
	char *reply_address;
	char *message_id;
	char *subject;
	char *date;
	char *auth_results;
	const char *no_reply;      /* static string or NULL */
	okc_mail_document *docs;
	size_t n_docs, cap_docs;
	okc_reason *reasons;
	size_t n_reasons, cap_reasons;
	size_t parts;
	int parts_exceeded;
	int depth_exceeded;
	int nomem;
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/* GMime keeps global tables (charsets, type registry); initialise them once
 * per process and never shut them down, so independent contexts in one
 * process do not pull them from under each other. */
static void gmime_init_once(void)
{
	g_mime_init();
}

/* ---- findings ---- */

static void okc__mail_add_reason(okc_mail *m, const char *code,
                                 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void okc__mail_add_reason(okc_mail *m, const char *code,
                                 const char *fmt, ...)
{
	/* One entry per code: a hostile message could otherwise repeat the
	 * same finding once per part.  The first detail is kept. */
	for (size_t i = 0; i < m->n_reasons; i++)
		if (strcmp(m->reasons[i].code, code) == 0)
			return;
	const okc_reason *def = okc_reason_lookup(code);
	if (def == NULL)
		return; /* a code missing from reasons.def is a bug; unit-tested */
	if (okc__grow((void **)&m->reasons, &m->cap_reasons, m->n_reasons + 1,
	              sizeof(*m->reasons)) != OKC_OK) {
		m->nomem = 1;
		return;
	}
	char buf[512] = "";
	if (fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	char *detail = strdup(buf);
	if (detail == NULL) {
		m->nomem = 1;
		return;
	}
	okc_reason *r = &m->reasons[m->n_reasons++];
	*r = *def;
	r->detail = detail;
}

static int has_reason(const okc_mail *m, const char *code)
{
	for (size_t i = 0; i < m->n_reasons; i++)
		if (strcmp(m->reasons[i].code, code) == 0)
			return 1;
	return 0;
}

/* GMime reports what it tolerated while parsing; the ones that mean parts
 * may be lost or misread become findings, cosmetic ones are dropped. */
static void on_parser_warning(gint64 offset, GMimeParserWarning code,
                              const gchar *item, gpointer user_data)
{
	okc_mail *m = user_data;
	const char *what = item ? item : "";
	switch (code) {
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		okc__mail_add_reason(m, "MAIL_BOUNDARY_MISSING",
		                     "multipart without boundary at byte %lld",
		                     (long long)offset);
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
		okc__mail_add_reason(m, "MAIL_NO_PARTS_FOUND",
		                     "no part in the multipart at byte %lld",
		                     (long long)offset);
		break;
	case GMIME_WARN_TRUNCATED_MESSAGE:
		okc__mail_add_reason(m, "MAIL_TRUNCATED",
		                     "message ends at byte %lld inside a part",
		                     (long long)offset);
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		m->depth_exceeded = 1;
		okc__mail_add_reason(m, "MAIL_TOO_DEEP",
		                     "the MIME parser's nesting limit was reached");
		break;
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_CONFLICTING_HEADER:
	case GMIME_CRIT_CONFLICTING_PARAMETER:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
	case GMIME_WARN_INVALID_CONTENT_TYPE:
		okc__mail_add_reason(m, "MAIL_HEADER_INVALID", "%.200s%sbyte %lld",
		                     what, *what ? " at " : "at ",
		                     (long long)offset);
		break;
	case GMIME_WARN_DUPLICATED_HEADER:
	case GMIME_WARN_DUPLICATED_PARAMETER:
	case GMIME_WARN_UNENCODED_8BIT_HEADER:
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
	case GMIME_WARN_INVALID_PARAMETER:
	case GMIME_WARN_INVALID_ADDRESS_LIST:
	case GMIME_WARN_PART_WITHOUT_CONTENT:
	default:
		/* Everyday sloppiness of mail software; GMime recovers. */
		break;
	}
}

/* ---- small helpers ---- */

static char *xstrdup(okc_mail *m, const char *s)
{
	if (s == NULL)
		return NULL;
	char *d = strdup(s);
	if (d == NULL)
		m->nomem = 1;
	return d;
}

static bool ascii_ieq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

static bool ascii_icontains(const char *hay, const char *needle)
{
	if (hay == NULL)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i]) {
			char x = hay[i], y = needle[i];
			if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
			if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
			if (x != y)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

/* Skip leading white space (header values keep it in raw form). */
static const char *trim_lead(const char *s)
{
	while (s && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s;
}

/* ---- file names ---- */

/* Extension for a generated name, so that the next stage (and a person)
 * sees a sensible file. */
static const char *ext_for(const char *media_type)
{
	static const struct { const char *type, *ext; } map[] = {
		{ "application/pdf", ".pdf" },
		{ "application/pkcs7-mime", ".p7m" },
		{ "application/x-pkcs7-mime", ".p7m" },
		{ "application/pkcs7-signature", ".p7s" },
		{ "application/x-pkcs7-signature", ".p7s" },
		{ "application/pgp-signature", ".asc" },
		{ "application/zip", ".zip" },
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx" },
		{ "application/vnd.oasis.opendocument.spreadsheet", ".ods" },
		{ "text/csv", ".csv" },
		{ "image/jpeg", ".jpg" },
		{ "image/png", ".png" },
		{ "image/tiff", ".tif" },
		{ "message/rfc822", ".eml" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (ascii_ieq(media_type, map[i].type))
			return map[i].ext;
	return ".bin";
}

/* Length of the longest prefix of s (at most max bytes) that ends on a
 * UTF-8 character boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * A name safe for logs, file systems and the record: the last path
 * component (senders' clients sometimes send "C:\Users\..\liste.xlsx"),
 * no control characters, valid UTF-8, at most max_name_len (and 255) bytes
 * keeping
 * the extension.  Returns NULL on no memory; *changed set when altered.
 */
static char *safe_name(okc_mail *m, const char *raw, const char *media_type,
                       size_t index, int *changed)
{
	const okc_limits *lim = okc_ctx_limits(m->ctx);
	/* NAME_MAX of common file systems: a reviewer may save the file. */
	size_t max = lim->max_name_len && lim->max_name_len < 255
	             ? lim->max_name_len : 255;
	if (max < 16)
		max = 16;
	*changed = 0;
	char *s = NULL;
	if (raw != NULL) {
		const char *base = raw;
		for (const char *p = raw; *p; p++)
			if (*p == '/' || *p == '\\')
				base = p + 1;
		if (base != raw)
			*changed = 1;
		s = strdup(base);
		if (s == NULL)
			goto nomem;
		/* GMime hands back UTF-8; make sure, since the name ends up in
		 * JSON and file listings. */
		if (!g_utf8_validate(s, -1, NULL)) {
			gchar *v = g_utf8_make_valid(s, -1);
			free(s);
			s = v ? strdup(v) : NULL;
			g_free(v);
			if (s == NULL)
				goto nomem;
			*changed = 1;
		}
		for (char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				*p = '_';
				*changed = 1;
			}
		size_t len = strlen(s);
		if (len > max) {
			const char *dot = strrchr(s, '.');
			size_t elen = dot ? strlen(dot) : 0;
			if (elen > 16)
				elen = 0;
			size_t keep = utf8_cut(s, len, max - elen);
			if (elen)
				memmove(s + keep, dot, elen + 1);
			else
				s[keep] = '\0';
			*changed = 1;
		}
		const char *t = trim_lead(s);
		if (*t == '\0' || strcmp(t, ".") == 0 || strcmp(t, "..") == 0) {
			free(s);
			s = NULL;
			*changed = 1;
		}
	}
	if (s == NULL) {
		char buf[64];
		snprintf(buf, sizeof(buf), "part-%zu%s", index + 1,
		         ext_for(media_type));
		s = strdup(buf);
		if (s == NULL)
			goto nomem;
	}
	return s;
nomem:
	m->nomem = 1;
	return NULL;
}

/* ---- decoding ---- */

/*
 * GMime's base64 decoder skips characters outside the alphabet, which
 * hides damage.  RFC 2045 6.8: only the 65 characters and line breaks may
 * occur; a count of data characters that is not a multiple of 4, or data
 * after the '=' padding, means the part was cut or mangled.
 */
static bool base64_damaged(const unsigned char *p, size_t n)
{
	size_t count = 0;
	bool pad = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
			continue;
		if (c == '=') {
			pad = true;
			count++;
			continue;
		}
		bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		             (c >= '0' && c <= '9') || c == '+' || c == '/';
		if (!alpha || pad)
			return true;
		count++;
	}
	return count % 4 != 0;
}

static GByteArray *stream_bytes(GMimeStream *s)
{
	return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
}

/* Decode a leaf into a malloc'ed buffer; sets *damaged. */
static int decode_part(okc_mail *m, GMimePart *part, unsigned char **data,
                       size_t *len, int *damaged)
{
	*data = NULL;
	*len = 0;
	*damaged = 0;
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (w == NULL) {
		*data = malloc(1);
		if (*data == NULL)
			return OKC_ENOMEM;
		return OKC_OK;
	}
	if (g_mime_data_wrapper_get_encoding(w) == GMIME_CONTENT_ENCODING_BASE64) {
		GMimeStream *raw = g_mime_data_wrapper_get_stream(w);
		GMimeStream *copy = g_mime_stream_mem_new();
		g_mime_stream_reset(raw);
		g_mime_stream_write_to_stream(raw, copy);
		g_mime_stream_reset(raw);
		GByteArray *ba = stream_bytes(copy);
		if (base64_damaged(ba->data, ba->len))
			*damaged = 1;
		g_object_unref(copy);
	}
	GMimeStream *out = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(w, out) < 0)
		*damaged = 1;
	GByteArray *ba = stream_bytes(out);
	*len = ba->len;
	*data = malloc(ba->len ? ba->len : 1);
	if (*data == NULL) {
		g_object_unref(out);
		return OKC_ENOMEM;
	}
	if (ba->len)
		memcpy(*data, ba->data, ba->len);
	g_object_unref(out);
	return OKC_OK;
}

/* Declared types that say nothing about the content. */
static bool type_is_generic(const char *t)
{
	return t == NULL || *t == '\0' ||
	       ascii_ieq(t, "application/octet-stream") ||
	       ascii_ieq(t, "application/x-octet-stream") ||
	       ascii_ieq(t, "application/binary") ||
	       ascii_ieq(t, "application/x-binary") ||
	       ascii_ieq(t, "application/download") ||
	       ascii_ieq(t, "application/x-download") ||
	       ascii_ieq(t, "application/force-download") ||
	       ascii_ieq(t, "application/unknown");
}

static int add_document(okc_mail *m, const char *name, const char *declared,
                        const char *media, unsigned char *data, size_t size,
                        unsigned depth, unsigned flags)
{
	if (okc__grow((void **)&m->docs, &m->cap_docs, m->n_docs + 1,
	              sizeof(*m->docs)) != OKC_OK)
		return OKC_ENOMEM;
	char *n = strdup(name), *d = strdup(declared), *t = strdup(media);
	if (n == NULL || d == NULL || t == NULL) {
		free(n);
		free(d);
		free(t);
		return OKC_ENOMEM;
	}
	okc_mail_document *doc = &m->docs[m->n_docs++];
	doc->name = n;
	doc->declared_type = d;
	doc->media_type = t;
	doc->data = data;
	doc->size = size;
	doc->depth = depth;
	doc->flags = flags;
	return OKC_OK;
}

/* ---- the walk ---- */

static int walk(okc_mail *m, GMimeObject *obj, unsigned depth, unsigned flags);

static int leaf(okc_mail *m, GMimePart *part, unsigned depth, unsigned flags)
{
	int rc = OKC_OK;
	char *declared = NULL, *name = NULL;
	unsigned char *data = NULL;
	GMimeObject *obj = GMIME_OBJECT(part);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	declared = ct ? g_mime_content_type_get_mime_type(ct)
	              : g_strdup("text/plain");
	if (declared == NULL)
		return OKC_ENOMEM;
	for (char *p = declared; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *fname = g_mime_part_get_filename(part);
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	bool attachment = cd && g_mime_content_disposition_is_attachment(cd);
	bool body_text = strcmp(declared, "text/plain") == 0 ||
	                 strcmp(declared, "text/html") == 0 ||
	                 strcmp(declared, "text/enriched") == 0;
	/* The text of the mail is not a document: an application's
	 * documents are files (a name or an attachment disposition) or
	 * non-text content such as an inline PDF or image. */
	if (fname == NULL && !attachment && body_text &&
	    !(flags & OKC_MAIL_DOC_SMIME_SIG))
		goto out;

	if (GMIME_IS_APPLICATION_PKCS7_MIME(part) && depth == 0) {
		/* RFC 8551 3.3/3.4: the whole mail body is a CMS object.
		 * Enveloped data cannot be read without the recipient's
		 * key; opaque-signed data stays a document. */
		GMimeSecureMimeType st = g_mime_application_pkcs7_mime_get_smime_type(
			GMIME_APPLICATION_PKCS7_MIME(part));
		if (st == GMIME_SECURE_MIME_TYPE_ENVELOPED_DATA) {
			okc__mail_add_reason(m, "MAIL_ENCRYPTED",
			                     "S/MIME enveloped message");
			goto out;
		}
	}

	int damaged = 0;
	size_t size = 0;
	OKC_GUARD(decode_part(m, part, &data, &size, &damaged));
	if (damaged) {
		flags |= OKC_MAIL_DOC_TRUNCATED;
		okc__mail_add_reason(m, "MAIL_DECODE_ERROR", "%.200s",
		                     fname ? fname : declared);
	}

	unsigned dflags = flags;
	if (!attachment)
		dflags |= OKC_MAIL_DOC_INLINE;
	const char *media = declared;
	okc_classification c;
	if (type_is_generic(declared)) {
		/* application/octet-stream says nothing: judge by content
		 * (libmagic plus structural sniffing), never by the label. */
		if (okc_classify_mem(&c, m->ctx, fname, data, size) == OKC_OK &&
		    c.media_type[0] != '\0')
			media = c.media_type;
		dflags |= OKC_MAIL_DOC_BY_CONTENT;
	}
	int changed = 0;
	name = safe_name(m, fname, media, m->n_docs, &changed);
	if (name == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	if (changed || fname == NULL)
		dflags |= OKC_MAIL_DOC_RENAMED;
	if (changed)
		okc__mail_add_reason(m, "MAIL_NAME_UNSAFE", "%.200s -> %.200s",
		                     fname ? fname : "(none)", name);
	OKC_GUARD(add_document(m, name, declared, media, data, size, depth,
	                       dflags));
	data = NULL; /* owned by the document now */
out:
	free(data);
	free(name);
	g_free(declared);
	return rc;
}

static bool is_signature_type(const char *t)
{
	return ascii_ieq(t, "application/pkcs7-signature") ||
	       ascii_ieq(t, "application/x-pkcs7-signature") ||
	       ascii_ieq(t, "application/pgp-signature");
}

static int walk_signed(okc_mail *m, GMimeMultipart *mp, unsigned depth,
                       unsigned flags)
{
	/* RFC 1847 2.1: part 0 is the signed content, part 1 the signature
	 * of the mail.  The content is walked like any other; the signature
	 * is kept (the record lists it, the spool stores it) but marked so
	 * nobody mistakes it for the application's qualified e-signature. */
	int n = g_mime_multipart_get_count(mp);
	for (int i = 0; i < n; i++) {
		GMimeObject *child = g_mime_multipart_get_part(mp, i);
		if (i == 1 && GMIME_IS_PART(child)) {
			GMimeContentType *ct = g_mime_object_get_content_type(child);
			char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
			bool sig = is_signature_type(t);
			g_free(t);
			if (sig) {
				m->parts++;
				if (m->parts > okc_ctx_limits(m->ctx)->max_mime_parts) {
					m->parts_exceeded = 1;
					return OKC_OK;
				}
				okc__mail_add_reason(m, "MAIL_SMIME_SIGNED", NULL);
				int rc = leaf(m, GMIME_PART(child), depth + 1,
				              flags | OKC_MAIL_DOC_SMIME_SIG);
				if (rc < 0)
					return rc;
				continue;
			}
		}
		int rc = walk(m, child, depth + 1, flags);
		if (rc < 0)
			return rc;
	}
	return OKC_OK;
}

static int walk(okc_mail *m, GMimeObject *obj, unsigned depth, unsigned flags)
{
	const okc_limits *lim = okc_ctx_limits(m->ctx);
	if (obj == NULL || m->parts_exceeded)
		return OKC_OK;
	if (depth > lim->max_mime_depth) {
		m->depth_exceeded = 1;
		okc__mail_add_reason(m, "MAIL_TOO_DEEP", "depth %u > %u", depth,
		                     (unsigned)lim->max_mime_depth);
		return OKC_OK;
	}
	m->parts++;
	if (m->parts > lim->max_mime_parts) {
		m->parts_exceeded = 1;
		okc__mail_add_reason(m, "MAIL_TOO_MANY_PARTS", "more than %u parts",
		                     (unsigned)lim->max_mime_parts);
		return OKC_OK;
	}
	if (GMIME_IS_MULTIPART_ENCRYPTED(obj)) {
		okc__mail_add_reason(m, "MAIL_ENCRYPTED", "multipart/encrypted");
		return OKC_OK;
	}
	if (GMIME_IS_MULTIPART_SIGNED(obj))
		return walk_signed(m, GMIME_MULTIPART(obj), depth, flags);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		/* RFC 2046 5.1.1: a multipart has at least one body part; none
		 * means the declared boundary never occurs in the body. */
		if (n == 0 && !has_reason(m, "MAIL_BOUNDARY_MISSING"))
			okc__mail_add_reason(m, "MAIL_NO_PARTS_FOUND",
			                     "boundary \"%.100s\" not found",
			                     g_mime_multipart_get_boundary(mp) ?
			                     g_mime_multipart_get_boundary(mp) : "");
		for (int i = 0; i < n && !m->parts_exceeded; i++) {
			int rc = walk(m, g_mime_multipart_get_part(mp, i),
			              depth + 1, flags);
			if (rc < 0)
				return rc;
		}
		return OKC_OK;
	}
	if (GMIME_IS_MESSAGE_PARTIAL(obj)) {
		okc__mail_add_reason(m, "MAIL_PART_UNSUPPORTED", "message/partial");
		return OKC_OK;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		/* A forwarded application (message/rfc822, RFC 2046 5.2.1):
		 * its attachments are the documents. */
		GMimeMessage *inner = g_mime_message_part_get_message(
			GMIME_MESSAGE_PART(obj));
		if (inner == NULL)
			return OKC_OK;
		const char *subj = g_mime_message_get_subject(inner);
		okc__mail_add_reason(m, "MAIL_FORWARDED", "%.200s",
		                     subj ? subj : "");
		return walk(m, g_mime_message_get_mime_part(inner), depth + 1,
		            flags | OKC_MAIL_DOC_FORWARDED);
	}
	if (GMIME_IS_PART(obj)) {
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		if (ct && g_mime_content_type_is_type(ct, "message",
		                                      "external-body")) {
			okc__mail_add_reason(m, "MAIL_PART_UNSUPPORTED",
			                     "message/external-body");
			return OKC_OK;
		}
		return leaf(m, GMIME_PART(obj), depth, flags);
	}
	return OKC_OK;
}

/* ---- headers ---- */

static char *first_mailbox(InternetAddressList *list)
{
	if (list == NULL)
		return NULL;
	int n = internet_address_list_length(list);
	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(a));
			if (addr && *addr && strchr(addr, '@'))
				return strdup(addr);
		} else if (INTERNET_ADDRESS_IS_GROUP(a)) {
			char *r = first_mailbox(internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(a)));
			if (r)
				return r;
		}
	}
	return NULL;
}

static const char *header_value(okc_mail *m, GMimeObject *obj, const char *name)
{
	const char *v = g_mime_object_get_header(obj, name);
	if (v && strlen(v) > MAIL_MAX_HEADER_FIELD) {
		okc__mail_add_reason(m, "MAIL_HEADER_TOO_LARGE", "%s: %zu bytes",
		                     name, strlen(v));
		return NULL;
	}
	return v;
}

/* RFC 3834 5: never answer automatic mail, bounces or list traffic. */
static const char *no_reply_reason(okc_mail *m, GMimeMessage *msg)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	const char *v;
	if ((v = g_mime_object_get_header(obj, "Auto-Submitted")) &&
	    !ascii_ieq(trim_lead(v), "no"))
		return "auto-submitted";
	if ((v = g_mime_object_get_header(obj, "X-Auto-Response-Suppress")) &&
	    (ascii_icontains(v, "all") || ascii_icontains(v, "autoreply")))
		return "auto-submitted";
	if ((v = g_mime_object_get_header(obj, "Return-Path")) &&
	    strcmp(trim_lead(v), "<>") == 0)
		return "bounce";
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body) {
		GMimeContentType *ct = g_mime_object_get_content_type(body);
		if (ct && g_mime_content_type_is_type(ct, "multipart", "report"))
			return "bounce";
	}
	if (m->reply_address) {
		const char *at = strchr(m->reply_address, '@');
		size_t l = at ? (size_t)(at - m->reply_address) : 0;
		if ((l == 14 && g_ascii_strncasecmp(m->reply_address, "mailer-daemon", 13) == 0) ||
		    (l == 13 && g_ascii_strncasecmp(m->reply_address, "mailer-daemon", 13) == 0) ||
		    (l == 10 && g_ascii_strncasecmp(m->reply_address, "postmaster", 10) == 0))
			return "bounce";
	}
	static const char *const list_headers[] = {
		"List-Id", "List-Post", "List-Unsubscribe", "List-Help",
		"Mailing-List",
	};
	for (size_t i = 0; i < sizeof(list_headers) / sizeof(*list_headers); i++)
		if (g_mime_object_get_header(obj, list_headers[i]))
			return "mailing-list";
	if ((v = g_mime_object_get_header(obj, "Precedence")) &&
	    (ascii_ieq(trim_lead(v), "bulk") || ascii_ieq(trim_lead(v), "list") ||
	     ascii_ieq(trim_lead(v), "junk")))
		return "bulk";
	/* Our own replies carry this header; a reply coming back (an
	 * applicant's auto-forward to the inbox) must not start a loop. */
	if (g_mime_object_get_header(obj, "X-OKC-Intake-Reply") ||
	    g_mime_object_get_header(obj, "X-Loop"))
		return "loop";
	if (m->reply_address == NULL)
		return "no-sender";
	return NULL;
}

static int read_headers(okc_mail *m, GMimeMessage *msg)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	/* Large header fields are left out of everything we record. */
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int n = hl ? g_mime_header_list_get_count(hl) : 0;
	GString *ar = NULL;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *raw = g_mime_header_get_raw_value(h);
		if (raw && strlen(raw) > MAIL_MAX_HEADER_FIELD) {
			okc__mail_add_reason(m, "MAIL_HEADER_TOO_LARGE",
			                     "%.64s: %zu bytes", name ? name : "",
			                     strlen(raw));
			continue;
		}
		if (name && ascii_ieq(name, "Authentication-Results")) {
			const char *v = g_mime_header_get_value(h);
			if (v == NULL)
				continue;
			if (ar == NULL)
				ar = g_string_new(NULL);
			else
				g_string_append_c(ar, '\n');
			g_string_append(ar, trim_lead(v));
		}
	}
	if (ar) {
		m->auth_results = xstrdup(m, ar->str);
		g_string_free(ar, TRUE);
	}
	if (header_value(m, obj, "From")) {
		InternetAddressList *from = g_mime_message_get_from(msg);
		if (from && internet_address_list_length(from) > 0) {
			char *s = internet_address_list_to_string(from, NULL, FALSE);
			m->from = xstrdup(m, s);
			g_free(s);
		}
		if (header_value(m, obj, "Reply-To"))
			m->reply_address = first_mailbox(g_mime_message_get_reply_to(msg));
		if (m->reply_address == NULL)
			m->reply_address = first_mailbox(from);
	}
	if (header_value(m, obj, "Message-ID"))
		m->message_id = xstrdup(m, g_mime_message_get_message_id(msg));
	if (header_value(m, obj, "Subject"))
		m->subject = xstrdup(m, g_mime_message_get_subject(msg));
	const char *date = header_value(m, obj, "Date");
	if (date)
		m->date = xstrdup(m, trim_lead(date));
	m->no_reply = no_reply_reason(m, msg);
	return m->nomem ? OKC_ENOMEM : OKC_OK;
}

/* ---- parse ---- */

/* Count lines that start a Content-Type header: an upper bound on the
 * number of MIME entities GMime would build. */
static size_t count_content_types(const unsigned char *p, size_t n)
{
	static const char key[] = "content-type:";
	size_t klen = sizeof(key) - 1, count = 0;
	for (size_t i = 0; i + klen <= n; i++) {
		if (i != 0 && p[i - 1] != '\n')
			continue;
		size_t k = 0;
		while (k < klen) {
			unsigned char c = p[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)key[k])
				break;
			k++;
		}
		if (k == klen)
			count++;
	}
	return count;
}

/* Length of the header block (up to and including the empty line). */
static size_t header_block_len(const unsigned char *p, size_t n)
{
	if (n > MAIL_MAX_HEADER_BLOCK)
		n = MAIL_MAX_HEADER_BLOCK;
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] == '\n' && p[i + 1] == '\n')
			return i + 2;
		if (p[i] == '\n' && p[i + 1] == '\r' && i + 2 < n &&
		    p[i + 2] == '\n')
			return i + 3;
	}
	return n;
}

static GMimeMessage *gmime_parse(okc_mail *m, const unsigned char *data,
                                 size_t len)
{
	static const char *fallback[] = { "utf-8", "windows-1254",
	                                   "iso-8859-9", NULL };
	GMimeParserOptions *opts = g_mime_parser_options_new();
	/* Real mail from Turkish senders: encoded words inside quoted
	 * parameters (Outlook) and raw 8-bit names in Windows-1254. */
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_warning_callback(opts, on_parser_warning, m);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer((const char *)data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	g_mime_parser_options_free(opts);
	return msg;
}

int okc_mail_parse(okc_mail **out, okc_ctx *ctx, const void *data, size_t len)
{
	int rc = OKC_OK;
	GMimeMessage *msg = NULL;
	okc_mail *m = NULL;
	if (out == NULL || ctx == NULL || (data == NULL && len != 0))
		return OKC_EINVAL;
	*out = NULL;
	pthread_once(&gmime_once, gmime_init_once);
	m = calloc(1, sizeof(*m));
	OKC_ENSURE(ctx, m != NULL, OKC_ENOMEM, "out of memory");
	m->ctx = ctx;
	const okc_limits *lim = okc_ctx_limits(ctx);
	const unsigned char *p = data ? data : (const unsigned char *)"";

	size_t parse_len = len;
	bool headers_only = false;
	if (len > lim->max_input_size) {
		okc__mail_add_reason(m, "MAIL_TOO_LARGE",
		                     "%zu bytes > %llu", len,
		                     (unsigned long long)lim->max_input_size);
		headers_only = true;
	} else if (count_content_types(p, len) > 4u * (size_t)lim->max_mime_parts + 4u) {
		/* Far beyond the limit: do not let the parser build it. */
		m->parts_exceeded = 1;
		okc__mail_add_reason(m, "MAIL_TOO_MANY_PARTS",
		                     "more than %u parts",
		                     (unsigned)lim->max_mime_parts);
		headers_only = true;
	}
	if (headers_only)
		parse_len = header_block_len(p, len);

	msg = gmime_parse(m, p, parse_len);
	if (msg == NULL || (g_mime_header_list_get_count(
	                        g_mime_object_get_header_list(GMIME_OBJECT(msg))) == 0)) {
		okc__mail_add_reason(m, "MAIL_MALFORMED", "no header block");
		goto done;
	}
	OKC_GUARD(read_headers(m, msg));
	if (!headers_only) {
		OKC_GUARD(walk(m, g_mime_message_get_mime_part(msg), 0, 0));
		size_t real = 0;
		for (size_t i = 0; i < m->n_docs; i++)
			if (!(m->docs[i].flags & OKC_MAIL_DOC_SMIME_SIG))
				real++;
		if (real == 0 && !has_reason(m, "MAIL_ENCRYPTED") &&
		    !has_reason(m, "MAIL_TOO_MANY_PARTS") &&
		    !has_reason(m, "MAIL_TOO_DEEP"))
			okc__mail_add_reason(m, "MAIL_NO_ATTACHMENT", NULL);
	}
done:
	OKC_ENSURE(ctx, !m->nomem, OKC_ENOMEM, "out of memory parsing mail");
	*out = m;
	m = NULL;
out:
	if (msg)
		g_object_unref(msg);
	okc_mail_free(m);
	return rc;
}

void okc_mail_free(okc_mail *m)
{
	if (m == NULL)
		return;
	free(m->from);
	free(m->reply_address);
	free(m->message_id);
	free(m->subject);
	free(m->date);
	free(m->auth_results);
	for (size_t i = 0; i < m->n_docs; i++) {
		free((char *)m->docs[i].name);
		free((char *)m->docs[i].declared_type);
		free((char *)m->docs[i].media_type);
		free((unsigned char *)m->docs[i].data);
	}
	free(m->docs);
	for (size_t i = 0; i < m->n_reasons; i++)
		free((char *)m->reasons[i].detail);
	free(m->reasons);
	free(m);
}

/* ---- getters ---- */

const char *okc_mail_from(const okc_mail *m) { return m ? m->from : NULL; }
const char *okc_mail_reply_address(const okc_mail *m)
{
	return m ? m->reply_address : NULL;
}
const char *okc_mail_message_id(const okc_mail *m)
{
	return m ? m->message_id : NULL;
}
const char *okc_mail_subject(const okc_mail *m) { return m ? m->subject : NULL; }
const char *okc_mail_date(const okc_mail *m) { return m ? m->date : NULL; }
const char *okc_mail_authentication_results(const okc_mail *m)
{
	return m ? m->auth_results : NULL;
}
const char *okc_mail_no_reply_reason(const okc_mail *m)
{
	if (m == NULL)
		return "no-sender";
	if (m->no_reply == NULL && m->reply_address == NULL)
		return "no-sender";
	return m->no_reply;
}
size_t okc_mail_document_count(const okc_mail *m) { return m ? m->n_docs : 0; }
const okc_mail_document *okc_mail_document_at(const okc_mail *m, size_t i)
{
	return m && i < m->n_docs ? &m->docs[i] : NULL;
}
size_t okc_mail_part_count(const okc_mail *m) { return m ? m->parts : 0; }
size_t okc_mail_reason_count(const okc_mail *m) { return m ? m->n_reasons : 0; }
const okc_reason *okc_mail_reason(const okc_mail *m, size_t i)
{
	return m && i < m->n_reasons ? &m->reasons[i] : NULL;
}
int okc_mail_has_reason(const okc_mail *m, const char *code)
{
	return m && code ? has_reason(m, code) : 0;
}
