/*
 * okc-trust - manage trust anchors and the revocation cache.
 *
 *   okc-trust import-depot FILE     import pinned anchors from SertifikaDeposu.xml
 *   okc-trust list                  anchors with name, fingerprint, validity, role
 *   okc-trust add-crl FILE [--issuer CERT]
 *   okc-trust add-ocsp FILE
 *   okc-trust refresh               re-fetch CRLs past nextUpdate (online)
 *   okc-trust check                 consistency of the store and the cache
 *   okc-trust status CERT ISSUER    revocation status of one certificate
 *
 * Exit status: 0 fine; 1 problems found (unpinned anchors, stale or corrupt
 * cache entries, a certificate not "good"); 64 usage; 66 unreadable input;
 * 70 other errors.  Uses only the public libokc API.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <okc/okc.h>
#include <okc/ltv.h>

#define EXIT_OK 0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE 64
#define EXIT_NOINPUT 66
#define EXIT_SOFTWARE 70

static void usage(FILE *fp)
{
	fputs(
"Usage: okc-trust [OPTION]... COMMAND [ARG]...\n"
"Manage the trust anchors and the revocation cache of okc-intake.\n"
"\n"
"Commands:\n"
"  import-depot FILE   import anchors from Kamu SM's SertifikaDeposu.xml;\n"
"                      only certificates pinned in the store manifest\n"
"  list                list anchors (name, SHA-256, validity, role, expired)\n"
"  add-crl FILE        add a CRL (DER/PEM) to the cache; with --issuer CERT\n"
"                      verify it and build its index now\n"
"  add-ocsp FILE       add an OCSP response (DER) to the cache\n"
"  refresh             re-fetch cached CRLs past nextUpdate (needs network)\n"
"  check               check the trust store and the cache\n"
"  status CERT ISSUER  revocation status of CERT (cache, then online)\n"
"\n"
"Options:\n"
"  -t, --trust-store DIR  the trust store (default: the installed one)\n"
"  -c, --cache-dir DIR    the revocation cache (default: $OKC_CACHE_DIR or\n"
"                         the state directory's cache/)\n"
"  -i, --issuer CERT      issuer certificate for add-crl\n"
"      --at TIME          time of use / validation time (ISO 8601 UTC)\n"
"      --offline          never use the network\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 fine, 1 problems found, 64 usage error, 66 unreadable\n"
"input, 70 other errors.\n",
	      fp);
}

static int exit_for(int rc)
{
	switch (rc) {
	case OKC_EIO:
	case OKC_ENOTFOUND:
		return EXIT_NOINPUT;
	default:
		return EXIT_SOFTWARE;
	}
}

typedef struct list_state {
	okc_time now;
	int problems;
} list_state;

static void print_anchor(void *arg, const okc_anchor_info *a)
{
	list_state *st = arg;
	char nb[32] = "-", na[32] = "-";
	if (a->not_before)
		okc_time_format(nb, sizeof(nb), a->not_before);
	if (a->not_after)
		okc_time_format(na, sizeof(na), a->not_after);
	const char *state = a->file == NULL && a->subject == NULL ? "absent" :
	                    a->not_after && a->not_after < st->now ? "expired" : "valid";
	printf("%s\t%s\t%s\t%s\t%s..%s\t%s\t%s\t%s\n",
	       a->accepted ? "IMPORTED" : a->pinned ? "PINNED" : "REJECTED",
	       a->name ? a->name : "-", a->role ? a->role : "-",
	       a->sha256 ? a->sha256 : "-", nb, na, state,
	       a->subject ? a->subject : "-", a->note ? a->note : "");
	if (!a->pinned)
		st->problems++;
}

static void print_item(void *arg, const char *item, int ok, const char *detail)
{
	int *problems = arg;
	printf("%s\t%s\t%s\n", ok ? "OK" : "PROBLEM", item, detail);
	if (!ok)
		(*problems)++;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-store", required_argument, NULL, 't' },
		{ "cache-dir", required_argument, NULL, 'c' },
		{ "issuer", required_argument, NULL, 'i' },
		{ "at", required_argument, NULL, 'A' },
		{ "offline", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	const char *issuer = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "t:c:i:hV", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.trust_store = optarg;
			break;
		case 'c':
			if (setenv("OKC_CACHE_DIR", optarg, 1) != 0)
				return EXIT_SOFTWARE;
			break;
		case 'i':
			issuer = optarg;
			break;
		case 'A':
			if (okc_time_parse(&o.validation_time, optarg) != OKC_OK) {
				fprintf(stderr, "okc-trust: bad time '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'O':
			o.offline = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("okc-trust %s\n", okc_version());
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[optind++];
	int nargs = argc - optind;
	char **args = argv + optind;
	okc_ctx *ctx = NULL;
	if (okc_ctx_new(&ctx, &o) != OKC_OK) {
		fprintf(stderr, "okc-trust: cannot create a context\n");
		return EXIT_SOFTWARE;
	}
	const char *store = okc_ctx_trust_store(ctx);
	int rc = OKC_OK, status = EXIT_OK, problems = 0;
	list_state ls = { okc_ctx_validation_time(ctx), 0 };

	if (strcmp(cmd, "import-depot") == 0 && nargs == 1) {
		rc = okc_trust_import_depot(ctx, args[0], store, print_anchor, &ls);
		/* rejected certificates are reported, not an error */
		status = EXIT_OK;
	} else if (strcmp(cmd, "list") == 0 && nargs == 0) {
		rc = okc_trust_list(ctx, store, print_anchor, &ls);
		if (rc > 0) {
			status = EXIT_PROBLEMS;
			rc = OKC_OK;
		}
	} else if (strcmp(cmd, "add-crl") == 0 && nargs == 1) {
		char name[128];
		rc = okc_cache_add_crl(ctx, args[0], issuer, name, sizeof(name));
		if (rc == OKC_OK)
			printf("added\t%s/crl/%s\t%s\n", okc_cache_directory(), name,
			       issuer ? "signature verified, indexed" :
			                "indexed at first use");
	} else if (strcmp(cmd, "add-ocsp") == 0 && nargs == 1) {
		char name[160];
		rc = okc_cache_add_ocsp(ctx, args[0], name, sizeof(name));
		if (rc == OKC_OK)
			printf("added\t%s/ocsp/%s\n", okc_cache_directory(), name);
	} else if (strcmp(cmd, "refresh") == 0 && nargs == 0) {
		rc = okc_cache_refresh(ctx, print_item, &problems);
		if (rc >= 0) {
			status = problems ? EXIT_PROBLEMS : EXIT_OK;
			rc = OKC_OK;
		}
	} else if (strcmp(cmd, "check") == 0 && nargs == 0) {
		int r1 = store ? okc_trust_list(ctx, store, print_anchor, &ls) : 0;
		if (r1 < 0 && r1 != OKC_ETRUST) {
			rc = r1;
		} else {
			if (r1 == OKC_ETRUST) {
				printf("PROBLEM\t%s/MANIFEST\t%s\n", store, okc_ctx_errmsg(ctx));
				problems++;
			}
			int r2 = okc_cache_check(ctx, print_item, &problems);
			if (r2 < 0)
				rc = r2;
			status = (problems || ls.problems) ? EXIT_PROBLEMS : EXIT_OK;
		}
	} else if (strcmp(cmd, "status") == 0 && nargs == 2) {
		char st[32], detail[512];
		rc = okc_revocation_status(ctx, args[0], args[1], 0, st, sizeof(st),
		                           detail, sizeof(detail));
		if (rc == OKC_OK) {
			printf("%s\t%s\n", st, detail);
			status = strcmp(st, "good") == 0 ? EXIT_OK : EXIT_PROBLEMS;
		}
	} else {
		usage(stderr);
		okc_ctx_free(ctx);
		return EXIT_USAGE;
	}
	if (rc < 0) {
		fprintf(stderr, "okc-trust: %s: %s\n", cmd, okc_ctx_errmsg(ctx));
		status = exit_for(rc);
	}
	okc_ctx_free(ctx);
	return status;
}
