/*
 * cli.h - what the okc-intake modes share: the parsed common options and
 * the context built from them.  Public libokc API only.
 */
#ifndef OKC_INTAKE_CLI_H
#define OKC_INTAKE_CLI_H

#include <okc/okc.h>

/* Exit statuses (sysexits.h values). */
#define EXIT_RECORD 0      /* a record was produced, whatever the decision */
#define EXIT_USAGE 64
#define EXIT_NOINPUT 66
#define EXIT_SOFTWARE 70
#define EXIT_TEMPFAIL 75   /* trust store unusable: try again later */

typedef struct intake_cli {
	okc_ctx_options copts;
	const char **anchors;
	size_t n_anchors;
	const char *signers;   /* --signers FILE, or NULL */
	int human;             /* --human: the reviewer's summary */
	int compact;           /* --compact: one-line JSON */
} intake_cli;

/** Context from the options (anchors added); prints why on failure. */
int intake_cli_context(const intake_cli *cli, okc_ctx **out);

/** Print the record as the options ask; returns an exit status. */
int intake_cli_print(const intake_cli *cli, const okc_record *rec);

/** Exit status for a library error. */
int intake_cli_status(int okc_err);

/** --files: the application is the given files. */
int files_mode(const intake_cli *cli, char **files, int n);

#endif /* OKC_INTAKE_CLI_H */
