/*
 * order-system.c - how an order system uses libokc to take in one
 * application: build against the installed library with
 *
 *   cc order-system.c $(pkg-config --cflags --libs okc) -o order-system
 *
 * Usage: order-system [--data-dir DIR] [--signers FILE] FILE...
 * Prints the decision, the record id and each reason; writes the record
 * (JSON) to record.json.  Exit 0 ACCEPTED, 1 REJECTED, 2 NEEDS_REVIEW,
 * 3 the application could not be processed.
 */
#include <stdio.h>
#include <string.h>

#include <okc/okc.h>

int main(int argc, char **argv)
{
	okc_ctx_options opts = OKC_CTX_OPTIONS_INIT;
	const char *signers = NULL;
	okc_ctx *ctx = NULL;
	okc_intake *in = NULL;
	okc_record *rec = NULL;
	int status = 3, i = 1, rc;

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--data-dir") == 0)
			opts.data_dir = argv[i + 1];
		else if (strcmp(argv[i], "--signers") == 0)
			signers = argv[i + 1];
		else if (strcmp(argv[i], "--at") == 0)
			okc_time_parse(&opts.validation_time, argv[i + 1]);
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [--data-dir DIR] [--signers FILE] "
		        "[--at TIME] FILE...\n", argv[0]);
		return 3;
	}
	/* One context per thread; it owns the limits and the last error. */
	if ((rc = okc_ctx_new(&ctx, &opts)) != OKC_OK) {
		fprintf(stderr, "okc_ctx_new: %s\n", okc_strerror(rc));
		return 3;
	}
	if ((rc = okc_intake_new(&in, ctx)) != OKC_OK)
		goto out;
	if (signers != NULL &&
	    (rc = okc_intake_set_signers_file(in, signers)) != OKC_OK)
		goto out;
	for (; i < argc; i++)
		if ((rc = okc_intake_add_file(in, argv[i])) != OKC_OK)
			goto out;
	/* A record comes back whatever the decision; an error code means the
	 * application could not be processed at all. */
	if ((rc = okc_intake_run(&rec, in)) != OKC_OK)
		goto out;

	printf("decision: %s\nid: %s\n",
	       okc_decision_name(okc_record_decision(rec)), okc_record_id(rec));
	for (size_t k = 0; k < okc_record_reason_count(rec); k++) {
		const okc_reason *r = okc_record_reason(rec, k);
		printf("reason: %s [%s] %s\n", r->code,
		       okc_severity_name(r->severity), r->message_en);
	}
	FILE *fp = fopen("record.json", "w");
	if (fp == NULL || okc_record_write_json_file(rec, OKC_JSON_PRETTY, fp) != OKC_OK) {
		if (fp != NULL)
			fclose(fp);
		rc = OKC_EIO;
		goto out;
	}
	fclose(fp);
	switch (okc_record_decision(rec)) {
	case OKC_DECISION_ACCEPTED: status = 0; break;
	case OKC_DECISION_REJECTED: status = 1; break;
	default: status = 2; break;
	}
out:
	if (rc != OKC_OK)
		fprintf(stderr, "error: %s (%s)\n", okc_strerror(rc),
		        okc_ctx_errmsg(ctx));
	okc_record_free(rec);
	okc_intake_free(in);
	okc_ctx_free(ctx);
	return status;
}
