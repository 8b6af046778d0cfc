/*
 * package.c - the public read-only view of an e-Yazışma package
 * (okc/package.h), built on the same loader as the verifier.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <okc/package.h>

#include "eyp/eyp.h"

struct okc_package {
	okc__eyp *e;
	okc_package_part *parts;
	size_t *att;           /* indices of attachments in parts */
	size_t n_att;
};

static okc_part_role role_of(int comp)
{
	switch (comp) {
	case EC_USTYAZI:
		return OKC_PART_COVER_LETTER;
	case EC_EK:
		return OKC_PART_ATTACHMENT;
	case EC_IMZASIZ_EK:
		return OKC_PART_UNSIGNED_ATTACHMENT;
	case EC_USTVERI: case EC_NIHAIUSTVERI: case EC_BELGEHEDEF:
	case EC_BELGEIMZA: case EC_SIFRELI_BILGI: case EC_GUNCELLEME:
		return OKC_PART_METADATA;
	case EC_PAKETOZETI: case EC_PARAFOZETI: case EC_NIHAIOZET:
		return OKC_PART_DIGEST;
	case EC_IMZA: case EC_PARAFIMZA: case EC_MUHUR:
		return OKC_PART_SIGNATURE;
	case EC_CORE:
		return OKC_PART_PACKAGE;
	default:
		return OKC_PART_OTHER;
	}
}

void okc_package_free(okc_package *pkg)
{
	if (pkg == NULL)
		return;
	okc__eyp_free(pkg->e);
	free(pkg->parts);
	free(pkg->att);
	free(pkg);
}

int okc_package_open_mem(okc_package **out, okc_ctx *ctx, const void *data,
                         size_t len)
{
	int rc = OKC_OK;
	okc_package *pkg = NULL;
	if (out == NULL || ctx == NULL || (data == NULL && len > 0))
		return okc__error(ctx, OKC_EINVAL,
		                  "okc_package_open_mem: bad arguments");
	*out = NULL;
	if ((uint64_t)len > okc_ctx_limits(ctx)->max_input_size)
		return okc__error(ctx, OKC_ETOOLARGE, "package of %zu bytes "
		                  "exceeds the input limit", len);
	OKC_ENSURE(ctx, (pkg = calloc(1, sizeof(*pkg))) != NULL, OKC_ENOMEM,
	           "out of memory");
	/* the API hands out pointers to part bytes: keep them all */
	OKC_GUARD(okc__eyp_load(&pkg->e, ctx, data, len, 0, OKC__ZIP_HOLD_ALL));
	okc__eyp *e = pkg->e;
	if (e->opc == NULL) {
		const okc_reason *def = okc__reason_def(e->fault.reason);
		rc = okc__error(ctx, def->indication == OKC_INDETERMINATE
		                     ? OKC_ETOOLARGE : OKC_EFORMAT,
		                "%s: %s", def->code, e->fault.detail);
		goto out;
	}
	size_t n = e->opc->n_parts;
	pkg->parts = calloc(n ? n : 1, sizeof(*pkg->parts));
	pkg->att = calloc(n ? n : 1, sizeof(*pkg->att));
	OKC_ENSURE(ctx, pkg->parts != NULL && pkg->att != NULL, OKC_ENOMEM,
	           "out of memory");
	for (size_t i = 0; i < n; i++) {
		const okc__opc_part *p = &e->opc->parts[i];
		okc_package_part *pp = &pkg->parts[i];
		int c = e->pi[i].comp;
		pp->name = p->name;
		pp->file_name = okc__basename(p->name);
		pp->size = p->entry->usize;
		pp->content_type = p->content_type;
		pp->role = p->is_rels || p->is_content_types ? OKC_PART_PACKAGE
		                                             : role_of(c);
		pp->is_signed = c == EC_USTYAZI || c == EC_EK ||
		                c == EC_USTVERI;
		if (e->pi[i].ek >= 0)
			pp->declared_type = e->ek[e->pi[i].ek].mime;
		if (c == EC_USTYAZI || c == EC_EK || c == EC_IMZASIZ_EK)
			pkg->att[pkg->n_att++] = i;
	}
	*out = pkg;
	pkg = NULL;
out:
	okc_package_free(pkg);
	return rc;
}

int okc_package_open_file(okc_package **out, okc_ctx *ctx, const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (out == NULL || ctx == NULL || path == NULL)
		return okc__error(ctx, OKC_EINVAL,
		                  "okc_package_open_file: bad arguments");
	*out = NULL;
	int rc = okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_input_size,
	                        &data, &len);
	if (rc < 0)
		return rc;
	rc = okc_package_open_mem(out, ctx, data, len);
	free(data);
	return rc;
}

const char *okc_package_kind(const okc_package *pkg)
{
	return pkg->e->kind == OKC_KIND_EYPS ? "eyps"
	       : pkg->e->kind == OKC_KIND_EYPG ? "eypg" : "eyp";
}

const char *okc_package_version(const okc_package *pkg)
{
	return pkg->e->core_version;
}

const char *okc_package_belge_id(const okc_package *pkg)
{
	return pkg->e->belge_id;
}

const char *okc_package_konu(const okc_package *pkg)
{
	return pkg->e->konu;
}

size_t okc_package_part_count(const okc_package *pkg)
{
	return pkg->e->opc->n_parts;
}

const okc_package_part *okc_package_part_at(const okc_package *pkg, size_t i)
{
	return i < pkg->e->opc->n_parts ? &pkg->parts[i] : NULL;
}

size_t okc_package_attachment_count(const okc_package *pkg)
{
	return pkg->n_att;
}

const okc_package_part *okc_package_attachment(const okc_package *pkg,
                                               size_t i)
{
	return i < pkg->n_att ? &pkg->parts[pkg->att[i]] : NULL;
}

const okc_package_part *okc_package_find(const okc_package *pkg,
                                         const char *name)
{
	if (name == NULL)
		return NULL;
	okc__opc_part *p = okc__opc_part_find(pkg->e->opc, name);
	return p ? &pkg->parts[okc__eyp_part_index(pkg->e, p)] : NULL;
}

int okc_package_read(const okc_package *pkg, const okc_package_part *part,
                     const unsigned char **data, size_t *len)
{
	size_t n = pkg->e->opc->n_parts;
	if (part < pkg->parts || part >= pkg->parts + n)
		return OKC_EINVAL;
	const okc__opc_part *p = &pkg->e->opc->parts[part - pkg->parts];
	*data = p->entry->data;
	*len = (size_t)p->entry->usize;
	return OKC_OK;
}
