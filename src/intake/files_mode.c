/*
 * files_mode.c - okc-intake --files FILE...: one application made of the
 * given files (source kind "files").
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"

int files_mode(const intake_cli *cli, char **files, int n)
{
	okc_ctx *ctx = NULL;
	okc_intake *in = NULL;
	okc_record *rec = NULL;
	okc_intake_source src = OKC_INTAKE_SOURCE_INIT;
	int status = EXIT_SOFTWARE, rc;

	if ((rc = intake_cli_context(cli, &ctx)) != OKC_OK)
		return intake_cli_status(rc);
	if ((rc = okc_intake_new(&in, ctx)) != OKC_OK ||
	    (rc = okc_intake_set_source(in, &src)) != OKC_OK ||
	    (cli->signers != NULL &&
	     (rc = okc_intake_set_signers_file(in, cli->signers)) != OKC_OK)) {
		fprintf(stderr, "okc-intake: %s\n", okc_ctx_errmsg(ctx));
		status = intake_cli_status(rc);
		goto out;
	}
	for (int i = 0; i < n; i++)
		if ((rc = okc_intake_add_file(in, files[i])) != OKC_OK) {
			fprintf(stderr, "okc-intake: %s: %s\n", files[i],
			        okc_ctx_errmsg(ctx));
			status = intake_cli_status(rc);
			goto out;
		}
	if ((rc = okc_intake_run(&rec, in)) != OKC_OK) {
		fprintf(stderr, "okc-intake: %s (%s)\n", okc_strerror(rc),
		        okc_ctx_errmsg(ctx));
		status = intake_cli_status(rc);
		goto out;
	}
	status = intake_cli_print(cli, rec);
out:
	okc_record_free(rec);
	okc_intake_free(in);
	okc_ctx_free(ctx);
	return status;
}
