/*
 * test_roles.c - Turkish-insensitive folding, document roles and hints.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

static void fold_is(const char *in, const char *want)
{
	char *f = okc__tr_fold(in, strlen(in));
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(strcmp(f, want) == 0, "fold(%s) = '%s', want '%s'", in, f,
	              want);
	free(f);
}

START_TEST(test_fold)
{
	fold_is("İMZA SİRKÜLERİ.pdf", "imza sirkuleri pdf");
	fold_is("ımza_sırkülerı", "imza sirkuleri");
	fold_is("ŞĞÜÖÇ şğüöç Iİıi", "sguoc sguoc iiii");
	/* i + COMBINING DOT ABOVE (what tolower("İ") gives elsewhere) */
	fold_is("i\xcc\x87mza", "imza");
	fold_is("  --Talep   Formu--  ", "talep formu");
	fold_is("Sözleşme (2).PDF", "sozlesme 2 pdf");
	/* invalid UTF-8 is a separator, never a crash */
	fold_is("a\xff\xfe" "b\xc3", "a b");
	fold_is("", "");
}
END_TEST

START_TEST(test_phrases)
{
	ck_assert(okc__tr_has_phrase("imza sirkuleri pdf", "sirk*"));
	ck_assert(okc__tr_has_phrase("imza sirkuleri pdf", "imza sirk*"));
	ck_assert(!okc__tr_has_phrase("imzasirkuleri", "sirk*"));
	ck_assert(okc__tr_has_phrase("gib onay", "gib"));
	ck_assert(!okc__tr_has_phrase("gibi", "gib"));
	ck_assert(!okc__tr_has_phrase("x", "*"));
}
END_TEST

static okc__role role(okc_ctx *ctx, const char *name, const char *content)
{
	okc_classification c;
	size_t n = strlen(content);
	ck_assert_int_eq(okc_classify_mem(&c, ctx, name, content, n), OKC_OK);
	return okc__role_of(&c, name, (const unsigned char *)content, n);
}

#define PDF "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"

START_TEST(test_roles_from_names)
{
	okc_ctx *ctx = NULL;
	ck_assert_int_eq(okc_ctx_new(&ctx, NULL), OKC_OK);
	ck_assert_int_eq(role(ctx, "İMZA SİRKÜLERİ.pdf", PDF), OKC__ROLE_SIGNATURE_CIRCULAR);
	ck_assert_int_eq(role(ctx, "imza_sirkusu.PDF", PDF), OKC__ROLE_SIGNATURE_CIRCULAR);
	ck_assert_int_eq(role(ctx, "scan.jpg", "\xff\xd8\xff\xe0\0\x10JFIF"), OKC__ROLE_OTHER);
	ck_assert_int_eq(role(ctx, "Güvenli Alan Denetim Raporu.pdf", PDF),
	                 OKC__ROLE_SECURE_AREA_AUDIT);
	ck_assert_int_eq(role(ctx, "GİB Onay Yazısı.pdf", PDF), OKC__ROLE_GIB_APPROVAL);
	ck_assert_int_eq(role(ctx, "ÖKC TALEP FORMU.pdf", PDF), OKC__ROLE_REQUEST_FORM);
	ck_assert_int_eq(role(ctx, "Yeni Nesil ÖKC Sözleşmesi.pdf", PDF), OKC__ROLE_CONTRACT);
	ck_assert_int_eq(role(ctx, "Başvuru Listesi (taranmış).pdf", PDF),
	                 OKC__ROLE_APPLICATION_LIST);
	ck_assert_int_eq(role(ctx, "ustyazi.pdf", PDF), OKC__ROLE_OTHER);
	/* a PDF whose (uncompressed) text says what it is */
	ck_assert_int_eq(role(ctx, "belge1.pdf",
	                      "%PDF-1.4\n(T.C. NOTERLIK IMZA SIRKULERI)\n%%EOF\n"),
	                 OKC__ROLE_SIGNATURE_CIRCULAR);
	/* spreadsheets are lists unless named otherwise */
	ck_assert_int_eq(role(ctx, "data.csv", "a;b\n1;2\n"), OKC__ROLE_APPLICATION_LIST);
	ck_assert_int_eq(role(ctx, "talep formu.csv", "a;b\n1;2\n"), OKC__ROLE_REQUEST_FORM);
	/* containers: by content, or by name when the content is unreadable */
	ck_assert_int_eq(role(ctx, "liste.xlsx.imz", "garbage bytes"),
	                 OKC__ROLE_SIGNED_CONTAINER);
	ck_assert_int_eq(role(ctx, "basvuru.eyp", ""), OKC__ROLE_SIGNED_CONTAINER);
	ck_assert_int_eq(role(ctx, "notes.bin", "\x01\x02\x03"), OKC__ROLE_OTHER);
	ck_assert_str_eq(okc__role_name(OKC__ROLE_GIB_APPROVAL), "gib_approval");
	ck_assert_str_eq(okc__role_name(OKC__ROLE_COUNT_), "other");
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_hints)
{
	ck_assert_uint_eq(okc__hints_of("İLK BAŞVURU - soft sertifika"),
	                  OKC__HINT_INITIAL | OKC__HINT_SOFT);
	ck_assert_uint_eq(okc__hints_of("Ek Başvuru (donanımsal)"),
	                  OKC__HINT_ADDITIONAL | OKC__HINT_HARD);
	/* a company called "... Yazılım" is not a soft-certificate hint */
	ck_assert_uint_eq(okc__hints_of("HUGIN YAZILIM TEKNOLOJİLERİ"), 0);
	ck_assert_uint_eq(okc__hints_of(NULL), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("roles");
	TCase *tc = tcase_create("roles");
	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_phrases);
	tcase_add_test(tc, test_roles_from_names);
	tcase_add_test(tc, test_hints);
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
