/*
 * test_core.c - unit tests of the core module: errors, limits, context,
 * time parsing, reasons and verdict computation, JSON, DER cursor,
 * classification and dispatch.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/der.h"
#include "core/report_build.h"
#include "core/verify.h"

static okc_ctx *new_ctx(void)
{
	okc_ctx *ctx = NULL;
	ck_assert_int_eq(okc_ctx_new(&ctx, NULL), OKC_OK);
	return ctx;
}

/* ---- errors ---- */

START_TEST(test_strerror_table)
{
	ck_assert_str_eq(okc_strerror(OKC_OK), "success");
	ck_assert_str_eq(okc_strerror(OKC_ETOOLARGE), "input exceeds a configured limit");
	ck_assert_str_eq(okc_strerror(12345), "unknown error");
	ck_assert_str_eq(okc_error_name(OKC_EIO), "OKC_EIO");
	ck_assert_ptr_null(okc_error_name(999));
}
END_TEST

/* ---- context and limits ---- */

START_TEST(test_ctx_defaults_and_overrides)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_entries = 7;
	o.validation_time = 1700000000;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	const okc_limits *l = okc_ctx_limits(ctx);
	ck_assert_uint_eq(l->max_entries, 7);
	ck_assert_uint_eq(l->max_ratio, 200);          /* default kept */
	ck_assert_uint_eq(l->max_chain_depth, 8);
	ck_assert_int_eq(okc_ctx_validation_time(ctx), 1700000000);
	ck_assert_str_eq(okc_ctx_errmsg(ctx), "");
	ck_assert_int_eq(okc_ctx_add_anchor(ctx, "/x/root.pem"), OKC_OK);
	ck_assert_uint_eq(okc_ctx_anchor_count(ctx), 1);
	ck_assert_str_eq(okc_ctx_anchor(ctx, 0), "/x/root.pem");
	ck_assert_ptr_null(okc_ctx_anchor(ctx, 1));
	okc_ctx_free(ctx);
	okc_ctx_free(NULL);
}
END_TEST

START_TEST(test_ctx_rejects_unknown_version)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = (okc_ctx *)1;
	o.version = 99;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_EINVAL);
	ck_assert_ptr_null(ctx);
	o.version = OKC_CTX_OPTIONS_VERSION;
	o.limits.version = 42;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_EINVAL);
}
END_TEST

START_TEST(test_ctx_work_budget)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_message_work = 1000;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_uint_eq(okc_ctx_limits(ctx)->max_cells, 2000000);
	ck_assert_int_eq(okc__budget_charge(ctx, 600, "a"), OKC_OK);
	ck_assert_int_eq(okc__budget_charge(ctx, 400, "b"), OKC_OK);
	ck_assert_uint_eq(okc_ctx_budget_used(ctx), 1000);
	/* one byte over: refused, the counter unchanged, the cause named */
	ck_assert_int_eq(okc__budget_charge(ctx, 1, "cells of x.ods"),
	                 OKC_ETOOLARGE);
	ck_assert_uint_eq(okc_ctx_budget_used(ctx), 1000);
	ck_assert_ptr_nonnull(strstr(okc_ctx_errmsg(ctx), "cells of x.ods"));
	/* a charge that would wrap around is refused too */
	okc_ctx_budget_reset(ctx);
	ck_assert_int_eq(okc__budget_charge(ctx, UINT64_MAX, "wrap"),
	                 OKC_ETOOLARGE);
	ck_assert_int_eq(okc__budget_charge(ctx, 10, "c"), OKC_OK);
	ck_assert_uint_eq(okc_ctx_budget_used(ctx), 10);
	okc_ctx_free(ctx);
	/* limits of version 1 are refused (the struct grew in version 2) */
	o.limits.version = 1;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_EINVAL);
}
END_TEST

/* ---- time ---- */

START_TEST(test_time_parse)
{
	okc_time t;
	char buf[32];
	ck_assert_int_eq(okc_time_parse(&t, "1970-01-01T00:00:00Z"), OKC_OK);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(okc_time_parse(&t, "2026-11-25T10:00:00Z"), OKC_OK);
	ck_assert_int_eq(t, 1795600800);
	ck_assert_int_eq(okc_time_parse(&t, "2026-11-25T13:00:00+03:00"), OKC_OK);
	ck_assert_int_eq(t, 1795600800);
	ck_assert_int_eq(okc_time_parse(&t, "2024-02-29"), OKC_OK);
	ck_assert_int_eq(okc_time_parse(&t, "2026-11-25T10:00:00.123Z"), OKC_OK);
	ck_assert_int_eq(okc_time_format(buf, sizeof(buf), 1795600800), OKC_OK);
	ck_assert_str_eq(buf, "2026-11-25T10:00:00Z");
}
END_TEST

START_TEST(test_time_parse_rejects)
{
	okc_time t;
	static const char *bad[] = {
		"", "2026", "2026-13-01", "2023-02-29", "2026-11-25T10:00:00",
		"2026-11-25T25:00:00Z", "2026-11-25T10:00:00Zjunk",
		"2026-11-25T10:00Z+", "20261125T100000Z", "2026-11-25T10:00:00.Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(okc_time_parse(&t, bad[i]) == OKC_EINVAL,
		              "accepted '%s'", bad[i]);
	ck_assert_int_eq(okc_time_parse(&t, NULL), OKC_EINVAL);
	char small[4];
	ck_assert_int_eq(okc_time_format(small, sizeof(small), 0), OKC_EINVAL);
}
END_TEST

/* ---- reasons and verdicts ---- */

START_TEST(test_reason_catalog_complete)
{
	ck_assert_uint_gt(okc_reason_catalog_size(), 0);
	for (size_t i = 0; i < okc_reason_catalog_size(); i++) {
		const okc_reason *r = okc_reason_catalog_entry(i);
		ck_assert_ptr_nonnull(r);
		ck_assert_msg(strlen(r->message_en) > 0, "%s: no English", r->code);
		ck_assert_msg(strlen(r->message_tr) > 0, "%s: no Turkish", r->code);
		ck_assert_ptr_eq(okc_reason_lookup(r->code), r);
		/* an ERROR reason must decide something */
		if (r->severity == OKC_SEV_ERROR)
			ck_assert_msg(r->indication != OKC_TOTAL_PASSED,
			              "%s: error without indication", r->code);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(okc_reason_catalog_entry(j)->code, r->code);
	}
	ck_assert_ptr_null(okc_reason_catalog_entry(okc_reason_catalog_size()));
	ck_assert_ptr_null(okc_reason_lookup("NO_SUCH_CODE"));
}
END_TEST

START_TEST(test_verdict_worst_wins)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r = okc__report_new(ctx, "x.imz", "cades");
	okc_signature *s1 = okc__signature_new(r, "signature");
	okc_signature *s2 = okc__signature_new(r, "signature");
	ck_assert_ptr_nonnull(s1);
	okc__signature_mark_complete(s1);
	okc__signature_mark_complete(s2);
	okc__signature_add_reason(s2, OKC_R_CORE_INTERNAL_ERROR, "x");
	okc__report_finalize(r);
	ck_assert_int_eq(okc_signature_indication(s1), OKC_TOTAL_PASSED);
	ck_assert_int_eq(okc_signature_indication(s2), OKC_INDETERMINATE);
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_str_eq(okc_signature_id(s2), "S2");
	okc__report_add_reason(r, OKC_R_CORE_EMPTY_INPUT, NULL);
	okc__report_finalize(r);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_verdict_incomplete_is_never_pass)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r = okc__report_new(ctx, "x.imz", "cades");
	okc_signature *s = okc__signature_new(r, "signature");
	okc__signature_set_crypto_valid(s, 1);
	okc__report_finalize(r);   /* not marked complete */
	ck_assert_int_eq(okc_signature_indication(s), OKC_INDETERMINATE);
	ck_assert_str_eq(okc_signature_reason(s, 0)->code,
	                 "CORE_VALIDATION_INCOMPLETE");
	okc_report_free(r);

	r = okc__report_new(ctx, "x.imz", "cades");   /* no signature at all */
	okc__report_finalize(r);
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_SIGNED_DATA_NOT_FOUND);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_warning_does_not_decide)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r = okc__report_new(ctx, "x", "cades");
	okc_signature *s = okc__signature_new(r, "seal");
	okc__signature_mark_complete(s);
	okc__signature_add_reason_sev(s, OKC_R_CORE_INTERNAL_ERROR,
	                              OKC_SEV_WARNING, "demoted");
	okc__report_add_reason(r, OKC_R_CORE_NAME_MISMATCH, "pdf vs imz");
	okc__report_finalize(r);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert_int_eq(okc_signature_reason(s, 0)->severity, OKC_SEV_WARNING);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_countersignature_tree_and_json)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.validation_time = 1795600800;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	okc_report *r = okc__report_new(ctx, "liste.xlsx.imz", "cades");
	okc_signature *s = okc__signature_new(r, "signature");
	okc_signer_info si = { .subject = "C=TR,serialNumber=10000000146,CN=Ali Veli",
	                       .common_name = "Ali Veli", .tckn = "10000000146",
	                       .qualified = 1 };
	ck_assert_int_eq(okc__signature_set_signer(s, &si), OKC_OK);
	okc_chain_entry e = { .subject = "CN=leaf", .issuer = "CN=ca",
	                      .not_before = 1, .not_after = 2000000000 };
	ck_assert_int_eq(okc__signature_add_chain(s, &e), OKC_OK);
	okc__signature_set_level(s, "CAdES-BES");
	okc__signature_set_times(s, 1795600000, 0);
	okc__signature_set_crypto_valid(s, 1);
	okc__signature_mark_complete(s);
	okc_signature *c = okc__signature_add_counter(s);
	ck_assert_ptr_nonnull(c);
	okc__signature_add_reason(c, OKC_R_CORE_INTERNAL_ERROR, "bad");
	okc__signature_mark_complete(c);
	okc__report_set_section(r, "package", json_pack("{s:s}", "kind", "eyp"));
	okc__report_finalize(r);
	/* a failed counter-signature does not change its parent's verdict */
	ck_assert_int_eq(okc_signature_indication(s), OKC_TOTAL_PASSED);
	ck_assert_int_eq(okc_signature_indication(c), OKC_INDETERMINATE);
	ck_assert_str_eq(okc_signature_id(c), "S1.C1");

	json_t *j = okc__report_to_json(r);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "okc_report")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "format")), "cades");
	ck_assert_str_eq(json_string_value(json_object_get(j, "validation_time")),
	                 "2026-11-25T10:00:00Z");
	json_t *js = json_array_get(json_object_get(j, "signatures"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(js, "level")), "CAdES-BES");
	ck_assert(json_is_true(json_object_get(js, "crypto_valid")));
	json_t *signer = json_object_get(js, "signer");
	ck_assert_str_eq(json_string_value(json_object_get(signer, "tckn")), "10000000146");
	ck_assert(json_is_true(json_object_get(signer, "qualified")));
	ck_assert(json_is_null(json_object_get(signer, "vkn")));
	json_t *jc = json_array_get(json_object_get(js, "countersignatures"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(jc, "role")), "countersignature");
	json_t *reason = json_array_get(json_object_get(jc, "reasons"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(reason, "code")), "CORE_INTERNAL_ERROR");
	ck_assert_str_eq(json_string_value(json_object_get(reason, "detail")), "bad");
	ck_assert_ptr_nonnull(json_object_get(reason, "message_tr"));
	ck_assert_str_eq(json_string_value(json_object_get(
		json_object_get(j, "package"), "kind")), "eyp");
	json_decref(j);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- DER cursor ---- */

START_TEST(test_der_cursor)
{
	/* SEQUENCE { INTEGER 5, OCTET STRING 'ab' } */
	static const uint8_t good[] = { 0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 'a', 'b' };
	okc_der_tlv t, i, o;
	ck_assert_int_eq(okc__der_single(good, sizeof(good), &t), OKC_OK);
	okc_der in = okc__der_enter(&t);
	ck_assert_int_eq(okc__der_expect(&in, OKC_DER_INTEGER, &i), OKC_OK);
	ck_assert_int_eq(i.val[0], 5);
	ck_assert_int_eq(okc__der_expect(&in, OKC_DER_SEQUENCE, &o), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_expect(&in, OKC_DER_OCTETS, &o), OKC_OK);
	ck_assert_int_eq(okc__der_next(&in, &o), OKC_ENOTFOUND);
}
END_TEST

START_TEST(test_der_rejects)
{
	okc_der_tlv t;
	static const uint8_t trailing[] = { 0x02, 0x01, 0x05, 0x00 };
	static const uint8_t overlong[] = { 0x04, 0x05, 'a' };
	static const uint8_t indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
	static const uint8_t nonminimal[] = { 0x04, 0x81, 0x01, 'a' };
	static const uint8_t hightag[] = { 0x1f, 0x81, 0x01, 0x00 };
	static const uint8_t hugelen[] = { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff };
	ck_assert_int_eq(okc__der_single(trailing, sizeof(trailing), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(overlong, sizeof(overlong), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(indefinite, sizeof(indefinite), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(nonminimal, sizeof(nonminimal), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(hightag, sizeof(hightag), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(hugelen, sizeof(hugelen), &t), OKC_EFORMAT);
	ck_assert_int_eq(okc__der_single(trailing, 1, &t), OKC_EFORMAT);
}
END_TEST

START_TEST(test_der_set_order)
{
	static const uint8_t a[] = { 0x04, 0x01, 0x01 };
	static const uint8_t b[] = { 0x04, 0x02, 0x01, 0x00 };
	static const uint8_t c[] = { 0x02, 0x01, 0x09 };
	okc_der_tlv ta, tb, tc;
	okc__der_single(a, sizeof(a), &ta);
	okc__der_single(b, sizeof(b), &tb);
	okc__der_single(c, sizeof(c), &tc);
	ck_assert_int_lt(okc__der_cmp(&ta, &tb), 0);  /* 04 01 < 04 02 */
	ck_assert_int_gt(okc__der_cmp(&ta, &tc), 0);
	ck_assert_int_eq(okc__der_cmp(&ta, &ta), 0);
}
END_TEST

/* ---- classification ---- */

static okc_doc_kind kind_of(okc_ctx *ctx, const char *name, const void *d,
                            size_t n, unsigned *flags)
{
	okc_classification c;
	ck_assert_int_eq(okc_classify_mem(&c, ctx, name, d, n), OKC_OK);
	if (flags)
		*flags = c.flags;
	return c.kind;
}

START_TEST(test_classify_content_over_name)
{
	okc_ctx *ctx = new_ctx();
	unsigned flags;
	static const uint8_t cms[] = { 0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48,
		0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x30, 0x80, 0x00 };
	ck_assert_int_eq(kind_of(ctx, "liste.xlsx.imz", cms, sizeof(cms), &flags),
	                 OKC_KIND_CMS);
	ck_assert_uint_eq(flags & OKC_CLASS_NAME_MISMATCH, 0);
	const char pdf[] = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
	ck_assert_int_eq(kind_of(ctx, "imza.imz", pdf, sizeof(pdf) - 1, &flags),
	                 OKC_KIND_PDF);
	ck_assert_uint_ne(flags & OKC_CLASS_NAME_MISMATCH, 0);
	const char pem[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
	ck_assert_int_eq(kind_of(ctx, NULL, pem, sizeof(pem) - 1, &flags), OKC_KIND_CERT);
	ck_assert_uint_ne(flags & OKC_CLASS_PEM, 0);
	const char csv[] = "Sira;Sicil No\n1;FU00022547\n2;JHWE20000079\n";
	ck_assert_int_eq(kind_of(ctx, "liste.csv", csv, sizeof(csv) - 1, NULL), OKC_KIND_CSV);
	const char mail[] = "From: a@b.c\nTo: okc@d.e\nSubject: x\n\nbody\n";
	ck_assert_int_eq(kind_of(ctx, NULL, mail, sizeof(mail) - 1, NULL), OKC_KIND_MAIL);
	const char xml[] = "\xef\xbb\xbf<?xml version=\"1.0\"?><a/>";
	ck_assert_int_eq(kind_of(ctx, "x.xml", xml, sizeof(xml) - 1, NULL), OKC_KIND_XML);
	ck_assert_int_eq(kind_of(ctx, "x.imz", "", 0, NULL), OKC_KIND_EMPTY);
	static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01 };
	ck_assert_int_eq(kind_of(ctx, "junk.bin", junk, sizeof(junk), NULL), OKC_KIND_UNKNOWN);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_classify_zip_family)
{
	okc_ctx *ctx = new_ctx();
	/* Local header signature plus a central-directory name is all the
	 * classifier looks at. */
	char eyp[] = "PK\x03\x04....................PaketOzeti/PaketOzeti.xml";
	char eyps[] = "PK\x03\x04....................SifreliIcerik/x PaketOzeti";
	char xlsx[] = "PK\x03\x04....................xl/workbook.xml";
	char zip[] = "PK\x03\x04....................readme.txt";
	char ods[] = "PK\x03\x04......................mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
	ck_assert_int_eq(kind_of(ctx, "a.eyp", eyp, sizeof(eyp) - 1, NULL), OKC_KIND_EYP);
	ck_assert_int_eq(kind_of(ctx, NULL, eyps, sizeof(eyps) - 1, NULL), OKC_KIND_EYPS);
	ck_assert_int_eq(kind_of(ctx, "l.xlsx", xlsx, sizeof(xlsx) - 1, NULL), OKC_KIND_XLSX);
	ck_assert_int_eq(kind_of(ctx, "a.zip", zip, sizeof(zip) - 1, NULL), OKC_KIND_ZIP);
	ck_assert_int_eq(kind_of(ctx, "paket.eyp", zip, sizeof(zip) - 1, NULL), OKC_KIND_EYP);
	ck_assert_int_eq(kind_of(ctx, "l.ods", ods, sizeof(ods) - 1, NULL), OKC_KIND_ODS);
	ck_assert_str_eq(okc_doc_kind_name(OKC_KIND_EYP), "eyp");
	ck_assert_str_eq(okc_doc_kind_name((okc_doc_kind)999), "unknown");
	ck_assert_int_eq(okc_classify_name("LISTE.XLSX"), OKC_KIND_XLSX);
	ck_assert_int_eq(okc_classify_name("noext"), OKC_KIND_UNKNOWN);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- dispatch ---- */

START_TEST(test_verify_unsupported_is_not_pass)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r = NULL;
	const char pdf[] = "%PDF-1.4\n%%EOF\n";
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "liste.pdf", pdf, sizeof(pdf) - 1,
	                                NULL), OKC_OK);
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_str_eq(okc_report_reason(r, 0)->code, "CORE_UNSUPPORTED_FORMAT");
	ck_assert_str_eq(okc_report_format(r), "pdf");
	okc_report_free(r);

	ck_assert_int_eq(okc_verify_mem(&r, ctx, "bos.imz", "", 0, NULL), OKC_OK);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_str_eq(okc_report_reason(r, 0)->code, "CORE_EMPTY_INPUT");
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_verify_limits_and_errors)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	okc_report *r = NULL;
	o.limits.max_input_size = 8;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "big.imz", "0123456789", 10, NULL),
	                 OKC_OK);
	ck_assert_str_eq(okc_report_reason(r, 0)->code, "CORE_INPUT_TOO_LARGE");
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	okc_report_free(r);
	ck_assert_int_eq(okc_verify_file(&r, ctx, "/nonexistent/x.imz", NULL), OKC_EIO);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(okc_ctx_errmsg(ctx), "/nonexistent/x.imz"));
	okc_verify_options vo = OKC_VERIFY_OPTIONS_INIT;
	vo.version = 77;
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "x", "a", 1, &vo), OKC_EINVAL);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_embedded_and_inner_docs)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r = okc__report_new(ctx, "a.eyp", "eyp");
	static const unsigned char der[] = { 0x30, 0x00 };
	ck_assert_int_eq(okc__verify_embedded_cms(r, ctx, der, sizeof(der),
	                 (const unsigned char *)"x", 1, "seal"), OKC_OK);
	okc__report_finalize(r);
	ck_assert_uint_eq(okc_report_signature_count(r), 1);
	const okc_signature *s = okc_report_signature(r, 0);
	ck_assert_str_eq(okc_signature_role(s), "seal");
	/* whatever verifier is registered, two placeholder bytes never pass */
	ck_assert_int_ne(okc_signature_indication(s), OKC_TOTAL_PASSED);
	okc_report_free(r);

	okc__inner_docs docs = { 0 };
	ck_assert_int_eq(okc__inner_docs_add(&docs, "liste.csv", "text/csv",
	                 "/Ekler/liste.csv", (const unsigned char *)"a;b", 3,
	                 true), OKC_OK);
	ck_assert_int_eq(okc__inner_docs_add(&docs, NULL, NULL, NULL, NULL, 0,
	                 false), OKC_OK);
	ck_assert_uint_eq(docs.n, 2);
	ck_assert_str_eq(docs.v[0].location, "/Ekler/liste.csv");
	ck_assert_mem_eq(docs.v[0].data, "a;b", 3);
	ck_assert_str_eq(docs.v[1].name, "");
	okc__inner_docs_clear(&docs);
	ck_assert_uint_eq(docs.n, 0);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_ids)
{
	/* Vectors from the published algorithms (python-stdnum's tests). */
	ck_assert(okc_tckn_valid("10000000146"));
	ck_assert(okc_tckn_valid("17291716060"));
	ck_assert(!okc_tckn_valid("17291716050"));   /* d10 wrong */
	ck_assert(!okc_tckn_valid("17291716061"));   /* d11 wrong */
	ck_assert(!okc_tckn_valid("07291716060"));   /* leading zero */
	ck_assert(!okc_tckn_valid("1729171606"));
	ck_assert(!okc_tckn_valid("1729171606a"));
	ck_assert(!okc_tckn_valid(NULL));
	ck_assert(okc_vkn_valid("4540536920"));
	ck_assert(okc_vkn_valid("0010213576"));
	ck_assert(!okc_vkn_valid("4540536921"));
	ck_assert(!okc_vkn_valid("454053692"));
	ck_assert(!okc_vkn_valid("45405369 0"));
	ck_assert(okc_mersis_plausible("0877048726600001", NULL));
	ck_assert(okc_mersis_plausible("0454053692000015", "4540536920"));
	ck_assert(!okc_mersis_plausible("0454053692100015", "4540536920"));
	ck_assert(!okc_mersis_plausible("087704872660000", NULL));
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("errors+context");
	tcase_add_test(tc, test_strerror_table);
	tcase_add_test(tc, test_ctx_defaults_and_overrides);
	tcase_add_test(tc, test_ctx_rejects_unknown_version);
	tcase_add_test(tc, test_ctx_work_budget);
	tcase_add_test(tc, test_time_parse);
	tcase_add_test(tc, test_time_parse_rejects);
	tcase_add_test(tc, test_ids);
	suite_add_tcase(s, tc);
	tc = tcase_create("report");
	tcase_add_test(tc, test_reason_catalog_complete);
	tcase_add_test(tc, test_verdict_worst_wins);
	tcase_add_test(tc, test_verdict_incomplete_is_never_pass);
	tcase_add_test(tc, test_warning_does_not_decide);
	tcase_add_test(tc, test_countersignature_tree_and_json);
	suite_add_tcase(s, tc);
	tc = tcase_create("der");
	tcase_add_test(tc, test_der_cursor);
	tcase_add_test(tc, test_der_rejects);
	tcase_add_test(tc, test_der_set_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("classify+dispatch");
	tcase_add_test(tc, test_classify_content_over_name);
	tcase_add_test(tc, test_classify_zip_family);
	tcase_add_test(tc, test_verify_unsupported_is_not_pass);
	tcase_add_test(tc, test_verify_limits_and_errors);
	tcase_add_test(tc, test_embedded_and_inner_docs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
