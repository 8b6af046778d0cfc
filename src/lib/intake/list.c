/*
 * list.c - sheets in memory and the serial column of an application list.
 *
 * No template of the "Sırasız ÖKC Sertifika Başvuru Listesi" is public
 * (okc-domain.md section 5), so the column is found twice over: by a header
 * cell that names it ("Seri No", "Sicil No", "Mali Sicil Numarası", "ÖKC
 * Seri Numarası", "Serial"), else by content (the column holding the most
 * values shaped like a serial number).  Rows above the data (titles,
 * headers) are skipped; rows inside it are all accounted for.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

/* ---- sheets ---- */

static void row_free(okc__row *r)
{
	for (uint32_t i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	free(r->cells);
}

void okc__book_clear(okc__book *b)
{
	for (size_t i = 0; i < b->n; i++) {
		okc__sheet *s = &b->sheets[i];
		for (size_t j = 0; j < s->n; j++)
			row_free(&s->rows[j]);
		free(s->rows);
		free(s->name);
	}
	free(b->sheets);
	memset(b, 0, sizeof(*b));
}

okc__sheet *okc__book_add_sheet(okc__book *b, const char *name)
{
	if (okc__grow((void **)&b->sheets, &b->cap, b->n + 1,
	              sizeof(*b->sheets)) < 0)
		return NULL;
	okc__sheet *s = &b->sheets[b->n];
	memset(s, 0, sizeof(*s));
	s->name = okc__strdup(name ? name : "");
	if (s->name == NULL)
		return NULL;
	b->n++;
	return s;
}

int okc__sheet_set(okc__sheet *s, uint32_t row, uint32_t col,
                   const char *val, size_t len, uint32_t max_rows)
{
	if (len == 0 || col >= OKC__MAX_COLS)
		return OKC_OK;
	if (len > OKC__MAX_CELL)
		len = OKC__MAX_CELL;
	okc__row *r = s->n ? &s->rows[s->n - 1] : NULL;
	if (r == NULL || r->number != row) {
		if (s->n >= max_rows)
			return OKC_ETOOLARGE;
		if (okc__grow((void **)&s->rows, &s->cap, s->n + 1,
		              sizeof(*s->rows)) < 0)
			return OKC_ENOMEM;
		r = &s->rows[s->n++];
		memset(r, 0, sizeof(*r));
		r->number = row;
	}
	if (col >= r->ncells) {
		char **nc = realloc(r->cells, (size_t)(col + 1) * sizeof(*nc));
		if (nc == NULL)
			return OKC_ENOMEM;
		for (uint32_t i = r->ncells; i <= col; i++)
			nc[i] = NULL;
		r->cells = nc;
		r->ncells = col + 1;
	}
	char *v = malloc(len + 1);
	if (v == NULL)
		return OKC_ENOMEM;
	memcpy(v, val, len);
	v[len] = '\0';
	free(r->cells[col]);
	r->cells[col] = v;
	return OKC_OK;
}

/* ---- the serial column ---- */

static const char *cell_at(const okc__row *r, uint32_t col)
{
	return col < r->ncells ? r->cells[col] : NULL;
}

static bool serial_like(const char *cell)
{
	char norm[64];
	char pfx[4];
	const okc__prefix *e;
	if (cell == NULL || okc__serial_normalize(cell, norm, sizeof(norm)) < 0)
		return false;
	okc__serial_form f = okc__serial_check(norm, NULL, &e, pfx);
	return f == OKC__SERIAL_KNOWN || f == OKC__SERIAL_UNKNOWN_PREFIX;
}

/* Header phrases (folded, see roles.c); '*' = word prefix. */
static const char *const header_phrases[] = {
	"seri*", "sicil*", "serial*", "okc no", "cihaz no", NULL,
};

static bool header_like(const char *cell)
{
	bool hit = false;
	size_t n = strlen(cell);
	if (n == 0 || n > 80)
		return false;
	char *f = okc__tr_fold(cell, n);
	if (f == NULL)
		return false;
	for (size_t i = 0; !hit && header_phrases[i]; i++)
		hit = okc__tr_has_phrase(f, header_phrases[i]);
	free(f);
	/* A cell that is itself a serial is data, not a header. */
	return hit && !serial_like(cell);
}

/* Rows scanned for a header row. */
#define HEADER_ROWS 20

static size_t count_serials(const okc__sheet *s, size_t from, uint32_t col)
{
	size_t c = 0;
	for (size_t i = from; i < s->n; i++)
		if (serial_like(cell_at(&s->rows[i], col)))
			c++;
	return c;
}

/* Decide the column and the first data row of one sheet. */
static bool find_column(const okc__sheet *s, uint32_t *col, size_t *first,
                        bool *by_header)
{
	/* 1. a header cell naming the serial column */
	for (size_t i = 0; i < s->n && i < HEADER_ROWS; i++) {
		const okc__row *r = &s->rows[i];
		bool found = false;
		size_t best = 0;
		for (uint32_t c = 0; c < r->ncells; c++) {
			if (r->cells[c] == NULL || !header_like(r->cells[c]))
				continue;
			size_t k = count_serials(s, i + 1, c);
			if (!found || k > best) {
				found = true;
				best = k;
				*col = c;
			}
		}
		if (found) {
			*first = i + 1;
			*by_header = true;
			return true;
		}
	}
	/* 2. the column with the most serial-shaped values */
	size_t best = 0;
	uint32_t widest = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->rows[i].ncells > widest)
			widest = s->rows[i].ncells;
	for (uint32_t c = 0; c < widest; c++) {
		size_t k = count_serials(s, 0, c);
		if (k > best) {
			best = k;
			*col = c;
		}
	}
	if (best == 0)
		return false;
	*by_header = false;
	for (size_t i = 0; i < s->n; i++)
		if (serial_like(cell_at(&s->rows[i], *col))) {
			*first = i;
			break;
		}
	return true;
}

void okc__list_clear(okc__list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].raw);
		free(l->v[i].serial);
		free(l->v[i].document);
	}
	free(l->v);
	free(l->sheet);
	memset(l, 0, sizeof(*l));
}

static int list_add(okc__list *l, const char *raw, const char *norm,
                    uint32_t row, const char *doc)
{
	if (okc__grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
		return OKC_ENOMEM;
	okc__list_item *it = &l->v[l->n];
	it->raw = okc__strdup(raw);
	it->serial = okc__strdup(norm);
	it->document = okc__strdup(doc ? doc : "");
	it->row = row;
	if (it->raw == NULL || it->serial == NULL || it->document == NULL) {
		free(it->raw);
		free(it->serial);
		free(it->document);
		return OKC_ENOMEM;
	}
	l->n++;
	return OKC_OK;
}

int okc__list_from_book(const okc__book *b, const char *docname,
                        okc__list *out)
{
	/* The first sheet whose column holds serial numbers; failing that
	 * the first with a serial header (a list of malformed numbers is
	 * still the list, and says so through its reasons). */
	size_t pick = b->n;
	uint32_t pick_col = 0;
	size_t pick_first = 0;
	bool pick_by_header = false;
	for (int pass = 0; pass < 2 && pick == b->n; pass++)
		for (size_t si = 0; si < b->n; si++) {
			uint32_t col = 0;
			size_t first = 0;
			bool by_header = false;
			if (find_column(&b->sheets[si], &col, &first, &by_header) &&
			    (pass == 1 || count_serials(&b->sheets[si], first, col) > 0)) {
				pick = si;
				pick_col = col;
				pick_first = first;
				pick_by_header = by_header;
				break;
			}
		}
	for (size_t si = pick; si < b->n; si++) {
		const okc__sheet *s = &b->sheets[si];
		uint32_t col = pick_col;
		size_t first = pick_first;
		bool by_header = pick_by_header;
		/* the picked sheet's column is known already (find_column
		 * scans every row: once is enough) */
		if (si != pick && !find_column(s, &col, &first, &by_header))
			continue;
		out->column = col;
		out->by_header = by_header;
		out->sheet = okc__strdup(s->name);
		if (out->sheet == NULL)
			return OKC_ENOMEM;
		/* Last row that has anything in the column: rows after it
		 * (notes under the table) are not part of the list. */
		size_t last = first;
		for (size_t i = first; i < s->n; i++)
			if (cell_at(&s->rows[i], col) != NULL)
				last = i;
		uint32_t prev = first > 0 ? s->rows[first - 1].number : 0;
		for (size_t i = first; i < s->n && i <= last; i++) {
			const okc__row *r = &s->rows[i];
			const char *cell = cell_at(r, col);
			if (prev != 0 && r->number > prev + 1)
				out->blank_rows += r->number - prev - 1;
			prev = r->number;
			char norm[OKC__MAX_CELL + 1];
			if (cell == NULL ||
			    okc__serial_normalize(cell, norm, sizeof(norm)) < 0 ||
			    norm[0] == '\0') {
				out->blank_rows++;
				continue;
			}
			int rc = list_add(out, cell, norm, r->number, docname);
			if (rc < 0)
				return rc;
		}
		return OKC_OK;
	}
	return OKC_ENOTFOUND;
}
