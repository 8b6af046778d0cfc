/*
 * Small but real documents for the samples: a text PDF, a PDF made of one
 * JPEG image, a baseline JPEG (DC-only, ITU-T T.81), a minimal XLSX
 * (ECMA-376 SpreadsheetML written through libzip) and a CSV list of ÖKC
 * serial numbers drawn from the prefix table in okc-domain.md.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

D b64(const void *p, size_t n)
{
	unsigned char *o = malloc(4 * ((n + 2) / 3) + 1);
	int k = EVP_EncodeBlock(o, p, (int)n);
	D r = d_raw(o, (size_t)k);
	free(o);
	return r;
}

static void put(D *d, const char *s)
{
	d_append(d, d_raw(s, strlen(s)));
}

static void putf(D *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void putf(D *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("oom");
	va_end(ap);
	put(d, s);
	free(s);
}

/* PDF 1.4 with a cross-reference table (ISO 32000-1 7.5). */
static D pdf_assemble(D *objs, size_t n)
{
	D out = d_empty();
	put(&out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	size_t *off = calloc(n, sizeof *off);
	for (size_t i = 0; i < n; i++) {
		off[i] = out.n;
		putf(&out, "%zu 0 obj\n", i + 1);
		d_append(&out, objs[i]);
		put(&out, "\nendobj\n");
	}
	size_t xref = out.n;
	putf(&out, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		putf(&out, "%010zu 00000 n \n", off[i]);
	putf(&out, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	     n + 1, xref);
	free(off);
	return out;
}

D pdf_text(const char *title, const char *const *lines, size_t n)
{
	D content = d_empty();
	putf(&content, "BT /F1 14 Tf 56 780 Td (%s) Tj ET\n", title);
	for (size_t i = 0; i < n; i++)
		putf(&content, "BT /F1 10 Tf 56 %zu Td (%s) Tj ET\n",
		     (size_t)(750 - 14 * i), lines[i]);
	D objs[5];
	objs[0] = d_empty();
	put(&objs[0], "<< /Type /Catalog /Pages 2 0 R >>");
	objs[1] = d_empty();
	put(&objs[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	objs[2] = d_empty();
	put(&objs[2], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		      "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>");
	objs[3] = d_empty();
	putf(&objs[3], "<< /Length %zu >>\nstream\n", content.n);
	d_append(&objs[3], content);
	put(&objs[3], "\nendstream");
	objs[4] = d_empty();
	put(&objs[4], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		      "/Encoding /WinAnsiEncoding >>");
	return pdf_assemble(objs, 5);
}

/* A scanned page: one DCT image filling an A4 page. */
D pdf_jpeg(D jpeg, int w, int h)
{
	D objs[5];
	objs[0] = d_empty();
	put(&objs[0], "<< /Type /Catalog /Pages 2 0 R >>");
	objs[1] = d_empty();
	put(&objs[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
	objs[2] = d_empty();
	put(&objs[2], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		      "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>");
	const char *cs = "q 595 0 0 842 0 0 cm /Im1 Do Q";
	objs[3] = d_empty();
	putf(&objs[3], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(cs), cs);
	objs[4] = d_empty();
	putf(&objs[4], "<< /Type /XObject /Subtype /Image /Width %d /Height %d "
		       "/ColorSpace /DeviceGray /BitsPerComponent 8 "
		       "/Filter /DCTDecode /Length %zu >>\nstream\n", w, h, jpeg.n);
	d_append(&objs[4], jpeg);
	put(&objs[4], "\nendstream");
	return pdf_assemble(objs, 5);
}

/* ---- baseline JPEG, grey, DC coefficients only (every 8x8 block is flat).
 * Huffman tables are the example luminance tables of T.81 Annex K.3. */
typedef struct {
	D out;
	unsigned acc;
	int nbits;
} bw;

static void bw_bits(bw *b, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		b->acc = (b->acc << 1) | ((v >> i) & 1);
		if (++b->nbits == 8) {
			unsigned char c = (unsigned char)b->acc;
			d_append(&b->out, d_raw(&c, 1));
			if (c == 0xff)
				d_append(&b->out, d_raw("\x00", 1));
			b->acc = 0;
			b->nbits = 0;
		}
	}
}

static const unsigned char DC_BITS[16] = { 0, 1, 5, 1, 1, 1, 1, 1, 1 };
static const unsigned char DC_VALS[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
static const unsigned DC_CODE[12] = { 0x0, 0x2, 0x3, 0x4, 0x5, 0x6,
				      0xe, 0x1e, 0x3e, 0x7e, 0xfe, 0x1fe };
static const int DC_LEN[12] = { 2, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9 };

/* The "imza sirküleri" stand-in: a page with a dark frame, title bar and
 * a few signature-like strokes; 256x128 pixels. */
static int circ_pixel(int bx, int by)
{
	if (bx == 0 || by == 0 || bx == 31 || by == 15)
		return 40;
	if (by == 2 && bx > 3 && bx < 28)
		return 60;
	if ((by == 10 || by == 11) && ((bx > 5 && bx < 12) || (bx > 19 && bx < 27)))
		return 30 + 10 * (bx % 3);
	if (by > 4 && by < 8 && bx % 4 == 1 && bx > 3 && bx < 28)
		return 110;
	return 235;
}

D jpeg_circular(int *w, int *h)
{
	int bw_ = 32, bh_ = 16;
	*w = bw_ * 8;
	*h = bh_ * 8;
	D o = d_empty();
	d_append(&o, d_raw("\xff\xd8", 2));
	/* JFIF APP0 */
	d_append(&o, d_raw("\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18));
	/* DQT: all ones (table 0) */
	unsigned char dqt[69] = { 0xff, 0xdb, 0x00, 0x43, 0x00 };
	memset(dqt + 5, 1, 64);
	d_append(&o, d_raw(dqt, sizeof dqt));
	unsigned char sof[13] = { 0xff, 0xc0, 0x00, 0x0b, 0x08,
				  (unsigned char)(*h >> 8), (unsigned char)*h,
				  (unsigned char)(*w >> 8), (unsigned char)*w,
				  0x01, 0x01, 0x11, 0x00 };
	d_append(&o, d_raw(sof, sizeof sof));
	/* DHT DC0 */
	unsigned char dht[5 + 16 + 12] = { 0xff, 0xc4, 0x00, 0x1f, 0x00 };
	memcpy(dht + 5, DC_BITS, 16);
	memcpy(dht + 21, DC_VALS, 12);
	d_append(&o, d_raw(dht, sizeof dht));
	/* DHT AC0 with a single symbol 0x00 (EOB), code "0". */
	unsigned char dha[5 + 16 + 1] = { 0xff, 0xc4, 0x00, 0x14, 0x10, 1 };
	dha[21] = 0x00;
	d_append(&o, d_raw(dha, sizeof dha));
	d_append(&o, d_raw("\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00", 10));
	bw b = { d_empty(), 0, 0 };
	int pred = 0;
	for (int y = 0; y < bh_; y++)
		for (int x = 0; x < bw_; x++) {
			/* DC = 8 * (level - 128) with unit quantisation */
			int dc = 8 * (circ_pixel(x, y) - 128);
			int diff = dc - pred;
			pred = dc;
			int mag = diff < 0 ? -diff : diff, cat = 0;
			while ((1 << cat) <= mag)
				cat++;
			bw_bits(&b, DC_CODE[cat], DC_LEN[cat]);
			if (cat) {
				unsigned v = diff < 0 ? (unsigned)(diff + (1 << cat) - 1)
						      : (unsigned)diff;
				bw_bits(&b, v, cat);
			}
			bw_bits(&b, 0, 1); /* EOB */
		}
	while (b.nbits)
		bw_bits(&b, 1, 1);
	d_append(&o, b.out);
	d_append(&o, d_raw("\xff\xd9", 2));
	return o;
}

/* ---- application lists ---- */
static unsigned long rng_state;
static unsigned long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Serials as in okc-domain.md: prefix + digits, total length per model
 * (FU 10, JH 12, BCA 11, 2A 12, AS 10). Unique within one list. */
char **make_serials(size_t n, unsigned seed)
{
	static const struct {
		const char *prefix;
		int digits;
	} pf[] = { { "FU", 8 }, { "JH", 10 }, { "BCA", 8 }, { "2A", 10 },
		   { "AS", 8 } };
	rng_state = 0x9e3779b97f4a7c15UL ^ seed;
	char **s = calloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		size_t k = rng() % (sizeof pf / sizeof pf[0]);
		char buf[32];
		int len = snprintf(buf, sizeof buf, "%s", pf[k].prefix);
		/* a running component keeps them unique */
		unsigned long v = (rng() % 1000) * 100000UL + i;
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%0*lu",
				pf[k].digits, v);
		s[i] = strdup(buf);
	}
	return s;
}

D csv_list(const char *const *serials, size_t n)
{
	D d = d_empty();
	put(&d, "Sıra No;ÖKC Sicil No\r\n");
	for (size_t i = 0; i < n; i++)
		putf(&d, "%zu;%s\r\n", i + 1, serials[i]);
	return d;
}

static void zadd(zip_t *z, const char *name, D data)
{
	zip_source_t *s = zip_source_buffer(z, data.p, data.n, 1);
	if (!s)
		die("zip source");
	zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0)
		die("zip add %s: %s", name, zip_strerror(z));
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_DEFLATE, 9);
	zip_file_set_mtime(z, (zip_uint64_t)i, ts(T_SIGNING), 0);
	/* libzip owns data.p now */
}

D zip_from_parts(const char *const *names, D *datas, size_t n)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &err);
	zip_t *z = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
	if (!z)
		die("zip open");
	zip_source_keep(mem);
	for (size_t i = 0; i < n; i++)
		zadd(z, names[i], datas[i]);
	if (zip_close(z) < 0)
		die("zip close");
	zip_source_open(mem);
	zip_source_seek(mem, 0, SEEK_END);
	zip_int64_t sz = zip_source_tell(mem);
	zip_source_seek(mem, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)sz);
	if (zip_source_read(mem, buf, (zip_uint64_t)sz) != sz)
		die("zip read");
	zip_source_close(mem);
	zip_source_free(mem);
	D r = d_raw(buf, (size_t)sz);
	free(buf);
	return r;
}

/* Minimal SpreadsheetML workbook (ECMA-376 Part 1 18.3) with inline
 * strings: header row, then one serial per row. */
D xlsx_list(const char *const *serials, size_t n)
{
	D sheet = d_empty();
	put(&sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Sıra No</t></is></c>"
		    "<c r=\"B1\" t=\"inlineStr\"><is><t>ÖKC Sicil No</t></is></c></row>");
	for (size_t i = 0; i < n; i++)
		putf(&sheet, "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c>"
			     "<c r=\"B%zu\" t=\"inlineStr\"><is><t>%s</t></is></c></row>",
		     i + 2, i + 2, i + 1, i + 2, serials[i]);
	put(&sheet, "</sheetData></worksheet>");
	const char *names[5] = { "[Content_Types].xml", "_rels/.rels",
				 "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
				 "xl/worksheets/sheet1.xml" };
	D datas[5];
	datas[0] = d_empty();
	put(&datas[0], "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		       "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
		       "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
		       "</Types>");
	datas[1] = d_empty();
	put(&datas[1], "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
		       "</Relationships>");
	datas[2] = d_empty();
	put(&datas[2], "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		       "<sheets><sheet name=\"Başvuru Listesi\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	datas[3] = d_empty();
	put(&datas[3], "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		       "</Relationships>");
	datas[4] = sheet;
	return zip_from_parts(names, datas, 5);
}
