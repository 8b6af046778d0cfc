/*
 * test_serials.c - serial numbers, the prefix table and the signers
 * registry.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

static const char table[] =
	"# test table\n"
	"FU\tHUGIN\t-\tHugin\tS1\n"
	"BCA\tE-DATA\t\tProfilo\tVX680\n"
	"BCM\tE-DATA\t\tPropay\tP1000\n"
	"2A\tWORLDLINE\t4540536920\tIngenico\tiWE280\n"
	"X\tbad prefix\t-\ta\tb\n"          /* 1 char */
	"FU\tduplicate\t-\ta\tb\n"          /* duplicate */
	"ZZ\tbad vkn\t4540536921\ta\tb\n"   /* VKN check digit */
	"QQ\ttoo few fields\n";

static void load(okc__prefixes *p, size_t *bad)
{
	memset(p, 0, sizeof(*p));
	ck_assert_int_eq(okc__prefixes_parse(table, strlen(table), p, bad), OKC_OK);
}

START_TEST(test_prefix_table_parse)
{
	okc__prefixes p;
	size_t bad;
	load(&p, &bad);
	ck_assert_uint_eq(p.n, 4);
	ck_assert_uint_eq(bad, 4);
	const okc__prefix *e = okc__prefixes_find(&p, "2A");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->vkn, "4540536920");
	ck_assert_ptr_null(okc__prefixes_find(&p, "FU")->vkn);
	ck_assert_ptr_null(okc__prefixes_find(&p, "ZZ"));
	okc__prefixes_clear(&p);
}
END_TEST

START_TEST(test_shipped_table_loads)
{
	okc_ctx *ctx = NULL;
	okc__prefixes p = { 0 };
	size_t bad = 99;
	const char *top = getenv("top_srcdir");
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/okc-prefixes.tsv", top ? top : ".");
	ck_assert_int_eq(okc_ctx_new(&ctx, NULL), OKC_OK);
	ck_assert_int_eq(okc__prefixes_load(ctx, path, &p, &bad), OKC_OK);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_ge(p.n, 50);
	ck_assert_str_eq(okc__prefixes_find(&p, "FU")->brand, "Hugin");
	ck_assert_str_eq(okc__prefixes_find(&p, "YAB")->model, "4610-2NF");
	okc__prefixes_clear(&p);
	ck_assert_int_eq(okc__prefixes_load(ctx, "/nonexistent/x.tsv", &p, &bad),
	                 OKC_EIO);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_normalize)
{
	char out[32];
	ck_assert_int_eq(okc__serial_normalize("  fu 0002-2547\t", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "FU00022547");
	/* no-break space, zero-width space, BOM */
	ck_assert_int_eq(okc__serial_normalize("\xc2\xa0" "FU\xe2\x80\x8b" "1\xef\xbb\xbf",
	                                       out, sizeof(out)), 0);
	ck_assert_str_eq(out, "FU1");
	ck_assert_int_eq(okc__serial_normalize("FU00022547", out, 5), -1);
}
END_TEST

static okc__serial_form check(const okc__prefixes *p, const char *s,
                              char pfx[4], const okc__prefix **e)
{
	return okc__serial_check(s, p, e, pfx);
}

START_TEST(test_serial_forms)
{
	okc__prefixes p;
	size_t bad;
	const okc__prefix *e;
	char pfx[4];
	load(&p, &bad);
	ck_assert_int_eq(check(&p, "FU00022547", pfx, &e), OKC__SERIAL_KNOWN);
	ck_assert_str_eq(pfx, "FU");
	ck_assert_str_eq(e->company, "HUGIN");
	/* longest prefix: BCA and BCM are different models */
	ck_assert_int_eq(check(&p, "BCM1234567", pfx, &e), OKC__SERIAL_KNOWN);
	ck_assert_str_eq(pfx, "BCM");
	ck_assert_str_eq(e->brand, "Propay");
	ck_assert_int_eq(check(&p, "2A00001234", pfx, &e), OKC__SERIAL_KNOWN);
	ck_assert_str_eq(pfx, "2A");
	/* well-formed, unknown prefixes */
	ck_assert_int_eq(check(&p, "BCX1234567", pfx, &e), OKC__SERIAL_UNKNOWN_PREFIX);
	ck_assert_str_eq(pfx, "BCX");
	ck_assert_ptr_null(e);
	ck_assert_int_eq(check(&p, "ZZ12345678", pfx, &e), OKC__SERIAL_UNKNOWN_PREFIX);
	ck_assert_int_eq(check(&p, "9Z12345678", pfx, &e), OKC__SERIAL_UNKNOWN_PREFIX);
	ck_assert_str_eq(pfx, "9Z");
	/* malformed: digit counts, prefix shapes, digits only */
	ck_assert_int_eq(check(&p, "FU12345", pfx, &e), OKC__SERIAL_MALFORMED);
	ck_assert_int_eq(check(&p, "FU1234567890123", pfx, &e), OKC__SERIAL_MALFORMED);
	ck_assert_int_eq(check(&p, "ABCD12345678", pfx, &e), OKC__SERIAL_MALFORMED);
	ck_assert_int_eq(check(&p, "12345678", pfx, &e), OKC__SERIAL_MALFORMED);
	ck_assert_int_eq(check(&p, "FU0002254X", pfx, &e), OKC__SERIAL_MALFORMED);
	/* junk: no digit, other characters */
	ck_assert_int_eq(check(&p, "SERINO", pfx, &e), OKC__SERIAL_JUNK);
	ck_assert_int_eq(check(&p, "TOPLAM:5", pfx, &e), OKC__SERIAL_JUNK);
	ck_assert_int_eq(check(&p, "", pfx, &e), OKC__SERIAL_JUNK);
	ck_assert_int_eq(check(&p, "FÜ00022547", pfx, &e), OKC__SERIAL_JUNK);
	/* without a table every prefix is unknown */
	ck_assert_int_eq(check(NULL, "FU00022547", pfx, &e), OKC__SERIAL_UNKNOWN_PREFIX);
	okc__prefixes_clear(&p);
}
END_TEST

START_TEST(test_ownership_by_vkn)
{
	okc__prefixes p;
	size_t bad;
	load(&p, &bad);
	const okc__prefix *wl = okc__prefixes_find(&p, "2A");
	const okc__prefix *fu = okc__prefixes_find(&p, "FU");
	ck_assert_int_eq(okc__prefix_owned_by(wl, "X", "4540536920"), 1);
	ck_assert_int_eq(okc__prefix_owned_by(wl, "X", "0010213576"), 0);
	ck_assert_int_eq(okc__prefix_owned_by(wl, "X", NULL), -1);
	/* no VKN in the table: unknown, whatever the names */
	ck_assert_int_eq(okc__prefix_owned_by(fu, "HUGIN YAZILIM", "4540536920"), -1);
	okc__prefixes_clear(&p);
}
END_TEST

static const char registry[] =
	"\xef\xbb\xbfvkn\tcompany\ttckn\tname\tauthority\tvalid_from\tvalid_until\n"
	"# comment\n"
	"4540536920\tA Ş.\t10000000146\tAyşe\tsingle\t2025-01-01\t2027-12-31\n"
	"0010213576\tB Ltd.\t17291716060\tMehmet\tmüştereken\t\t-\n"
	"0010213576\tB Ltd.\t23456789060\tZeynep\tjoint:2\t2025-01-01\t\n"
	"4540536921\tbad vkn\t10000000146\tX\tsingle\t\t\n"
	"4540536920\tbad tckn\t17291716050\tX\tsingle\t\t\n"
	"4540536920\tbad authority\t10000000146\tX\tsometimes\t\t\n"
	"4540536920\tbad date\t10000000146\tX\tsingle\tyesterday\t\n"
	"4540536920\ttoo few\t10000000146\n";

START_TEST(test_registry_parse)
{
	okc__registry r = { 0 };
	ck_assert_int_eq(okc__registry_parse(registry, strlen(registry), &r), OKC_OK);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_uint_eq(r.bad_lines, 5);
	ck_assert_uint_eq(r.first_bad_line, 6);
	ck_assert(!r.v[0].joint);
	okc_time t;
	ck_assert_int_eq(okc_time_parse(&t, "2027-12-31T23:59:59Z"), OKC_OK);
	ck_assert_int_eq(r.v[0].valid_until, t); /* the whole last day */
	ck_assert(r.v[1].joint);
	ck_assert_uint_eq(r.v[1].joint_required, 0);
	ck_assert_int_eq(r.v[1].valid_from, 0);
	ck_assert_int_eq(r.v[1].valid_until, 0);
	ck_assert_uint_eq(r.v[2].joint_required, 2);
	ck_assert_uint_eq(okc__registry_company_count(&r, "0010213576"), 2);
	ck_assert_uint_eq(okc__registry_company_count(&r, "1111111111"), 0);
	ck_assert_str_eq(okc__registry_company_name(&r, "4540536920"), "A Ş.");
	okc__registry_clear(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("serials");
	TCase *tc = tcase_create("serials");
	tcase_add_test(tc, test_prefix_table_parse);
	tcase_add_test(tc, test_shipped_table_loads);
	tcase_add_test(tc, test_normalize);
	tcase_add_test(tc, test_serial_forms);
	tcase_add_test(tc, test_ownership_by_vkn);
	tcase_add_test(tc, test_registry_parse);
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
