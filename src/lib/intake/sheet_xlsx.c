/*
 * sheet_xlsx.c - application lists in Office Open XML workbooks (.xlsx).
 *
 * ECMA-376 Part 1, 18.3 (worksheets) and 18.4 (shared strings); the package
 * is OPC (ECMA-376 Part 2).  A cell's value is its <v>: an index into the
 * shared strings (t="s"), the cached result of a formula (t="str", or a
 * number), a boolean (t="b") or a number stored as a number (no t); an
 * inline string (t="inlineStr") carries <is><t>.  Rich-text runs (<r>) are
 * concatenated; phonetic runs (<rPh>) are not part of the value.
 *
 * Hostile input: the ZIP is read from memory with libzip (consistency
 * checked, entry count, sizes and ratio limited, encrypted entries
 * refused); the XML is streamed with libxml2's reader (no network, no
 * entity substitution, no DTD accepted, element depth capped), so neither a
 * bomb nor a huge sheet builds a tree in memory.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "intake/intake_int.h"

/* ---- ZIP ---- */

int okc__zip_open_mem(okc_ctx *ctx, const unsigned char *data, size_t len,
                      struct zip **out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	*out = NULL;
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (za == NULL) {
		int rc = okc__error(ctx, OKC_EFORMAT, "not a readable ZIP: %s",
		                    zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n < 0 || (uint64_t)n > okc_ctx_limits(ctx)->max_entries) {
		zip_discard(za);
		return okc__error(ctx, OKC_ETOOLARGE, "%lld ZIP entries, limit %u",
		                  (long long)n, okc_ctx_limits(ctx)->max_entries);
	}
	*out = za;
	return OKC_OK;
}

/* Below this inflated size the ratio is not meaningful. */
#define RATIO_FLOOR (64u << 10)

int okc__zip_read(okc_ctx *ctx, struct zip *za, const char *name,
                  unsigned char **data, size_t *len)
{
	const okc_limits *lim = okc_ctx_limits(ctx);
	zip_stat_t st;
	unsigned char *buf = NULL;
	zip_file_t *zf = NULL;
	int rc = OKC_OK;
	*data = NULL;
	*len = 0;
	zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_ENC_RAW);
	if (idx < 0)
		return OKC_ENOTFOUND;
	zip_stat_init(&st);
	OKC_ENSURE(ctx, zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0,
	           OKC_EFORMAT, "%s: cannot read the ZIP entry", name);
	OKC_ENSURE(ctx, (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE),
	           OKC_EFORMAT, "%s: entry sizes unknown", name);
	OKC_ENSURE(ctx, !(st.valid & ZIP_STAT_ENCRYPTION_METHOD) ||
	                st.encryption_method == ZIP_EM_NONE,
	           OKC_EFORMAT, "%s: the entry is encrypted", name);
	OKC_ENSURE(ctx, st.size <= lim->max_xml_size && st.size <= lim->max_entry_size,
	           OKC_ETOOLARGE, "%s: %llu bytes inflated, limit %llu", name,
	           (unsigned long long)st.size,
	           (unsigned long long)lim->max_xml_size);
	OKC_ENSURE(ctx, st.size < RATIO_FLOOR ||
	                (st.comp_size > 0 && st.size / st.comp_size <= lim->max_ratio),
	           OKC_ETOOLARGE, "%s: compression ratio above %u", name,
	           lim->max_ratio);
	buf = malloc((size_t)st.size + 1);
	OKC_ENSURE(ctx, buf != NULL, OKC_ENOMEM, "out of memory");
	zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	OKC_ENSURE(ctx, zf != NULL, OKC_EFORMAT, "%s: %s", name,
	           zip_strerror(za));
	size_t got = 0;
	for (;;) {
		/* Read one byte past the declared size to catch an entry that
		 * inflates to more than its header says. */
		unsigned char extra;
		zip_int64_t r = got < st.size
			? zip_fread(zf, buf + got, st.size - got)
			: zip_fread(zf, &extra, 1);
		OKC_ENSURE(ctx, r >= 0, OKC_EFORMAT, "%s: %s", name,
		           zip_file_strerror(zf));
		if (r == 0)
			break;
		OKC_ENSURE(ctx, got < st.size, OKC_EFORMAT,
		           "%s: inflates past its declared size", name);
		got += (size_t)r;
	}
	OKC_ENSURE(ctx, got == st.size, OKC_EFORMAT,
	           "%s: shorter than its declared size", name);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	buf = NULL;
out:
	if (zf != NULL)
		zip_fclose(zf);
	free(buf);
	return rc;
}

void okc__format_number(const char *raw, char *out, size_t outlen)
{
	/* A plain run of at most 15 digits (the common case: sequence numbers,
	 * serials stored as numbers) is an integral value below 1e15, which
	 * the general path below prints without its leading zeros: do that
	 * without strtod and printf (10 % of reading a 5,000-row list;
	 * issue #9 profile). */
	size_t digits = strspn(raw, "0123456789");
	if (digits > 0 && digits <= 15 && raw[digits] == '\0' && outlen > 0) {
		while (raw[0] == '0' && raw[1] != '\0') {
			raw++;
			digits--;
		}
		if (digits >= outlen)
			digits = outlen - 1;
		memcpy(out, raw, digits);
		out[digits] = '\0';
		return;
	}
	char *end = NULL;
	double x = strtod(raw, &end);
	/* Serial-like integers come back as 1.2345E+7 from some writers:
	 * print integral values as integers, leave everything else as is. */
	if (end != raw && *end == '\0' && isfinite(x) && fabs(x) < 1e15 &&
	    x == floor(x)) {
		snprintf(out, outlen, "%.0f", x);
		return;
	}
	snprintf(out, outlen, "%s", raw);
}

/* ---- streamed XML ---- */


int okc__walk_open(okc__xml_walk *w, okc_ctx *ctx, const unsigned char *data,
                     size_t len, const char *name)
{
	w->ctx = ctx;
	w->rc = OKC_OK;
	if (len > (size_t)INT32_MAX)
		return okc__error(ctx, OKC_ETOOLARGE, "%s: too large", name);
	w->r = xmlReaderForMemory((const char *)data, (int)len, NULL, NULL,
	                          XML_PARSE_NONET | XML_PARSE_NOERROR |
	                          XML_PARSE_NOWARNING);
	if (w->r == NULL)
		return okc__error(ctx, OKC_ENOMEM, "%s: cannot start the XML reader",
		                  name);
	return OKC_OK;
}

/* Next node: 1, 0 at the end, negative on error (ctx message set). */
int okc__walk_next(okc__xml_walk *w, const char *name)
{
	int k = xmlTextReaderRead(w->r);
	if (k < 0)
		return okc__error(w->ctx, OKC_EFORMAT, "%s: not well-formed XML",
		                  name);
	if (k == 0)
		return 0;
	int type = xmlTextReaderNodeType(w->r);
	if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
	    type == XML_READER_TYPE_ENTITY_REFERENCE)
		return okc__error(w->ctx, OKC_EFORMAT, "%s: DTDs and entities are "
		                  "not allowed in a spreadsheet part", name);
	if (xmlTextReaderDepth(w->r) > (int)okc_ctx_limits(w->ctx)->max_xml_depth)
		return okc__error(w->ctx, OKC_ETOOLARGE, "%s: XML nested deeper "
		                  "than %u", name,
		                  okc_ctx_limits(w->ctx)->max_xml_depth);
	return 1;
}

bool okc__walk_is(okc__xml_walk *w, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(w->r);
	return n != NULL && strcmp((const char *)n, local) == 0;
}

/* Attribute by local name, whatever its namespace (transitional and strict
 * OOXML differ only in namespaces).  Caller frees with xmlFree. */
char *okc__walk_attr(okc__xml_walk *w, const char *local)
{
	char *v = NULL;
	if (xmlTextReaderMoveToFirstAttribute(w->r) != 1)
		return NULL;
	do {
		const xmlChar *n = xmlTextReaderConstLocalName(w->r);
		if (n != NULL && strcmp((const char *)n, local) == 0) {
			v = (char *)xmlTextReaderValue(w->r);
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(w->r) == 1);
	xmlTextReaderMoveToElement(w->r);
	return v;
}


void okc__tbuf_add(okc__tbuf *t, const char *s)
{
	size_t l = strlen(s);
	if (l > OKC__MAX_CELL - t->n)
		l = OKC__MAX_CELL - t->n;
	memcpy(t->s + t->n, s, l);
	t->n += l;
	t->s[t->n] = '\0';
}

bool okc__walk_is_text(okc__xml_walk *w)
{
	int t = xmlTextReaderNodeType(w->r);
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	       t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	       t == XML_READER_TYPE_WHITESPACE;
}

/* ---- shared strings (18.4) ---- */

typedef struct sst {
	char **v;
	size_t n, cap;
} sst;

static void sst_clear(sst *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int read_sst(okc_ctx *ctx, const unsigned char *d, size_t len, sst *out)
{
	okc__xml_walk w;
	int rc = okc__walk_open(&w, ctx, d, len, "sharedStrings.xml");
	if (rc < 0)
		return rc;
	okc__tbuf t = { .n = 0 };
	bool in_si = false, in_t = false;
	int rph = 0;
	while ((rc = okc__walk_next(&w, "sharedStrings.xml")) == 1) {
		int type = xmlTextReaderNodeType(w.r);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(w.r);
			if (okc__walk_is(&w, "si")) {
				t.n = 0;
				t.s[0] = '\0';
				in_si = true;
				if (empty)
					goto close_si;
			} else if (okc__walk_is(&w, "rPh") && !empty) {
				rph++;
			} else if (okc__walk_is(&w, "t") && !empty) {
				in_t = true;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (okc__walk_is(&w, "t"))
				in_t = false;
			else if (okc__walk_is(&w, "rPh") && rph > 0)
				rph--;
			else if (okc__walk_is(&w, "si") && in_si)
				goto close_si;
			continue;
		}
		if (in_si && in_t && rph == 0 && okc__walk_is_text(&w)) {
			const xmlChar *v = xmlTextReaderConstValue(w.r);
			if (v != NULL)
				okc__tbuf_add(&t, (const char *)v);
		}
		continue;
close_si:
		in_si = false;
		if (okc__grow((void **)&out->v, &out->cap, out->n + 1,
		              sizeof(*out->v)) < 0 ||
		    (out->v[out->n] = strdup(t.s)) == NULL) {
			rc = okc__error(ctx, OKC_ENOMEM, "out of memory");
			break;
		}
		out->n++;
	}
	xmlFreeTextReader(w.r);
	return rc < 0 ? rc : OKC_OK;
}

/* ---- workbook: sheet names and parts (18.2.19, 18.2.20) ---- */

typedef struct sheet_ref {
	char *name;
	char *rid;
	char *part;
} sheet_ref;

typedef struct sheet_refs {
	sheet_ref *v;
	size_t n, cap;
} sheet_refs;

static void refs_clear(sheet_refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		xmlFree(r->v[i].name);
		xmlFree(r->v[i].rid);
		free(r->v[i].part);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int read_workbook(okc_ctx *ctx, const unsigned char *d, size_t len,
                         sheet_refs *out)
{
	okc__xml_walk w;
	int rc = okc__walk_open(&w, ctx, d, len, "workbook.xml");
	if (rc < 0)
		return rc;
	while ((rc = okc__walk_next(&w, "workbook.xml")) == 1) {
		if (xmlTextReaderNodeType(w.r) != XML_READER_TYPE_ELEMENT ||
		    !okc__walk_is(&w, "sheet"))
			continue;
		if (out->n >= OKC__MAX_SHEETS)
			break;
		if (okc__grow((void **)&out->v, &out->cap, out->n + 1,
		              sizeof(*out->v)) < 0) {
			rc = okc__error(ctx, OKC_ENOMEM, "out of memory");
			break;
		}
		sheet_ref *s = &out->v[out->n++];
		memset(s, 0, sizeof(*s));
		s->name = okc__walk_attr(&w, "name");
		s->rid = okc__walk_attr(&w, "id");
	}
	xmlFreeTextReader(w.r);
	return rc < 0 ? rc : OKC_OK;
}

/* Resolve a relationship target of xl/workbook.xml to a part name. */
static char *resolve_target(const char *target)
{
	char *p;
	if (target[0] == '/')
		return strdup(target + 1);
	if (strncmp(target, "../", 3) == 0)
		return strdup(target + 3);
	p = malloc(strlen(target) + 4);
	if (p != NULL) {
		memcpy(p, "xl/", 3);
		strcpy(p + 3, target);
	}
	return p;
}

static int read_rels(okc_ctx *ctx, const unsigned char *d, size_t len,
                     sheet_refs *refs)
{
	okc__xml_walk w;
	int rc = okc__walk_open(&w, ctx, d, len, "workbook.xml.rels");
	if (rc < 0)
		return rc;
	while ((rc = okc__walk_next(&w, "workbook.xml.rels")) == 1) {
		if (xmlTextReaderNodeType(w.r) != XML_READER_TYPE_ELEMENT ||
		    !okc__walk_is(&w, "Relationship"))
			continue;
		char *id = okc__walk_attr(&w, "Id");
		char *target = okc__walk_attr(&w, "Target");
		for (size_t i = 0; id && target && i < refs->n; i++)
			if (refs->v[i].rid && strcmp(refs->v[i].rid, id) == 0 &&
			    refs->v[i].part == NULL &&
			    (refs->v[i].part = resolve_target(target)) == NULL)
				rc = okc__error(ctx, OKC_ENOMEM, "out of memory");
		xmlFree(id);
		xmlFree(target);
		if (rc < 0)
			break;
	}
	xmlFreeTextReader(w.r);
	return rc < 0 ? rc : OKC_OK;
}

/* ---- a worksheet (18.3.1.96 sheetData) ---- */

/* "AB12" -> column 27 (0-based), row 12; returns false when not a ref. */
static bool parse_ref(const char *ref, uint32_t *col, uint32_t *row)
{
	uint64_t c = 0, r = 0;
	const char *p = ref;
	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return false;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		c = c * 26 + (uint64_t)((*p & ~0x20) - 'A' + 1);
		if (c > 16384)
			return false;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		r = r * 10 + (uint64_t)(*p - '0');
		if (r > UINT32_MAX)
			return false;
	}
	if (*p != '\0')
		return false;
	*col = (uint32_t)(c - 1);
	*row = (uint32_t)r;
	return true;
}

static int read_worksheet(okc_ctx *ctx, const unsigned char *d, size_t len,
                          const sst *strings, okc__sheet *sheet)
{
	okc__xml_walk w;
	int rc = okc__walk_open(&w, ctx, d, len, "worksheet");
	if (rc < 0)
		return rc;
	uint32_t max_rows = okc_ctx_limits(ctx)->max_rows;
	uint32_t row = 0, col = 0;
	char type[16] = "";
	okc__tbuf v = { .n = 0 }, is = { .n = 0 };
	bool in_c = false, in_v = false, in_is = false, in_t = false;
	int rph = 0;
	while ((rc = okc__walk_next(&w, "worksheet")) == 1) {
		int nt = xmlTextReaderNodeType(w.r);
		if (nt == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(w.r);
			if (okc__walk_is(&w, "row")) {
				char *r = okc__walk_attr(&w, "r");
				char *end = NULL;
				unsigned long n = r ? strtoul(r, &end, 10) : 0;
				row = (r && end && *end == '\0' && n > 0 &&
				       n <= UINT32_MAX) ? (uint32_t)n
				                        : (row < UINT32_MAX ? row + 1 : row);
				xmlFree(r);
				col = 0;
			} else if (okc__walk_is(&w, "c")) {
				char *r = okc__walk_attr(&w, "r");
				char *t = okc__walk_attr(&w, "t");
				uint32_t rc_col, rc_row;
				if (r != NULL && parse_ref(r, &rc_col, &rc_row)) {
					col = rc_col;
					if (rc_row != 0)
						row = rc_row;
				}
				const char *tv = t ? t : "n";
				size_t tl = strnlen(tv, sizeof(type) - 1);
				memcpy(type, tv, tl);
				type[tl] = '\0';
				xmlFree(r);
				xmlFree(t);
				v.n = is.n = 0;
				v.s[0] = is.s[0] = '\0';
				in_c = !empty;
				if (empty && col < UINT32_MAX)
					col++;
			} else if (in_c && okc__walk_is(&w, "v") && !empty) {
				in_v = true;
			} else if (in_c && okc__walk_is(&w, "is") && !empty) {
				in_is = true;
			} else if (in_is && okc__walk_is(&w, "rPh") && !empty) {
				rph++;
			} else if (in_is && okc__walk_is(&w, "t") && !empty) {
				in_t = true;
			}
			continue;
		}
		if (nt == XML_READER_TYPE_END_ELEMENT) {
			if (okc__walk_is(&w, "v")) {
				in_v = false;
			} else if (okc__walk_is(&w, "t")) {
				in_t = false;
			} else if (okc__walk_is(&w, "rPh") && rph > 0) {
				rph--;
			} else if (okc__walk_is(&w, "is")) {
				in_is = false;
			} else if (okc__walk_is(&w, "c") && in_c) {
				char num[64];
				const char *val = NULL;
				in_c = false;
				if (strcmp(type, "s") == 0) {
					char *end = NULL;
					unsigned long k = strtoul(v.s, &end, 10);
					if (v.n > 0 && end && *end == '\0' &&
					    k < strings->n)
						val = strings->v[k];
				} else if (strcmp(type, "inlineStr") == 0) {
					val = is.s;
				} else if (strcmp(type, "b") == 0) {
					val = v.n ? (strcmp(v.s, "1") == 0 ? "TRUE"
					                                   : "FALSE")
					          : NULL;
				} else if (strcmp(type, "n") == 0 && v.n > 0) {
					okc__format_number(v.s, num, sizeof(num));
					val = num;
				} else {
					/* str (formula text result), e, d */
					val = v.s;
				}
				if (val != NULL && row > 0) {
					rc = okc__sheet_set(sheet, row, col, val,
					                    strlen(val), max_rows);
					if (rc == OKC_ETOOLARGE)
						rc = okc__error(ctx, OKC_ETOOLARGE,
						        "more than %u rows", max_rows);
					if (rc < 0)
						break;
				}
				if (col < UINT32_MAX)
					col++;
			}
			continue;
		}
		if (!okc__walk_is_text(&w))
			continue;
		const xmlChar *tv = xmlTextReaderConstValue(w.r);
		if (tv == NULL)
			continue;
		if (in_v)
			okc__tbuf_add(&v, (const char *)tv);
		else if (in_is && in_t && rph == 0)
			okc__tbuf_add(&is, (const char *)tv);
	}
	xmlFreeTextReader(w.r);
	return rc < 0 ? rc : OKC_OK;
}

int okc__read_xlsx(okc_ctx *ctx, const unsigned char *data, size_t len,
                   okc__book *out)
{
	struct zip *za = NULL;
	unsigned char *buf = NULL;
	size_t blen = 0;
	sst strings = { 0 };
	sheet_refs refs = { 0 };
	int rc = okc__zip_open_mem(ctx, data, len, &za);
	if (rc < 0)
		return rc;

	rc = okc__zip_read(ctx, za, "xl/sharedStrings.xml", &buf, &blen);
	if (rc == OKC_OK) {
		OKC_GUARD(read_sst(ctx, buf, blen, &strings));
		free(buf);
		buf = NULL;
	} else if (rc != OKC_ENOTFOUND) {
		goto out;
	}
	rc = okc__zip_read(ctx, za, "xl/workbook.xml", &buf, &blen);
	if (rc == OKC_ENOTFOUND)
		rc = okc__error(ctx, OKC_EFORMAT, "no xl/workbook.xml: not an "
		                "Excel workbook");
	OKC_GUARD(rc);
	OKC_GUARD(read_workbook(ctx, buf, blen, &refs));
	free(buf);
	buf = NULL;
	rc = okc__zip_read(ctx, za, "xl/_rels/workbook.xml.rels", &buf, &blen);
	if (rc == OKC_OK) {
		OKC_GUARD(read_rels(ctx, buf, blen, &refs));
		free(buf);
		buf = NULL;
	} else if (rc != OKC_ENOTFOUND) {
		goto out;
	}
	rc = OKC_OK;
	for (size_t i = 0; i < refs.n; i++) {
		/* Without a resolvable relationship, fall back to the name
		 * every writer uses for the i-th sheet. */
		char fallback[64];
		const char *part = refs.v[i].part;
		if (part == NULL) {
			snprintf(fallback, sizeof(fallback),
			         "xl/worksheets/sheet%zu.xml", i + 1);
			part = fallback;
		}
		int r = okc__zip_read(ctx, za, part, &buf, &blen);
		if (r == OKC_ENOTFOUND)
			continue;
		OKC_GUARD(r);
		okc__sheet *s = okc__book_add_sheet(out, refs.v[i].name ?
		                                    refs.v[i].name : "");
		OKC_ENSURE(ctx, s != NULL, OKC_ENOMEM, "out of memory");
		OKC_GUARD(read_worksheet(ctx, buf, blen, &strings, s));
		free(buf);
		buf = NULL;
	}
	OKC_ENSURE(ctx, out->n > 0, OKC_EFORMAT, "the workbook has no readable "
	           "worksheet");
out:
	free(buf);
	sst_clear(&strings);
	refs_clear(&refs);
	zip_discard(za);
	return rc;
}
