/*
 * fuzz_classify - the input classifier and the verification dispatcher on
 * arbitrary bytes.  Any crash, leak or sanitizer report is a bug; every
 * input must yield a finalized report.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/report_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	static const char *const names[] = {
		NULL, "a.eyp", "liste.xlsx.imz", "x.pem", "liste.csv", "a.pdf",
	};
	if (ctx == NULL && okc_ctx_new(&ctx, NULL) != OKC_OK)
		abort();
	const char *name = names[size ? data[0] % 6 : 0];
	okc_classification c;
	if (okc_classify_mem(&c, ctx, name, data, size) != OKC_OK)
		abort();
	if (c.kind >= OKC_KIND_COUNT_ || c.media_type[0] == '\0')
		abort();
	okc_report *r = NULL;
	if (okc_verify_mem(&r, ctx, name, data, size, NULL) == OKC_OK) {
		/* never a pass for bytes that carry no verified signature */
		if (okc_report_indication(r) == OKC_TOTAL_PASSED &&
		    okc_report_signature_count(r) == 0 &&
		    strcmp(okc_report_format(r), "certificate") != 0)
			abort();
		okc_report_free(r);
	}
	return 0;
}
