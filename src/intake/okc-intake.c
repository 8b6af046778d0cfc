/*
 * okc-intake - turn an ÖKC certificate application into a normalized record
 * (JSON, or a bilingual summary with --human) with its decision:
 * ACCEPTED, NEEDS_REVIEW or REJECTED, and every reason.
 *
 * Modes: --files FILE... (the application is these files); without
 * --files, the mail-gateway hook (a message on standard input, mail_mode.c).
 *
 * Exit status: 0 a record was produced (whatever the decision); 64 usage
 * error; 66 an input could not be read; 70 internal error; 75 the trust
 * store is unusable (a mail gateway retries later).  Public API only.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mail_mode.h"

static void usage(FILE *fp)
{
	fputs(
"Usage: okc-intake --files FILE... [OPTION]...\n"
"Read an ÖKC certificate application (the list of serial numbers, signed\n"
"containers .eyp/.imz, scanned documents) and print its record: decision\n"
"ACCEPTED / NEEDS_REVIEW / REJECTED with every reason, as JSON.\n"
"\n"
"      --files                the application is the FILEs given\n"
"      --human                print a Turkish/English summary, not JSON\n"
"      --compact              one-line JSON\n"
"      --signers FILE         authorised-signers registry (default:\n"
"                             DATA-DIR/signers.tsv)\n"
"      --data-dir DIR         prefix table and registry directory\n"
"  -t, --trust-store DIR      trust the anchors in DIR instead of the default\n"
"      --no-default-trust     trust only the anchors given with --anchor\n"
"  -a, --anchor FILE          also trust the certificate(s) in FILE\n"
"      --at TIME              validate at TIME (ISO 8601 UTC); default: now\n"
"      --offline              never use the network\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"Exit status: 0 a record was produced (whatever the decision), 64 usage\n"
"error, 66 unreadable input, 70 internal error, 75 trust store unusable.\n",
	      fp);
}

int intake_cli_status(int err)
{
	switch (err) {
	case OKC_OK: return EXIT_RECORD;
	case OKC_EIO: return EXIT_NOINPUT;
	case OKC_ETOOLARGE: return EXIT_NOINPUT;
	case OKC_ETRUST: case OKC_ETEMPFAIL: return EXIT_TEMPFAIL;
	case OKC_EINVAL: return EXIT_USAGE;
	default: return EXIT_SOFTWARE;
	}
}

int intake_cli_context(const intake_cli *cli, okc_ctx **out)
{
	int rc = okc_ctx_new(out, &cli->copts);
	if (rc != OKC_OK) {
		fprintf(stderr, "okc-intake: %s\n", okc_strerror(rc));
		return rc;
	}
	for (size_t i = 0; i < cli->n_anchors; i++)
		if ((rc = okc_ctx_add_anchor(*out, cli->anchors[i])) != OKC_OK) {
			fprintf(stderr, "okc-intake: %s\n", okc_ctx_errmsg(*out));
			okc_ctx_free(*out);
			*out = NULL;
			return rc;
		}
	return OKC_OK;
}

int intake_cli_print(const intake_cli *cli, const okc_record *rec)
{
	int rc = cli->human ? okc_record_write_text(rec, stdout)
	                    : okc_record_write_json_file(rec, cli->compact ?
	                          OKC_JSON_COMPACT : OKC_JSON_PRETTY, stdout);
	if (rc != OKC_OK || fflush(stdout) != 0) {
		fprintf(stderr, "okc-intake: cannot write the record\n");
		return EXIT_SOFTWARE;
	}
	return EXIT_RECORD;
}

enum {
	OPT_FILES = 256,
	OPT_HUMAN,
	OPT_COMPACT,
	OPT_SIGNERS,
	OPT_DATA_DIR,
	OPT_NO_DEFAULT_TRUST,
	OPT_AT,
	OPT_OFFLINE,
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "files", no_argument, NULL, OPT_FILES },
		{ "human", no_argument, NULL, OPT_HUMAN },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "signers", required_argument, NULL, OPT_SIGNERS },
		{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
		{ "trust-store", required_argument, NULL, 't' },
		{ "no-default-trust", no_argument, NULL, OPT_NO_DEFAULT_TRUST },
		{ "anchor", required_argument, NULL, 'a' },
		{ "at", required_argument, NULL, OPT_AT },
		{ "offline", no_argument, NULL, OPT_OFFLINE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	intake_cli cli;
	okc_ctx_options defaults = OKC_CTX_OPTIONS_INIT;
	int files = 0, c, status;

	/* Without --files: the mail-gateway hook (mail_mode.c). */
	if (okc_intake_is_mail_mode(argc, argv))
		return okc_intake_mail_main(argc, argv);

	memset(&cli, 0, sizeof(cli));
	cli.copts = defaults;
	cli.anchors = calloc((size_t)argc + 1, sizeof(*cli.anchors));
	if (cli.anchors == NULL)
		return EXIT_SOFTWARE;
	while ((c = getopt_long(argc, argv, "t:a:hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FILES: files = 1; break;
		case OPT_HUMAN: cli.human = 1; break;
		case OPT_COMPACT: cli.compact = 1; break;
		case OPT_SIGNERS: cli.signers = optarg; break;
		case OPT_DATA_DIR: cli.copts.data_dir = optarg; break;
		case 't': cli.copts.trust_store = optarg; break;
		case OPT_NO_DEFAULT_TRUST: cli.copts.no_default_trust = 1; break;
		case 'a': cli.anchors[cli.n_anchors++] = optarg; break;
		case OPT_AT:
			if (okc_time_parse(&cli.copts.validation_time, optarg) !=
			    OKC_OK || cli.copts.validation_time == 0) {
				fprintf(stderr, "okc-intake: --at: not an ISO 8601 "
				        "UTC time: '%s'\n", optarg);
				status = EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_OFFLINE: cli.copts.offline = 1; break;
		case 'h': usage(stdout); status = EXIT_RECORD; goto out;
		case 'V':
			printf("okc-intake (okc-intake) %s\n", okc_version());
			status = EXIT_RECORD;
			goto out;
		default:
			usage(stderr);
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (!files) {
		fprintf(stderr, "okc-intake: say which application to read "
		        "(--files FILE...)\n");
		usage(stderr);
		status = EXIT_USAGE;
		goto out;
	}
	if (optind >= argc) {
		fprintf(stderr, "okc-intake: --files needs at least one FILE\n");
		status = EXIT_USAGE;
		goto out;
	}
	status = files_mode(&cli, argv + optind, argc - optind);
out:
	free(cli.anchors);
	return status;
}
