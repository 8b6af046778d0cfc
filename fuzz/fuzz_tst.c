/*
 * fuzz_tst - RFC 3161 time-stamp token verification on arbitrary bytes.
 * Any crash, leak or sanitizer report is a bug; a token from random bytes
 * must never verify.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ltv/ltv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	static X509_STORE *store;
	static const unsigned char covered[] = "signature value";
	if (ctx == NULL) {
		okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
		o.validation_time = 1780315200;
		o.offline = 1;
		if (okc_ctx_new(&ctx, &o) != OKC_OK || (store = X509_STORE_new()) == NULL)
			abort();
	}
	okc__tst t;
	if (okc__tst_verify(&t, ctx, data, size, covered, sizeof(covered), store,
	                    NULL, 0) != OKC_OK) {
		okc__tst_clear(&t);
		return 0;
	}
	/* nothing is trusted by the empty store: never a verified token */
	if (t.status == OKC_TST_OK)
		abort();
	okc__tst_clear(&t);
	return 0;
}
