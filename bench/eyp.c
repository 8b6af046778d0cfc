/*
 * bench/eyp.c - measurements behind bench/eyp.sh (issue #9, items 2 and 6).
 *
 *   bench/eyp time FILE ANCHOR AT ITER
 *       Verifies FILE in this process ITER times (okc_verify_file, trusting
 *       only ANCHOR, offline, at the time AT), each time followed by hashing
 *       the same file bytes with SHA-384 and then SHA-512 through EVP,
 *       one-shot as `openssl speed -evp` does.  Prints one line:
 *         bytes okc_min_ms okc_median_ms raw_min_ms raw_median_ms indication
 *   bench/eyp rss PROGRAM [ARGS...]
 *       Runs PROGRAM as a child and prints its peak RSS in KiB (wait4's
 *       ru_maxrss) and its exit status:  kib status
 *
 * Timing is CLOCK_MONOTONIC wall time; both figures of a ratio come from the
 * same process and the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <okc/okc.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			unsigned char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int do_time(const char *file, const char *anchor, const char *at,
                   int iter)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	okc_time t;
	if (okc_time_parse(&t, at) != OKC_OK) {
		fprintf(stderr, "bench/eyp: bad time %s\n", at);
		return 2;
	}
	o.validation_time = t;
	o.offline = 1;
	o.no_default_trust = 1;
	if (okc_ctx_new(&ctx, &o) != OKC_OK ||
	    okc_ctx_add_anchor(ctx, anchor) != OKC_OK) {
		fprintf(stderr, "bench/eyp: context: %s\n",
		        ctx ? okc_ctx_errmsg(ctx) : "out of memory");
		okc_ctx_free(ctx);
		return 2;
	}
	double *okc = calloc((size_t)iter, sizeof(double));
	double *raw = calloc((size_t)iter, sizeof(double));
	size_t len = 0;
	unsigned char *data = slurp(file, &len);
	EVP_MD *sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
	EVP_MD *sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
	const char *ind = "?";
	int rc = 2;
	if (okc == NULL || raw == NULL || data == NULL || sha384 == NULL ||
	    sha512 == NULL) {
		fprintf(stderr, "bench/eyp: cannot set up (%s)\n", file);
		goto out;
	}
	/* Interleaved, so that both figures of an iteration see the same
	 * machine load (the machine is shared). */
	for (int i = 0; i < iter; i++) {
		okc_report *r = NULL;
		double t0 = now_ms();
		if (okc_verify_file(&r, ctx, file, NULL) != OKC_OK) {
			fprintf(stderr, "bench/eyp: %s\n", okc_ctx_errmsg(ctx));
			goto out;
		}
		okc[i] = now_ms() - t0;
		ind = okc_indication_name(okc_report_indication(r));
		okc_report_free(r);
		unsigned char h[EVP_MAX_MD_SIZE];
		unsigned int hl;
		t0 = now_ms();
		if (EVP_Digest(data, len, h, &hl, sha384, NULL) != 1 ||
		    EVP_Digest(data, len, h, &hl, sha512, NULL) != 1)
			goto out;
		raw[i] = now_ms() - t0;
	}
	qsort(okc, (size_t)iter, sizeof(double), cmp_double);
	qsort(raw, (size_t)iter, sizeof(double), cmp_double);
	printf("%zu %.3f %.3f %.3f %.3f %s\n", len, okc[0], okc[iter / 2],
	       raw[0], raw[iter / 2], ind);
	rc = 0;
out:
	EVP_MD_free(sha384);
	EVP_MD_free(sha512);
	free(data);
	free(okc);
	free(raw);
	okc_ctx_free(ctx);
	return rc;
}

static int do_rss(char **argv)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench/eyp: fork");
		return 2;
	}
	if (pid == 0) {
		/* the child's report is not ours to print (STDOUT is rows) */
		FILE *null = freopen("/dev/null", "w", stdout);
		(void)null;
		execv(argv[0], argv);
		perror("bench/eyp: exec");
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("bench/eyp: wait4");
			return 2;
		}
	printf("%ld %d\n", ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "time") == 0) {
		int iter = atoi(argv[5]);
		if (iter < 1)
			iter = 1;
		return do_time(argv[2], argv[3], argv[4], iter);
	}
	if (argc >= 3 && strcmp(argv[1], "rss") == 0)
		return do_rss(argv + 2);
	fputs("usage: bench/eyp time FILE ANCHOR AT ITER\n"
	      "       bench/eyp rss PROGRAM [ARGS...]\n", stderr);
	return 64;
}
