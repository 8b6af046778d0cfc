/*
 * opc.c - Open Packaging Conventions (ISO/IEC 29500-2:2012) on top of the
 * checked ZIP reader: content types (§10.1.2), relationships (§9.3) and
 * part-name resolution (§9.1.1, Annex A; RFC 3986 §5.2).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "eyp/opc.h"

#define NS_CT   "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"

static int ffail(okc__zip_fault *f, int err, okc_reason_id id,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int ffail(okc__zip_fault *f, int err, okc_reason_id id,
                 const char *fmt, ...)
{
	va_list ap;
	f->reason = id;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
	return err;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A part name per §9.1.1.1: starts with '/', segments non-empty, no
 * segment "." / ".." or ending with '.', no '\\', '?', '#', no control
 * characters, valid UTF-8, not ending with '/'. */
static bool part_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || s[0] != '/' || s[n - 1] == '/')
		return false;
	if (!okc__utf8_valid((const unsigned char *)s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#')
			return false;
		if (c == '/' && i + 1 < n && s[i + 1] == '/')
			return false;
		if (c == '.' && (i + 1 == n || s[i + 1] == '/'))
			return false;   /* a segment ending in '.' (incl. "..") */
	}
	return true;
}

char *okc__opc_resolve(const char *source, const char *target, bool *enomem)
{
	*enomem = false;
	size_t tl = strlen(target), sl = strlen(source);
	/* base directory of the source part: up to its last '/' */
	size_t bl = sl;
	while (bl > 0 && source[bl - 1] != '/')
		bl--;
	char *buf = malloc(bl + tl + 2);
	if (buf == NULL) {
		*enomem = true;
		return NULL;
	}
	/* percent-decode the target (RFC 3986 §2.1); an encoded '/' or
	 * '\\' or NUL would change the segment structure: refuse it */
	size_t o = 0;
	if (tl == 0 || target[0] != '/') {
		memcpy(buf, bl ? source : "/", bl ? bl : 1);
		o = bl ? bl : 1;
	}
	for (size_t i = 0; i < tl; i++) {
		char c = target[i];
		if (c == '%') {
			if (i + 2 >= tl)
				goto bad;
			int h = hexval((unsigned char)target[i + 1]);
			int l = hexval((unsigned char)target[i + 2]);
			if (h < 0 || l < 0)
				goto bad;
			c = (char)(h * 16 + l);
			if (c == '/' || c == '\\' || c == '\0')
				goto bad;
			i += 2;
		} else if (c == '?' || c == '#') {
			goto bad;
		}
		buf[o++] = c;
	}
	buf[o] = '\0';
	/* remove dot segments (RFC 3986 §5.2.4) in place */
	char *outp = buf;
	size_t w = 0;
	const char *p = buf;
	while (*p) {
		const char *seg = p + 1;   /* p points at '/' */
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);
		if (len == 1 && seg[0] == '.') {
			/* skip */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (w == 0)
				goto bad;     /* above the package root */
			while (w > 0 && outp[w - 1] != '/')
				w--;
			w--;              /* drop the '/' too */
		} else {
			memmove(outp + w + 1, seg, len);
			outp[w] = '/';
			w += len + 1;
		}
		p = seg + len;
		if (*p == '\0')
			break;
	}
	outp[w] = '\0';
	if (!part_name_ok(outp))
		goto bad;
	return outp;
bad:
	free(buf);
	return NULL;
}

void okc__opc_rels_free(okc__opc_rel *rels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rels[i].id);
		free(rels[i].type);
		free(rels[i].target);
	}
	free(rels);
}

void okc__opc_free(okc__opc *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_parts; i++) {
		free(p->parts[i].name);
		free(p->parts[i].content_type);
	}
	free(p->parts);
	okc__opc_rels_free(p->rels, p->n_rels);
	okc__zip_free(p->zip);
	free(p);
}

okc__opc_part *okc__opc_part_find(okc__opc *p, const char *name)
{
	if (name == NULL || name[0] != '/')
		return NULL;
	const okc__zip_entry *e = okc__zip_find(p->zip, name + 1);
	/* each entry knows its part: O(log n) per lookup, so walking the
	 * relationships of a 10,000-part package stays linear-logarithmic */
	if (e == NULL || e->part >= p->n_parts || p->parts[e->part].entry != e)
		return NULL;
	return &p->parts[e->part];
}

/* ASCII case-insensitive "s starts with the n bytes of prefix". */
static bool strncasecmp_prefix(const char *s, const char *prefix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int a = (unsigned char)s[i], b = (unsigned char)prefix[i];
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (a != b || a == 0)
			return false;
	}
	return true;
}

/* Extension of a part name (after the last '.' of the last segment). */
static const char *extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot ? dot + 1 : "";
}

static int read_content_types(okc__opc *p, okc_ctx *ctx, okc__zip_fault *f)
{
	int rc = OKC_OK;
	xmlDoc *doc = NULL;
	const okc__zip_entry *e = okc__zip_find(p->zip, "[Content_Types].xml");
	if (e == NULL || e->is_dir)
		return ffail(f, OKC_EFORMAT, OKC_R_OPC_CONTENT_TYPES_MISSING,
		             "no [Content_Types].xml entry");
	if ((rc = okc__zip_load(p->zip, e, f)) < 0)
		return rc;
	if ((rc = okc__xml_parse(&doc, ctx, e->data, e->usize,
	                         "[Content_Types].xml", f)) < 0)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!okc__xml_is(root, NS_CT, "Types")) {
		rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_CONTENT_TYPES_INVALID,
		           "root element is not Types in the OPC namespace");
		goto out;
	}
	/* Overrides first (§10.1.2.2.3), then Defaults by extension. */
	for (xmlNode *c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		bool ovr = okc__xml_is(c, NS_CT, "Override");
		bool def = okc__xml_is(c, NS_CT, "Default");
		if (!ovr && !def) {
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_CONTENT_TYPES_INVALID,
			           "unexpected element %s", (const char *)c->name);
			goto out;
		}
		char *key = okc__xml_attr(c, ovr ? "PartName" : "Extension");
		char *ct = okc__xml_attr(c, "ContentType");
		if (key == NULL || ct == NULL || key[0] == '\0' || ct[0] == '\0') {
			free(key);
			free(ct);
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_CONTENT_TYPES_INVALID,
			           "%s without %s or ContentType",
			           ovr ? "Override" : "Default",
			           ovr ? "PartName" : "Extension");
			goto out;
		}
		/* an Override names one part: look it up rather than
		 * compare it with every part name */
		okc__opc_part *only = ovr ? okc__opc_part_find(p, key) : NULL;
		for (size_t i = ovr ? (only ? (size_t)(only - p->parts) : p->n_parts) : 0;
		     i < p->n_parts; i++) {
			okc__opc_part *pt = &p->parts[i];
			if (ovr && pt != only)
				break;
			if (!ovr && okc__strcasecmp_ascii(extension(pt->name),
			                                  key) != 0)
				continue;
			if (ovr || pt->content_type == NULL) {
				/* an Override replaces a Default */
				char *dup = strdup(ct);
				if (dup == NULL) {
					free(key);
					free(ct);
					rc = OKC_ENOMEM;
					goto out;
				}
				free(pt->content_type);
				pt->content_type = dup;
			}
		}
		free(key);
		free(ct);
	}
	for (size_t i = 0; i < p->n_parts; i++) {
		if (p->parts[i].is_content_types || p->parts[i].content_type)
			continue;
		rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_CONTENT_TYPE_MISSING,
		           "%s", p->parts[i].name);
		goto out;
	}
out:
	xmlFreeDoc(doc);
	return rc;
}

static int parse_rels(okc__opc *p, okc_ctx *ctx, const char *source,
                      const okc__zip_entry *e, okc__opc_rel **out,
                      size_t *nout, okc__zip_fault *f)
{
	int rc = OKC_OK;
	xmlDoc *doc = NULL;
	okc__opc_rel *v = NULL;
	size_t n = 0, cap = 0;
	if ((rc = okc__zip_load(p->zip, e, f)) < 0)
		goto out;
	rc = okc__xml_parse(&doc, ctx, e->data, e->usize, e->name, f);
	okc__zip_release(p->zip, e);
	if (rc < 0)
		goto out;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!okc__xml_is(root, NS_RELS, "Relationships")) {
		rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_RELS_INVALID,
		           "%s: root is not Relationships", e->name);
		goto out;
	}
	for (xmlNode *c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!okc__xml_is(c, NS_RELS, "Relationship")) {
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_RELS_INVALID,
			           "%s: unexpected element %s", e->name,
			           (const char *)c->name);
			goto out;
		}
		if (okc__grow((void **)&v, &cap, n + 1, sizeof(*v)) < 0) {
			rc = OKC_ENOMEM;
			goto out;
		}
		okc__opc_rel *r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->id = okc__xml_attr(c, "Id");
		r->type = okc__xml_attr(c, "Type");
		char *target = okc__xml_attr(c, "Target");
		char *mode = okc__xml_attr(c, "TargetMode");
		if (r->id == NULL || r->type == NULL || target == NULL ||
		    r->id[0] == '\0' || r->type[0] == '\0' || target[0] == '\0') {
			free(target);
			free(mode);
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_RELS_INVALID,
			           "%s: Relationship without Id, Type or Target",
			           e->name);
			goto out;
		}
		for (size_t k = 0; k + 1 < n; k++)
			if (strcmp(v[k].id, r->id) == 0) {
				free(target);
				free(mode);
				rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_RELS_INVALID,
				           "%s: Id \"%s\" used twice (§9.3.2.2)",
				           e->name, r->id);
				goto out;
			}
		r->external = mode != NULL && strcmp(mode, "External") == 0;
		free(mode);
		if (r->external) {
			r->target = target;
			continue;
		}
		bool enomem;
		r->target = okc__opc_resolve(source, target, &enomem);
		if (r->target == NULL) {
			rc = enomem ? OKC_ENOMEM
			            : ffail(f, OKC_EFORMAT,
			                    OKC_R_OPC_REL_TARGET_INVALID,
			                    "%s: \"%.120s\"", e->name, target);
			free(target);
			goto out;
		}
		free(target);
	}
	*out = v;
	*nout = n;
	v = NULL;
	n = 0;
out:
	okc__opc_rels_free(v, n);
	xmlFreeDoc(doc);
	return rc;
}

int okc__opc_part_rels(okc__opc *p, okc_ctx *ctx, const char *source,
                       okc__opc_rel **rels, size_t *n, okc__zip_fault *f)
{
	*rels = NULL;
	*n = 0;
	/* §9.3.3: the rels of /A/b.xml are in /A/_rels/b.xml.rels */
	const char *slash = strrchr(source, '/');
	if (slash == NULL)
		return OKC_EINVAL;
	size_t dl = (size_t)(slash - source);
	size_t need = dl + strlen(slash) + 16;
	char *name = malloc(need);
	if (name == NULL)
		return OKC_ENOMEM;
	if (dl == 0)
		snprintf(name, need, "_rels%s.rels", slash);
	else
		snprintf(name, need, "%.*s/_rels%s.rels", (int)(dl - 1),
		         source + 1, slash);
	const okc__zip_entry *e = okc__zip_find(p->zip, name);
	free(name);
	if (e == NULL || e->is_dir)
		return OKC_OK;
	return parse_rels(p, ctx, source, e, rels, n, f);
}

int okc__opc_open(okc__opc **out, okc_ctx *ctx, okc__zip *zip,
                  okc__zip_fault *f)
{
	int rc = OKC_OK;
	okc__opc *p = calloc(1, sizeof(*p));
	*out = NULL;
	memset(f, 0, sizeof(*f));
	if (p == NULL) {
		okc__zip_free(zip);
		return OKC_ENOMEM;
	}
	p->zip = zip;
	p->parts = calloc(zip->n ? zip->n : 1, sizeof(*p->parts));
	if (p->parts == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < zip->n; i++) {
		const okc__zip_entry *e = &zip->e[i];
		if (e->is_dir)
			continue;
		okc__opc_part *pt = &p->parts[p->n_parts];
		size_t nl = strlen(e->name);
		if ((pt->name = malloc(nl + 2)) == NULL) {
			rc = OKC_ENOMEM;
			goto out;
		}
		pt->name[0] = '/';
		memcpy(pt->name + 1, e->name, nl + 1);
		pt->entry = e;
		zip->e[i].part = p->n_parts;
		pt->is_content_types = strcmp(e->name, "[Content_Types].xml") == 0;
		pt->is_rels = okc__has_suffix_ci(e->name, ".rels") &&
		              (strncmp(e->name, "_rels/", 6) == 0 ||
		               strstr(e->name, "/_rels/") != NULL);
		p->n_parts++;
		if (!pt->is_content_types && !part_name_ok(pt->name)) {
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_PART_NAME_INVALID,
			           "\"%s\" is not a valid part name", pt->name);
			goto out;
		}
	}
	/* §9.1.1.1 [M1.11]: no part name is a prefix of another one
	 * followed by '/' ("/a" and "/a/b" cannot both be parts). */
	for (size_t i = 0; i < p->n_parts; i++) {
		size_t nl = strlen(p->parts[i].entry->name);
		char *pref = malloc(nl + 2);
		if (pref == NULL) {
			rc = OKC_ENOMEM;
			goto out;
		}
		memcpy(pref, p->parts[i].entry->name, nl);
		pref[nl] = '/';
		pref[nl + 1] = '\0';
		/* names starting with pref are contiguous in the
		 * case-folded order, from its lower bound on */
		size_t lo = 0, hi = zip->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (okc__strcasecmp_ascii(zip->e[zip->by_name[mid]].name,
			                          pref) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool clash = false;
		for (size_t k = lo; k < zip->n && !clash; k++) {
			const okc__zip_entry *ze = &zip->e[zip->by_name[k]];
			if (!strncasecmp_prefix(ze->name, pref, nl + 1))
				break;
			clash = !ze->is_dir;
		}
		free(pref);
		if (clash) {
			rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_PART_NAME_INVALID,
			           "\"%s\" is both a part and a folder",
			           p->parts[i].name);
			goto out;
		}
	}
	if ((rc = read_content_types(p, ctx, f)) < 0)
		goto out;
	const okc__zip_entry *e = okc__zip_find(zip, "_rels/.rels");
	if (e == NULL || e->is_dir) {
		rc = ffail(f, OKC_EFORMAT, OKC_R_OPC_RELS_MISSING,
		           "no _rels/.rels");
		goto out;
	}
	if ((rc = parse_rels(p, ctx, "/", e, &p->rels, &p->n_rels, f)) < 0)
		goto out;
	*out = p;
	p = NULL;
out:
	okc__opc_free(p);
	return rc;
}
