/*
 * Application lists signed on their own (samples/lists/), the
 * authorised-signers registry (samples/registry/signers.tsv) and the
 * e-mails of samples/mail/ (RFC 5322 / MIME RFC 2045-2049, RFC 2231 and
 * RFC 2047 encoded Turkish file names, message/rfc822 forwarding, broken
 * structure), each with the intake decision it must get.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cades.h"


static void put(D *d, const char *s)
{
	d_append(d, d_raw(s, strlen(s)));
}

static void putf(D *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(D *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("oom");
	va_end(ap);
	put(d, s);
	free(s);
}

/* base64 body lines of 76 characters (RFC 2045 6.8) */
static void put_b64(D *d, D data)
{
	D b = b64(data.p, data.n);
	for (size_t i = 0; i < b.n; i += 76) {
		size_t n = b.n - i < 76 ? b.n - i : 76;
		d_append(d, d_raw(b.p + i, n));
		put(d, "\r\n");
	}
	d_free(&b);
}

/* quoted-printable (RFC 2045 6.7) of UTF-8 text, CRLF line breaks kept */
static void put_qp(D *d, const char *s)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			put(d, "\r\n");
			col = 0;
			continue;
		}
		char buf[8];
		if ((*p >= 33 && *p <= 126 && *p != '=') || *p == ' ')
			snprintf(buf, sizeof buf, "%c", *p);
		else
			snprintf(buf, sizeof buf, "=%02X", *p);
		if (col + strlen(buf) > 75) {
			put(d, "=\r\n");
			col = 0;
		}
		put(d, buf);
		col += strlen(buf);
	}
	put(d, "\r\n");
}

typedef struct {
	const char *fname; /* file name (ASCII here; see the RFC 2231 sample) */
	const char *ctype;
	D data;
} att;

static D headers(const char *from, const char *subject, const char *msgid,
		 const char *extra)
{
	D m = d_empty();
	putf(&m, "Return-Path: <%s>\r\n"
		 "Received: from mx.yazarkasa-test.example (127.0.0.1) by mx.test "
		 "with ESMTPS; Mon, 01 Jun 2026 13:10:00 +0300\r\n"
		 "Authentication-Results: mx.test; dkim=pass header.d=yazarkasa-test.example; "
		 "spf=pass smtp.mailfrom=yazarkasa-test.example\r\n"
		 "From: %s\r\nTo: TEST OKC Basvuru <okc@kamusm-test.example>\r\n"
		 "Subject: %s\r\nDate: Mon, 01 Jun 2026 13:10:00 +0300\r\n"
		 "Message-ID: <%s@yazarkasa-test.example>\r\nMIME-Version: 1.0\r\n%s",
	     "basvuru@yazarkasa-test.example", from, subject, msgid, extra ? extra : "");
	return m;
}

static const char *FROM =
	"=?UTF-8?Q?TEST_Ay=C5=9Fe_Y=C4=B1lmaz?= <basvuru@yazarkasa-test.example>";

static D message(const char *subject, const char *msgid, const char *body,
		 att *a, size_t na, const char *boundary, int close)
{
	D m = headers(FROM, subject, msgid, NULL);
	putf(&m, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
		 "This is a multi-part message in MIME format.\r\n", boundary);
	putf(&m, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	put_qp(&m, body);
	for (size_t i = 0; i < na; i++) {
		putf(&m, "--%s\r\nContent-Type: %s; name=\"%s\"\r\n"
			 "Content-Transfer-Encoding: %s\r\n"
			 "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
		     boundary, a[i].ctype, a[i].fname,
		     strcmp(a[i].ctype, "message/rfc822") ? "base64" : "8bit",
		     a[i].fname);
		if (strcmp(a[i].ctype, "message/rfc822") == 0) {
			d_append(&m, d_dup(a[i].data));
			put(&m, "\r\n");
		} else {
			put_b64(&m, a[i].data);
		}
	}
	if (close)
		putf(&m, "--%s--\r\n", boundary);
	return m;
}

static char *np(const char *name)
{
	char *s = strdup(name);
	if (!s)
		die("oom");
	return s;
}

static D sign_doc(pki *k, ent *e, D doc, int level, ent *parallel)
{
	co o;
	co_init(&o, e, doc.p, doc.n);
	o.policy = OID_P4;
	o.level = level;
	o.parallel = parallel;
	if (e == &k->nes_ec256 || e == &k->nes_ec384)
		o.md = EVP_sha384();
	return cades_build(k, &o);
}

static const char *const WET_LINES[] = {
	"OKC Mali Sertifika Basvuru Listesi (TEST) - islak imzali tarama",
	"Sira  Sicil No", "1     FU00022547", "2     JH0000000079", "3     BCA00001234",
	"", "Kase / imza: TEST Ayse Yilmaz",
};

void gen_mail(pki *k, const char *out, manifest *m)
{
	/* ---- registry ---- */
	static const char reg[] =
		"vkn\tcompany\ttckn\tname\tauthority\tvalid_from\tvalid_until\n"
		"4540536920\tTEST Yazarkasa Teknoloji A.Ş.\t10000000146\tTEST Ayşe Yılmaz\tsingle\t2025-01-01\t2027-12-31\n"
		"0010213576\tTEST Ödeme Sistemleri Ltd. Şti.\t17291716060\tTEST Mehmet Öztürk\tjoint\t2025-01-01\t2027-12-31\n"
		"0010213576\tTEST Ödeme Sistemleri Ltd. Şti.\t23456789060\tTEST Zeynep Çelik\tjoint\t2025-01-01\t2027-12-31\n"
		"4540536920\tTEST Yazarkasa Teknoloji A.Ş.\t45678901280\tTEST Can Doğan\tsingle\t2025-01-01\t2027-12-31\n"
		"4540536920\tTEST Yazarkasa Teknoloji A.Ş.\t56789012390\tTEST Süresi Dolmuş Kişi\tsingle\t2024-01-01\t2026-03-01\n";
	write_file(out, "registry/signers.tsv", reg, sizeof reg - 1);

	/* ---- lists signed on their own (the İMZAGER path) ---- */
	manifest_comment(m, "Application lists signed on their own (intake "
			    "decision with registry/signers.tsv)");
	char **s25 = make_serials(25, 7);
	D xlsx = xlsx_list((const char *const *)s25, 25);
	D csv = csv_list((const char *const *)s25, 25);
	for (int i = 0; i < 25; i++)
		free(s25[i]);
	free(s25);
	write_file(out, "lists/okc-basvuru-listesi.xlsx", xlsx.p, xlsx.n);
	write_file(out, "lists/okc-basvuru-listesi.csv", csv.p, csv.n);
	const char *R = "pki/root-rsa.pem";
	const char *RE = "pki/root-rsa.pem,pki/root-ec.pem";
	const char *SG = "signers=registry/signers.tsv";
	/* Unsigned lists alone: no signature and no circular. */
	manifest_add(m, "lists/okc-basvuru-listesi.xlsx", "-", "-", "-", "-",
		     "REJECTED", "-", "n/a", SG);
	manifest_add(m, "lists/okc-basvuru-listesi.csv", "-", "-", "-", "-",
		     "REJECTED", "-", "n/a", SG);
	D imz = sign_doc(k, &k->nes_rsa, xlsx, LVL_XL, NULL);
	write_file(out, "lists/okc-basvuru-listesi.xlsx.imz", imz.p, imz.n);
	manifest_add(m, "lists/okc-basvuru-listesi.xlsx.imz", R, "TOTAL_PASSED", "-",
		     "CAdES-XL", "ACCEPTED", "-", "accepts", SG);
	D imzc = sign_doc(k, &k->nes_rsa, csv, LVL_XL, NULL);
	write_file(out, "lists/okc-basvuru-listesi.csv.imz", imzc.p, imzc.n);
	manifest_add(m, "lists/okc-basvuru-listesi.csv.imz", R, "TOTAL_PASSED", "-",
		     "CAdES-XL", "ACCEPTED", "-", "accepts", SG);
	d_free(&imzc);
	D t = sign_doc(k, &k->nonqual, xlsx, LVL_XL, NULL);
	write_file(out, "lists/nonqualified-signer.xlsx.imz", t.p, t.n);
	d_free(&t);
	manifest_add(m, "lists/nonqualified-signer.xlsx.imz", R, "TOTAL_PASSED", "-",
		     "CAdES-XL", "REJECTED", "CADES_NOT_QUALIFIED", "accepts", SG);
	t = sign_doc(k, &k->nes_ec384, xlsx, LVL_XL, NULL);
	write_file(out, "lists/unknown-signer.xlsx.imz", t.p, t.n);
	d_free(&t);
	manifest_add(m, "lists/unknown-signer.xlsx.imz", "pki/root-ec.pem,pki/root-rsa.pem",
		     "TOTAL_PASSED",
		     "-", "CAdES-XL", "NEEDS_REVIEW", "-", "accepts", SG);
	t = sign_doc(k, &k->nes_rsa2, xlsx, LVL_XL, NULL);
	write_file(out, "lists/joint-one-signer.xlsx.imz", t.p, t.n);
	d_free(&t);
	manifest_add(m, "lists/joint-one-signer.xlsx.imz", R, "TOTAL_PASSED", "-",
		     "CAdES-XL", "NEEDS_REVIEW", "-", "accepts", SG);
	t = sign_doc(k, &k->nes_rsa2, xlsx, LVL_BES, &k->nes_ec256);
	write_file(out, "lists/joint-both-signers.xlsx.imz", t.p, t.n);
	d_free(&t);
	manifest_add(m, "lists/joint-both-signers.xlsx.imz", RE, "TOTAL_PASSED", "-",
		     "CAdES-EPES", "ACCEPTED", "-", "accepts", SG);
	t = sign_doc(k, &k->expired, xlsx, LVL_BES, NULL);
	write_file(out, "lists/expired-signer.xlsx.imz", t.p, t.n);
	d_free(&t);
	manifest_add(m, "lists/expired-signer.xlsx.imz", R, "INDETERMINATE",
		     "OUT_OF_BOUNDS_NO_POE", "CAdES-EPES", "NEEDS_REVIEW",
		     "CADES_CERT_EXPIRED", "rejects", SG);

	/* ---- mail ---- */
	manifest_comment(m, "Mail samples (okc-intake on the .eml; ANCHORS/AT "
			    "apply to the signatures inside)");
	/* the very package of eyp/v2-ok-xlsx.eyp (written by gen_eyp) */
	char *ep = path_join(out, "eyp/v2-ok-xlsx.eyp");
	size_t elen = 0;
	unsigned char *eb = read_file(ep, &elen);
	if (!eb)
		die("%s missing", ep);
	D eyp = { eb, elen };
	free(ep);
	int jw, jh;
	D jpeg = jpeg_circular(&jw, &jh);
	write_file(out, "mail/parts/imza-sirkuleri.jpg", jpeg.p, jpeg.n);
	D scan = pdf_jpeg(d_dup(jpeg), jw, jh);
	D listpdf = pdf_text("OKC Mali Sertifika Basvuru Listesi (TEST)", WET_LINES,
			     sizeof WET_LINES / sizeof WET_LINES[0]);
	/* The "scanned list": a page made only of an image, as a scanner
	 * produces it. */
	D scanned_list = pdf_jpeg(d_dup(jpeg), jw, jh);
	write_file(out, "mail/parts/taranmis-liste.pdf", scanned_list.p, scanned_list.n);
	d_free(&listpdf);
	d_free(&scan);

	char *n1 = np("OKC-Basvuru-2026-001.eyp");
	att a1[] = { { n1, "application/octet-stream", d_dup(eyp) } };
	D msg1 = message("OKC mali sertifika başvurusu", "esigned-eyp.1",
			 "Sayın yetkili,\n\nEkte e-imzalı ÖKC başvuru paketimizi "
			 "(e-Yazışma .eyp) sunarız.\n\nTEST Yazarkasa Teknoloji A.Ş.\n",
			 a1, 1, "=_okc_b1", 1);
	write_file(out, "mail/esigned-eyp.eml", msg1.p, msg1.n);
	manifest_add(m, "mail/esigned-eyp.eml", R, "TOTAL_PASSED", "-", "CAdES-XL",
		     "ACCEPTED", "-", "n/a", SG);

	char *n2 = np("okc-basvuru-listesi.xlsx.imz");
	att a2[] = { { n2, "application/pkcs7-mime", d_dup(imz) } };
	D msg2 = message("OKC başvuru listesi (e-imzalı)", "esigned-imz.1",
			 "Merhaba,\n\nİMZAGER ile imzalanmış başvuru listemiz ektedir.\n",
			 a2, 1, "=_okc_b2", 1);
	write_file(out, "mail/esigned-xlsx-imz.eml", msg2.p, msg2.n);
	d_free(&msg2);
	manifest_add(m, "mail/esigned-xlsx-imz.eml", R, "TOTAL_PASSED", "-", "CAdES-XL",
		     "ACCEPTED", "-", "n/a", SG);

	char *n3a = np("taranmis-liste.pdf"), *n3b = np("imza-sirkuleri.jpg");
	att a3[] = { { n3a, "application/pdf", d_dup(scanned_list) },
		     { n3b, "image/jpeg", d_dup(jpeg) } };
	D msg3 = message("OKC başvurusu - ıslak imzalı liste ve imza sirküleri",
			 "wet-signed.1",
			 "Islak imzalı liste taraması ve imza sirkülerimiz ektedir.\n",
			 a3, 2, "=_okc_b3", 1);
	write_file(out, "mail/wet-signed.eml", msg3.p, msg3.n);
	d_free(&msg3);
	manifest_add(m, "mail/wet-signed.eml", "-", "-", "-", "-", "NEEDS_REVIEW", "-",
		     "n/a", SG);
	D msg4 = message("OKC başvurusu - ıslak imzalı liste", "wet-no-circular.1",
			 "Islak imzalı liste taraması ektedir.\n", a3, 1, "=_okc_b4", 1);
	write_file(out, "mail/wet-no-circular.eml", msg4.p, msg4.n);
	d_free(&msg4);
	manifest_add(m, "mail/wet-no-circular.eml", "-", "-", "-", "-", "REJECTED", "-",
		     "n/a", SG);

	static const char *const form_lines[] = {
		"OKC TALEP FORMU (TEST)", "Firma: TEST Yazarkasa Teknoloji A.S.",
		"VKN: 4540536920  MERSIS: 0454053692000017",
		"Yetkili: TEST Ayse Yilmaz (TCKN 10000000146)",
		"Marka/Model: TEST / FU S1  Sertifika turu: donanim (hard)",
		"GIB onay yazisi: 2026/TEST-001", "Adet: 3",
	};
	static const char *const contract_lines[] = {
		"YENI NESIL OKC SOZLESMESI (TEST)",
		"Taraflar: TUBITAK BILGEM Kamu SM ve TEST Yazarkasa Teknoloji A.S.",
		"Imza ve kase: TEST Ayse Yilmaz",
	};
	static const char *const approval_lines[] = {
		"T.C. Gelir Idaresi Baskanligi (TEST)",
		"Konu: Yeni Nesil OKC cihaz onayi", "Sayi: 2026/TEST-001",
		"TEST Yazarkasa Teknoloji A.S. FU S1 modeli onaylanmistir (TEST).",
	};
	char *n5a = np("OKC-Talep-Formu.pdf"), *n5b = np("Yeni-Nesil-OKC-Sozlesmesi.pdf"),
	     *n5c = np("GIB-Onay-Yazisi.pdf");
	att a5[] = {
		{ n5a, "application/pdf", pdf_text("OKC Talep Formu", form_lines, 7) },
		{ n5b, "application/pdf", pdf_text("Sozlesme", contract_lines, 3) },
		{ n5c, "application/pdf", pdf_text("Onay Yazisi", approval_lines, 4) },
		{ n3a, "application/pdf", d_dup(scanned_list) },
		{ n3b, "image/jpeg", d_dup(jpeg) },
	};
	D msg5 = message("İlk başvuru: ÖKC talep formu, sözleşme ve onay yazısı",
			 "initial.1",
			 "İlk ÖKC başvurumuz için talep formu, imzalı sözleşme, GİB onay "
			 "yazısı, başvuru listesi ve imza sirküleri ektedir.\n",
			 a5, 5, "=_okc_b5", 1);
	write_file(out, "mail/initial-application.eml", msg5.p, msg5.n);
	d_free(&msg5);
	manifest_add(m, "mail/initial-application.eml", "-", "-", "-", "-", "NEEDS_REVIEW",
		     "-", "n/a", SG);

	/* RFC 2231 (with continuation) and RFC 2047 names */
	att a6[] = {
		{ " filename*0*=UTF-8''%C3%96KC%20ba%C5%9Fvuru%20;\r\n filename*1*=listesi%20%C4%B0mzal%C4%B1.xlsx.imz",
		  "application/pkcs7-mime", d_dup(imz) },
	};
	D msg6 = headers(FROM, "=?UTF-8?B?w5ZLQyBiYcWfdnVydXN1IOKAkyDDvMOnw7xuY8O8IGRlbmVtZQ==?=",
			 "turkish-names.1", NULL);
	put(&msg6, "Content-Type: multipart/mixed; boundary=\"=_okc_b6\"\r\n\r\n"
		   "--=_okc_b6\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		   "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	put_qp(&msg6, "Başvuru listemiz ekte, e-imzalıdır. Şirketimiz: TEST Yazarkasa "
		      "Teknoloji A.Ş. — Gebze/KOCAELİ. Teşekkürler, iyi çalışmalar dileriz.\n");
	putf(&msg6, "--=_okc_b6\r\nContent-Type: application/pkcs7-mime;\r\n"
		    " name=\"=?UTF-8?Q?=C3=96KC_ba=C5=9Fvuru_listesi_=C4=B0mzal=C4=B1.xlsx.imz?=\"\r\n"
		    "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment;\r\n%s\r\n\r\n",
	     a6[0].fname);
	put_b64(&msg6, a6[0].data);
	put(&msg6, "--=_okc_b6--\r\n");
	write_file(out, "mail/turkish-filenames.eml", msg6.p, msg6.n);
	d_free(&msg6);
	d_free(&a6[0].data);
	manifest_add(m, "mail/turkish-filenames.eml", R, "TOTAL_PASSED", "-", "CAdES-XL",
		     "ACCEPTED", "-", "n/a", SG);

	/* forwarded: message/rfc822 carrying msg1 */
	char *n7 = np("OKC mali sertifika basvurusu.eml");
	att a7[] = { { n7, "message/rfc822", d_dup(msg1) } };
	D msg7 = message("Fwd: OKC mali sertifika başvurusu", "forwarded.1",
			 "Firmadan gelen başvuruyu iletiyorum.\n", a7, 1, "=_okc_b7", 1);
	write_file(out, "mail/forwarded.eml", msg7.p, msg7.n);
	d_free(&msg7);
	manifest_add(m, "mail/forwarded.eml", R, "TOTAL_PASSED", "-", "CAdES-XL",
		     "ACCEPTED", "MAIL_FORWARDED", "n/a", SG);

	/* malformed: the declared boundary never occurs */
	D msg8 = message("OKC başvurusu (bozuk MIME)", "broken-boundary.1",
			 "Paket ektedir.\n", a1, 1, "=_okc_b8", 1);
	const char *hdr = "boundary=\"=_okc_b8\"";
	char *pos = memmem(msg8.p, msg8.n, hdr, strlen(hdr));
	memcpy(pos, "boundary=\"=_okc_XX\"", strlen(hdr));
	write_file(out, "mail/malformed-broken-boundary.eml", msg8.p, msg8.n);
	d_free(&msg8);
	manifest_add(m, "mail/malformed-broken-boundary.eml", "-", "-", "-", "-",
		     "REJECTED", "MAIL_NO_PARTS_FOUND", "n/a", SG);
	D msg9 = message("OKC başvurusu (kapanış sınırı yok)", "no-end-boundary.1",
			 "Paket ektedir.\n", a1, 1, "=_okc_b9", 0);
	write_file(out, "mail/malformed-missing-end-boundary.eml", msg9.p, msg9.n);
	d_free(&msg9);
	manifest_add(m, "mail/malformed-missing-end-boundary.eml", R, "TOTAL_PASSED", "-",
		     "CAdES-XL", "NEEDS_REVIEW", "MAIL_TRUNCATED", "n/a", SG);
	/* a 256 KiB header */
	D big = d_empty();
	put(&big, "X-TEST-Padding: ");
	for (int i = 0; i < 4096; i++)
		put(&big, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	put(&big, "\r\n");
	d_append(&big, d_raw("", 1));
	D msg10 = headers(FROM, "OKC başvurusu (dev başlık)", "huge-header.1",
			  (const char *)big.p);
	d_free(&big);
	put(&msg10, "Content-Type: multipart/mixed; boundary=\"=_okc_b10\"\r\n\r\n"
		    "--=_okc_b10\r\nContent-Type: application/octet-stream; name=\"OKC-Basvuru.eyp\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    "Content-Disposition: attachment; filename=\"OKC-Basvuru.eyp\"\r\n\r\n");
	put_b64(&msg10, eyp);
	put(&msg10, "--=_okc_b10--\r\n");
	write_file(out, "mail/malformed-huge-header.eml", msg10.p, msg10.n);
	d_free(&msg10);
	manifest_add(m, "mail/malformed-huge-header.eml", R, "TOTAL_PASSED", "-", "CAdES-XL",
		     "NEEDS_REVIEW", "MAIL_HEADER_TOO_LARGE", "n/a", SG);

	d_free(&msg1);
	free(n1);
	free(n2);
	free(n3a);
	free(n3b);
	free(n5a);
	free(n5b);
	free(n5c);
	free(n7);
	for (size_t i = 0; i < 5; i++)
		d_free(&a5[i].data);
	for (size_t i = 0; i < 2; i++)
		d_free(&a3[i].data);
	d_free(&a1[0].data);
	d_free(&a2[0].data);
	d_free(&a7[0].data);
	d_free(&eyp);
	d_free(&jpeg);
	d_free(&scanned_list);
	d_free(&imz);
	d_free(&xlsx);
	d_free(&csv);
}
