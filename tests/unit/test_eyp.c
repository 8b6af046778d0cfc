/*
 * test_eyp.c - e-Yazışma package verification on the public sample
 * packages (../shared/eyp-samples, skipped when absent) and on packages
 * derived from them: each derived package breaks one rule and must be
 * reported with that rule's code.  Derived packages keep every other
 * digest consistent (fix_digests) so that only the intended rule fires.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "core/report_build.h"
#include "core/verify.h"
#include "eyp/zip.h"
#include "zipwriter.h"

#define AT 1795600800  /* 2026-11-25T10:00:00Z */

static char *sample_path(const char *rel)
{
	const char *dir = getenv("OKC_SHARED_DIR");
	static char buf[1024];
	if (dir == NULL)
		return NULL;
	snprintf(buf, sizeof(buf), "%s/eyp-samples/%s", dir, rel);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static okc_ctx *new_ctx(void)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.validation_time = AT;
	o.offline = 1;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	return ctx;
}

static bool has_code(const okc_report *r, const char *code)
{
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		if (strcmp(okc_report_reason(r, i)->code, code) == 0)
			return true;
	return false;
}

static size_t count_code(const okc_report *r, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		if (strcmp(okc_report_reason(r, i)->code, code) == 0)
			n++;
	return n;
}

/*
 * Verify the file `path` in a child process and return the child's peak
 * resident set (KiB), so that the figure is that of verification alone and
 * not of building the test package.  *clean says whether the report had
 * no error-severity reason of the package (EYP_/ZIP_/OPC_).
 */
static long verify_in_child(const char *path, bool *clean)
{
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		okc_ctx *ctx = new_ctx();
		okc_report *r = NULL;
		int bad = okc_verify_file(&r, ctx, path, NULL) != OKC_OK;
		for (size_t k = 0; !bad && k < okc_report_reason_count(r); k++) {
			const okc_reason *x = okc_report_reason(r, k);
			if (x->severity == OKC_SEV_ERROR &&
			    strncmp(x->code, "CORE_", 5) != 0) {
				fprintf(stderr, "  %s %s\n", x->code, x->detail);
				bad = 1;
			}
		}
		okc_report_free(r);
		okc_ctx_free(ctx);
		_exit(bad);
	}
	int st = 0;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	*clean = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_maxrss;
}

static void write_tmp(char *tmpl, const zw *z)
{
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, z->b, z->n), (ssize_t)z->n);
	close(fd);
}

/* ---- a mutable copy of a package ---- */

typedef struct pkg {
	size_t n;
	char *name[64 + 10050];
	unsigned char *data[64 + 10050];
	size_t len[64 + 10050];
	unsigned char *orig[64];
	size_t orig_len[64];
	size_t n_orig;
} pkg;

static pkg *pkg_load_mem(const unsigned char *buf, size_t len);

static pkg *pkg_load(const char *rel)
{
	char *path = sample_path(rel);
	if (path == NULL)
		return NULL;
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	unsigned char *buf = malloc(1 << 20);
	size_t len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	pkg *p = pkg_load_mem(buf, len);
	free(buf);
	return p;
}

static pkg *pkg_load_mem(const unsigned char *buf, size_t len)
{
	okc_ctx *ctx = new_ctx();
	okc__zip *z = NULL;
	okc__zip_fault f;
	ck_assert_int_eq(okc__zip_open(&z, ctx, buf, len, 0, 0, &f), OKC_OK);
	pkg *p = calloc(1, sizeof(*p));
	for (size_t i = 0; i < z->n; i++) {
		if (z->e[i].is_dir)
			continue;
		p->name[p->n] = strdup(z->e[i].name);
		p->len[p->n] = z->e[i].usize;
		p->data[p->n] = malloc(z->e[i].usize + 1);
		memcpy(p->data[p->n], z->e[i].data, z->e[i].usize);
		p->orig[p->n] = malloc(z->e[i].usize + 1);
		memcpy(p->orig[p->n], z->e[i].data, z->e[i].usize);
		p->orig_len[p->n] = z->e[i].usize;
		p->n++;
	}
	p->n_orig = p->n;
	okc__zip_free(z);
	okc_ctx_free(ctx);
	return p;
}

static void pkg_free(pkg *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->name[i]);
		free(p->data[i]);
	}
	for (size_t i = 0; i < p->n_orig; i++)
		free(p->orig[i]);
	free(p);
}

static ssize_t pkg_find(pkg *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->name[i], name) == 0)
			return (ssize_t)i;
	return -1;
}

static void pkg_set(pkg *p, const char *name, const void *d, size_t n)
{
	ssize_t i = pkg_find(p, name);
	if (i < 0) {
		i = (ssize_t)p->n++;
		p->name[i] = strdup(name);
	} else {
		free(p->data[i]);
	}
	p->data[i] = malloc(n + 1);
	memcpy(p->data[i], d, n);
	p->len[i] = n;
}

static void pkg_remove(pkg *p, const char *name)
{
	ssize_t i = pkg_find(p, name);
	ck_assert(i >= 0);
	free(p->data[i]);
	p->data[i] = NULL;   /* skipped when writing */
}

/* Replace every occurrence of `from` by `to` in part i; count. */
static size_t replace_in(pkg *p, size_t i, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), hits = 0;
	if (p->data[i] == NULL || fl == 0)
		return 0;
	for (size_t k = 0; k + fl <= p->len[i]; k++) {
		if (memcmp(p->data[i] + k, from, fl) != 0)
			continue;
		unsigned char *nd = malloc(p->len[i] - fl + tl + 1);
		memcpy(nd, p->data[i], k);
		memcpy(nd + k, to, tl);
		memcpy(nd + k + tl, p->data[i] + k + fl, p->len[i] - k - fl);
		free(p->data[i]);
		p->data[i] = nd;
		p->len[i] = p->len[i] - fl + tl;
		k += tl - 1 + (tl == 0);
		hits++;
	}
	return hits;
}

static size_t pkg_replace(pkg *p, const char *name, const char *from,
                          const char *to)
{
	ssize_t i = pkg_find(p, name);
	ck_assert(i >= 0);
	return replace_in(p, (size_t)i, from, to);
}

static void b64_digest(const char *md, const unsigned char *d, size_t n,
                       char *out)
{
	unsigned char h[64];
	unsigned int hl = 0;
	EVP_Digest(d, n, h, &hl, EVP_get_digestbyname(md), NULL);
	EVP_EncodeBlock((unsigned char *)out, h, (int)hl);
}

/* Propagate content changes into the digest files that cover them:
 * replace the base64 digests of each part's original bytes by those of
 * its current bytes, until nothing changes (ek → PaketOzeti → NihaiOzet). */
static void fix_digests(pkg *p)
{
	static const char *const mds[] = { "SHA256", "SHA384", "SHA512" };
	for (int round = 0; round < 6; round++) {
		bool any = false;
		for (size_t i = 0; i < p->n_orig; i++) {
			if (p->data[i] == NULL ||
			    (p->len[i] == p->orig_len[i] &&
			     memcmp(p->data[i], p->orig[i], p->len[i]) == 0))
				continue;
			for (size_t m = 0; m < 3; m++) {
				char old[100], cur[100];
				b64_digest(mds[m], p->orig[i], p->orig_len[i], old);
				b64_digest(mds[m], p->data[i], p->len[i], cur);
				for (size_t k = 0; k < p->n; k++)
					if (k != i && strstr(p->name[k], ".xml"))
						replace_in(p, k, old, cur);
			}
			free(p->orig[i]);
			p->orig[i] = malloc(p->len[i] + 1);
			memcpy(p->orig[i], p->data[i], p->len[i]);
			p->orig_len[i] = p->len[i];
			any = true;
		}
		if (!any)
			break;
	}
}

static zw pkg_zip(pkg *p)
{
	zw_file *f = calloc(p->n, sizeof(*f));
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (p->data[i] == NULL)
			continue;
		f[k].name = p->name[i];
		f[k].data = p->data[i];
		f[k].len = p->len[i];
		f[k].deflate = p->len[i] < (4u << 20);
		k++;
	}
	zw z = zw_archive(f, k);
	free(f);
	return z;
}

static okc_report *verify_pkg(pkg *p, const char *name)
{
	zw z = pkg_zip(p);
	okc_ctx *ctx = new_ctx();
	okc_report *r = NULL;
	ck_assert_int_eq(okc_verify_mem(&r, ctx, name, z.b, z.n, NULL), OKC_OK);
	okc_ctx_free(ctx);
	free(z.b);
	return r;
}

/* ---- the public samples ---- */

static okc_report *verify_sample(const char *rel)
{
	char *path = sample_path(rel);
	if (path == NULL)
		return NULL;
	okc_ctx *ctx = new_ctx();
	okc_report *r = NULL;
	ck_assert_int_eq(okc_verify_file(&r, ctx, path, NULL), OKC_OK);
	okc_ctx_free(ctx);
	return r;
}

START_TEST(test_public_eyp_samples)
{
	static const struct {
		const char *file;
		size_t sigs, digested;
	} s[] = {
		{ "devhuseyinkartal/paketv1x.eyp", 2, 8 },
		{ "devhuseyinkartal/paketv2x.eyp", 3, 10 },
		{ "cbddo-soyalp/20250512142310.eyp", 3, 10 },
	};
	for (size_t i = 0; i < 3; i++) {
		okc_report *r = verify_sample(s[i].file);
		if (r == NULL) {
			fprintf(stderr, "SKIP: %s absent\n", s[i].file);
			continue;
		}
		ck_assert_str_eq(okc_report_format(r), "eyp");
		/* structure and digests are clean ... */
		for (size_t k = 0; k < okc_report_reason_count(r); k++) {
			const okc_reason *x = okc_report_reason(r, k);
			ck_assert_msg(x->severity != OKC_SEV_ERROR, "%s: %s %s",
			              s[i].file, x->code, x->detail);
		}
		json_t *pj = okc__report_get_section(r, "package");
		ck_assert_ptr_nonnull(pj);
		json_t *parts = json_object_get(pj, "parts");
		size_t ok = 0, idx;
		json_t *v;
		json_array_foreach(parts, idx, v) {
			json_t *d = json_object_get(v, "digest_ok");
			ck_assert(!json_is_false(d));
			if (json_is_true(d))
				ok++;
			ck_assert_uint_eq(strlen(json_string_value(
				json_object_get(v, "sha256"))), 64);
		}
		ck_assert_msg(ok >= s[i].digested, "%s: %zu digested parts",
		              s[i].file, ok);
		/* ... and the placeholder signatures never pass */
		ck_assert_uint_eq(okc_report_signature_count(r), s[i].sigs);
		for (size_t k = 0; k < okc_report_signature_count(r); k++)
			ck_assert_int_ne(okc_signature_indication(
				okc_report_signature(r, k)), OKC_TOTAL_PASSED);
		ck_assert_int_ne(okc_report_indication(r), OKC_TOTAL_PASSED);
		ck_assert_str_eq(okc_signature_role(okc_report_signature(r, 0)),
		                 "signature");
		okc_report_free(r);
	}
}
END_TEST

START_TEST(test_public_eyps_eypg)
{
	okc_report *r = verify_sample("cbddo-soyalp/20250512142310.eyps");
	if (r == NULL)
		return;
	ck_assert(has_code(r, "EYP_ENCRYPTED"));
	ck_assert(has_code(r, "EYP_ENCRYPTED_CONTENT_PLAIN"));
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_str_eq(json_string_value(json_object_get(
		okc__report_get_section(r, "package"), "kind")), "eyps");
	okc_report_free(r);
	r = verify_sample("devhuseyinkartal/sifrelipaketv2xicerikbos.eyps");
	ck_assert(has_code(r, "EYP_COMPONENT_MISSING"));
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	okc_report_free(r);
	r = verify_sample("cbddo-soyalp/20250512142310.eypg");
	ck_assert(has_code(r, "EYP_UPDATE_PACKAGE"));
	ck_assert(!has_code(r, "EYP_DIGEST_MISMATCH"));
	/* the update seal, then the original package's signature, paraf
	 * and seal */
	ck_assert_uint_eq(okc_report_signature_count(r), 4);
	ck_assert_str_eq(okc_signature_role(okc_report_signature(r, 0)), "seal");
	ck_assert_str_eq(okc_signature_role(okc_report_signature(r, 1)),
	                 "signature");
	ck_assert(!has_code(r, "ZIP_NESTING_TOO_DEEP"));
	ck_assert_int_ne(okc_report_indication(r), OKC_TOTAL_PASSED);
	okc_report_free(r);
}
END_TEST

START_TEST(test_package_api_and_extract)
{
	char *path = sample_path("cbddo-soyalp/20250512142310.eyp");
	if (path == NULL)
		return;
	okc_ctx *ctx = new_ctx();
	okc_package *p = NULL;
	ck_assert_int_eq(okc_package_open_file(&p, ctx, path), OKC_OK);
	ck_assert_str_eq(okc_package_kind(p), "eyp");
	ck_assert_str_eq(okc_package_version(p), "2.0");
	ck_assert_str_eq(okc_package_belge_id(p),
	                 "4F9E2E9B-F4E6-4428-8F99-2E0A0D1D42D9");
	ck_assert_uint_eq(okc_package_attachment_count(p), 4);
	const okc_package_part *a = okc_package_find(p, "/ekler/DOSYA1.pdf");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->role, OKC_PART_ATTACHMENT);
	ck_assert_str_eq(a->declared_type, "application/pdf");
	const unsigned char *d;
	size_t n;
	ck_assert_int_eq(okc_package_read(p, a, &d, &n), OKC_OK);
	ck_assert_uint_eq(n, 7945);
	ck_assert_mem_eq(d, "%PDF", 4);
	const okc_package_part *u = okc_package_find(p,
		"/ImzasizEkler/dosya_imzasiz.docm");
	ck_assert_int_eq(u->role, OKC_PART_UNSIGNED_ATTACHMENT);
	ck_assert_int_eq(u->is_signed, 0);
	okc_package_free(p);
	okc_package_free(NULL);

	/* the extractor hands the intake step the same documents */
	okc_classification cls;
	unsigned char *buf = NULL;
	size_t len = 0;
	FILE *fp = fopen(path, "rb");
	buf = malloc(200000);
	len = fread(buf, 1, 200000, fp);
	fclose(fp);
	ck_assert_int_eq(okc_classify_mem(&cls, ctx, path, buf, len), OKC_OK);
	ck_assert_int_eq(cls.kind, OKC_KIND_EYP);
	okc__inner_docs docs = { 0 };
	ck_assert_int_eq(okc__extract_inner(ctx, &cls, buf, len, &docs), OKC_OK);
	ck_assert_uint_eq(docs.n, 4);
	size_t unsigned_n = 0;
	for (size_t i = 0; i < docs.n; i++)
		if (!docs.v[i].signed_part) {
			unsigned_n++;
			ck_assert_str_eq(docs.v[i].name, "dosya_imzasiz.docm");
		}
	ck_assert_uint_eq(unsigned_n, 1);
	okc__inner_docs_clear(&docs);
	/* a refused container is an error for the package API */
	buf[len - 22 + 4] = 1;   /* multi-disk */
	ck_assert_int_eq(okc_package_open_mem(&p, ctx, buf, len), OKC_EFORMAT);
	ck_assert(strstr(okc_ctx_errmsg(ctx), "ZIP_MULTI_DISK") != NULL);
	free(buf);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- derived negative packages ---- */

#define V2 "devhuseyinkartal/paketv2x.eyp"
#define V1 "devhuseyinkartal/paketv1x.eyp"

START_TEST(test_digest_mismatch)
{
	pkg *p = pkg_load(V2);
	if (p == NULL)
		return;
	ssize_t i = pkg_find(p, "Ekler/ek1.pdf");
	p->data[i][100] ^= 0x20;
	okc_report *r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_MISMATCH"));
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_HASH_FAILURE);
	okc_report_free(r);

	/* An attachment too large to be kept: its digests come from the
	 * streaming pass, in memory and from a file descriptor alike. */
	size_t n = 3u << 20;
	unsigned char *big = malloc(n);
	ck_assert_ptr_nonnull(big);
	for (size_t k = 0; k < n; k++)
		big[k] = (unsigned char)((k * 2654435761u) >> 13);
	free(p->data[i]);
	p->data[i] = big;
	p->len[i] = n;
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(!has_code(r, "EYP_DIGEST_MISMATCH"));
	okc_report_free(r);
	big[n - 7] ^= 0x01;   /* after the digests were written */
	zw z = pkg_zip(p);
	char tmpl[] = "/tmp/okc-eyp-mismatch.XXXXXX";
	write_tmp(tmpl, &z);
	okc_ctx *ctx = new_ctx();
	for (int via_file = 0; via_file < 2; via_file++) {
		r = NULL;
		ck_assert_int_eq(via_file
		                 ? okc_verify_file(&r, ctx, tmpl, NULL)
		                 : okc_verify_mem(&r, ctx, "a.eyp", z.b, z.n, NULL),
		                 OKC_OK);
		ck_assert(has_code(r, "EYP_DIGEST_MISMATCH"));
		ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
		ck_assert_int_eq(okc_report_subindication(r),
		                 OKC_SUB_HASH_FAILURE);
		okc_report_free(r);
	}
	unlink(tmpl);
	okc_ctx_free(ctx);
	free(z.b);
	pkg_free(p);
}
END_TEST

START_TEST(test_consistent_rewrite_passes_structure)
{
	/* the rewriting helper itself: a changed attachment with all
	 * digests fixed up is structurally clean (no false positive) */
	pkg *p = pkg_load(V2);
	if (p == NULL)
		return;
	ssize_t i = pkg_find(p, "Ekler/ek1.pdf");
	p->data[i][100] ^= 0x20;
	fix_digests(p);
	okc_report *r = verify_pkg(p, "a.eyp");
	for (size_t k = 0; k < okc_report_reason_count(r); k++)
		ck_assert_msg(okc_report_reason(r, k)->severity != OKC_SEV_ERROR,
		              "%s", okc_report_reason(r, k)->code);
	okc_report_free(r);
	pkg_free(p);
}
END_TEST

START_TEST(test_structural_rules)
{
	pkg *p = pkg_load(V2);
	if (p == NULL)
		return;
	okc_report *r;

	/* unsigned content riding along */
	pkg_set(p, "Extra/gizli.xml", "<x/>", 4);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_UNREFERENCED_PART"));
	okc_report_free(r);
	pkg_free(p);

	/* core version disagrees with the Üstveri namespace */
	p = pkg_load(V2);
	ck_assert_uint_eq(pkg_replace(p, "package/services/metadata/core-properties/1ab86e621b584e9f811c3cb336120e1c.psmdcp",
	                              "<version>2.0</version>",
	                              "<version>1.3</version>"), 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_VERSION_MISMATCH"));
	ck_assert(!has_code(r, "EYP_DIGEST_MISMATCH"));
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	okc_report_free(r);
	pkg_free(p);

	/* core subject differs from Konu */
	p = pkg_load(V2);
	ck_assert_uint_eq(pkg_replace(p, "package/services/metadata/core-properties/1ab86e621b584e9f811c3cb336120e1c.psmdcp",
	                              "<dc:subject>", "<dc:subject>X"), 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_CORE_MISMATCH"));
	okc_report_free(r);
	pkg_free(p);

	/* mandatory NihaiUstveri missing */
	p = pkg_load(V2);
	pkg_remove(p, "NihaiUstveri/NihaiUstveri.xml");
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_COMPONENT_MISSING"));
	ck_assert(has_code(r, "OPC_REL_TARGET_MISSING"));
	okc_report_free(r);
	pkg_free(p);

	/* v2 reference with a single DigestItem */
	p = pkg_load(V2);
	ssize_t i = pkg_find(p, "PaketOzeti/PaketOzeti.xml");
	char *s = strndup((char *)p->data[i], p->len[i]);
	char *a = strstr(s, "<DigestItem>");
	char *b = strstr(a, "</DigestItem>") + strlen("</DigestItem>");
	memmove(a, b, strlen(b) + 1);
	pkg_set(p, "PaketOzeti/PaketOzeti.xml", s, strlen(s));
	free(s);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_ITEMS"));
	okc_report_free(r);
	pkg_free(p);

	/* XML bomb as Üstveri, digests consistent: never expanded */
	p = pkg_load(V2);
	static const char bomb[] = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY "
		"a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>";
	pkg_set(p, "Ustveri/Ustveri.xml", bomb, sizeof(bomb) - 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "OPC_XML_DTD"));
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	okc_report_free(r);
	pkg_free(p);

	/* case-insensitive duplicate entry names */
	p = pkg_load(V2);
	pkg_set(p, "ekler/EK1.PDF", "x", 1);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "ZIP_NAME_DUPLICATE_CI"));
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
	okc_report_free(r);
	pkg_free(p);

	/* a wrong BelgeId in the digest file */
	p = pkg_load(V2);
	ck_assert_uint_eq(pkg_replace(p, "ParafOzeti/ParafOzeti.xml",
	                              "Id=\"", "Id=\"0"), 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_ID_MISMATCH"));
	okc_report_free(r);
	pkg_free(p);
}
END_TEST

START_TEST(test_v1_rules)
{
	pkg *p = pkg_load(V1);
	if (p == NULL)
		return;
	/* SHA-384 is not a version 1 algorithm */
	ssize_t i = pkg_find(p, "PaketOzeti/PaketOzeti.xml");
	ck_assert(i >= 0);
	ck_assert_uint_ge(replace_in(p, (size_t)i,
	                             "http://www.w3.org/2001/04/xmlenc#sha256",
	                             "http://www.w3.org/2001/04/xmldsig-more#sha384"), 1);
	fix_digests(p);
	okc_report *r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_ALG_FORBIDDEN"));
	okc_report_free(r);
	pkg_free(p);

	/* a reference to an unsigned attachment, and an uncovered Ek */
	p = pkg_load(V1);
	ck_assert_uint_ge(pkg_replace(p, "PaketOzeti/PaketOzeti.xml",
	                              "URI=\"/Ekler/ek1.pdf\"",
	                              "URI=\"/ImzasizEkler/ek1.pdf\""), 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_UNSIGNED_REFERENCED"));
	ck_assert(has_code(r, "EYP_DIGEST_REFERENCE_MISSING"));
	okc_report_free(r);
	pkg_free(p);

	/* a referenced part that is not there */
	p = pkg_load(V1);
	ck_assert_uint_ge(pkg_replace(p, "PaketOzeti/PaketOzeti.xml",
	                              "URI=\"/UstYazi/ustyazi.pdf\"",
	                              "URI=\"/UstYazi/yok.pdf\""), 1);
	fix_digests(p);
	r = verify_pkg(p, "a.eyp");
	ck_assert(has_code(r, "EYP_DIGEST_PART_MISSING"));
	okc_report_free(r);
	pkg_free(p);
}
END_TEST

START_TEST(test_update_package_original)
{
	/* .eypg: a changed attachment inside the original package is found
	 * even though the update's own NihaiOzet is consistent */
	pkg *g = pkg_load("cbddo-soyalp/20250512142310.eypg");
	if (g == NULL)
		return;
	ssize_t oi = pkg_find(g, "OrijinalPaket/OrijinalPaket.eyp");
	ck_assert(oi >= 0);
	pkg *in = pkg_load_mem(g->data[oi], g->len[oi]);
	ssize_t ek = pkg_find(in, "Ekler/dosya1.pdf");
	ck_assert(ek >= 0);
	in->data[ek][200] ^= 0x01;
	zw iz = pkg_zip(in);
	pkg_free(in);
	pkg_set(g, "OrijinalPaket/OrijinalPaket.eyp", iz.b, iz.n);
	free(iz.b);
	fix_digests(g);
	okc_report *r = verify_pkg(g, "u.eypg");
	ck_assert(has_code(r, "EYP_DIGEST_MISMATCH"));
	bool prefixed = false;
	for (size_t k = 0; k < okc_report_reason_count(r); k++)
		if (strncmp(okc_report_reason(r, k)->detail, "OrijinalPaket: ",
		            15) == 0)
			prefixed = true;
	ck_assert(prefixed);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_HASH_FAILURE);
	okc_report_free(r);
	pkg_free(g);
}
END_TEST

/* ---- large packages: within limits, memory bounded ---- */

START_TEST(test_large_package)
{
	pkg *p = pkg_load(V2);
	if (p == NULL)
		return;
	size_t n = 100u << 20;
	unsigned char *big = malloc(n);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i += 4) {
		x = x * 1664525u + 1013904223u;
		memcpy(big + i, &x, 4);
	}
	ssize_t i = pkg_find(p, "Ekler/ek1.pdf");
	free(p->data[i]);
	p->data[i] = big;
	p->len[i] = n;
	fix_digests(p);
	zw z = pkg_zip(p);
	pkg_free(p);
	char tmpl[] = "/tmp/okc-eyp-big.XXXXXX";
	write_tmp(tmpl, &z);
	size_t zlen = z.n;
	free(z.b);
	bool clean = false;
	long rss = verify_in_child(tmpl, &clean);
	fprintf(stderr, "100 MiB package (%zu bytes): verification peak RSS "
	        "%ld KiB\n", zlen, rss);
	ck_assert(clean);
	okc_ctx *ctx = NULL;
	okc_report *r = NULL;

	/* and the same package against a 64 MiB entry limit */
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	o.limits.max_entry_size = 64u << 20;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_verify_file(&r, ctx, tmpl, NULL), OKC_OK);
	ck_assert(has_code(r, "ZIP_ENTRY_TOO_LARGE"));
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	okc_report_free(r);
	unlink(tmpl);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_many_entries)
{
	pkg *p = pkg_load(V2);
	if (p == NULL)
		return;
	char name[64];
	for (int k = 0; k < 10000; k++) {
		snprintf(name, sizeof(name), "Extra/f%05d.xml", k);
		pkg_set(p, name, "<x/>", 4);
	}
	zw z0 = pkg_zip(p);
	char tmpl[] = "/tmp/okc-eyp-many.XXXXXX";
	write_tmp(tmpl, &z0);
	free(z0.b);
	bool clean = false;
	long rss = verify_in_child(tmpl, &clean);
	unlink(tmpl);
	fprintf(stderr, "10,000-entry package: verification peak RSS %ld KiB\n",
	        rss);
	ck_assert(clean);
	okc_report *r = verify_pkg(p, "many.eyp");
	ck_assert_uint_eq(count_code(r, "EYP_UNREFERENCED_PART"), 10000);
	okc_report_free(r);

	/* the entry limit refuses it, with its own code */
	zw z = pkg_zip(p);
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_entries = 5000;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "many.eyp", z.b, z.n, NULL),
	                 OKC_OK);
	ck_assert(has_code(r, "ZIP_TOO_MANY_ENTRIES"));
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	okc_report_free(r);
	okc_ctx_free(ctx);
	free(z.b);
	pkg_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("eyp");
	TCase *t = tcase_create("eyp");
	tcase_set_timeout(t, 600);
	tcase_add_test(t, test_public_eyp_samples);
	tcase_add_test(t, test_public_eyps_eypg);
	tcase_add_test(t, test_package_api_and_extract);
	tcase_add_test(t, test_digest_mismatch);
	tcase_add_test(t, test_consistent_rewrite_passes_structure);
	tcase_add_test(t, test_structural_rules);
	tcase_add_test(t, test_v1_rules);
	tcase_add_test(t, test_update_package_original);
	tcase_add_test(t, test_large_package);
	tcase_add_test(t, test_many_entries);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	if (getenv("OKC_SHARED_DIR") == NULL ||
	    sample_path("devhuseyinkartal/paketv2x.eyp") == NULL)
		fprintf(stderr, "SKIP: the shared e-Yazışma samples are absent; "
		        "only structural tests without them run\n");
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
