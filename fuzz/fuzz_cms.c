/*
 * fuzz_cms - the CAdES engine on arbitrary bytes: the CMS verifier (as for
 * an .imz file), the embedded-CMS hook (as for an .eyp signature over a
 * fixed part) and the extractor of attached content.  Any crash, leak or
 * sanitizer report is a bug; nothing that is not a verified signature may
 * come out TOTAL_PASSED (there is no trust anchor here, so nothing may).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cades/cades.h"
#include "core/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	if (ctx == NULL) {
		okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
		o.no_default_trust = 1;
		o.validation_time = 1780272000; /* fixed: deterministic runs */
		if (okc_ctx_new(&ctx, &o) != OKC_OK)
			abort();
	}
	okc_report *r = okc__report_new(ctx, "f.imz", "cades");
	if (r == NULL)
		abort();
	if (okc__cades_verify_cms(r, ctx, data, size, NULL, NULL) == OKC_OK) {
		okc__report_finalize(r);
		if (okc_report_indication(r) == OKC_TOTAL_PASSED)
			abort();
	}
	okc_report_free(r);

	r = okc__report_new(ctx, "f.eyp", "eyp");
	if (r == NULL)
		abort();
	static const unsigned char part[] = "<PaketOzeti/>";
	if (okc__cades_verify_embedded(r, ctx, data, size, part,
	                               sizeof(part) - 1, "signature") == OKC_OK) {
		okc__report_finalize(r);
		if (okc_report_signature_count(r) == 0 ||
		    okc_report_indication(r) == OKC_TOTAL_PASSED)
			abort();
	}
	okc_report_free(r);

	okc__inner_docs docs = { 0 };
	(void)okc__cades_extract(ctx, data, size, &docs);
	okc__inner_docs_clear(&docs);
	return 0;
}
