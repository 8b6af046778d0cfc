/*
 * okc-verify - verify e-signed documents (CAdES .imz/.p7s/.p7m, .eyp) and
 * print a report: a human summary, or JSON (one document per file; JSON
 * Lines when several files are given).
 *
 * Exit status: 0 every file TOTAL_PASSED; 1 any TOTAL_FAILED; 2 otherwise
 * (INDETERMINATE); 64 usage error; 66 an input could not be read;
 * 70 internal error.  Uses only the public libokc API.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <okc/okc.h>
#include <okc/cades.h>

#define EXIT_PASSED 0
#define EXIT_FAILED 1
#define EXIT_INDETERMINATE 2
#define EXIT_USAGE 64
#define EXIT_NOINPUT 66
#define EXIT_SOFTWARE 70

static void usage(FILE *fp)
{
	fputs(
"Usage: okc-verify [OPTION]... FILE...\n"
"Verify the electronic signatures in FILEs (CAdES .imz .p7s .p7m .pkcs7 .cms,\n"
"e-Yazisma .eyp packages) and report ETSI EN 319 102-1 indications.\n"
"\n"
"  -j, --json                 print JSON (JSON Lines with several files)\n"
"  -t, --trust-store DIR      trust the anchors in DIR instead of the default\n"
"      --no-default-trust     trust only the anchors given with --anchor\n"
"  -a, --anchor FILE          also trust the certificate(s) in FILE\n"
"      --at TIME              validate at TIME (ISO 8601 UTC, e.g.\n"
"                             2026-11-25T10:00:00Z); default: now\n"
"      --offline              never use the network (revocation from the\n"
"                             document and the local cache only)\n"
"  -d, --detached-content FILE  the signed content of a detached signature\n"
"      --jobs N               verify with N worker processes (default 1);\n"
"                             output order and exit status do not change\n"
"\n"
"Certificate mode (RFC 5280 path validation of one certificate):\n"
"      --cert FILE            validate the certificate in FILE instead of\n"
"                             verifying signatures (no FILE operands)\n"
"      --untrusted FILE       intermediate CA certificate(s) for --cert\n"
"                             (repeatable)\n"
"      --crl FILE             CRL for --cert (repeatable); with any CRL,\n"
"                             every certificate of the path must be covered\n"
"      --max-depth N          at most N certificates in the path, anchor\n"
"                             included (default: the library limit)\n"
"      --list-reasons         print every reason code with its messages\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"Exit status: 0 all TOTAL_PASSED, 1 any TOTAL_FAILED, 2 otherwise\n"
"INDETERMINATE, 64 usage error, 66 unreadable input, 70 internal error.\n",
	      fp);
}

static int list_reasons(void)
{
	/* Tab-separated: code, severity, implied indication, sub-indication,
	 * English and Turkish message. */
	for (size_t i = 0; i < okc_reason_catalog_size(); i++) {
		const okc_reason *r = okc_reason_catalog_entry(i);
		const char *sub = okc_subindication_name(r->subindication);
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", r->code,
		       okc_severity_name(r->severity),
		       okc_indication_name(r->indication), sub ? sub : "-",
		       r->message_en, r->message_tr);
	}
	return EXIT_PASSED;
}

enum {
	OPT_AT = 256,
	OPT_OFFLINE,
	OPT_NO_DEFAULT_TRUST,
	OPT_LIST_REASONS,
	OPT_CERT,
	OPT_UNTRUSTED,
	OPT_CRL,
	OPT_MAX_DEPTH,
	OPT_JOBS,
};

/* --cert: validate one certificate path and print the report. */
static int cert_mode(okc_ctx *ctx, const char *cert,
                     const okc_cert_options *opts, int json)
{
	okc_report *report = NULL;
	int rc = okc_cert_verify_file(&report, ctx, cert, opts);
	if (rc != OKC_OK) {
		fprintf(stderr, "okc-verify: %s: %s (%s)\n", cert, okc_strerror(rc),
		        okc_ctx_errmsg(ctx));
		okc_ctx_free(ctx);
		return rc == OKC_EIO ? EXIT_NOINPUT : EXIT_SOFTWARE;
	}
	okc_indication ind = okc_report_indication(report);
	rc = json ? okc_report_write_json_file(report, OKC_JSON_PRETTY, stdout)
	          : okc_report_write_text(report, stdout);
	okc_report_free(report);
	okc_ctx_free(ctx);
	if (rc != OKC_OK || fflush(stdout) != 0)
		return EXIT_SOFTWARE;
	return ind == OKC_TOTAL_PASSED ? EXIT_PASSED
	       : ind == OKC_TOTAL_FAILED ? EXIT_FAILED : EXIT_INDETERMINATE;
}

/* What one file contributed to the exit status. */
enum {
	F_FAILED = 1,
	F_INDETERMINATE = 2,
	F_UNREADABLE = 4,
	F_INTERNAL = 8,
};

/* Verify one file; its report goes to out, diagnostics to err. */
static int verify_one(okc_ctx *ctx, const char *path,
                      const okc_verify_options *vopts, int json, int several,
                      FILE *out, FILE *err)
{
	okc_report *report = NULL;
	int flags = 0, rc = okc_verify_file(&report, ctx, path, vopts);
	if (rc == OKC_EIO) {
		fprintf(err, "okc-verify: %s\n", okc_ctx_errmsg(ctx));
		return F_UNREADABLE;
	}
	if (rc != OKC_OK) {
		fprintf(err, "okc-verify: %s: %s (%s)\n", path, okc_strerror(rc),
		        okc_ctx_errmsg(ctx));
		return F_INTERNAL;
	}
	switch (okc_report_indication(report)) {
	case OKC_TOTAL_PASSED: break;
	case OKC_TOTAL_FAILED: flags |= F_FAILED; break;
	default: flags |= F_INDETERMINATE; break;
	}
	if (json)
		rc = okc_report_write_json_file(report, several ? OKC_JSON_COMPACT
		                                                : OKC_JSON_PRETTY, out);
	else
		rc = okc_report_write_text(report, out);
	okc_report_free(report);
	if (rc != OKC_OK)
		flags |= F_INTERNAL;
	return flags;
}

static int verify_serial(okc_ctx *ctx, char **files, size_t n,
                         const okc_verify_options *vopts, int json,
                         int several)
{
	int flags = 0;
	for (size_t i = 0; i < n; i++)
		flags |= verify_one(ctx, files[i], vopts, json, several, stdout,
		                    stderr);
	return flags;
}

/* --jobs N: N forked workers, worker w verifies files w, w+N, w+2N...
 * with its copy of the context (one context per process: nothing of the
 * library is shared between workers).  A worker sends each file's result
 * as a frame on its own pipe: flags, stdout length, stderr length (three
 * native ints; the pipe never leaves this machine) and the bytes.  The
 * parent reads the frames in file order, so standard output, standard
 * error and the exit status are those of --jobs 1. */
static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n > 0) {
		ssize_t r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

static _Noreturn void worker(okc_ctx *ctx, char **files, size_t n,
                             size_t first, size_t step,
                             const okc_verify_options *vopts, int json,
                             int several, int fd)
{
	for (size_t i = first; i < n; i += step) {
		char *obuf = NULL, *ebuf = NULL;
		size_t olen = 0, elen = 0;
		FILE *out = open_memstream(&obuf, &olen);
		FILE *err = open_memstream(&ebuf, &elen);
		int hdr[3] = { F_INTERNAL, 0, 0 };
		if (out != NULL && err != NULL)
			hdr[0] = verify_one(ctx, files[i], vopts, json, several,
			                    out, err);
		if ((out != NULL && fclose(out) != 0) ||
		    (err != NULL && fclose(err) != 0) || out == NULL || err == NULL ||
		    olen > INT_MAX || elen > INT_MAX) {
			hdr[0] |= F_INTERNAL;
			olen = elen = 0;
		}
		hdr[1] = (int)olen;
		hdr[2] = (int)elen;
		int bad = write_all(fd, hdr, sizeof(hdr)) != 0 ||
		          write_all(fd, obuf, olen) != 0 ||
		          write_all(fd, ebuf, elen) != 0;
		free(obuf);
		free(ebuf);
		if (bad)
			_exit(EXIT_SOFTWARE);
	}
	_exit(EXIT_PASSED);
}

static int verify_parallel(okc_ctx *ctx, char **files, size_t n,
                           const okc_verify_options *vopts, int json,
                           int several, unsigned jobs)
{
	if (jobs > n)
		jobs = (unsigned)n;
	int *fds = calloc(jobs, sizeof(*fds));
	pid_t *pids = calloc(jobs, sizeof(*pids));
	int flags = 0;
	unsigned started = 0;
	if (fds == NULL || pids == NULL) {
		fprintf(stderr, "okc-verify: out of memory\n");
		flags = F_INTERNAL;
		goto out;
	}
	/* Nothing buffered may be written twice by the children. */
	fflush(stdout);
	fflush(stderr);
	for (; started < jobs; started++) {
		int p[2];
		if (pipe(p) != 0) {
			fprintf(stderr, "okc-verify: pipe: %s\n", strerror(errno));
			flags = F_INTERNAL;
			goto out;
		}
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "okc-verify: fork: %s\n", strerror(errno));
			close(p[0]);
			close(p[1]);
			flags = F_INTERNAL;
			goto out;
		}
		if (pid == 0) {
			close(p[0]);
			for (unsigned k = 0; k < started; k++)
				close(fds[k]);
			worker(ctx, files, n, started, jobs, vopts, json, several,
			       p[1]);
		}
		close(p[1]);
		fds[started] = p[0];
		pids[started] = pid;
	}
	for (size_t i = 0; i < n; i++) {
		int hdr[3];
		int fd = fds[i % jobs];
		char *buf = NULL;
		if (read_all(fd, hdr, sizeof(hdr)) != 0 || hdr[1] < 0 || hdr[2] < 0 ||
		    (buf = malloc((size_t)hdr[1] + (size_t)hdr[2] + 1)) == NULL ||
		    read_all(fd, buf, (size_t)hdr[1] + (size_t)hdr[2]) != 0) {
			free(buf);
			fprintf(stderr, "okc-verify: %s: the worker verifying it "
			        "failed\n", files[i]);
			flags |= F_INTERNAL;
			break;
		}
		fwrite(buf + hdr[1], 1, (size_t)hdr[2], stderr);
		if (fwrite(buf, 1, (size_t)hdr[1], stdout) != (size_t)hdr[1])
			flags |= F_INTERNAL;
		free(buf);
		flags |= hdr[0];
	}
out:
	for (unsigned k = 0; k < started; k++) {
		int st = 0;
		close(fds[k]);
		while (waitpid(pids[k], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != EXIT_PASSED)
			flags |= F_INTERNAL;
	}
	free(fds);
	free(pids);
	return flags;
}

static int verify_main(int argc, char **argv, const char **anchors,
                       const char **untrusted, const char **crls)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "trust-store", required_argument, NULL, 't' },
		{ "no-default-trust", no_argument, NULL, OPT_NO_DEFAULT_TRUST },
		{ "anchor", required_argument, NULL, 'a' },
		{ "at", required_argument, NULL, OPT_AT },
		{ "offline", no_argument, NULL, OPT_OFFLINE },
		{ "detached-content", required_argument, NULL, 'd' },
		{ "list-reasons", no_argument, NULL, OPT_LIST_REASONS },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "untrusted", required_argument, NULL, OPT_UNTRUSTED },
		{ "crl", required_argument, NULL, OPT_CRL },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	okc_ctx_options copts = OKC_CTX_OPTIONS_INIT;
	okc_verify_options vopts = OKC_VERIFY_OPTIONS_INIT;
	size_t n_anchors = 0;
	okc_cert_options certopts = OKC_CERT_OPTIONS_INIT;
	const char *cert = NULL;
	int json = 0, do_list = 0, c;
	unsigned jobs = 1;

	certopts.untrusted = untrusted;
	certopts.crls = crls;
	while ((c = getopt_long(argc, argv, "jt:a:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 't': copts.trust_store = optarg; break;
		case OPT_NO_DEFAULT_TRUST: copts.no_default_trust = 1; break;
		case 'a': anchors[n_anchors++] = optarg; break;
		case OPT_AT:
			if (okc_time_parse(&copts.validation_time, optarg) != OKC_OK ||
			    copts.validation_time == 0) {
				fprintf(stderr, "okc-verify: --at: not an ISO 8601 UTC "
				        "time: '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_OFFLINE: copts.offline = 1; break;
		case 'd': vopts.detached_content = optarg; break;
		case OPT_LIST_REASONS: do_list = 1; break;
		case OPT_CERT: cert = optarg; break;
		case OPT_UNTRUSTED: untrusted[certopts.n_untrusted++] = optarg; break;
		case OPT_CRL: crls[certopts.n_crls++] = optarg; break;
		case OPT_MAX_DEPTH: {
			char *end = NULL;
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end != '\0' || v < 1 || v > 64) {
				fprintf(stderr, "okc-verify: --max-depth: a number "
				        "from 1 to 64, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			certopts.max_depth = (unsigned)v;
			break;
		}
		case OPT_JOBS: {
			char *end = NULL;
			unsigned long v = strtoul(optarg, &end, 10);
			if (end == optarg || *end != '\0' || v < 1 || v > 256) {
				fprintf(stderr, "okc-verify: --jobs: a number "
				        "from 1 to 256, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			jobs = (unsigned)v;
			break;
		}
		case 'h': usage(stdout); return EXIT_PASSED;
		case 'V':
			printf("okc-verify (okc-intake) %s\n", okc_version());
			return EXIT_PASSED;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (do_list) {
		return list_reasons();
	}
	if (cert != NULL && optind < argc) {
		fprintf(stderr, "okc-verify: --cert takes no FILE operands\n");
		return EXIT_USAGE;
	}
	if (cert != NULL && jobs > 1) {
		fprintf(stderr, "okc-verify: --jobs applies to FILE operands, "
		        "not to --cert\n");
		return EXIT_USAGE;
	}
	if (cert == NULL && (certopts.n_untrusted || certopts.n_crls ||
	                     certopts.max_depth)) {
		fprintf(stderr, "okc-verify: --untrusted, --crl and --max-depth "
		        "need --cert\n");
		return EXIT_USAGE;
	}
	if (cert == NULL && optind >= argc) {
		fprintf(stderr, "okc-verify: no FILE given\n");
		usage(stderr);
		return EXIT_USAGE;
	}

	okc_ctx *ctx = NULL;
	int rc = okc_ctx_new(&ctx, &copts);
	if (rc != OKC_OK) {
		fprintf(stderr, "okc-verify: %s\n", okc_strerror(rc));
		return EXIT_SOFTWARE;
	}
	for (size_t i = 0; i < n_anchors; i++)
		if (okc_ctx_add_anchor(ctx, anchors[i]) != OKC_OK) {
			fprintf(stderr, "okc-verify: %s\n", okc_ctx_errmsg(ctx));
			okc_ctx_free(ctx);
			return EXIT_SOFTWARE;
		}

	if (cert != NULL)
		return cert_mode(ctx, cert, &certopts, json);

	int several = argc - optind > 1;
	int flags = jobs > 1 ? verify_parallel(ctx, argv + optind,
	                                       (size_t)(argc - optind), &vopts,
	                                       json, several, jobs)
	                     : verify_serial(ctx, argv + optind,
	                                     (size_t)(argc - optind), &vopts,
	                                     json, several);
	okc_ctx_free(ctx);
	if (fflush(stdout) != 0)
		flags |= F_INTERNAL;
	if (flags & F_INTERNAL)
		return EXIT_SOFTWARE;
	if (flags & F_UNREADABLE)
		return EXIT_NOINPUT;
	if (flags & F_FAILED)
		return EXIT_FAILED;
	if (flags & F_INDETERMINATE)
		return EXIT_INDETERMINATE;
	return EXIT_PASSED;
}

int main(int argc, char **argv)
{
	/* Each repeatable option can occur at most argc times. */
	const char **anchors = calloc((size_t)argc + 1, sizeof(*anchors));
	const char **untrusted = calloc((size_t)argc + 1, sizeof(*untrusted));
	const char **crls = calloc((size_t)argc + 1, sizeof(*crls));
	int rc = EXIT_SOFTWARE;
	if (anchors != NULL && untrusted != NULL && crls != NULL)
		rc = verify_main(argc, argv, anchors, untrusted, crls);
	free(anchors);
	free(untrusted);
	free(crls);
	return rc;
}
