/*
 * test_sheets.c - the list readers (XLSX, ODS, CSV) and the serial column
 * finder, on the fixtures of tests/data/intake (see make-fixtures.py).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"
#include "intake_fixtures.h"

static okc_ctx *new_ctx(uint32_t max_rows)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_rows = max_rows;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	return ctx;
}

/* Cell (row number, 0-based column) of a sheet, or NULL. */
static const char *cell(const okc__sheet *s, uint32_t row, uint32_t col)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->rows[i].number == row)
			return col < s->rows[i].ncells ? s->rows[i].cells[col] : NULL;
	return NULL;
}

typedef int (*reader_fn)(okc_ctx *, const unsigned char *, size_t, okc__book *);

static int read_fixture(const char *name, reader_fn fn, okc__book *b,
                        uint32_t max_rows)
{
	size_t len;
	unsigned char *d = fx_read(name, &len);
	okc_ctx *ctx = new_ctx(max_rows);
	int rc = fn(ctx, d, len, b);
	okc_ctx_free(ctx);
	free(d);
	return rc;
}

START_TEST(test_xlsx_cells)
{
	okc__book b = { 0 };
	ck_assert_int_eq(read_fixture("list.xlsx", okc__read_xlsx, &b, 0), OKC_OK);
	/* workbook order: "Notlar" (via an absolute target), then "Liste" */
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(b.sheets[0].name, "Notlar");
	const okc__sheet *s = &b.sheets[1];
	ck_assert_str_eq(s->name, "Liste");
	/* inline string */
	ck_assert_str_eq(cell(s, 1, 0), "ÖKC Sertifika Başvuru Listesi");
	/* shared string with rich-text runs; the phonetic run is dropped */
	ck_assert_str_eq(cell(s, 3, 1), "ÖKC Seri No");
	/* numbers stored as numbers: integral values printed as integers */
	ck_assert_str_eq(cell(s, 4, 0), "1");
	ck_assert_str_eq(cell(s, 5, 0), "2");
	ck_assert_str_eq(cell(s, 4, 2), "1.5");
	ck_assert_str_eq(cell(s, 9, 1), "12345678");
	/* shared string kept verbatim (the list normalises later) */
	ck_assert_str_eq(cell(s, 5, 1), " bca1234567 ");
	/* inline rich text, formula cached values (number and string) */
	ck_assert_str_eq(cell(s, 7, 1), "2A00001234");
	ck_assert_str_eq(cell(s, 8, 0), "4");
	ck_assert_str_eq(cell(s, 8, 1), "JH12345678");
	/* boolean */
	ck_assert_str_eq(cell(s, 10, 2), "TRUE");
	ck_assert_ptr_null(cell(s, 6, 0)); /* the blank row */
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_xlsx_list_by_header_skips_notes_sheet)
{
	okc__book b = { 0 };
	okc__list l = { 0 };
	ck_assert_int_eq(read_fixture("list.xlsx", okc__read_xlsx, &b, 0), OKC_OK);
	ck_assert_int_eq(okc__list_from_book(&b, "list.xlsx", &l), OKC_OK);
	ck_assert_str_eq(l.sheet, "Liste");
	ck_assert_uint_eq(l.column, 1);
	ck_assert(l.by_header);
	ck_assert_uint_eq(l.n, 6);
	ck_assert_str_eq(l.v[0].serial, "FU00022547");
	ck_assert_uint_eq(l.v[0].row, 4);
	ck_assert_str_eq(l.v[1].serial, "BCA1234567");
	ck_assert_str_eq(l.v[1].raw, " bca1234567 ");
	ck_assert_str_eq(l.v[4].serial, "12345678");
	ck_assert_str_eq(l.v[5].document, "list.xlsx");
	ck_assert_uint_eq(l.blank_rows, 1);
	okc__list_clear(&l);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_xlsx_refuses_dtd)
{
	okc__book b = { 0 };
	ck_assert_int_eq(read_fixture("dtd.xlsx", okc__read_xlsx, &b, 0),
	                 OKC_EFORMAT);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_xlsx_not_a_zip)
{
	okc__book b = { 0 };
	okc_ctx *ctx = new_ctx(0);
	static const unsigned char junk[] = "PK\x03\x04 this is not a zip";
	ck_assert_int_eq(okc__read_xlsx(ctx, junk, sizeof(junk), &b), OKC_EFORMAT);
	/* a valid ODS is not a workbook */
	size_t len;
	unsigned char *d = fx_read("list.ods", &len);
	ck_assert_int_eq(okc__read_xlsx(ctx, d, len, &b), OKC_EFORMAT);
	ck_assert(strstr(okc_ctx_errmsg(ctx), "workbook") != NULL);
	free(d);
	okc__book_clear(&b);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_row_limit)
{
	okc__book b = { 0 };
	ck_assert_int_eq(read_fixture("list.xlsx", okc__read_xlsx, &b, 3),
	                 OKC_ETOOLARGE);
	okc__book_clear(&b);
	ck_assert_int_eq(read_fixture("list.ods", okc__read_ods, &b, 3),
	                 OKC_ETOOLARGE);
	okc__book_clear(&b);
	ck_assert_int_eq(read_fixture("list-1254.csv", okc__read_csv, &b, 2),
	                 OKC_ETOOLARGE);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_ods_cells_and_repeats)
{
	okc__book b = { 0 };
	okc__list l = { 0 };
	ck_assert_int_eq(read_fixture("list.ods", okc__read_ods, &b, 0), OKC_OK);
	ck_assert_uint_eq(b.n, 1);
	const okc__sheet *s = &b.sheets[0];
	ck_assert_str_eq(s->name, "Başvuru");
	/* float cells give office:value, not the display text "1,00" */
	ck_assert_str_eq(cell(s, 2, 0), "1");
	/* text:s is a space; the annotation is not part of the value */
	ck_assert_str_eq(cell(s, 2, 1), "FU 00022547");
	/* two repeated empty rows moved row 5 down; spans are text */
	ck_assert_str_eq(cell(s, 5, 1), "YAB123456");
	/* a repeated non-empty row is materialised each time */
	ck_assert_str_eq(cell(s, 6, 1), "PC7654321");
	ck_assert_str_eq(cell(s, 7, 1), "PC7654321");
	/* the million repeated empty rows cost nothing */
	ck_assert_uint_eq(s->n, 5);
	ck_assert_int_eq(okc__list_from_book(&b, "list.ods", &l), OKC_OK);
	ck_assert(l.by_header);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.v[0].serial, "FU00022547");
	ck_assert_uint_eq(l.blank_rows, 2);
	okc__list_clear(&l);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_csv_windows_1254)
{
	okc__book b = { 0 };
	ck_assert_int_eq(read_fixture("list-1254.csv", okc__read_csv, &b, 0), OKC_OK);
	ck_assert_str_eq(b.encoding, "Windows-1254");
	const okc__sheet *s = &b.sheets[0];
	ck_assert_str_eq(cell(s, 1, 1), "Seri Numarası");
	ck_assert_str_eq(cell(s, 1, 2), "Açıklama");
	ck_assert_str_eq(cell(s, 2, 2), "Şube İstanbul");
	ck_assert_str_eq(cell(s, 3, 1), "BCA 1234567");
	ck_assert_str_eq(cell(s, 3, 2), "Ğ ü ö ç ı");
	ck_assert_ptr_null(cell(s, 4, 1));
	ck_assert_str_eq(cell(s, 5, 2), "a;b"); /* quoted delimiter */
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_csv_bom_comma_quoted_newline)
{
	okc__book b = { 0 };
	okc__list l = { 0 };
	ck_assert_int_eq(read_fixture("list-bom.csv", okc__read_csv, &b, 0), OKC_OK);
	ck_assert_str_eq(b.encoding, "UTF-8 BOM");
	const okc__sheet *s = &b.sheets[0];
	ck_assert_str_eq(cell(s, 1, 0), "no"); /* no BOM in the first cell */
	ck_assert_str_eq(cell(s, 2, 2), "iki\nsatır");
	ck_assert_str_eq(cell(s, 3, 1), "fu00022548");
	ck_assert_int_eq(okc__list_from_book(&b, "list-bom.csv", &l), OKC_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[1].serial, "FU00022548");
	okc__list_clear(&l);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_csv_utf16_tab)
{
	okc__book b = { 0 };
	ck_assert_int_eq(read_fixture("list-utf16.txt", okc__read_csv, &b, 0), OKC_OK);
	ck_assert_str_eq(b.encoding, "UTF-16LE");
	ck_assert_str_eq(cell(&b.sheets[0], 2, 0), "JH12345678");
	ck_assert_str_eq(cell(&b.sheets[0], 2, 1), "PAVO");
	okc__book_clear(&b);
}
END_TEST

static int csv_text(const char *text, okc__book *b)
{
	okc_ctx *ctx = new_ctx(0);
	int rc = okc__read_csv(ctx, (const unsigned char *)text, strlen(text), b);
	okc_ctx_free(ctx);
	return rc;
}

START_TEST(test_csv_edge_cases)
{
	okc__book b = { 0 };
	/* CR-only line ends, an unterminated quote at the end */
	ck_assert_int_eq(csv_text("a\rFU00022547\r\"BCA1234567", &b), OKC_OK);
	ck_assert_str_eq(cell(&b.sheets[0], 2, 0), "FU00022547");
	ck_assert_str_eq(cell(&b.sheets[0], 3, 0), "BCA1234567");
	okc__book_clear(&b);
	/* "" inside quotes */
	ck_assert_int_eq(csv_text("\"say \"\"hi\"\"\",x\n", &b), OKC_OK);
	ck_assert_str_eq(cell(&b.sheets[0], 1, 0), "say \"hi\"");
	okc__book_clear(&b);
	/* NUL bytes: not text */
	okc_ctx *ctx = new_ctx(0);
	ck_assert_int_eq(okc__read_csv(ctx, (const unsigned char *)"a\0b", 3, &b),
	                 OKC_EFORMAT);
	okc_ctx_free(ctx);
	okc__book_clear(&b);
	/* overlong cells are cut, not kept whole */
	char *big = malloc(5000);
	memset(big, 'x', 4999);
	big[4999] = '\0';
	ck_assert_int_eq(csv_text(big, &b), OKC_OK);
	ck_assert_uint_eq(strlen(cell(&b.sheets[0], 1, 0)), OKC__MAX_CELL);
	free(big);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_column_by_content)
{
	okc__book b = { 0 };
	okc__list l = { 0 };
	/* no header; a title row; serials in the third column */
	ck_assert_int_eq(csv_text("Firma listesi\n1;x;FU00022547\n2;y;fu 0002-2548\n"
	                          "\n3;z;Toplam: 2\n", &b), OKC_OK);
	ck_assert_int_eq(okc__list_from_book(&b, "l.csv", &l), OKC_OK);
	ck_assert(!l.by_header);
	ck_assert_uint_eq(l.column, 2);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[1].serial, "FU00022548");
	ck_assert_str_eq(l.v[2].serial, "TOPLAM:2");
	ck_assert_uint_eq(l.blank_rows, 1);
	okc__list_clear(&l);
	okc__book_clear(&b);
	/* nothing that looks like a serial, no header: not found */
	ck_assert_int_eq(csv_text("a,b\nc,d\n", &b), OKC_OK);
	ck_assert_int_eq(okc__list_from_book(&b, "l.csv", &l), OKC_ENOTFOUND);
	okc__list_clear(&l);
	okc__book_clear(&b);
}
END_TEST

START_TEST(test_text_to_utf8)
{
	size_t n;
	const char *enc;
	char *s = okc__text_to_utf8((const unsigned char *)"\xdd\xfe\xf0\x80", 4,
	                            &n, &enc);
	ck_assert_str_eq(enc, "Windows-1254");
	ck_assert_str_eq(s, "İşğ€");
	free(s);
	s = okc__text_to_utf8((const unsigned char *)"\xfe\xff\x00\x41\xd8\x3d\xde\x00",
	                      8, &n, &enc);
	ck_assert_str_eq(enc, "UTF-16BE");
	ck_assert_str_eq(s, "A\xf0\x9f\x98\x80");
	free(s);
	s = okc__text_to_utf8((const unsigned char *)"plain", 5, &n, &enc);
	ck_assert_str_eq(enc, "UTF-8");
	ck_assert_uint_eq(n, 5);
	free(s);
}
END_TEST

/* okc__format_number's plain-digits fast path (issue #9) gives what the
 * general strtod + "%.0f" path gives, truncation included. */
START_TEST(test_format_number)
{
	static const struct {
		const char *raw;
		size_t outlen;
		const char *want;
	} cases[] = {
		{ "0", 64, "0" }, { "000", 64, "0" }, { "007", 64, "7" },
		{ "5000", 64, "5000" }, { "12345678", 64, "12345678" },
		{ "999999999999999", 64, "999999999999999" },       /* 15 digits */
		{ "000000000000000", 64, "0" },
		{ "1234567890123456", 64, "1234567890123456" },     /* 16: as is */
		{ "00000000000000001234", 64, "1234" },           /* general */
		{ "12345", 3, "12" }, { "0012345", 4, "123" },
		{ "1.2345E+7", 64, "12345000" }, { "12.5", 64, "12.5" },
		{ "-7", 64, "-7" }, { "+7", 64, "7" }, { " 7", 64, "7" },
		{ "", 64, "" }, { "7a", 64, "7a" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[64];
		memset(out, 'x', sizeof(out));
		okc__format_number(cases[i].raw, out, cases[i].outlen);
		ck_assert_msg(strcmp(out, cases[i].want) == 0, "%s -> '%s', want '%s'",
		              cases[i].raw, out, cases[i].want);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sheets");
	TCase *tc = tcase_create("readers");
	tcase_add_test(tc, test_xlsx_cells);
	tcase_add_test(tc, test_xlsx_list_by_header_skips_notes_sheet);
	tcase_add_test(tc, test_xlsx_refuses_dtd);
	tcase_add_test(tc, test_xlsx_not_a_zip);
	tcase_add_test(tc, test_row_limit);
	tcase_add_test(tc, test_ods_cells_and_repeats);
	tcase_add_test(tc, test_csv_windows_1254);
	tcase_add_test(tc, test_csv_bom_comma_quoted_newline);
	tcase_add_test(tc, test_csv_utf16_tab);
	tcase_add_test(tc, test_csv_edge_cases);
	tcase_add_test(tc, test_column_by_content);
	tcase_add_test(tc, test_text_to_utf8);
	tcase_add_test(tc, test_format_number);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
