/*
 * bench-cades - issue #9, items 1 and 7 (run by bench/cades.sh).
 *
 *   bench-cades verify [-t S] [-r R] LABEL FILE AT ANCHOR...
 *       okc's full validation of FILE (okc_verify_mem: CMS, attributes,
 *       policy, path, time-stamp, embedded revocation values, report)
 *       versus a bare OpenSSL CMS_verify with an X509_STORE chain check on
 *       the same bytes: same anchors, the same validation time AT
 *       (X509_V_FLAG_USE_CHECK_TIME), CMS_BINARY, purpose any.
 *   bench-cades list [-t S] [-r R] FILE ROWS
 *       the intake list reader (okc__read_xlsx + okc__list_from_book) over
 *       an XLSX list of ROWS serials, versus the floor of any streamed
 *       reader: libzip inflating the sheet and libxml2's reader visiting
 *       every node.
 *
 * Each side runs R rounds (default 5) of at least S seconds (default 1) of
 * CPU time, alternating, so both see the same machine; a figure is the
 * median of its rounds and a ratio the median of the paired rounds.  CPU
 * time of the process (not wall time) keeps a shared machine's scheduling
 * out of the figures.  Every operation's result is checked (TOTAL_PASSED
 * and CAdES-XL; CMS_verify == 1; ROWS serials read): a bench of a failing
 * verification is worthless, so a wrong result prints an ERROR row.
 *
 * Output: result rows on stdout, one per figure, tab-separated
 * ("ROW item figure value target verdict detail", the contract shared by
 * the bench/ parts and bench/run.sh), logs on stderr.  Exit 0 when the
 * rows say PASS or MISS, 1 after an ERROR row.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlreader.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <zip.h>

#include <okc/okc.h>

#include "intake/intake_int.h"

#define MAX_ROUNDS 15

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (p = malloc((size_t)n)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench-cades: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* One side of a comparison: returns 0 when the operation gave the expected
 * result, else writes why into `why`. */
typedef int (*op_fn)(void *arg, char *why, size_t whylen);

/* Seconds of CPU per operation over at least min_s seconds; 0 on a wrong
 * result. */
static double per_op(op_fn fn, void *arg, double min_s, long *iters,
                     char *why, size_t whylen)
{
	long n = 0;
	double t0 = cpu_now(), t;
	do {
		if (fn(arg, why, whylen) != 0)
			return 0;
		n++;
	} while ((t = cpu_now() - t0) < min_s);
	*iters += n;
	return t / (double)n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

typedef struct result {
	double a, b, ratio;   /* medians: a and b per op (s), a/b paired */
	long a_iters, b_iters;
	char why[512];
} result;

/* Alternate a and b for `rounds` rounds (b first on odd rounds). */
static int compare(op_fn a, void *aa, op_fn b, void *ba, double min_s,
                   int rounds, result *res)
{
	double ta[MAX_ROUNDS], tb[MAX_ROUNDS], tr[MAX_ROUNDS];
	memset(res, 0, sizeof(*res));
	/* Untimed warm-up: first-use costs (the context's trust store,
	 * OpenSSL's algorithm fetches, libmagic's database) are paid once per
	 * process, not per document. */
	if (a(aa, res->why, sizeof(res->why)) != 0 ||
	    b(ba, res->why, sizeof(res->why)) != 0)
		return -1;
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < 2; k++) {
			bool do_a = (k == 0) == (r % 2 == 0);
			double *slot = do_a ? &ta[r] : &tb[r];
			*slot = do_a ? per_op(a, aa, min_s, &res->a_iters,
			                      res->why, sizeof(res->why))
			             : per_op(b, ba, min_s, &res->b_iters,
			                      res->why, sizeof(res->why));
			if (*slot <= 0)
				return -1;
		}
		tr[r] = ta[r] / tb[r];
		fprintf(stderr, "  round %d: %.3f ms/op vs %.3f ms/op = %.2fx\n",
		        r + 1, ta[r] * 1e3, tb[r] * 1e3, tr[r]);
	}
	res->a = median(ta, rounds);
	res->b = median(tb, rounds);
	res->ratio = median(tr, rounds);
	return 0;
}

/* ---- item 1: okc_verify_mem versus CMS_verify ---- */

typedef struct vctx {
	const unsigned char *data;
	size_t len;
	const char *name;
	okc_ctx *okc;
	X509_STORE *store;
} vctx;

static int op_okc(void *arg, char *why, size_t whylen)
{
	vctx *v = arg;
	okc_report *r = NULL;
	int rc = okc_verify_mem(&r, v->okc, v->name, v->data, v->len, NULL);
	if (rc != OKC_OK) {
		snprintf(why, whylen, "okc_verify_mem: %s",
		         okc_ctx_errmsg(v->okc));
		return -1;
	}
	const okc_signature *s = okc_report_signature_count(r) == 1
	                         ? okc_report_signature(r, 0) : NULL;
	const char *level = s ? okc_signature_level(s) : NULL;
	int ok = okc_report_indication(r) == OKC_TOTAL_PASSED && level &&
	         strcmp(level, "CAdES-XL") == 0;
	if (!ok) {
		size_t n = (size_t)snprintf(why, whylen, "okc: %s %s, level %s:",
			okc_indication_name(okc_report_indication(r)),
			okc_subindication_name(okc_report_subindication(r)),
			level ? level : "-");
		for (size_t i = 0; s && i < okc_signature_reason_count(s) &&
		                   n < whylen; i++)
			n += (size_t)snprintf(why + n, whylen - n, " %s",
			                      okc_signature_reason(s, i)->code);
	}
	okc_report_free(r);
	return ok ? 0 : -1;
}

static int op_bare(void *arg, char *why, size_t whylen)
{
	vctx *v = arg;
	const unsigned char *p = v->data;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)v->len);
	int ok = cms != NULL &&
	         CMS_verify(cms, NULL, v->store, NULL, NULL, CMS_BINARY) == 1;
	if (!ok) {
		unsigned long e = ERR_get_error();
		snprintf(why, whylen, "CMS_verify: %s",
		         e ? ERR_reason_error_string(e) : "unreadable CMS");
	}
	ERR_clear_error();
	CMS_ContentInfo_free(cms);
	return ok ? 0 : -1;
}

static int load_anchor(X509_STORE *st, const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x;
	int n = 0;
	if (f == NULL)
		return 0;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		n += X509_STORE_add_cert(st, x) == 1;
		X509_free(x);
	}
	ERR_clear_error();
	fclose(f);
	return n;
}

static void row(const char *item, const char *figure, const char *value,
                const char *target, const char *verdict, const char *detail)
{
	printf("ROW\t%s\t%s\t%s\t%s\t%s\t%s\n", item, figure, value, target,
	       verdict, detail);
	fflush(stdout);
}

static int cmd_verify(double min_s, int rounds, int argc, char **argv)
{
	if (argc < 4)
		return 64;
	const char *label = argv[0], *file = argv[1], *at = argv[2];
	char figure[256], value[32], detail[1024];
	vctx v = { 0 };
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_time t = 0;
	int rc = 1;
	snprintf(figure, sizeof(figure), "%s: okc / bare CMS_verify", label);
	if (okc_time_parse(&t, at) != OKC_OK) {
		fprintf(stderr, "bench-cades: bad time %s\n", at);
		return 64;
	}
	v.data = slurp(file, &v.len);
	v.name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	o.validation_time = t;
	o.offline = 1;
	o.no_default_trust = 1;
	v.store = X509_STORE_new();
	if (okc_ctx_new(&v.okc, &o) != OKC_OK || v.store == NULL) {
		fprintf(stderr, "bench-cades: out of memory\n");
		goto out;
	}
	for (int i = 3; i < argc; i++)
		if (okc_ctx_add_anchor(v.okc, argv[i]) != OKC_OK ||
		    load_anchor(v.store, argv[i]) == 0) {
			fprintf(stderr, "bench-cades: anchor %s unusable\n",
			        argv[i]);
			goto out;
		}
	/* What `openssl cms -verify -binary -attime AT -purpose any` sets
	 * (samples/MANIFEST's OPENSSL column). */
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(v.store), (time_t)t);
	X509_STORE_set_purpose(v.store, X509_PURPOSE_ANY);

	result res;
	fprintf(stderr, "%s (%zu bytes): okc vs bare CMS_verify\n", label,
	        v.len);
	if (compare(op_okc, &v, op_bare, &v, min_s, rounds, &res) < 0) {
		row("1", figure, "-", "<= 2x", "ERROR", res.why);
		goto out;
	}
	snprintf(value, sizeof(value), "%.2fx", res.ratio);
	snprintf(detail, sizeof(detail), "okc %.3f ms/op, bare %.3f ms/op "
	         "(CPU; medians of %d rounds >= %g s; %ld + %ld ops, "
	         "TOTAL_PASSED CAdES-XL checked on each)",
	         res.a * 1e3, res.b * 1e3, rounds, min_s, res.a_iters,
	         res.b_iters);
	row("1", figure, value, "<= 2x", res.ratio <= 2.0 ? "PASS" : "MISS",
	    detail);
	rc = 0;
out:
	okc_ctx_free(v.okc);
	X509_STORE_free(v.store);
	free((void *)v.data);
	return rc;
}

/* ---- item 7: the list reader ---- */

typedef struct lctx {
	const unsigned char *data;
	size_t len;
	size_t rows;
	okc_ctx *okc;
} lctx;

static int op_list(void *arg, char *why, size_t whylen)
{
	lctx *l = arg;
	okc__book book = { 0 };
	okc__list list = { 0 };
	int rc = okc__read_xlsx(l->okc, l->data, l->len, &book);
	if (rc == OKC_OK)
		rc = okc__list_from_book(&book, "list.xlsx", &list);
	int ok = rc == OKC_OK && list.n == l->rows && list.by_header;
	if (!ok)
		snprintf(why, whylen, "list reader: rc %d (%s), %zu of %zu rows",
		         rc, okc_ctx_errmsg(l->okc), list.n, l->rows);
	okc__list_clear(&list);
	okc__book_clear(&book);
	return ok ? 0 : -1;
}

/* The floor: inflate the worksheet and visit every XML node. */
static int op_floor(void *arg, char *why, size_t whylen)
{
	lctx *l = arg;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(l->data, l->len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	zip_error_fini(&ze);
	zip_stat_t st;
	zip_file_t *zf = NULL;
	char *x = NULL;
	size_t rows = 0;
	int ok = 0;
	if (za == NULL) {
		zip_source_free(src);
		goto out;
	}
	if (zip_stat(za, "xl/worksheets/sheet1.xml", 0, &st) != 0 ||
	    (x = malloc(st.size + 1)) == NULL ||
	    (zf = zip_fopen(za, "xl/worksheets/sheet1.xml", 0)) == NULL ||
	    zip_fread(zf, x, st.size) != (zip_int64_t)st.size)
		goto out;
	xmlTextReaderPtr r = xmlReaderForMemory(x, (int)st.size, NULL, NULL,
	                                        XML_PARSE_NONET);
	while (r != NULL && xmlTextReaderRead(r) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(r), "row") == 0)
			rows++;
	xmlFreeTextReader(r);
	ok = rows == l->rows + 1; /* + the header row */
out:
	if (!ok)
		snprintf(why, whylen, "floor: %zu rows", rows);
	if (zf)
		zip_fclose(zf);
	free(x);
	if (za)
		zip_discard(za);
	return ok ? 0 : -1;
}

static void thousands(char *out, size_t n, double v)
{
	char raw[32];
	snprintf(raw, sizeof(raw), "%.0f", v);
	size_t len = strlen(raw), o = 0;
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = raw[i];
	}
	out[o] = '\0';
}

static int cmd_list(double min_s, int rounds, int argc, char **argv)
{
	if (argc != 2)
		return 64;
	lctx l = { 0 };
	char *end;
	l.rows = strtoul(argv[1], &end, 10);
	if (*end || l.rows == 0)
		return 64;
	l.data = slurp(argv[0], &l.len);
	int rc = 1;
	char figure[128], value[64], detail[512], num[32];
	if (okc_ctx_new(&l.okc, NULL) != OKC_OK) {
		fprintf(stderr, "bench-cades: out of memory\n");
		goto out;
	}
	result res;
	fprintf(stderr, "%zu-row XLSX list (%zu bytes): okc list reader vs "
	        "inflate + XML walk\n", l.rows, l.len);
	snprintf(figure, sizeof(figure), "%zu-row XLSX list: rows per second",
	         l.rows);
	if (compare(op_list, &l, op_floor, &l, min_s, rounds, &res) < 0) {
		row("7", figure, "-", "-", "ERROR", res.why);
		goto out;
	}
	thousands(num, sizeof(num), (double)l.rows / res.a);
	snprintf(value, sizeof(value), "%s rows/s", num);
	snprintf(detail, sizeof(detail), "%.2f ms per %zu-row list (CPU; "
	         "median of %d rounds >= %g s, %ld lists; every serial "
	         "read checked)", res.a * 1e3, l.rows, rounds, min_s,
	         res.a_iters);
	row("7", figure, value, "-", "INFO", detail);
	snprintf(figure, sizeof(figure), "%zu-row XLSX list: okc list reader "
	         "/ bare inflate + XML walk", l.rows);
	snprintf(value, sizeof(value), "%.2fx", res.ratio);
	snprintf(detail, sizeof(detail), "okc %.2f ms/list, floor %.2f ms/list "
	         "(libzip + libxml2 reader over the sheet; medians of %d "
	         "rounds)", res.a * 1e3, res.b * 1e3, rounds);
	row("7", figure, value, "<= 2x", res.ratio <= 2.0 ? "PASS" : "MISS",
	    detail);
	rc = 0;
out:
	okc_ctx_free(l.okc);
	free((void *)l.data);
	return rc;
}

static int usage(void)
{
	fputs("usage: bench-cades verify [-t S] [-r R] LABEL FILE AT ANCHOR...\n"
	      "       bench-cades list [-t S] [-r R] FILE ROWS\n", stderr);
	return 64;
}

int main(int argc, char **argv)
{
	double min_s = 1.0;
	int rounds = 5, i = 2, rc;
	if (argc < 2)
		return usage();
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-t") == 0)
			min_s = atof(argv[i + 1]);
		else if (strcmp(argv[i], "-r") == 0)
			rounds = atoi(argv[i + 1]);
		else
			return usage();
	}
	if (min_s <= 0 || min_s > 600 || rounds < 1 || rounds > MAX_ROUNDS)
		return usage();
	if (strcmp(argv[1], "verify") == 0)
		rc = cmd_verify(min_s, rounds, argc - i, argv + i);
	else if (strcmp(argv[1], "list") == 0)
		rc = cmd_list(min_s, rounds, argc - i, argv + i);
	else
		rc = 64;
	return rc == 64 ? usage() : rc;
}
