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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	int any_failed = 0, any_indeterminate = 0, any_unreadable = 0;
	int internal = 0;
	for (int i = optind; i < argc; i++) {
		okc_report *report = NULL;
		rc = okc_verify_file(&report, ctx, argv[i], &vopts);
		if (rc == OKC_EIO) {
			fprintf(stderr, "okc-verify: %s\n", okc_ctx_errmsg(ctx));
			any_unreadable = 1;
			continue;
		}
		if (rc != OKC_OK) {
			fprintf(stderr, "okc-verify: %s: %s (%s)\n", argv[i],
			        okc_strerror(rc), okc_ctx_errmsg(ctx));
			internal = 1;
			continue;
		}
		switch (okc_report_indication(report)) {
		case OKC_TOTAL_PASSED: break;
		case OKC_TOTAL_FAILED: any_failed = 1; break;
		default: any_indeterminate = 1; break;
		}
		if (json)
			rc = okc_report_write_json_file(report, several ?
			        OKC_JSON_COMPACT : OKC_JSON_PRETTY, stdout);
		else
			rc = okc_report_write_text(report, stdout);
		okc_report_free(report);
		if (rc != OKC_OK)
			internal = 1;
	}
	okc_ctx_free(ctx);
	if (fflush(stdout) != 0)
		internal = 1;
	if (internal)
		return EXIT_SOFTWARE;
	if (any_unreadable)
		return EXIT_NOINPUT;
	if (any_failed)
		return EXIT_FAILED;
	if (any_indeterminate)
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
