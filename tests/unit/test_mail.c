/*
 * test_mail.c - unit tests of the MIME front end (src/lib/mail): every
 * construct the inbox sees (multipart/mixed, alternative, related, signed,
 * nested message/rfc822, RFC 2047 / 2231 Turkish names, base64, QP,
 * octet-stream judged by content, inline parts) and every malformed or
 * hostile shape, each asserting its specific MAIL_* code.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <okc/okc.h>

static okc_ctx *ctx;

static void setup(void)
{
	ck_assert_int_eq(okc_ctx_new(&ctx, NULL), OKC_OK);
}

static void teardown(void)
{
	okc_ctx_free(ctx);
	ctx = NULL;
}

static okc_mail *parse(const char *s)
{
	okc_mail *m = NULL;
	ck_assert_int_eq(okc_mail_parse(&m, ctx, s, strlen(s)), OKC_OK);
	ck_assert_ptr_nonnull(m);
	return m;
}

static const okc_mail_document *doc_named(const okc_mail *m, const char *name)
{
	for (size_t i = 0; i < okc_mail_document_count(m); i++) {
		const okc_mail_document *d = okc_mail_document_at(m, i);
		if (strcmp(d->name, name) == 0)
			return d;
	}
	return NULL;
}

/* "%PDF-1.4 ..." in base64, a minimal PDF header libmagic recognises. */
#define PDF_B64 "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg=="
#define PDF_PREFIX "%PDF-1.4\n"

#define HDRS \
	"From: =?UTF-8?Q?=C3=96rnek_Yaz=C4=B1l=C4=B1m_A.=C5=9E.?= <basvuru@ornek.com.tr>\n" \
	"To: okc@kamusm.example\n" \
	"Subject: =?UTF-8?B?w5ZLQyBzZXJ0aWZpa2EgYmHFn3Z1cnVzdQ==?=\n" \
	"Date: Tue, 24 Nov 2026 10:00:00 +0300\n" \
	"Message-ID: <abc.123@ornek.com.tr>\n" \
	"Authentication-Results: mx.kamusm.example; spf=pass smtp.mailfrom=ornek.com.tr\n" \
	"Authentication-Results: mx.kamusm.example; dkim=pass header.d=ornek.com.tr\n" \
	"MIME-Version: 1.0\n"

/* ---- well-formed constructs ---- */

START_TEST(test_headers_and_base64_attachment)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
		"preamble\n--b1\n"
		"Content-Type: text/plain; charset=utf-8\n\nMerhaba, başvurumuz ektedir.\n"
		"--b1\n"
		"Content-Type: application/pdf; name=\"talep.pdf\"\n"
		"Content-Disposition: attachment; filename=\"talep.pdf\"\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b1--\n");
	ck_assert_str_eq(okc_mail_message_id(m), "abc.123@ornek.com.tr");
	ck_assert_str_eq(okc_mail_subject(m), "ÖKC sertifika başvurusu");
	ck_assert_str_eq(okc_mail_date(m), "Tue, 24 Nov 2026 10:00:00 +0300");
	ck_assert_ptr_nonnull(strstr(okc_mail_from(m), "Örnek Yazılım A.Ş."));
	ck_assert_ptr_nonnull(strstr(okc_mail_from(m), "basvuru@ornek.com.tr"));
	ck_assert_str_eq(okc_mail_reply_address(m), "basvuru@ornek.com.tr");
	ck_assert_ptr_nonnull(strstr(okc_mail_authentication_results(m), "spf=pass"));
	ck_assert_ptr_nonnull(strstr(okc_mail_authentication_results(m), "\nmx.kamusm.example; dkim=pass"));
	ck_assert_ptr_null(okc_mail_no_reply_reason(m));
	ck_assert_uint_eq(okc_mail_document_count(m), 1);
	const okc_mail_document *d = okc_mail_document_at(m, 0);
	ck_assert_str_eq(d->name, "talep.pdf");
	ck_assert_str_eq(d->declared_type, "application/pdf");
	ck_assert_str_eq(d->media_type, "application/pdf");
	ck_assert_uint_eq(d->depth, 1);
	ck_assert(!(d->flags & OKC_MAIL_DOC_INLINE));
	ck_assert(d->size > strlen(PDF_PREFIX));
	ck_assert_mem_eq(d->data, PDF_PREFIX, strlen(PDF_PREFIX));
	ck_assert_uint_eq(okc_mail_part_count(m), 3);
	ck_assert_uint_eq(okc_mail_reason_count(m), 0);
	okc_mail_free(m);
}
END_TEST

START_TEST(test_alternative_related_inline)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
		"--outer\n"
		"Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
		"--alt\nContent-Type: text/plain\n\nmetin\n"
		"--alt\nContent-Type: multipart/related; boundary=\"rel\"\n\n"
		"--rel\nContent-Type: text/html\n\n<p>metin<img src=cid:logo></p>\n"
		"--rel\nContent-Type: image/png\nContent-ID: <logo>\n"
		"Content-Transfer-Encoding: base64\n\niVBORw0KGgoAAAANSUhEUg==\n"
		"--rel--\n--alt--\n"
		"--outer\n"
		"Content-Type: application/pdf\n"
		"Content-Disposition: inline; filename=\"sozlesme.pdf\"\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--outer--\n");
	/* text bodies are not documents; the inline image and PDF are */
	ck_assert_uint_eq(okc_mail_document_count(m), 2);
	const okc_mail_document *img = okc_mail_document_at(m, 0);
	ck_assert_str_eq(img->name, "part-1.png");
	ck_assert(img->flags & OKC_MAIL_DOC_INLINE);
	ck_assert(img->flags & OKC_MAIL_DOC_RENAMED);
	ck_assert_uint_eq(img->depth, 3);
	const okc_mail_document *pdf = doc_named(m, "sozlesme.pdf");
	ck_assert_ptr_nonnull(pdf);
	ck_assert(pdf->flags & OKC_MAIL_DOC_INLINE);
	/* a generated name for a nameless part is not "unsafe" */
	ck_assert(!okc_mail_has_reason(m, "MAIL_NAME_UNSAFE"));
	ck_assert_uint_eq(okc_mail_part_count(m), 7);
	okc_mail_free(m);
}
END_TEST

START_TEST(test_rfc2047_and_rfc2231_turkish_names)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=\"=?UTF-8?B?xLBtemEgc2lya8O8bGVyaS5wZGY=?=\"\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename*=UTF-8''%C3%96KC%20Talep%20Formu.pdf\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment;\n filename*0*=iso-8859-9''Ba%FEvuru%20;\n filename*1*=listesi%20%FE%F0%FD.pdf\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b\nContent-Type: application/pdf; name=\"=?windows-1254?Q?G=DDB_onay=FD.pdf?=\"\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b--\n");
	ck_assert_uint_eq(okc_mail_document_count(m), 4);
	ck_assert_ptr_nonnull(doc_named(m, "İmza sirküleri.pdf"));
	ck_assert_ptr_nonnull(doc_named(m, "ÖKC Talep Formu.pdf"));
	ck_assert_ptr_nonnull(doc_named(m, "Başvuru listesi şğı.pdf"));
	ck_assert_ptr_nonnull(doc_named(m, "GİB onayı.pdf"));
	ck_assert(!okc_mail_has_reason(m, "MAIL_NAME_UNSAFE"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_raw_8bit_windows1254_name)
{
	/* Some clients send the name unencoded in the sender's code page. */
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/csv\n"
		"Content-Disposition: attachment; filename=\"liste_\xde\xfe.csv\"\n\n"
		"seri\nAB12345678\n"
		"--b--\n");
	ck_assert_uint_eq(okc_mail_document_count(m), 1);
	const okc_mail_document *d = okc_mail_document_at(m, 0);
	ck_assert_str_eq(d->name, "liste_Şş.csv");
	ck_assert_str_eq(d->media_type, "text/csv");
	/* RFC 2046 5.1.1: the line break before a boundary belongs to it */
	ck_assert_uint_eq(d->size, strlen("seri\nAB12345678"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_quoted_printable)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/csv; charset=utf-8\n"
		"Content-Disposition: attachment; filename=liste.csv\n"
		"Content-Transfer-Encoding: quoted-printable\n\n"
		"seri;marka\nAB00000001;=C3=96rnek=\n Marka\n"
		"--b--\n");
	const okc_mail_document *d = doc_named(m, "liste.csv");
	ck_assert_ptr_nonnull(d);
	const char *want = "seri;marka\nAB00000001;Örnek Marka";
	ck_assert_uint_eq(d->size, strlen(want));
	ck_assert_mem_eq(d->data, want, strlen(want));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_octet_stream_judged_by_content)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/octet-stream\n"
		"Content-Disposition: attachment; filename=\"belge.dat\"\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b--\n");
	const okc_mail_document *d = doc_named(m, "belge.dat");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->declared_type, "application/octet-stream");
	ck_assert_str_eq(d->media_type, "application/pdf");
	ck_assert(d->flags & OKC_MAIL_DOC_BY_CONTENT);
	okc_mail_free(m);
}
END_TEST

START_TEST(test_forwarded_message)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nİletiyorum.\n"
		"--b\nContent-Type: message/rfc822\n\n"
		"From: muhasebe@ornek.com.tr\nSubject: Ek liste\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=inner\n\n"
		"--inner\nContent-Type: text/plain\n\nekte\n"
		"--inner\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=ek.pdf\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--inner--\n"
		"--b--\n");
	const okc_mail_document *d = doc_named(m, "ek.pdf");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & OKC_MAIL_DOC_FORWARDED);
	ck_assert_uint_eq(d->depth, 3);
	ck_assert(okc_mail_has_reason(m, "MAIL_FORWARDED"));
	/* the outer sender is the one who gets the reply */
	ck_assert_str_eq(okc_mail_reply_address(m), "basvuru@ornek.com.tr");
	okc_mail_free(m);
}
END_TEST

START_TEST(test_smime_signature_kept_apart)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
		" micalg=sha-256; boundary=s\n\n"
		"--s\nContent-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nekte\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=liste.pdf\n"
		"Content-Transfer-Encoding: base64\n\n" PDF_B64 "\n"
		"--b--\n"
		"--s\nContent-Type: application/pkcs7-signature; name=smime.p7s\n"
		"Content-Disposition: attachment; filename=smime.p7s\n"
		"Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQE=\n"
		"--s--\n");
	ck_assert_uint_eq(okc_mail_document_count(m), 2);
	const okc_mail_document *sig = doc_named(m, "smime.p7s");
	ck_assert_ptr_nonnull(sig);
	ck_assert(sig->flags & OKC_MAIL_DOC_SMIME_SIG);
	const okc_mail_document *pdf = doc_named(m, "liste.pdf");
	ck_assert_ptr_nonnull(pdf);
	ck_assert(!(pdf->flags & OKC_MAIL_DOC_SMIME_SIG));
	ck_assert(okc_mail_has_reason(m, "MAIL_SMIME_SIGNED"));
	ck_assert(!okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_smime_signature_only_is_no_attachment)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=s\n\n"
		"--s\nContent-Type: text/plain\n\nmerhaba\n"
		"--s\nContent-Type: application/pkcs7-signature; name=smime.p7s\n"
		"Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQE=\n"
		"--s--\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_SMIME_SIGNED"));
	ck_assert(okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_pkcs7_attachment_is_a_document)
{
	/* An application's .p7m (attached CAdES) is not the mail's S/MIME. */
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/pkcs7-mime; name=liste.xlsx.p7m\n"
		"Content-Disposition: attachment; filename=liste.xlsx.p7m\n"
		"Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQE=\n"
		"--b--\n");
	const okc_mail_document *d = doc_named(m, "liste.xlsx.p7m");
	ck_assert_ptr_nonnull(d);
	ck_assert(!(d->flags & OKC_MAIL_DOC_SMIME_SIG));
	ck_assert(!okc_mail_has_reason(m, "MAIL_SMIME_SIGNED"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_encrypted)
{
	okc_mail *m = parse(HDRS
		"Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
		"Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_ENCRYPTED"));
	ck_assert(!okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	ck_assert_uint_eq(okc_mail_document_count(m), 0);
	okc_mail_free(m);
	m = parse(HDRS
		"Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
		"--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
		"--e\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n"
		"--e--\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_ENCRYPTED"));
	okc_mail_free(m);
}
END_TEST

/* ---- malformed and hostile messages ---- */

START_TEST(test_multipart_without_boundary)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed\n\n"
		"--b\nContent-Type: application/pdf\n\n%PDF-1.4\n--b--\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_BOUNDARY_MISSING"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_boundary_never_occurs)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=\"declared\"\n\n"
		"--other\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=a.pdf\n\n%PDF-1.4\n--other--\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_NO_PARTS_FOUND"));
	ck_assert_uint_eq(okc_mail_document_count(m), 0);
	ck_assert(okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_missing_end_boundary)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: text/plain\n\nekte\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=yarim.pdf\n"
		"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcOkw7zDtsOf");
	ck_assert(okc_mail_has_reason(m, "MAIL_TRUNCATED"));
	/* what arrived is still kept */
	ck_assert_ptr_nonnull(doc_named(m, "yarim.pdf"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_damaged_base64)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=bozuk.pdf\n"
		"Content-Transfer-Encoding: base64\n\nJVBERi0x*LjQKJcOkw7zDts\n"
		"--b--\n");
	const okc_mail_document *d = doc_named(m, "bozuk.pdf");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & OKC_MAIL_DOC_TRUNCATED);
	ck_assert(okc_mail_has_reason(m, "MAIL_DECODE_ERROR"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_huge_header)
{
	size_t n = 100 * 1024;
	char *big = malloc(n + 4096);
	ck_assert_ptr_nonnull(big);
	strcpy(big, "From: a@ornek.com.tr\nMessage-ID: <h@x>\nSubject: ");
	size_t off = strlen(big);
	for (size_t i = 0; i < n; i++)
		big[off + i] = (i % 70 == 69) ? '\n' : 'x';
	for (size_t i = 0; i < n; i++)
		if (big[off + i] == '\n')
			big[off + i + 1] = ' ';
	off += n;
	strcpy(big + off, "\nContent-Type: text/plain\n\nbody\n");
	okc_mail *m = parse(big);
	ck_assert(okc_mail_has_reason(m, "MAIL_HEADER_TOO_LARGE"));
	ck_assert_ptr_null(okc_mail_subject(m));
	ck_assert_str_eq(okc_mail_message_id(m), "h@x");
	okc_mail_free(m);
	free(big);
}
END_TEST

static char *nested(unsigned levels)
{
	size_t cap = 256 + (size_t)levels * 128;
	char *s = malloc(cap);
	ck_assert_ptr_nonnull(s);
	size_t o = (size_t)snprintf(s, cap, "From: a@ornek.com.tr\nMIME-Version: 1.0\n");
	for (unsigned i = 0; i < levels; i++)
		o += (size_t)snprintf(s + o, cap - o,
		        "Content-Type: multipart/mixed; boundary=\"l%u\"\n\n--l%u\n", i, i);
	o += (size_t)snprintf(s + o, cap - o,
	        "Content-Type: application/pdf\nContent-Disposition: attachment; filename=d.pdf\n\n%%PDF-1.4\n");
	for (unsigned i = levels; i-- > 0;)
		o += (size_t)snprintf(s + o, cap - o, "--l%u--\n", i);
	return s;
}

START_TEST(test_deep_nesting)
{
	char *s = nested(6);
	okc_mail *m = parse(s);
	ck_assert(!okc_mail_has_reason(m, "MAIL_TOO_DEEP"));
	ck_assert_ptr_nonnull(doc_named(m, "d.pdf"));
	okc_mail_free(m);
	free(s);
	s = nested(40);
	m = parse(s);
	ck_assert(okc_mail_has_reason(m, "MAIL_TOO_DEEP"));
	ck_assert_ptr_null(doc_named(m, "d.pdf"));
	ck_assert(!okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	okc_mail_free(m);
	free(s);
}
END_TEST

static char *many_parts(unsigned parts)
{
	size_t cap = 256 + (size_t)parts * 96;
	char *s = malloc(cap);
	ck_assert_ptr_nonnull(s);
	size_t o = (size_t)snprintf(s, cap,
	        "From: a@ornek.com.tr\nSubject: cok\nMIME-Version: 1.0\n"
	        "Content-Type: multipart/mixed; boundary=b\n\n");
	for (unsigned i = 0; i < parts; i++)
		o += (size_t)snprintf(s + o, cap - o,
		        "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=p%u.pdf\n\nx\n", i);
	snprintf(s + o, cap - o, "--b--\n");
	return s;
}

START_TEST(test_too_many_parts)
{
	char *s = many_parts(300);   /* over 256: the walk stops */
	okc_mail *m = parse(s);
	ck_assert(okc_mail_has_reason(m, "MAIL_TOO_MANY_PARTS"));
	ck_assert_uint_le(okc_mail_document_count(m), 256);
	ck_assert_uint_ge(okc_mail_document_count(m), 200);
	okc_mail_free(m);
	free(s);
	s = many_parts(5000);        /* far over: headers only */
	m = parse(s);
	ck_assert(okc_mail_has_reason(m, "MAIL_TOO_MANY_PARTS"));
	ck_assert_uint_eq(okc_mail_document_count(m), 0);
	ck_assert_str_eq(okc_mail_subject(m), "cok");
	ck_assert_str_eq(okc_mail_reply_address(m), "a@ornek.com.tr");
	okc_mail_free(m);
	free(s);
}
END_TEST

START_TEST(test_too_large)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *small = NULL;
	o.limits.max_input_size = 512;
	ck_assert_int_eq(okc_ctx_new(&small, &o), OKC_OK);
	char *s = many_parts(20);
	okc_mail *m = NULL;
	ck_assert_int_eq(okc_mail_parse(&m, small, s, strlen(s)), OKC_OK);
	ck_assert(okc_mail_has_reason(m, "MAIL_TOO_LARGE"));
	ck_assert_uint_eq(okc_mail_document_count(m), 0);
	ck_assert_str_eq(okc_mail_subject(m), "cok");
	okc_mail_free(m);
	free(s);
	okc_ctx_free(small);
}
END_TEST

START_TEST(test_garbage_and_empty)
{
	okc_mail *m = NULL;
	ck_assert_int_eq(okc_mail_parse(&m, ctx, "", 0), OKC_OK);
	ck_assert(okc_mail_has_reason(m, "MAIL_MALFORMED"));
	ck_assert_str_eq(okc_mail_no_reply_reason(m), "no-sender");
	okc_mail_free(m);
	static const unsigned char bin[] = { 0x30, 0x82, 0x00, 0x00, 0xff, 0x00, 0x12, '\n', 0x01 };
	ck_assert_int_eq(okc_mail_parse(&m, ctx, bin, sizeof(bin)), OKC_OK);
	ck_assert(okc_mail_has_reason(m, "MAIL_MALFORMED"));
	okc_mail_free(m);
	ck_assert_int_eq(okc_mail_parse(NULL, ctx, "", 0), OKC_EINVAL);
	ck_assert_int_eq(okc_mail_parse(&m, NULL, "", 0), OKC_EINVAL);
	okc_mail_free(NULL);
}
END_TEST

START_TEST(test_no_attachment)
{
	okc_mail *m = parse(HDRS "Content-Type: text/plain; charset=utf-8\n\nBaşvuru durumumuz nedir?\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_NO_ATTACHMENT"));
	ck_assert_uint_eq(okc_mail_document_count(m), 0);
	okc_mail_free(m);
}
END_TEST

START_TEST(test_unsafe_names)
{
	okc_mail *m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=\"..\\\\..\\\\Windows\\\\liste.pdf\"\n\n%PDF-1.4\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=\"../../etc/passwd\"\n\n%PDF-1.4\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=\"..\"\n\n%PDF-1.4\n"
		"--b--\n");
	ck_assert_ptr_nonnull(doc_named(m, "liste.pdf"));
	ck_assert_ptr_nonnull(doc_named(m, "passwd"));
	ck_assert_ptr_nonnull(doc_named(m, "part-3.pdf"));
	ck_assert(okc_mail_has_reason(m, "MAIL_NAME_UNSAFE"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_long_name_keeps_extension)
{
	char buf[4096];
	char name[600];
	memset(name, 'a', 590);
	strcpy(name + 590, ".xlsx");
	snprintf(buf, sizeof(buf), HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: application/pdf\n"
		"Content-Disposition: attachment; filename=\"%s\"\n\n%%PDF-1.4\n--b--\n", name);
	okc_mail *m = parse(buf);
	const okc_mail_document *d = okc_mail_document_at(m, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_le(strlen(d->name), okc_ctx_limits(ctx)->max_name_len);
	ck_assert_ptr_nonnull(strstr(d->name, ".xlsx"));
	ck_assert(okc_mail_has_reason(m, "MAIL_NAME_UNSAFE"));
	okc_mail_free(m);
}
END_TEST

START_TEST(test_partial_and_external)
{
	okc_mail *m = parse(HDRS
		"Content-Type: message/partial; id=\"x@y\"; number=1; total=2\n\n"
		"From: a@b.c\n\npart\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_PART_UNSUPPORTED"));
	okc_mail_free(m);
	m = parse(HDRS
		"Content-Type: multipart/mixed; boundary=b\n\n"
		"--b\nContent-Type: message/external-body; access-type=URL; URL=\"http://x/y.pdf\"\n\n"
		"Content-Type: application/pdf\n\n"
		"--b--\n");
	ck_assert(okc_mail_has_reason(m, "MAIL_PART_UNSUPPORTED"));
	okc_mail_free(m);
}
END_TEST

/* ---- RFC 3834: whom we never answer ---- */

static const char *no_reply(const char *extra_headers, const char *ctype)
{
	static char why[32];
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s%sContent-Type: %s\n\nx\n",
	         extra_headers, "Subject: s\nMessage-ID: <n@x>\n", ctype);
	okc_mail *m = parse(buf);
	const char *r = okc_mail_no_reply_reason(m);
	snprintf(why, sizeof(why), "%s", r ? r : "(reply)");
	okc_mail_free(m);
	return why;
}

START_TEST(test_no_reply_rules)
{
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\n", "text/plain"), "(reply)");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nAuto-Submitted: no\n", "text/plain"), "(reply)");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nAuto-Submitted: auto-replied\n", "text/plain"), "auto-submitted");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nX-Auto-Response-Suppress: All\n", "text/plain"), "auto-submitted");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nReturn-Path: <>\n", "text/plain"), "bounce");
	ck_assert_str_eq(no_reply("From: MAILER-DAEMON@mx.ornek.com.tr\n", "text/plain"), "bounce");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\n", "multipart/report; report-type=delivery-status; boundary=z"), "bounce");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nList-Id: <okc.lists.ornek>\n", "text/plain"), "mailing-list");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nList-Unsubscribe: <mailto:u@x>\n", "text/plain"), "mailing-list");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nPrecedence: bulk\n", "text/plain"), "bulk");
	ck_assert_str_eq(no_reply("From: a@ornek.com.tr\nX-OKC-Intake-Reply: 1\n", "text/plain"), "loop");
	ck_assert_str_eq(no_reply("", "text/plain"), "no-sender");
	ck_assert_str_eq(no_reply("From: undisclosed-recipients:;\n", "text/plain"), "no-sender");
}
END_TEST

START_TEST(test_reply_to_preferred)
{
	okc_mail *m = parse("From: Ali <ali@ornek.com.tr>\nReply-To: basvuru@ornek.com.tr\n"
	                    "Content-Type: text/plain\n\nx\n");
	ck_assert_str_eq(okc_mail_reply_address(m), "basvuru@ornek.com.tr");
	okc_mail_free(m);
}
END_TEST

START_TEST(test_reason_catalogue)
{
	/* Every code the module emits exists with both texts. */
	static const char *const codes[] = {
		"MAIL_MALFORMED", "MAIL_TOO_LARGE", "MAIL_TOO_MANY_PARTS",
		"MAIL_TOO_DEEP", "MAIL_HEADER_TOO_LARGE", "MAIL_BOUNDARY_MISSING",
		"MAIL_NO_PARTS_FOUND", "MAIL_TRUNCATED", "MAIL_HEADER_INVALID",
		"MAIL_DECODE_ERROR", "MAIL_NAME_UNSAFE", "MAIL_NO_ATTACHMENT",
		"MAIL_FORWARDED", "MAIL_SMIME_SIGNED", "MAIL_ENCRYPTED",
		"MAIL_PART_UNSUPPORTED",
	};
	for (size_t i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
		const okc_reason *r = okc_reason_lookup(codes[i]);
		ck_assert_msg(r != NULL, "%s missing", codes[i]);
		ck_assert(strlen(r->message_en) > 10);
		ck_assert(strlen(r->message_tr) > 10);
	}
	size_t n = 0;
	for (size_t i = 0; i < okc_reason_catalog_size(); i++)
		if (strncmp(okc_reason_catalog_entry(i)->code, "MAIL_", 5) == 0)
			n++;
	ck_assert_uint_eq(n, sizeof(codes) / sizeof(*codes));
}
END_TEST

START_TEST(test_crlf_message)
{
	okc_mail *m = parse("From: a@ornek.com.tr\r\nSubject: crlf\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
		"--b\r\nContent-Type: application/pdf\r\n"
		"Content-Disposition: attachment; filename=c.pdf\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n" PDF_B64 "\r\n--b--\r\n");
	const okc_mail_document *d = doc_named(m, "c.pdf");
	ck_assert_ptr_nonnull(d);
	ck_assert_mem_eq(d->data, PDF_PREFIX, strlen(PDF_PREFIX));
	ck_assert_uint_eq(okc_mail_reason_count(m), 0);
	okc_mail_free(m);
}
END_TEST

static Suite *mail_suite(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("mime");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_headers_and_base64_attachment);
	tcase_add_test(tc, test_alternative_related_inline);
	tcase_add_test(tc, test_rfc2047_and_rfc2231_turkish_names);
	tcase_add_test(tc, test_raw_8bit_windows1254_name);
	tcase_add_test(tc, test_quoted_printable);
	tcase_add_test(tc, test_octet_stream_judged_by_content);
	tcase_add_test(tc, test_forwarded_message);
	tcase_add_test(tc, test_smime_signature_kept_apart);
	tcase_add_test(tc, test_smime_signature_only_is_no_attachment);
	tcase_add_test(tc, test_pkcs7_attachment_is_a_document);
	tcase_add_test(tc, test_encrypted);
	tcase_add_test(tc, test_multipart_without_boundary);
	tcase_add_test(tc, test_boundary_never_occurs);
	tcase_add_test(tc, test_missing_end_boundary);
	tcase_add_test(tc, test_damaged_base64);
	tcase_add_test(tc, test_huge_header);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_too_many_parts);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_garbage_and_empty);
	tcase_add_test(tc, test_no_attachment);
	tcase_add_test(tc, test_unsafe_names);
	tcase_add_test(tc, test_long_name_keeps_extension);
	tcase_add_test(tc, test_partial_and_external);
	tcase_add_test(tc, test_no_reply_rules);
	tcase_add_test(tc, test_reply_to_preferred);
	tcase_add_test(tc, test_reason_catalogue);
	tcase_add_test(tc, test_crlf_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(mail_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
