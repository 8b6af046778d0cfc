/*
 * fuzz_sheet.h - the body shared by the list-reader fuzz targets (XLSX,
 * ODS, CSV): run one reader and the serial-column finder on arbitrary
 * bytes.  Any crash, leak or sanitizer report is a bug; every input gives
 * OKC_OK or a clean error, and every row respects the limits.
 */
#ifndef OKC_FUZZ_SHEET_H
#define OKC_FUZZ_SHEET_H

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

typedef int (*fuzz_sheet_reader)(okc_ctx *ctx, const unsigned char *data,
                                 size_t len, okc__book *out);

static int fuzz_sheet(fuzz_sheet_reader read, const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	if (ctx == NULL) {
		okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
		o.limits.max_rows = 5000;
		o.limits.max_xml_size = 4u << 20;
		if (okc_ctx_new(&ctx, &o) != OKC_OK)
			abort();
	}
	okc__book b = { 0 };
	okc__list l = { 0 };
	int rc = read(ctx, data, size, &b);
	if (rc != OKC_OK && rc != OKC_EFORMAT && rc != OKC_ETOOLARGE)
		abort();
	for (size_t i = 0; i < b.n; i++) {
		if (b.sheets[i].n > 5000)
			abort();
		for (size_t r = 0; r < b.sheets[i].n; r++)
			if (b.sheets[i].rows[r].ncells > OKC__MAX_COLS)
				abort();
	}
	if (rc == OKC_OK) {
		rc = okc__list_from_book(&b, "fuzz", &l);
		if (rc != OKC_OK && rc != OKC_ENOTFOUND)
			abort();
		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].serial == NULL || strlen(l.v[i].serial) > OKC__MAX_CELL)
				abort();
	}
	okc__list_clear(&l);
	okc__book_clear(&b);
	return 0;
}

#endif /* OKC_FUZZ_SHEET_H */
