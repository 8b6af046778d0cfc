/*
 * context.c - the library context: options, limits and the last error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <magic.h>

#include "core/internal.h"

#ifndef OKC_DEFAULT_TRUST_STORE
#define OKC_DEFAULT_TRUST_STORE "/usr/local/share/okc-intake/trust-store"
#endif
#ifndef OKC_DEFAULT_DATA_DIR
#define OKC_DEFAULT_DATA_DIR "/usr/local/share/okc-intake"
#endif

/*
 * Defaults are sized for the inbox: an application is a few MB, an .eyp of
 * 100 MB and 10,000 entries must still be readable, and nothing legitimate
 * compresses better than 1:200 (text and XML reach about 1:20; a ZIP bomb
 * reaches 1:1000 and more).
 */
void okc_limits_default(okc_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->version = OKC_LIMITS_VERSION;
	l->max_input_size = 128ull << 20;
	l->max_entries = 20000;
	l->max_entry_size = 128ull << 20;
	l->max_total_size = 512ull << 20;
	l->max_ratio = 200;
	l->max_name_len = 1024;
	l->max_nesting = 4;
	l->max_xml_depth = 64;
	l->max_xml_size = 16ull << 20;
	l->max_chain_depth = 8;
	l->max_signers = 32;
	l->max_der_depth = 64;
	l->max_mime_parts = 256;
	l->max_mime_depth = 8;
	l->max_rows = 100000;
	l->max_crl_size = 256ull << 20;
	/* A 5,000-serial list is ~50,000 cells and ~200 KB of text; a
	 * 100,000-row list (max_rows) with ten columns still fits.  An ODS
	 * repetition bomb or XLSX shared-string amplification hits these long
	 * before memory does. */
	l->max_cells = 2000000;
	l->max_text_size = 64ull << 20;
	l->max_xml_elements = 4000000;
	l->max_message_work = 1024ull << 20;
}

static void merge_limits(okc_limits *dst, const okc_limits *src)
{
#define TAKE(f) if (src->f) dst->f = src->f
	TAKE(max_input_size); TAKE(max_entries); TAKE(max_entry_size);
	TAKE(max_total_size); TAKE(max_ratio); TAKE(max_name_len);
	TAKE(max_nesting); TAKE(max_xml_depth); TAKE(max_xml_size);
	TAKE(max_chain_depth); TAKE(max_signers); TAKE(max_der_depth);
	TAKE(max_mime_parts); TAKE(max_mime_depth); TAKE(max_rows);
	TAKE(max_crl_size); TAKE(max_cells); TAKE(max_text_size);
	TAKE(max_xml_elements); TAKE(max_message_work);
#undef TAKE
}

int okc_ctx_new(okc_ctx **out, const okc_ctx_options *opts)
{
	okc_ctx_options defaults = OKC_CTX_OPTIONS_INIT;
	if (out == NULL)
		return OKC_EINVAL;
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != OKC_CTX_OPTIONS_VERSION)
		return OKC_EINVAL;
	if (opts->limits.version != 0 &&
	    opts->limits.version != OKC_LIMITS_VERSION)
		return OKC_EINVAL;
	okc_ctx *ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return OKC_ENOMEM;
	okc_limits_default(&ctx->limits);
	merge_limits(&ctx->limits, &opts->limits);
	ctx->validation_time = opts->validation_time;
	ctx->offline = opts->offline;
	ctx->no_default_trust = opts->no_default_trust;
	ctx->trust_store = strdup(opts->trust_store ? opts->trust_store
	                                            : OKC_DEFAULT_TRUST_STORE);
	ctx->data_dir = strdup(opts->data_dir ? opts->data_dir
	                                      : OKC_DEFAULT_DATA_DIR);
	if (ctx->trust_store == NULL || ctx->data_dir == NULL) {
		okc_ctx_free(ctx);
		return OKC_ENOMEM;
	}
	*out = ctx;
	return OKC_OK;
}

void okc_ctx_free(okc_ctx *ctx)
{
	if (ctx == NULL)
		return;
	if (ctx->magic != NULL)
		magic_close((magic_t)ctx->magic);
	if (ctx->trust_cache != NULL && ctx->trust_cache_free != NULL)
		ctx->trust_cache_free(ctx->trust_cache);
	for (size_t i = 0; i < ctx->n_anchors; i++)
		free(ctx->anchors[i]);
	free(ctx->anchors);
	free(ctx->trust_store);
	free(ctx->data_dir);
	free(ctx);
}

const char *okc_ctx_errmsg(const okc_ctx *ctx)
{
	return ctx ? ctx->errmsg : "";
}

const okc_limits *okc_ctx_limits(const okc_ctx *ctx)
{
	return &ctx->limits;
}

okc_time okc_ctx_validation_time(const okc_ctx *ctx)
{
	return ctx->validation_time ? ctx->validation_time : okc__now();
}

void okc_ctx_budget_reset(okc_ctx *ctx)
{
	ctx->budget_used = 0;
}

uint64_t okc_ctx_budget_used(const okc_ctx *ctx)
{
	return ctx->budget_used;
}

int okc__budget_charge(okc_ctx *ctx, uint64_t bytes, const char *what)
{
	uint64_t max = ctx->limits.max_message_work;
	if (bytes > max || ctx->budget_used > max - bytes)
		return okc__error(ctx, OKC_ETOOLARGE,
		                  "work budget of %llu bytes for one message "
		                  "exhausted (%s)", (unsigned long long)max,
		                  what ? what : "input");
	ctx->budget_used += bytes;
	return OKC_OK;
}

void okc_ctx_set_validation_time(okc_ctx *ctx, okc_time t)
{
	ctx->validation_time = t;
}

int okc_ctx_offline(const okc_ctx *ctx)
{
	return ctx->offline;
}

const char *okc_ctx_trust_store(const okc_ctx *ctx)
{
	return ctx->no_default_trust ? NULL : ctx->trust_store;
}

const char *okc_ctx_data_dir(const okc_ctx *ctx)
{
	return ctx->data_dir;
}

int okc_ctx_add_anchor(okc_ctx *ctx, const char *path)
{
	if (path == NULL)
		return okc__error(ctx, OKC_EINVAL, "anchor path is NULL");
	size_t cap = ctx->n_anchors;
	if (okc__grow((void **)&ctx->anchors, &cap, ctx->n_anchors + 1,
	              sizeof(*ctx->anchors)) < 0)
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	ctx->anchors[ctx->n_anchors] = strdup(path);
	if (ctx->anchors[ctx->n_anchors] == NULL)
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	ctx->n_anchors++;
	/* Anchors changed: any cached store is stale. */
	if (ctx->trust_cache != NULL && ctx->trust_cache_free != NULL)
		ctx->trust_cache_free(ctx->trust_cache);
	ctx->trust_cache = NULL;
	return OKC_OK;
}

size_t okc_ctx_anchor_count(const okc_ctx *ctx)
{
	return ctx->n_anchors;
}

const char *okc_ctx_anchor(const okc_ctx *ctx, size_t i)
{
	return i < ctx->n_anchors ? ctx->anchors[i] : NULL;
}
