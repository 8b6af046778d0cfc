/*
 * sheet_csv.c - application lists as delimited text (RFC 4180 and what
 * spreadsheet programs really write).
 *
 * Excel in a Turkish locale saves "CSV" with ';' (the comma is the decimal
 * separator) in Windows-1254 without a BOM; "CSV UTF-8" adds a BOM; "Unicode
 * text" is UTF-16LE with a BOM and tabs.  The encoding is decided from the
 * bytes (BOM, then UTF-8 validity, else Windows-1254) and the delimiter from
 * the first records (the candidate among , ; TAB that occurs most outside
 * quotes).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

/* Windows-1254 0x80..0x9F (0 = undefined -> U+FFFD). */
static const uint16_t cp1254_80[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0, 0x0178,
};

static uint32_t cp1254(unsigned char b)
{
	if (b < 0x80)
		return b;
	if (b < 0xa0)
		return cp1254_80[b - 0x80] ? cp1254_80[b - 0x80] : 0xfffd;
	/* Latin-1 except the six Turkish letters (Windows-1254 = ISO 8859-9
	 * plus the 0x80 block). */
	switch (b) {
	case 0xd0: return 0x011e;
	case 0xdd: return 0x0130;
	case 0xde: return 0x015e;
	case 0xf0: return 0x011f;
	case 0xfd: return 0x0131;
	case 0xfe: return 0x015f;
	default: return b;
	}
}

static size_t put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static bool valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t need;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			need = 1; cp = c & 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2; cp = c & 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (n - i - 1 < need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

char *okc__text_to_utf8(const unsigned char *d, size_t len, size_t *outlen,
                        const char **enc)
{
	char *out = NULL;
	size_t o = 0, cap;

	if (len >= 2 && ((d[0] == 0xff && d[1] == 0xfe) ||
	                 (d[0] == 0xfe && d[1] == 0xff))) {
		bool le = d[0] == 0xff;
		*enc = le ? "UTF-16LE" : "UTF-16BE";
		/* Each UTF-16 unit becomes at most 3 bytes (a pair: 4 for 4). */
		if (okc__mul_overflows(len / 2, 3, &cap) ||
		    okc__add_overflows(cap, 1, &cap) ||
		    (out = malloc(cap)) == NULL)
			return NULL;
		for (size_t i = 2; i + 1 < len; i += 2) {
			uint32_t u = le ? (uint32_t)(d[i] | d[i + 1] << 8)
			                : (uint32_t)(d[i] << 8 | d[i + 1]);
			if (u >= 0xd800 && u <= 0xdbff && i + 3 < len) {
				uint32_t l = le ? (uint32_t)(d[i + 2] | d[i + 3] << 8)
				                : (uint32_t)(d[i + 2] << 8 | d[i + 3]);
				if (l >= 0xdc00 && l <= 0xdfff) {
					u = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00);
					i += 2;
				} else {
					u = 0xfffd;
				}
			} else if (u >= 0xd800 && u <= 0xdfff) {
				u = 0xfffd;
			}
			if (u == 0)
				u = 0xfffd;
			o += put_utf8(out + o, u);
		}
		out[o] = '\0';
		*outlen = o;
		return out;
	}
	if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
		d += 3;
		len -= 3;
		*enc = "UTF-8 BOM";
	} else {
		*enc = "UTF-8";
	}
	if (valid_utf8(d, len)) {
		if ((out = malloc(len + 1)) == NULL)
			return NULL;
		memcpy(out, d, len);
		out[len] = '\0';
		*outlen = len;
		return out;
	}
	/* Not UTF-8: the Turkish ANSI code page is what Windows writes. */
	*enc = "Windows-1254";
	if (okc__mul_overflows(len, 3, &cap) || okc__add_overflows(cap, 1, &cap) ||
	    (out = malloc(cap)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		o += put_utf8(out + o, cp1254(d[i]));
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Records looked at to choose the delimiter. */
#define SNIFF_RECORDS 20

static char sniff_delimiter(const char *t, size_t n)
{
	static const char cand[] = { ';', ',', '\t' };
	size_t count[3] = { 0, 0, 0 };
	bool quoted = false;
	int records = 0;
	for (size_t i = 0; i < n && records < SNIFF_RECORDS; i++) {
		char c = t[i];
		if (c == '"') {
			quoted = !quoted;
		} else if (!quoted && c == '\n') {
			records++;
		} else if (!quoted) {
			for (int k = 0; k < 3; k++)
				if (c == cand[k])
					count[k]++;
		}
	}
	int best = 1; /* ',' when nothing else is seen */
	for (int k = 0; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

int okc__read_csv(okc_ctx *ctx, const unsigned char *data, size_t len,
                  okc__book *out)
{
	int rc = OKC_OK;
	size_t n = 0;
	const char *enc = NULL;
	char *cell = NULL;
	size_t cl = 0;
	char *t = okc__text_to_utf8(data, len, &n, &enc);
	OKC_ENSURE(ctx, t != NULL, OKC_ENOMEM, "out of memory");
	out->encoding = enc;
	OKC_ENSURE(ctx, memchr(t, '\0', n) == NULL, OKC_EFORMAT,
	           "the text contains NUL bytes: not a CSV file");
	okc__sheet *s = okc__book_add_sheet(out, "csv");
	OKC_ENSURE(ctx, s != NULL, OKC_ENOMEM, "out of memory");
	cell = malloc(OKC__MAX_CELL + 1);
	OKC_ENSURE(ctx, cell != NULL, OKC_ENOMEM, "out of memory");

	char delim = sniff_delimiter(t, n);
	uint32_t max_rows = okc_ctx_limits(ctx)->max_rows;
	uint32_t row = 1, col = 0;
	bool quoted = false, was_quoted = false;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? t[i] : '\n';
		if (quoted) {
			if (c == '"' && i + 1 < n && t[i + 1] == '"') {
				if (cl < OKC__MAX_CELL)
					cell[cl++] = '"';
				i++;
			} else if (c == '"') {
				quoted = false;
			} else if (i == n) {
				/* unterminated quote at the end: keep what we
				 * have, the row is still a row */
				quoted = false;
				i--;
			} else if (cl < OKC__MAX_CELL) {
				cell[cl++] = c;
			}
			continue;
		}
		if (c == '"' && !was_quoted && cl == 0) {
			quoted = was_quoted = true;
			continue;
		}
		if (c == delim || c == '\n' || c == '\r') {
			if (cl > 0) {
				if (col >= OKC__MAX_COLS) {
					/* ignore cells beyond the widest row */
				} else {
					rc = okc__sheet_set(s, row, col, cell, cl,
					                    max_rows);
					if (rc == OKC_ETOOLARGE) {
						rc = okc__error(ctx, OKC_ETOOLARGE,
							"more than %u rows", max_rows);
						goto out;
					}
					OKC_GUARD(rc);
				}
			}
			cl = 0;
			was_quoted = false;
			if (c == delim) {
				if (col < UINT32_MAX)
					col++;
				continue;
			}
			if (c == '\r' && i + 1 < n && t[i + 1] == '\n')
				i++;
			if (i >= n)
				break;
			if (row == UINT32_MAX)
				break;
			row++;
			col = 0;
			continue;
		}
		if (cl < OKC__MAX_CELL)
			cell[cl++] = c;
	}
out:
	free(cell);
	free(t);
	return rc;
}
