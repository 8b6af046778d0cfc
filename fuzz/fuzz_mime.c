/*
 * fuzz_mime - the MIME front end on arbitrary bytes.  Any crash, leak or
 * sanitizer report is a bug.  Every input must parse to a message object
 * (problems are reasons, never errors), and the limits must hold.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <okc/okc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	if (ctx == NULL) {
		okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
		/* Small limits so the fuzzer reaches them quickly. */
		o.limits.max_mime_parts = 32;
		o.limits.max_mime_depth = 6;
		o.limits.max_input_size = 1u << 20;
		if (okc_ctx_new(&ctx, &o) != OKC_OK)
			abort();
	}
	okc_mail *m = NULL;
	if (okc_mail_parse(&m, ctx, data, size) != OKC_OK || m == NULL)
		abort();
	size_t total = 0;
	for (size_t i = 0; i < okc_mail_document_count(m); i++) {
		const okc_mail_document *d = okc_mail_document_at(m, i);
		if (d->name == NULL || d->name[0] == '\0' || strchr(d->name, '/') ||
		    d->media_type == NULL || d->depth > 6)
			abort();
		total += d->size;
	}
	/* decoding never produces more bytes than it consumed */
	if (total > size || okc_mail_part_count(m) > 33)
		abort();
	for (size_t i = 0; i < okc_mail_reason_count(m); i++)
		if (strncmp(okc_mail_reason(m, i)->code, "MAIL_", 5) != 0)
			abort();
	okc_mail_free(m);
	return 0;
}
