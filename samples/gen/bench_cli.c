/*
 * Benchmark corpora of issue #9 items 3-5 (bench/cli.sh, bench/crl.sh,
 * bench/mail.sh).  Written at bench time into a temporary directory, never
 * committed; `okc-samplegen all` is not affected.
 *
 *   okc-samplegen bench-cli N OUT [DIR]   OUT/pki/ (the test PKI rebuilt from
 *        the committed keys of DIR/pki/keys, DIR defaults to "samples") and
 *        N distinct CAdES-XL P4 RSA-2048 documents OUT/cli/doc-NNNNN.imz,
 *        each signing its own 25-row application list
 *   okc-samplegen bench-mail BYTES ROWS OUT [DIR]   OUT/pki/ as above and
 *        OUT/mail/bench.eml: an application e-mail of about BYTES carrying
 *        one P4 CAdES-EPES .imz (a signed CSV list of ROWS serial numbers,
 *        no revocation data inside, so the signer's status comes from the
 *        operator's CRL cache) and a cover letter PDF making up the size;
 *        ROWS 0: no letter, the list fills the message.  The Message-ID
 *        holds the token BENCH000000 for the driver to number.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include "cades.h"

/* The keys are the committed ones; the certificates, CRLs and OCSP
 * responses are rebuilt from them under OUT so that the corpus and its
 * anchors always belong together. */
static void pki_from_committed(pki *k, const char *dir, const char *out)
{
	static const char *const keys[] = {
		"root-ec", "root-rsa", "rogue-root", "ca-ec", "ca-rsa", "rogue-ca",
		"rogue-leaf", "nes-rsa", "nes-rsa2", "nes-ec256", "nes-ec384",
		"nonqual", "eseal", "malimuhur", "expired", "notyet", "revoked",
		"revoked-later", "rsa1024", "nonr", "tsa", "ocsp", "wrong-ocsp",
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "pki/keys/%s.key", keys[i]);
		char *src = path_join(dir, rel);
		size_t n = 0;
		unsigned char *p = read_file(src, &n);
		if (!p)
			die("%s missing: the committed test keys are needed", src);
		write_file(out, rel, p, n);
		free(p);
		free(src);
	}
	memset(k, 0, sizeof *k);
	pki_build(k, out);
}

static D sign_list(pki *k, D list, int level)
{
	co o;
	co_init(&o, &k->nes_rsa, list.p, list.n);
	o.policy = OID_P4;
	o.level = level;
	return cades_build(k, &o);
}

static D list_of(size_t rows, unsigned seed)
{
	char **s = make_serials(rows, seed);
	D csv = csv_list((const char *const *)s, rows);
	for (size_t i = 0; i < rows; i++)
		free(s[i]);
	free(s);
	return csv;
}

static int bench_files(long n, const char *out, const char *dir)
{
	pki k;
	pki_from_committed(&k, dir, out);
	for (long i = 0; i < n; i++) {
		D csv = list_of(25, (unsigned)i + 1000);
		D imz = sign_list(&k, csv, LVL_XL);
		char rel[64];
		snprintf(rel, sizeof rel, "cli/doc-%05ld.imz", i);
		write_file(out, rel, imz.p, imz.n);
		d_free(&imz);
		d_free(&csv);
	}
	return 0;
}

static void put(D *d, const char *s)
{
	d_append(d, d_raw(s, strlen(s)));
}

/* A cover letter ("üst yazı") of about `bytes` bytes: a text PDF. */
static D cover_letter(size_t bytes)
{
	static const char line[] =
		"Ekte sunulan OKC mali sertifika basvuru listemizin geregini arz ederiz.";
	const char *title = "TEST Yazarkasa Teknoloji A.S. - Ust yazi (TEST)";
	size_t n = bytes / sizeof line + 1;
	const char **lines = calloc(n, sizeof(*lines));
	if (!lines)
		die("oom");
	for (size_t i = 0; i < n; i++)
		lines[i] = line;
	/* one pass to learn the bytes per line, one at the right count */
	D pdf = pdf_text(title, lines, n);
	size_t fit = (size_t)((double)n * (double)bytes / (double)pdf.n);
	d_free(&pdf);
	pdf = pdf_text(title, lines, fit < n ? fit : n);
	free(lines);
	return pdf;
}

static void put_attachment(D *m, const char *ctype, const char *name, D data)
{
	char h[512];
	snprintf(h, sizeof h, "--=_okc_bench\r\nContent-Type: %s; name=\"%s\"\r\n"
		 "Content-Transfer-Encoding: base64\r\n"
		 "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
		 ctype, name, name);
	put(m, h);
	D b = b64(data.p, data.n);
	for (size_t i = 0; i < b.n; i += 76) {
		d_append(m, d_raw(b.p + i, b.n - i < 76 ? b.n - i : 76));
		put(m, "\r\n");
	}
	d_free(&b);
}

static int bench_mail(long bytes, long rows, const char *out, const char *dir)
{
	pki k;
	pki_from_committed(&k, dir, out);
	/* rows == 0: the list fills the message.  base64 grows the .imz by
	 * 4/3 (plus CRLF every 76 characters); the signature and the
	 * certificates add about 4 KB; a row of the list is ~19 bytes. */
	long want = bytes * 3 / 4 - 4096;
	size_t n = rows > 0 ? (size_t)rows
	                    : want > 19 * 25 ? (size_t)(want / 19) : 25;
	D csv = list_of(n, 4242);
	D imz = sign_list(&k, csv, LVL_BES);
	D m = d_empty();
	put(&m, "Return-Path: <basvuru@yazarkasa-test.example>\r\n"
		"From: =?UTF-8?Q?TEST_Ay=C5=9Fe_Y=C4=B1lmaz?= "
		"<basvuru@yazarkasa-test.example>\r\n"
		"To: TEST OKC Basvuru <okc@kamusm-test.example>\r\n"
		"Subject: =?UTF-8?Q?OKC_ba=C5=9Fvuru_listesi?=\r\n"
		"Date: Mon, 01 Jun 2026 13:10:00 +0300\r\n"
		"Message-ID: <BENCH000000@yazarkasa-test.example>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"=_okc_bench\"\r\n\r\n"
		"--=_okc_bench\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
		"Basvuru listemiz ektedir (e-imzali).\r\n");
	put_attachment(&m, "application/pkcs7-mime", "okc-basvuru-listesi.csv.imz", imz);
	/* the rest of the size: the cover letter, as applications carry */
	long left = bytes - (long)m.n - 200;
	if (rows > 0 && left > 1024) {
		D pdf = cover_letter((size_t)left * 3 / 4 * 76 / 78);
		put_attachment(&m, "application/pdf", "ust-yazi.pdf", pdf);
		d_free(&pdf);
	}
	put(&m, "--=_okc_bench--\r\n");
	write_file(out, "mail/bench.eml", m.p, m.n);
	d_free(&m);
	d_free(&imz);
	d_free(&csv);
	return 0;
}

int bench_cli_main(int argc, char **argv)
{
	int mail = strcmp(argv[1], "bench-mail") == 0;
	char *end = NULL, *end2 = NULL;
	long n = argc >= 4 ? strtol(argv[2], &end, 10) : -1;
	long rows = mail && argc >= 5 ? strtol(argv[3], &end2, 10) : 0;
	if (argc < 4 + mail || argc > 5 + mail || *end || n < 1 ||
	    n > (mail ? 100000000 : 100000) || (mail && (*end2 || rows < 0))) {
		fputs("usage: okc-samplegen bench-cli N OUT [DIR]\n"
		      "       okc-samplegen bench-mail BYTES ROWS OUT [DIR]\n", stderr);
		return 64;
	}
	const char *dir = argc > 4 + mail ? argv[4 + mail] : "samples";
	if (!mail)
		return bench_files(n, argv[3], dir);
	return bench_mail(n, rows, argv[4], dir);
}
