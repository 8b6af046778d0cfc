/*
 * error.c - error codes (from okc/errors.def) and the context's message.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "core/internal.h"

const char *okc_strerror(int err)
{
	switch (err) {
#define OKC_ERROR(name, value, text) case value: return text;
#include <okc/errors.def>
#undef OKC_ERROR
	default: return "unknown error";
	}
}

const char *okc_error_name(int err)
{
	switch (err) {
#define OKC_ERROR(name, value, text) case value: return #name;
#include <okc/errors.def>
#undef OKC_ERROR
	default: return NULL;
	}
}

int okc__error(okc_ctx *ctx, int err, const char *fmt, ...)
{
	if (ctx != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
		va_end(ap);
	}
	return err;
}

int okc__error_ossl(okc_ctx *ctx, int err, const char *fmt, ...)
{
	char ossl[256] = "";
	unsigned long e = ERR_get_error();
	if (e != 0)
		ERR_error_string_n(e, ossl, sizeof(ossl));
	ERR_clear_error();
	if (ctx != NULL) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < sizeof(ctx->errmsg) && ossl[0] != '\0')
			snprintf(ctx->errmsg + n, sizeof(ctx->errmsg) - (size_t)n,
			         " (%s)", ossl);
	}
	return err;
}
