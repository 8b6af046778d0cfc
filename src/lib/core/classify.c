/*
 * classify.c - input classification: libmagic + structural sniffing + name.
 *
 * Only bounded windows of the input are examined (the head for magic
 * numbers, the tail for a ZIP central directory), so the cost is constant
 * whatever the size and no decoder runs on hostile data here beyond
 * OpenSSL's d2i for a DER certificate or CRL candidate.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>
#include <openssl/x509.h>

#include "core/internal.h"

/* libmagic looks at no more than this many bytes (MAGIC_PARAM_BYTES_MAX). */
#define MAGIC_BYTES_MAX (1u << 20)
/* Window at the end of a ZIP in which its central directory is searched. */
#define ZIP_TAIL_WINDOW (4u << 20)

static const struct {
	okc_doc_kind kind;
	const char *name;
	const char *media_type;
} kinds[OKC_KIND_COUNT_] = {
	[OKC_KIND_UNKNOWN] = { OKC_KIND_UNKNOWN, "unknown", "application/octet-stream" },
	[OKC_KIND_EMPTY] = { OKC_KIND_EMPTY, "empty", "application/x-empty" },
	[OKC_KIND_EYP] = { OKC_KIND_EYP, "eyp", "application/eyazisma" },
	[OKC_KIND_EYPS] = { OKC_KIND_EYPS, "eyps", "application/eyazisma" },
	[OKC_KIND_EYPG] = { OKC_KIND_EYPG, "eypg", "application/eyazisma" },
	[OKC_KIND_CMS] = { OKC_KIND_CMS, "cms", "application/pkcs7-mime" },
	[OKC_KIND_CERT] = { OKC_KIND_CERT, "certificate", "application/pkix-cert" },
	[OKC_KIND_CRL] = { OKC_KIND_CRL, "crl", "application/pkix-crl" },
	[OKC_KIND_PDF] = { OKC_KIND_PDF, "pdf", "application/pdf" },
	[OKC_KIND_IMAGE] = { OKC_KIND_IMAGE, "image", "image/*" },
	[OKC_KIND_XLSX] = { OKC_KIND_XLSX, "xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	[OKC_KIND_ODS] = { OKC_KIND_ODS, "ods",
		"application/vnd.oasis.opendocument.spreadsheet" },
	[OKC_KIND_CSV] = { OKC_KIND_CSV, "csv", "text/csv" },
	[OKC_KIND_XLS] = { OKC_KIND_XLS, "xls", "application/vnd.ms-excel" },
	[OKC_KIND_DOCX] = { OKC_KIND_DOCX, "docx",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	[OKC_KIND_ODT] = { OKC_KIND_ODT, "odt",
		"application/vnd.oasis.opendocument.text" },
	[OKC_KIND_DOC] = { OKC_KIND_DOC, "doc", "application/msword" },
	[OKC_KIND_ZIP] = { OKC_KIND_ZIP, "zip", "application/zip" },
	[OKC_KIND_XML] = { OKC_KIND_XML, "xml", "application/xml" },
	[OKC_KIND_TEXT] = { OKC_KIND_TEXT, "text", "text/plain" },
	[OKC_KIND_MAIL] = { OKC_KIND_MAIL, "mail", "message/rfc822" },
};

const char *okc_doc_kind_name(okc_doc_kind kind)
{
	if ((int)kind < 0 || kind >= OKC_KIND_COUNT_)
		return "unknown";
	return kinds[kind].name;
}

static const struct {
	const char *ext;
	okc_doc_kind kind;
} extensions[] = {
	{ ".eyp", OKC_KIND_EYP }, { ".eyps", OKC_KIND_EYPS },
	{ ".eypg", OKC_KIND_EYPG }, { ".imz", OKC_KIND_CMS },
	{ ".p7s", OKC_KIND_CMS }, { ".p7m", OKC_KIND_CMS },
	{ ".pkcs7", OKC_KIND_CMS }, { ".cms", OKC_KIND_CMS },
	{ ".cer", OKC_KIND_CERT }, { ".crt", OKC_KIND_CERT },
	{ ".der", OKC_KIND_CERT }, { ".pem", OKC_KIND_CERT },
	{ ".crl", OKC_KIND_CRL }, { ".pdf", OKC_KIND_PDF },
	{ ".jpg", OKC_KIND_IMAGE }, { ".jpeg", OKC_KIND_IMAGE },
	{ ".png", OKC_KIND_IMAGE }, { ".tif", OKC_KIND_IMAGE },
	{ ".tiff", OKC_KIND_IMAGE }, { ".gif", OKC_KIND_IMAGE },
	{ ".bmp", OKC_KIND_IMAGE }, { ".webp", OKC_KIND_IMAGE },
	{ ".xlsx", OKC_KIND_XLSX }, { ".ods", OKC_KIND_ODS },
	{ ".csv", OKC_KIND_CSV }, { ".xls", OKC_KIND_XLS },
	{ ".docx", OKC_KIND_DOCX }, { ".odt", OKC_KIND_ODT },
	{ ".doc", OKC_KIND_DOC }, { ".zip", OKC_KIND_ZIP },
	{ ".xml", OKC_KIND_XML }, { ".txt", OKC_KIND_TEXT },
	{ ".eml", OKC_KIND_MAIL },
};

okc_doc_kind okc_classify_name(const char *name)
{
	if (name == NULL)
		return OKC_KIND_UNKNOWN;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		if (okc__has_suffix_ci(name, extensions[i].ext))
			return extensions[i].kind;
	return OKC_KIND_UNKNOWN;
}

static magic_t get_magic(okc_ctx *ctx)
{
	if (ctx->magic != NULL)
		return (magic_t)ctx->magic;
	/* No decompression and no ELF/tar/CDF deep checks: the cheap,
	 * bounded subset is all classification needs. */
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS |
	                       MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_TAR |
	                       MAGIC_ERROR);
	if (m == NULL)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		magic_close(m);
		return NULL;
	}
	size_t bytes = MAGIC_BYTES_MAX;
	magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &bytes);
	ctx->magic = m;
	return m;
}

static bool has_prefix(const unsigned char *d, size_t n, const char *p)
{
	size_t m = strlen(p);
	return n >= m && memcmp(d, p, m) == 0;
}

/* OID 1.2.840.113549.1.7.2 (id-signedData), DER-encoded with its tag. */
static const unsigned char oid_signed_data[] = {
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02
};

static okc_doc_kind sniff_der(const unsigned char *d, size_t n)
{
	if (n < 16 || d[0] != 0x30)
		return OKC_KIND_UNKNOWN;
	/* ContentInfo ::= SEQUENCE { contentType OID, ... }: the OID follows
	 * the outer header (2 to 6 bytes, indefinite length allowed in BER). */
	size_t window = n < 8 + sizeof(oid_signed_data) ? n
	                                                 : 8 + sizeof(oid_signed_data);
	if (okc__memmem(d, window, oid_signed_data, sizeof(oid_signed_data)))
		return OKC_KIND_CMS;
	const unsigned char *p = d;
	X509 *x = d2i_X509(NULL, &p, (long)(n > LONG_MAX ? LONG_MAX : n));
	if (x != NULL) {
		X509_free(x);
		return OKC_KIND_CERT;
	}
	p = d;
	X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)(n > LONG_MAX ? LONG_MAX : n));
	if (c != NULL) {
		X509_CRL_free(c);
		return OKC_KIND_CRL;
	}
	return OKC_KIND_UNKNOWN;
}

static okc_doc_kind sniff_pem(const unsigned char *d, size_t n)
{
	size_t w = n < 4096 ? n : 4096;
	if (okc__memmem(d, w, "-----BEGIN PKCS7-----", 21) ||
	    okc__memmem(d, w, "-----BEGIN CMS-----", 19))
		return OKC_KIND_CMS;
	if (okc__memmem(d, w, "-----BEGIN CERTIFICATE-----", 27) ||
	    okc__memmem(d, w, "-----BEGIN TRUSTED CERTIFICATE-----", 35))
		return OKC_KIND_CERT;
	if (okc__memmem(d, w, "-----BEGIN X509 CRL-----", 24))
		return OKC_KIND_CRL;
	return OKC_KIND_UNKNOWN;
}

/* Look for entry names in the central directory at the end of a ZIP. */
static okc_doc_kind sniff_zip(const unsigned char *d, size_t n, unsigned *flags)
{
	const unsigned char *tail = d;
	size_t tn = n;
	if (n > ZIP_TAIL_WINDOW) {
		tail = d + n - ZIP_TAIL_WINDOW;
		tn = ZIP_TAIL_WINDOW;
		*flags |= OKC_CLASS_TRUNCATED_SCAN;
	}
#define HAS(s) (okc__memmem(tail, tn, (s), sizeof(s) - 1) != NULL)
	/* ODF puts an uncompressed "mimetype" entry first (ODF 1.2 part 3,
	 * 3.3), so its value is at a fixed place near the start. */
	size_t hw = n < 256 ? n : 256;
	if (okc__memmem(d, hw, "application/vnd.oasis.opendocument.spreadsheet", 46))
		return OKC_KIND_ODS;
	if (okc__memmem(d, hw, "application/vnd.oasis.opendocument.text", 39))
		return OKC_KIND_ODT;
	if (HAS("SifreliIcerik"))
		return OKC_KIND_EYPS;
	if (HAS("OrijinalPaket") || HAS("GuncellemeBilgisi"))
		return OKC_KIND_EYPG;
	if (HAS("PaketOzeti") || HAS("Ustveri/Ustveri.xml"))
		return OKC_KIND_EYP;
	if (HAS("xl/workbook.xml"))
		return OKC_KIND_XLSX;
	if (HAS("word/document.xml"))
		return OKC_KIND_DOCX;
#undef HAS
	return OKC_KIND_ZIP;
}

static bool looks_like_mail(const unsigned char *d, size_t n)
{
	static const char *const heads[] = {
		"Return-Path:", "Received:", "From:", "Message-ID:",
		"Message-Id:", "MIME-Version:", "Delivered-To:", "Date:",
		"Subject:", "To:", "X-",
	};
	if (has_prefix(d, n, "From ")) /* mbox separator */
		return true;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (has_prefix(d, n, heads[i])) {
			/* Require a second header line too. */
			const unsigned char *nl = memchr(d, '\n', n < 4096 ? n : 4096);
			if (nl == NULL || (size_t)(nl - d) + 2 >= n)
				return false;
			const unsigned char *q = nl + 1;
			size_t rest = n - (size_t)(q - d);
			size_t k = 0;
			while (k < rest && k < 80 && q[k] != ':' && q[k] != '\n' &&
			       !isspace(q[k]))
				k++;
			return (k < rest && q[k] == ':') ||
			       (rest > 0 && (q[0] == ' ' || q[0] == '\t'));
		}
	return false;
}

static okc_doc_kind from_magic(const char *mt)
{
	if (strncmp(mt, "image/", 6) == 0)
		return OKC_KIND_IMAGE;
	if (strcmp(mt, "application/pdf") == 0)
		return OKC_KIND_PDF;
	if (strcmp(mt, "application/vnd.ms-excel") == 0)
		return OKC_KIND_XLS;
	if (strcmp(mt, "application/msword") == 0)
		return OKC_KIND_DOC;
	if (strcmp(mt, "text/csv") == 0)
		return OKC_KIND_CSV;
	if (strcmp(mt, "message/rfc822") == 0)
		return OKC_KIND_MAIL;
	if (strcmp(mt, "text/xml") == 0 || strcmp(mt, "application/xml") == 0)
		return OKC_KIND_XML;
	if (strncmp(mt, "text/", 5) == 0)
		return OKC_KIND_TEXT;
	return OKC_KIND_UNKNOWN;
}

/* Kinds that the name may legitimately disagree with. */
static bool name_agrees(okc_doc_kind name_kind, okc_doc_kind kind)
{
	if (name_kind == OKC_KIND_UNKNOWN || name_kind == kind ||
	    kind == OKC_KIND_EMPTY)
		return true;
	switch (name_kind) {
	case OKC_KIND_CERT: /* .pem/.der are generic armours */
		return kind == OKC_KIND_CMS || kind == OKC_KIND_CRL;
	case OKC_KIND_TEXT:
		return kind == OKC_KIND_CSV || kind == OKC_KIND_XML;
	case OKC_KIND_XML:
		return kind == OKC_KIND_TEXT;
	default:
		return false;
	}
}

/* libmagic's MIME type of non-empty content into out->magic_type. */
static void fill_magic(okc_classification *out, magic_t m, const void *d,
                       size_t len)
{
	const char *mt = magic_buffer(m, d, len < MAGIC_BYTES_MAX ?
	                              len : MAGIC_BYTES_MAX);
	snprintf(out->magic_type, sizeof(out->magic_type), "%s",
	         mt ? mt : "application/octet-stream");
}

int okc__classify_magic(okc_classification *out, okc_ctx *ctx,
                        const void *data, size_t len)
{
	if (out->magic_type[0] != '\0')
		return OKC_OK;
	magic_t m = get_magic(ctx);
	if (m == NULL)
		return okc__error(ctx, OKC_EINTERNAL, "libmagic: cannot load the "
		                  "magic database");
	fill_magic(out, m, data, len);
	return OKC_OK;
}

static int classify(okc_classification *out, okc_ctx *ctx, const char *name,
                    const void *data, size_t len, bool lazy_magic)
{
	const unsigned char *d = data;
	okc_doc_kind kind = OKC_KIND_UNKNOWN;
	memset(out, 0, sizeof(*out));
	out->name_kind = okc_classify_name(name);

	magic_t m = get_magic(ctx);
	if (m == NULL)
		return okc__error(ctx, OKC_EINTERNAL, "libmagic: cannot load the "
		                  "magic database");
	if (len == 0) {
		kind = OKC_KIND_EMPTY;
		snprintf(out->magic_type, sizeof(out->magic_type), "application/x-empty");
	} else if (!lazy_magic) {
		fill_magic(out, m, d, len);
	}

	size_t skip = 0; /* UTF-8 BOM before text formats */
	if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		skip = 3;

	if (kind != OKC_KIND_EMPTY) {
		if ((kind = sniff_der(d, len)) != OKC_KIND_UNKNOWN) {
			/* DER structure decided */
		} else if ((kind = sniff_pem(d, len)) != OKC_KIND_UNKNOWN) {
			out->flags |= OKC_CLASS_PEM;
		} else if (has_prefix(d, len, "PK\x03\x04") ||
		           has_prefix(d, len, "PK\x05\x06")) {
			kind = sniff_zip(d, len, &out->flags);
		} else if (has_prefix(d, len, "%PDF-")) {
			kind = OKC_KIND_PDF;
		} else if (looks_like_mail(d, len)) {
			kind = OKC_KIND_MAIL;
		} else if (has_prefix(d + skip, len - skip, "<?xml")) {
			kind = OKC_KIND_XML;
		} else {
			if (out->magic_type[0] == '\0')
				fill_magic(out, m, d, len);
			kind = from_magic(out->magic_type);
		}
	}
	/* A generic container or text: the name decides between the forms
	 * it can hold (an .eyp whose directory we did not recognise is still
	 * handed to the .eyp verifier, which says precisely what is wrong). */
	if (kind == OKC_KIND_ZIP &&
	    (out->name_kind == OKC_KIND_EYP || out->name_kind == OKC_KIND_EYPS ||
	     out->name_kind == OKC_KIND_EYPG || out->name_kind == OKC_KIND_XLSX ||
	     out->name_kind == OKC_KIND_ODS || out->name_kind == OKC_KIND_DOCX ||
	     out->name_kind == OKC_KIND_ODT))
		kind = out->name_kind;
	if (kind == OKC_KIND_TEXT && out->name_kind == OKC_KIND_CSV)
		kind = OKC_KIND_CSV;

	out->kind = kind;
	if (!name_agrees(out->name_kind, kind))
		out->flags |= OKC_CLASS_NAME_MISMATCH;
	if (kind == OKC_KIND_IMAGE)
		snprintf(out->media_type, sizeof(out->media_type), "%s",
		         out->magic_type);
	else
		snprintf(out->media_type, sizeof(out->media_type), "%s",
		         kinds[kind].media_type);
	return OKC_OK;
}

int okc_classify_mem(okc_classification *out, okc_ctx *ctx, const char *name,
                     const void *data, size_t len)
{
	return classify(out, ctx, name, data, len, false);
}

int okc__classify_mem_lazy(okc_classification *out, okc_ctx *ctx,
                           const char *name, const void *data, size_t len)
{
	/* Structure decides every kind but the last resort; libmagic costs
	 * more than the rest of the classification together (13 % of a
	 * CAdES X-L validation; issue #9 profile), so the verifier asks
	 * for it only when the kind needs it. */
	return classify(out, ctx, name, data, len, true);
}

int okc_classify_file(okc_classification *out, okc_ctx *ctx, const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = okc__read_file(ctx, path, ctx->limits.max_input_size, &data, &len);
	if (rc < 0)
		return rc;
	rc = okc_classify_mem(out, ctx, okc__basename(path), data, len);
	free(data);
	return rc;
}
