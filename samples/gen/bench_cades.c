/*
 * okc-samplegen bench-cades SAMPLES OUT [BYTES [ROWS]]
 *
 * The corpus of bench/cades.sh (issue #9, items 1 and 7), written to OUT
 * at bench time and never committed:
 *   OUT/xl-p4-rsa.imz          CAdES P4 X-L, RSA-2048 / SHA-256, attached
 *   OUT/xl-p4-ecdsa-p384.imz   CAdES P4 X-L, EC P-384 / SHA-384, attached
 *                              (both over BYTES of content, default 100 KB)
 *   OUT/list.xlsx              an application list of ROWS serials
 *                              (default 5,000), like samples/lists
 * The signatures are made exactly as cades/xl-p4-*.imz are (same options,
 * same test PKI, same clock), only over more content.  The PKI is rebuilt
 * in OUT from the committed keys of SAMPLES/pki/keys, which makes the
 * certificates byte-identical to SAMPLES/pki (RSA and our ECDSA are
 * deterministic), so the committed anchors verify them.  Nothing under
 * SAMPLES is written.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cades.h"

/* Copy SAMPLES/pki/keys/ *.key to OUT/pki/keys/ so that pki_build() reuses
 * them instead of making new keys. */
static void copy_keys(const char *samples, const char *out)
{
	char *dir = path_join(samples, "pki/keys");
	DIR *d = opendir(dir);
	if (!d)
		die("%s: cannot open (the committed test keys)", dir);
	struct dirent *e;
	size_t n = 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".key") != 0)
			continue;
		char *src = path_join(dir, e->d_name);
		size_t len = 0;
		unsigned char *p = read_file(src, &len);
		if (!p)
			die("cannot read %s", src);
		char rel[300];
		snprintf(rel, sizeof rel, "pki/keys/%s", e->d_name);
		write_file(out, rel, p, len);
		free(p);
		free(src);
		n++;
	}
	closedir(d);
	free(dir);
	if (n == 0)
		die("no keys under %s/pki/keys", samples);
}

/* Readable, deterministic content of exactly n bytes (a letter of
 * application with numbered lines, as a user would sign). */
static unsigned char *content_of(size_t n)
{
	static const char line[] =
		"Sayın Yetkili, ÖKC sertifika başvurumuza ilişkin belgeler "
		"ektedir; bilgilerinize arz ederiz.";
	unsigned char *c = malloc(n ? n : 1);
	if (!c)
		die("oom");
	size_t off = 0;
	for (unsigned long i = 1; off < n; i++) {
		char buf[160];
		int k = snprintf(buf, sizeof buf, "%06lu %s\n", i, line);
		size_t take = (size_t)k < n - off ? (size_t)k : n - off;
		memcpy(c + off, buf, take);
		off += take;
	}
	return c;
}

static size_t size_arg(const char *s, size_t max)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v == 0 || v > max)
		die("bench-cades: bad size %s", s);
	return (size_t)v;
}

int bench_cades_main(int argc, char **argv)
{
	if (argc < 4 || argc > 6)
		die("usage: okc-samplegen bench-cades SAMPLES OUT [BYTES [ROWS]]");
	const char *samples = argv[2], *out = argv[3];
	size_t bytes = argc > 4 ? size_arg(argv[4], 64u << 20) : 100u << 10;
	size_t rows = argc > 5 ? size_arg(argv[5], 1000000) : 5000;
	pki k;
	memset(&k, 0, sizeof k);
	copy_keys(samples, out);
	pki_build(&k, out);
	unsigned char *c = content_of(bytes);
	co o;
	/* as cades/xl-p4-rsa.imz (cades.c) */
	co_init(&o, &k.nes_rsa, c, bytes);
	o.policy = OID_P4;
	o.level = LVL_XL;
	D d = cades_build(&k, &o);
	write_file(out, "xl-p4-rsa.imz", d.p, d.n);
	d_free(&d);
	/* as cades/xl-p4-ecdsa-p384.imz */
	co_init(&o, &k.nes_ec384, c, bytes);
	o.md = EVP_sha384();
	o.policy = OID_P4;
	o.level = LVL_XL;
	d = cades_build(&k, &o);
	write_file(out, "xl-p4-ecdsa-p384.imz", d.p, d.n);
	d_free(&d);
	free(c);
	char **serials = make_serials(rows, 5000);
	d = xlsx_list((const char *const *)serials, rows);
	write_file(out, "list.xlsx", d.p, d.n);
	d_free(&d);
	for (size_t i = 0; i < rows; i++)
		free(serials[i]);
	free(serials);
	return 0;
}
