/*
 * sheet_ods.c - application lists in OpenDocument spreadsheets (.ods).
 *
 * OpenDocument 1.2 part 1, 9.1 (tables): content.xml holds
 * office:spreadsheet / table:table / table:table-row / table:table-cell.
 * A numeric cell's value is its office:value attribute (the text is only
 * its formatted display); a string cell's value is its text:p paragraphs
 * (text:s stands for spaces, text:span wraps runs, office:annotation is a
 * comment and not part of the value).  Rows and cells carry repetition
 * counts (table:number-rows-repeated, table:number-columns-repeated):
 * LibreOffice writes a million empty rows as one element, so repetition is
 * applied only to rows and cells that hold a value, and is bounded by the
 * row limit and the column cap.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "intake/intake_int.h"

/* Cells of one row before repetition. */
typedef struct pending {
	uint32_t col;
	char *val;
} pending;

typedef struct pend_row {
	pending *v;
	size_t n, cap;
} pend_row;

static void pend_clear(pend_row *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].val);
	p->n = 0;
}

static uint64_t repeat_attr(okc__xml_walk *w, const char *name)
{
	char *a = okc__walk_attr(w, name);
	uint64_t n = 1;
	if (a != NULL) {
		char *end = NULL;
		unsigned long long k = strtoull(a, &end, 10);
		if (end != a && *end == '\0' && k >= 1)
			n = k > UINT32_MAX ? UINT32_MAX : k;
		xmlFree(a);
	}
	return n;
}

static int read_content(okc_ctx *ctx, const unsigned char *d, size_t len,
                        okc__book *out)
{
	okc__xml_walk w;
	int rc = okc__walk_open(&w, ctx, d, len, "content.xml");
	if (rc < 0)
		return rc;
	uint32_t max_rows = okc_ctx_limits(ctx)->max_rows;
	okc__sheet *sheet = NULL;
	pend_row pr = { 0 };
	okc__tbuf text = { .n = 0 };
	uint64_t row = 0, col = 0, row_rep = 1, col_rep = 1;
	char *value = NULL;            /* office:value etc. of the cell */
	bool in_table = false, in_cell = false;
	int in_p = 0, annot = 0;
	int tables = 0;

	while ((rc = okc__walk_next(&w, "content.xml")) == 1) {
		int nt = xmlTextReaderNodeType(w.r);
		bool empty = nt == XML_READER_TYPE_ELEMENT &&
		             xmlTextReaderIsEmptyElement(w.r);
		if (nt == XML_READER_TYPE_ELEMENT && okc__walk_is(&w, "table") &&
		    !in_table) {
			if (tables++ >= (int)OKC__MAX_SHEETS)
				break;
			char *name = okc__walk_attr(&w, "name");
			sheet = okc__book_add_sheet(out, name ? name : "");
			xmlFree(name);
			if (sheet == NULL) {
				rc = okc__error(ctx, OKC_ENOMEM, "out of memory");
				break;
			}
			in_table = !empty;
			row = 0;
			continue;
		}
		if (!in_table)
			continue;
		if (nt == XML_READER_TYPE_END_ELEMENT && okc__walk_is(&w, "table")) {
			in_table = false;
			continue;
		}
		if (nt == XML_READER_TYPE_ELEMENT && okc__walk_is(&w, "table-row")) {
			row_rep = repeat_attr(&w, "number-rows-repeated");
			col = 0;
			pend_clear(&pr);
			if (empty)
				goto end_row;
			continue;
		}
		if (nt == XML_READER_TYPE_END_ELEMENT &&
		    okc__walk_is(&w, "table-row"))
			goto end_row;
		if (nt == XML_READER_TYPE_ELEMENT &&
		    (okc__walk_is(&w, "table-cell") ||
		     okc__walk_is(&w, "covered-table-cell"))) {
			col_rep = repeat_attr(&w, "number-columns-repeated");
			char *type = okc__walk_attr(&w, "value-type");
			free(value);
			value = NULL;
			if (type != NULL && strcmp(type, "string") != 0) {
				const char *attr =
					strcmp(type, "date") == 0 ? "date-value" :
					strcmp(type, "time") == 0 ? "time-value" :
					strcmp(type, "boolean") == 0 ? "boolean-value"
					                             : "value";
				char *v = okc__walk_attr(&w, attr);
				if (v != NULL) {
					char num[64];
					if (strcmp(attr, "value") == 0) {
						okc__format_number(v, num, sizeof(num));
						value = strdup(num);
					} else {
						value = strdup(v);
					}
					xmlFree(v);
					if (value == NULL) {
						xmlFree(type);
						rc = okc__error(ctx, OKC_ENOMEM,
						                "out of memory");
						break;
					}
				}
			}
			xmlFree(type);
			text.n = 0;
			text.s[0] = '\0';
			in_p = 0;
			annot = 0;
			in_cell = !empty;
			if (empty)
				goto end_cell;
			continue;
		}
		if (!in_cell)
			continue;
		if (nt == XML_READER_TYPE_ELEMENT) {
			if (okc__walk_is(&w, "annotation") && !empty) {
				annot++;
			} else if (annot == 0 && okc__walk_is(&w, "p")) {
				if (text.n > 0)
					okc__tbuf_add(&text, "\n");
				if (!empty)
					in_p++;
			} else if (annot == 0 && in_p && okc__walk_is(&w, "s")) {
				uint64_t k = repeat_attr(&w, "c");
				for (uint64_t i = 0; i < k && text.n < OKC__MAX_CELL; i++)
					okc__tbuf_add(&text, " ");
			} else if (annot == 0 && in_p && okc__walk_is(&w, "tab")) {
				okc__tbuf_add(&text, "\t");
			}
			continue;
		}
		if (nt == XML_READER_TYPE_END_ELEMENT) {
			if (okc__walk_is(&w, "annotation") && annot > 0)
				annot--;
			else if (okc__walk_is(&w, "p") && in_p > 0)
				in_p--;
			else if (okc__walk_is(&w, "table-cell") ||
			         okc__walk_is(&w, "covered-table-cell"))
				goto end_cell;
			continue;
		}
		if (in_p && annot == 0 && okc__walk_is_text(&w)) {
			const xmlChar *tv = xmlTextReaderConstValue(w.r);
			if (tv != NULL)
				okc__tbuf_add(&text, (const char *)tv);
		}
		continue;
end_cell:
		in_cell = false;
		{
			const char *val = value ? value : (text.n ? text.s : NULL);
			for (uint64_t i = 0; val != NULL && i < col_rep &&
			                     col + i < OKC__MAX_COLS; i++) {
				if (okc__grow((void **)&pr.v, &pr.cap, pr.n + 1,
				              sizeof(*pr.v)) < 0 ||
				    (pr.v[pr.n].val = strdup(val)) == NULL) {
					rc = okc__error(ctx, OKC_ENOMEM,
					                "out of memory");
					break;
				}
				pr.v[pr.n++].col = (uint32_t)(col + i);
			}
			if (rc < 0)
				break;
			col += col_rep;
			free(value);
			value = NULL;
		}
		continue;
end_row:
		/* An empty row, however often repeated, only moves on. */
		for (uint64_t r = 0; pr.n > 0 && r < row_rep; r++) {
			if (row + 1 > UINT32_MAX)
				break;
			row++;
			for (size_t i = 0; i < pr.n; i++) {
				rc = okc__sheet_set(sheet, (uint32_t)row, pr.v[i].col,
				                    pr.v[i].val, strlen(pr.v[i].val),
				                    max_rows);
				if (rc == OKC_ETOOLARGE)
					rc = okc__error(ctx, OKC_ETOOLARGE,
					                "more than %u rows", max_rows);
				if (rc < 0)
					break;
			}
			if (rc < 0)
				break;
		}
		if (rc < 0)
			break;
		if (pr.n == 0)
			row = row + row_rep > UINT32_MAX ? UINT32_MAX : row + row_rep;
		pend_clear(&pr);
	}
	pend_clear(&pr);
	free(pr.v);
	free(value);
	xmlFreeTextReader(w.r);
	return rc < 0 ? rc : OKC_OK;
}

int okc__read_ods(okc_ctx *ctx, const unsigned char *data, size_t len,
                  okc__book *out)
{
	struct zip *za = NULL;
	unsigned char *buf = NULL;
	size_t blen = 0;
	int rc = okc__zip_open_mem(ctx, data, len, &za);
	if (rc < 0)
		return rc;
	rc = okc__zip_read(ctx, za, "content.xml", &buf, &blen);
	if (rc == OKC_ENOTFOUND)
		rc = okc__error(ctx, OKC_EFORMAT, "no content.xml: not an "
		                "OpenDocument spreadsheet");
	OKC_GUARD(rc);
	OKC_GUARD(read_content(ctx, buf, blen, out));
	OKC_ENSURE(ctx, out->n > 0, OKC_EFORMAT, "the document has no table");
out:
	free(buf);
	zip_discard(za);
	return rc;
}
