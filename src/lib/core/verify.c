/*
 * verify.c - read, classify and dispatch one document to its verifier.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/verify.h"
#include "cades/cades.h"
#include "eyp/eyp.h"

/*
 * The format verifiers.  A kind whose verifier is not part of this build
 * gets an honest INDETERMINATE / FORMAT_FAILURE with CORE_UNSUPPORTED_FORMAT,
 * never a pass.
 */
static const struct {
	okc_doc_kind kind;
	const char *format;
	okc__verifier_fn fn;
} verifiers[] = {
	{ OKC_KIND_CMS, "cades", okc__cades_verify_cms },
	{ OKC_KIND_EYP, "eyp", okc__eyp_verify },
	{ OKC_KIND_EYPS, "eyp", okc__eyp_verify },
	{ OKC_KIND_EYPG, "eyp", okc__eyp_verify },
	{ OKC_KIND_CERT, "certificate", okc__cades_verify_cert },
};

/* Verifier of embedded CMS signatures (issue #4 registers it here). */
static const okc__embedded_cms_fn embedded_cms = okc__cades_verify_embedded;

/* Extractors of inner documents, per kind. */
static const struct {
	okc_doc_kind kind;
	okc__extract_fn fn;
} extractors[] = {
	{ OKC_KIND_CMS, okc__cades_extract },
	{ OKC_KIND_EYP, okc__eyp_extract },
};

int okc__verify_embedded_cms(okc_report *r, okc_ctx *ctx,
                             const unsigned char *der, size_t len,
                             const unsigned char *content, size_t content_len,
                             const char *role)
{
	if (embedded_cms != NULL)
		return embedded_cms(r, ctx, der, len, content, content_len, role);
	okc_signature *s = okc__signature_new(r, role);
	if (s == NULL)
		return OKC_ENOMEM;
	return okc__signature_add_reason(s, OKC_R_CORE_UNSUPPORTED_FORMAT,
	                                 "CAdES verification is not part of "
	                                 "this build (%s)", okc_version());
}

int okc__extract_inner(okc_ctx *ctx, const okc_classification *cls,
                       const unsigned char *data, size_t len,
                       okc__inner_docs *out)
{
	for (size_t i = 0; i < sizeof(extractors) / sizeof(extractors[0]); i++)
		if (extractors[i].kind == cls->kind && extractors[i].fn != NULL)
			return extractors[i].fn(ctx, data, len, out);
	return OKC_OK;
}

int okc__inner_docs_add(okc__inner_docs *docs, const char *name,
                        const char *media_type, const char *location,
                        const unsigned char *data, size_t len,
                        bool signed_part)
{
	if (okc__grow((void **)&docs->v, &docs->cap, docs->n + 1,
	              sizeof(*docs->v)) < 0)
		return OKC_ENOMEM;
	okc__inner_doc *d = &docs->v[docs->n];
	memset(d, 0, sizeof(*d));
	d->name = okc__strdup(name ? name : "");
	d->media_type = okc__strdup(media_type);
	d->location = okc__strdup(location ? location : "");
	d->data = malloc(len ? len : 1);
	if (d->name == NULL || d->location == NULL || d->data == NULL ||
	    (media_type != NULL && d->media_type == NULL)) {
		free(d->name);
		free(d->media_type);
		free(d->location);
		free(d->data);
		memset(d, 0, sizeof(*d));
		return OKC_ENOMEM;
	}
	if (len)
		memcpy(d->data, data, len);
	d->len = len;
	d->signed_part = signed_part;
	docs->n++;
	return OKC_OK;
}

void okc__inner_docs_clear(okc__inner_docs *docs)
{
	for (size_t i = 0; i < docs->n; i++) {
		free(docs->v[i].name);
		free(docs->v[i].media_type);
		free(docs->v[i].location);
		free(docs->v[i].data);
	}
	free(docs->v);
	memset(docs, 0, sizeof(*docs));
}

static int dispatch(okc_report *r, okc_ctx *ctx, const unsigned char *data,
                    size_t len, const okc_verify_options *opts,
                    okc_classification *cls)
{
	int rc;
	if (cls->flags & OKC_CLASS_NAME_MISMATCH)
		okc__report_add_reason(r, OKC_R_CORE_NAME_MISMATCH,
		                       "the name suggests %s, the content is %s",
		                       okc_doc_kind_name(cls->name_kind),
		                       okc_doc_kind_name(cls->kind));
	if (cls->kind == OKC_KIND_EMPTY)
		return okc__report_add_reason(r, OKC_R_CORE_EMPTY_INPUT, NULL);
	/* Content we cannot recognise, sent under a signature format's name
	 * (placeholder bytes called ImzaCades.imz, a truncated .eyp): let that
	 * format's verifier say precisely what is wrong with it, so the
	 * verdict is TOTAL_FAILED/FORMAT_FAILURE rather than "unsupported". */
	okc_doc_kind kind = cls->kind;
	if ((kind == OKC_KIND_UNKNOWN || kind == OKC_KIND_TEXT) &&
	    cls->name_kind != OKC_KIND_UNKNOWN)
		for (size_t i = 0; i < sizeof(verifiers) / sizeof(verifiers[0]); i++)
			if (verifiers[i].kind == cls->name_kind &&
			    verifiers[i].fn != NULL)
				kind = cls->name_kind;
	for (size_t i = 0; i < sizeof(verifiers) / sizeof(verifiers[0]); i++) {
		if (verifiers[i].kind != kind)
			continue;
		if ((rc = okc__report_set_format(r, verifiers[i].format)) < 0)
			return rc;
		if (verifiers[i].fn == NULL)
			return okc__report_add_reason(r,
				OKC_R_CORE_UNSUPPORTED_FORMAT,
				"%s verification is not part of this build (%s)",
				verifiers[i].format, okc_version());
		return verifiers[i].fn(r, ctx, data, len, opts, cls);
	}
	if ((rc = okc__report_set_format(r, okc_doc_kind_name(cls->kind))) < 0 ||
	    (rc = okc__classify_magic(cls, ctx, data, len)) < 0)
		return rc;
	return okc__report_add_reason(r, OKC_R_CORE_UNSUPPORTED_FORMAT,
	                              "a %s document (%s) carries no electronic "
	                              "signature that can be verified",
	                              okc_doc_kind_name(cls->kind),
	                              cls->magic_type);
}

int okc_verify_mem(okc_report **out, okc_ctx *ctx, const char *name,
                   const void *data, size_t len, const okc_verify_options *opts)
{
	okc_verify_options defaults = OKC_VERIFY_OPTIONS_INIT;
	okc_classification cls;
	int rc = OKC_OK;
	okc_report *r = NULL;

	if (out == NULL || ctx == NULL || (data == NULL && len > 0))
		return okc__error(ctx, OKC_EINVAL, "okc_verify_mem: bad arguments");
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != OKC_VERIFY_OPTIONS_VERSION)
		return okc__error(ctx, OKC_EINVAL, "unknown verify options version");
	r = okc__report_new(ctx, name, "unknown");
	OKC_ENSURE(ctx, r != NULL, OKC_ENOMEM, "out of memory");
	if ((uint64_t)len > ctx->limits.max_input_size) {
		OKC_GUARD(okc__report_add_reason(r, OKC_R_CORE_INPUT_TOO_LARGE,
			"%zu bytes, limit %llu", len,
			(unsigned long long)ctx->limits.max_input_size));
	} else {
		OKC_GUARD(okc__classify_mem_lazy(&cls, ctx, name, data, len));
		OKC_GUARD(dispatch(r, ctx, data, len, opts, &cls));
	}
	okc__report_finalize(r);
	*out = r;
	r = NULL;
out:
	okc_report_free(r);
	return rc;
}

/* Classification reads no more than the first MiB (libmagic, DER/PEM and
 * ZIP signatures) and the last 4 MiB (a ZIP's central directory) of its
 * input: classify.c. */
#define CLASSIFY_HEAD (1u << 20)
#define CLASSIFY_TAIL (4u << 20)

static int pread_all(int fd, unsigned char *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/*
 * A package file (.eyp/.eyps/.eypg) is verified from its descriptor: the
 * eyp module streams its entries, so a 100 MB package is never held whole
 * (issue #9 item 6).  To classify it without reading it, classification
 * gets an image of the file in which only its head and tail windows are
 * filled: an anonymous mapping whose untouched middle costs no memory.
 * Returns 1 when the file is not such a package (the caller reads it).
 */
static int verify_package_fd(okc_report **out, okc_ctx *ctx, const char *path,
                             const okc_verify_options *opts)
{
	int rc = 1;
	unsigned char *img = MAP_FAILED;
	okc_report *r = NULL;
	okc_classification cls;
	struct stat st;
	uint64_t size = 0;
	(void)opts;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < 4 || (uint64_t)st.st_size > ctx->limits.max_input_size)
		goto out;
	size = (uint64_t)st.st_size;
	size_t head = size < CLASSIFY_HEAD ? (size_t)size : CLASSIFY_HEAD;
	size_t tail = size < CLASSIFY_TAIL ? (size_t)size : CLASSIFY_TAIL;
	img = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (img == MAP_FAILED || pread_all(fd, img, head, 0) != 0 ||
	    (memcmp(img, "PK\3\4", 4) != 0 && memcmp(img, "PK\5\6", 4) != 0) ||
	    pread_all(fd, img + size - tail, tail, size - tail) != 0)
		goto out;
	if ((rc = okc__classify_mem_lazy(&cls, ctx, path, img,
	                                 (size_t)size)) < 0)
		goto out;
	rc = 1;
	if (cls.kind != OKC_KIND_EYP && cls.kind != OKC_KIND_EYPS &&
	    cls.kind != OKC_KIND_EYPG)
		goto out;
	munmap(img, (size_t)size);
	img = MAP_FAILED;
	r = okc__report_new(ctx, path, "eyp");
	OKC_ENSURE(ctx, r != NULL, OKC_ENOMEM, "out of memory");
	if (cls.flags & OKC_CLASS_NAME_MISMATCH)
		OKC_GUARD(okc__report_add_reason(r, OKC_R_CORE_NAME_MISMATCH,
		          "the name suggests %s, the content is %s",
		          okc_doc_kind_name(cls.name_kind),
		          okc_doc_kind_name(cls.kind)));
	OKC_GUARD(okc__eyp_verify_fd(r, ctx, fd, size, &cls));
	okc__report_finalize(r);
	*out = r;
	r = NULL;
	rc = OKC_OK;
out:
	if (img != MAP_FAILED)
		munmap(img, (size_t)size);
	if (fd >= 0)
		close(fd);
	okc_report_free(r);
	return rc;
}

int okc_verify_file(okc_report **out, okc_ctx *ctx, const char *path,
                    const okc_verify_options *opts)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (out == NULL || ctx == NULL || path == NULL)
		return okc__error(ctx, OKC_EINVAL, "okc_verify_file: bad arguments");
	*out = NULL;
	if (opts != NULL && opts->version != OKC_VERIFY_OPTIONS_VERSION)
		return okc__error(ctx, OKC_EINVAL, "unknown verify options version");
	int prc = verify_package_fd(out, ctx, path, opts);
	if (prc <= 0)
		return prc;
	int rc = okc__read_file(ctx, path, ctx->limits.max_input_size, &data, &len);
	if (rc == OKC_ETOOLARGE) {
		/* Too large is a verdict on the document, not a failure to
		 * process it. */
		okc_report *r = okc__report_new(ctx, path, "unknown");
		if (r == NULL)
			return okc__error(ctx, OKC_ENOMEM, "out of memory");
		if (okc__report_add_reason(r, OKC_R_CORE_INPUT_TOO_LARGE,
		                           "limit %llu bytes",
		                           (unsigned long long)ctx->limits.max_input_size) < 0) {
			okc_report_free(r);
			return okc__error(ctx, OKC_ENOMEM, "out of memory");
		}
		okc__report_finalize(r);
		*out = r;
		return OKC_OK;
	}
	if (rc < 0)
		return rc;
	rc = okc_verify_mem(out, ctx, path, data, len, opts);
	free(data);
	return rc;
}
