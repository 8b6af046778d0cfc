/*
 * fuzz_zip - the ZIP reader and the OPC layer on arbitrary bytes, then the
 * whole .eyp verifier and the package API.  Any crash, leak or sanitizer
 * report is a bug; an accepted archive must satisfy the reader's promises
 * (names valid, sizes as declared).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "eyp/opc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	if (ctx == NULL) {
		okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
		o.limits.max_total_size = 64u << 20;
		o.limits.max_entry_size = 16u << 20;
		if (okc_ctx_new(&ctx, &o) != OKC_OK)
			abort();
	}
	okc__zip *z = NULL;
	okc__zip_fault f;
	int rc = okc__zip_open(&z, ctx, data, size, 0, 0, &f);
	if (rc == OKC_OK) {
		for (size_t i = 0; i < z->n; i++) {
			const okc__zip_entry *e = &z->e[i];
			if (!okc__utf8_valid((const unsigned char *)e->name,
			                     strlen(e->name)) ||
			    e->name[0] == '/' || strchr(e->name, '\\'))
				abort();
			/* streamed or held, the bytes read again are the
			 * bytes checked and hashed when the archive opened */
			if (!e->is_dir &&
			    (okc__zip_load(z, e, &f) != OKC_OK ||
			     okc__crc32(0, e->data, e->usize) != e->crc ||
			     !e->hashed))
				abort();
			unsigned char h[64];
			if (!e->is_dir) {
				EVP_Digest(e->data, e->usize, h, NULL,
				           EVP_sha256(), NULL);
				if (memcmp(h, e->sha256, 32) != 0)
					abort();
				okc__zip_release(z, e);
			}
			if (okc__zip_find(z, e->name) == NULL)
				abort();
		}
		okc__opc *p = NULL;
		if (okc__opc_open(&p, ctx, z, &f) == OKC_OK)
			okc__opc_free(p);
	} else if (rc != OKC_EFORMAT && rc != OKC_ETOOLARGE &&
	           rc != OKC_ENOMEM) {
		abort();
	}
	okc_report *r = NULL;
	if (okc_verify_mem(&r, ctx, "f.eyp", data, size, NULL) == OKC_OK)
		okc_report_free(r);
	okc_package *pkg = NULL;
	if (okc_package_open_mem(&pkg, ctx, data, size) == OKC_OK) {
		for (size_t i = 0; i < okc_package_attachment_count(pkg); i++) {
			const unsigned char *d;
			size_t n;
			if (okc_package_read(pkg, okc_package_attachment(pkg, i),
			                     &d, &n) != OKC_OK)
				abort();
		}
		okc_package_free(pkg);
	}
	return 0;
}
