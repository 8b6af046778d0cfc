/*
 * test_record.c - the intake pipeline end to end with synthetic
 * verification reports: every decision rule and every INTAKE_* reason,
 * the record's JSON keys and its stable id.
 *
 * Signature verification and container extraction are replaced through
 * okc__intake_set_hooks() by a fake that builds reports with
 * report_build.h (as the CAdES and .eyp modules do), so the decision logic
 * is tested whatever verifiers this build contains.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "intake/intake_int.h"
#include "intake_fixtures.h"

/* ---- reference data in a temporary data directory ---- */

static char datadir[256];
static char regpath[300];

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *fp = fopen(p, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void setup(void)
{
	snprintf(datadir, sizeof(datadir), "%s/okc-intake-test.XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(datadir));
	write_file(datadir, "okc-prefixes.tsv",
	           "FU\tHUGIN\t-\tHugin\tS1\n"
	           "BCA\tE-DATA\t-\tProfilo\tVX680-E1\n"
	           "JH\tPAVO\t0010213576\tIngenico\tiWE280\n"
	           "YAB\tTOSHIBA\t4540536920\tToshiba\t4610-2NF\n");
	write_file(datadir, "signers.tsv",
	           "vkn\tcompany\ttckn\tname\tauthority\tvalid_from\tvalid_until\n"
	           "4540536920\tTEST Yazarkasa A.Ş.\t10000000146\tAyşe\tsingle\t2025-01-01\t2027-12-31\n"
	           "4540536920\tTEST Yazarkasa A.Ş.\t56789012390\tEski\tsingle\t2024-01-01\t2026-03-01\n"
	           "0010213576\tTEST Ödeme Ltd.\t17291716060\tMehmet\tjoint\t2025-01-01\t\n"
	           "0010213576\tTEST Ödeme Ltd.\t23456789060\tZeynep\tjoint\t2025-01-01\t\n");
	snprintf(regpath, sizeof(regpath), "%s/signers.tsv", datadir);
}

static void teardown(void)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/okc-prefixes.tsv", datadir);
	unlink(p);
	unlink(regpath);
	snprintf(p, sizeof(p), "%s/bad.tsv", datadir);
	unlink(p);
	rmdir(datadir);
}

/* ---- the fake verifier ---- */

typedef struct fake_sig {
	const char *cn;
	const char *tckn;
	int qualified;
	const char *role;
	int outcome;            /* 0 passed, 1 indeterminate, 2 failed */
} fake_sig;

typedef struct fake_doc {
	const char *name;
	const char *data;
	bool signed_part;
} fake_doc;

static struct fake {
	fake_sig sigs[3];
	int nsig;
	bool container_corrupt;  /* report-level FAILED/FORMAT_FAILURE */
	bool extract_fails;
	const char *pkg_vkn, *pkg_mersis, *pkg_name, *konu;
	fake_doc docs[4];
	int ndocs;
	bool nest;               /* every extraction yields another .imz */
	bool warn;               /* a warning in a passed report */
	int verify_calls;
} F;

static const char *const FAKE_PREFIX = "FAKE-SIGNED-CONTAINER";

static int fake_verify(okc_report **out, okc_ctx *ctx, const char *name,
                       const void *data, size_t len,
                       const okc_verify_options *opts)
{
	(void)data; (void)len; (void)opts;
	F.verify_calls++;
	okc_report *r = okc__report_new(ctx, name, F.pkg_vkn || F.pkg_mersis ?
	                                "eyp" : "cades");
	ck_assert_ptr_nonnull(r);
	if (F.container_corrupt)
		okc__report_add_reason(r, OKC_R_CORE_EMPTY_INPUT, "corrupt");
	if (F.warn)
		okc__report_add_reason(r, OKC_R_CORE_NAME_MISMATCH, "warned");
	for (int i = 0; i < F.nsig; i++) {
		const fake_sig *fs = &F.sigs[i];
		okc_signature *s = okc__signature_new(r, fs->role ? fs->role
		                                                  : "signature");
		char subject[128];
		snprintf(subject, sizeof(subject), "CN=%s,serialNumber=%s,C=TR",
		         fs->cn, fs->tckn);
		okc_signer_info si = { .subject = subject, .common_name = fs->cn,
			.tckn = fs->tckn, .fingerprint_sha256 = "AB01",
			.qualified = fs->qualified };
		okc__signature_set_signer(s, &si);
		okc__signature_set_times(s, 1780308000 /* 2026-06-01T10:00Z */, 0);
		if (fs->outcome == 2)
			okc__signature_add_reason(s, OKC_R_CORE_EMPTY_INPUT, "bad");
		if (fs->outcome != 1)
			okc__signature_mark_complete(s);
	}
	if (F.pkg_vkn || F.pkg_mersis) {
		json_t *c = json_pack("{s:s, s:s}", "type", "TuzelSahis", "name",
		                      F.pkg_name ? F.pkg_name : "Paket Şirketi");
		if (F.pkg_vkn)
			json_object_set_new(c, "vkn", json_string(F.pkg_vkn));
		if (F.pkg_mersis)
			json_object_set_new(c, "mersis", json_string(F.pkg_mersis));
		okc__report_set_section(r, "package", json_pack("{s:s, s:o, s:o}",
			"kind", "eyp", "konu", F.konu ? json_string(F.konu) : json_null(),
			"creator", c));
	}
	okc__report_finalize(r);
	*out = r;
	return OKC_OK;
}

static int fake_extract(okc_ctx *ctx, const okc_classification *cls,
                        const unsigned char *data, size_t len,
                        okc__inner_docs *out)
{
	(void)ctx; (void)cls;
	if (len < strlen(FAKE_PREFIX) ||
	    memcmp(data, FAKE_PREFIX, strlen(FAKE_PREFIX)) != 0)
		return OKC_OK;
	if (F.extract_fails)
		return OKC_EFORMAT;
	if (F.nest)
		return okc__inner_docs_add(out, "inner.imz", NULL, "/x", data, len,
		                           true);
	for (int i = 0; i < F.ndocs; i++)
		ck_assert_int_eq(okc__inner_docs_add(out, F.docs[i].name, NULL, "/Ekler",
			(const unsigned char *)F.docs[i].data, strlen(F.docs[i].data),
			F.docs[i].signed_part), OKC_OK);
	return OKC_OK;
}

/* ---- running a case ---- */

typedef struct input {
	const char *name;
	const char *data;      /* NULL: a fixture file of that name */
} input;

static okc_record *run_case_src(const input *in, size_t n, const char *signers,
                                const char *subject, int expect_rc)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	okc_intake *it = NULL;
	okc_record *rec = NULL;
	o.data_dir = datadir;
	ck_assert_int_eq(okc_time_parse(&o.validation_time, "2026-06-01T12:00:00Z"),
	                 OKC_OK);
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_intake_new(&it, ctx), OKC_OK);
	okc__intake_set_hooks(it, fake_verify, fake_extract);
	if (subject != NULL) {
		okc_intake_source src = OKC_INTAKE_SOURCE_INIT;
		src.kind = "mail";
		src.subject = subject;
		src.message_id = "<m1@example.test>";
		src.from = "firma@example.test";
		src.received_at = 1780311600;
		ck_assert_int_eq(okc_intake_set_source(it, &src), OKC_OK);
	}
	if (signers != NULL)
		ck_assert_int_eq(okc_intake_set_signers_file(it, signers), OKC_OK);
	for (size_t i = 0; i < n; i++) {
		if (in[i].data != NULL) {
			ck_assert_int_eq(okc_intake_add_document(it, in[i].name, NULL,
			                 in[i].data, strlen(in[i].data)), OKC_OK);
		} else {
			size_t len;
			unsigned char *d = fx_read(in[i].name, &len);
			ck_assert_int_eq(okc_intake_add_document(it, in[i].name, NULL,
			                 d, len), OKC_OK);
			free(d);
		}
	}
	ck_assert_int_eq(okc_intake_run(&rec, it), expect_rc);
	okc_intake_free(it);
	okc_ctx_free(ctx);
	return rec;
}

static okc_record *run_case(const input *in, size_t n)
{
	return run_case_src(in, n, NULL, NULL, OKC_OK);
}

static bool has(const okc_record *rec, const char *code)
{
	for (size_t i = 0; i < okc_record_reason_count(rec); i++)
		if (strcmp(okc_record_reason(rec, i)->code, code) == 0)
			return true;
	return false;
}

#define EXPECT(rec, dec, code)                                               \
	do {                                                                  \
		ck_assert_msg(okc_record_decision(rec) == (dec),              \
		              "decision %s, expected %s",                     \
		              okc_decision_name(okc_record_decision(rec)),    \
		              okc_decision_name(dec));                        \
		if ((code) != NULL)                                           \
			ck_assert_msg(has(rec, code), "%s missing", (const char *)(code)); \
	} while (0)

static const char LIST_CSV[] = "Sıra;Seri No\n1;FU00022547\n2;BCA1234567\n";

/* A qualified, passing signer of company 4540536920 over the list. */
static void good_case(void)
{
	memset(&F, 0, sizeof(F));
	F.sigs[0] = (fake_sig){ "TEST Ayşe", "10000000146", 1, NULL, 0 };
	F.nsig = 1;
	F.docs[0] = (fake_doc){ "signed-content.csv", LIST_CSV, true };
	F.ndocs = 1;
}

static const input IMZ[] = { { "liste.csv.imz", "FAKE-SIGNED-CONTAINER 1" } };

static json_t *rec_json(const okc_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(okc_record_write_json_file(rec, OKC_JSON_COMPACT, fp), OKC_OK);
	fclose(fp);
	json_error_t e;
	json_t *j = json_loads(buf, 0, &e);
	ck_assert_msg(j != NULL, "record JSON does not parse: %s", e.text);
	free(buf);
	return j;
}

START_TEST(test_accepted_and_record_keys)
{
	good_case();
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	ck_assert_uint_eq(F.verify_calls, 1);
	json_t *j = rec_json(rec);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "okc_record")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "decision")), "ACCEPTED");
	ck_assert_str_eq(json_string_value(json_object_get(j, "signature_path")),
	                 "electronic");
	ck_assert_str_eq(json_string_value(json_object_get(j, "id")), okc_record_id(rec));
	json_t *src = json_object_get(j, "source");
	ck_assert_str_eq(json_string_value(json_object_get(src, "kind")), "files");
	ck_assert(json_is_null(json_object_get(src, "message_id")));
	json_t *app = json_object_get(j, "applicant");
	json_t *co = json_object_get(app, "company");
	ck_assert_str_eq(json_string_value(json_object_get(co, "vkn")), "4540536920");
	ck_assert_str_eq(json_string_value(json_object_get(co, "name")),
	                 "TEST Yazarkasa A.Ş.");
	ck_assert_str_eq(json_string_value(json_object_get(co, "source")), "registry");
	json_t *sg = json_array_get(json_object_get(app, "signers"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(sg, "tckn")), "10000000146");
	ck_assert_str_eq(json_string_value(json_object_get(sg, "certificate_sha256")), "AB01");
	ck_assert(json_is_true(json_object_get(sg, "authorized")));
	json_t *ap = json_object_get(j, "application");
	ck_assert_int_eq(json_integer_value(json_object_get(ap, "serial_count")), 2);
	json_t *s0 = json_array_get(json_object_get(ap, "serials"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(s0, "serial")), "FU00022547");
	ck_assert_str_eq(json_string_value(json_object_get(s0, "prefix")), "FU");
	ck_assert_str_eq(json_string_value(json_object_get(s0, "company")), "HUGIN");
	ck_assert_str_eq(json_string_value(json_object_get(s0, "brand")), "Hugin");
	ck_assert_str_eq(json_string_value(json_object_get(s0, "model")), "S1");
	ck_assert(json_is_true(json_object_get(s0, "valid")));
	ck_assert_uint_eq(json_array_size(json_object_get(s0, "reasons")), 0);
	json_t *docs = json_object_get(j, "documents");
	ck_assert_uint_eq(json_array_size(docs), 2);
	json_t *d0 = json_array_get(docs, 0), *d1 = json_array_get(docs, 1);
	ck_assert_str_eq(json_string_value(json_object_get(d0, "role")), "signed_container");
	ck_assert(json_is_null(json_object_get(d0, "inside")));
	ck_assert_str_eq(json_string_value(json_object_get(d1, "role")), "application_list");
	ck_assert_str_eq(json_string_value(json_object_get(d1, "inside")), "liste.csv.imz");
	ck_assert(json_is_true(json_object_get(d1, "signed")));
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(d1, "sha256"))), 64);
	ck_assert_int_eq(json_integer_value(json_object_get(d1, "size")),
	                 (json_int_t)strlen(LIST_CSV));
	json_t *v0 = json_array_get(json_object_get(j, "verification"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(v0, "okc_report")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(v0, "indication")), "TOTAL_PASSED");
	/* every reason of an accepted record is information only */
	size_t i;
	json_t *rr;
	json_array_foreach(json_object_get(j, "reasons"), i, rr)
		ck_assert_str_eq(json_string_value(json_object_get(rr, "effect")), "none");
	json_decref(j);

	/* the reviewer's summary */
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ck_assert_int_eq(okc_record_write_text(rec, fp), OKC_OK);
	fclose(fp);
	ck_assert(strstr(buf, "Karar / Decision: KABUL / ACCEPTED") != NULL);
	ck_assert(strstr(buf, "TEST Ayşe (TCKN 10000000146) yetkili / authorised: evet / yes") != NULL);
	free(buf);
	okc_record_free(rec);
	okc_record_free(NULL);
}
END_TEST

START_TEST(test_stable_id)
{
	good_case();
	input two[] = { { "a.csv", "Seri No\nFU00022547\n" }, { "b.pdf", "%PDF-1.4\n%%EOF\n" } };
	input swapped[] = { two[1], two[0] };
	input other[] = { two[0], { "b.pdf", "%PDF-1.5\n%%EOF\n" } };
	okc_record *r1 = run_case(two, 2), *r2 = run_case(swapped, 2),
	           *r3 = run_case(other, 2);
	okc_record *r4 = run_case_src(two, 2, NULL, "Ek başvuru", OKC_OK);
	ck_assert_uint_eq(strlen(okc_record_id(r1)), 64);
	ck_assert_str_eq(okc_record_id(r1), okc_record_id(r2));
	ck_assert_str_ne(okc_record_id(r1), okc_record_id(r3));
	ck_assert_str_ne(okc_record_id(r1), okc_record_id(r4));
	okc_record_free(r1);
	okc_record_free(r2);
	okc_record_free(r3);
	okc_record_free(r4);
}
END_TEST

START_TEST(test_signature_failed)
{
	good_case();
	F.sigs[0].outcome = 2;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_SIGNATURE_FAILED");
	ck_assert(!has(rec, "INTAKE_CONTAINER_CORRUPT"));
	okc_record_free(rec);
}
END_TEST

START_TEST(test_container_corrupt)
{
	good_case();
	F.container_corrupt = true;
	F.nsig = 0;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_CONTAINER_CORRUPT");
	okc_record_free(rec);
	/* an extractor that cannot read the container */
	good_case();
	F.extract_fails = true;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_CONTAINER_CORRUPT");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_not_qualified)
{
	good_case();
	F.sigs[0].qualified = 0;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_SIGNER_NOT_QUALIFIED");
	okc_record_free(rec);
	good_case();
	F.sigs[0].qualified = -1;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_SIGNER_QUALIFICATION_UNKNOWN");
	okc_record_free(rec);
	/* a seal next to the signature is not the applicant's signature */
	good_case();
	F.sigs[1] = (fake_sig){ "Mühür", NULL, 0, "seal", 0 };
	F.nsig = 2;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	okc_record_free(rec);
}
END_TEST

START_TEST(test_indeterminate)
{
	good_case();
	F.sigs[0].outcome = 1;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_SIGNATURE_INDETERMINATE");
	okc_record_free(rec);
	/* passed, but with a warning a person should see */
	good_case();
	F.warn = true;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_VERIFICATION_WARNING");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_authority)
{
	/* signer not on record for the package's company */
	good_case();
	F.sigs[0].tckn = "17291716060";
	F.pkg_vkn = "4540536920";
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_SIGNER_NOT_AUTHORIZED");
	okc_record_free(rec);
	/* authority on record, expired at the signing time */
	good_case();
	F.sigs[0].tckn = "56789012390";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_SIGNER_AUTHORITY_EXPIRED");
	okc_record_free(rec);
	/* a company with no circular on record */
	good_case();
	F.pkg_vkn = "0010213576";
	F.pkg_vkn = "8770487266";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_AUTHORITY_UNKNOWN");
	okc_record_free(rec);
	/* a signer nobody knows: no company */
	good_case();
	F.sigs[0].tckn = "99999999990";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_COMPANY_UNKNOWN");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_joint_authority)
{
	good_case();
	F.sigs[0] = (fake_sig){ "Mehmet", "17291716060", 1, NULL, 0 };
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_JOINT_SIGNERS_MISSING");
	okc_record_free(rec);
	F.sigs[1] = (fake_sig){ "Zeynep", "23456789060", 1, NULL, 0 };
	F.nsig = 2;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	okc_record_free(rec);
}
END_TEST

START_TEST(test_company_from_package)
{
	good_case();
	F.pkg_vkn = "4540536920";
	F.pkg_mersis = "0454053692000017";
	F.konu = "ÖKC ek başvuru";
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	json_t *j = rec_json(rec);
	json_t *co = json_object_get(json_object_get(j, "applicant"), "company");
	ck_assert_str_eq(json_string_value(json_object_get(co, "source")), "package");
	ck_assert_str_eq(json_string_value(json_object_get(co, "mersis")), "0454053692000017");
	ck_assert_str_eq(json_string_value(json_object_get(
		json_object_get(j, "application"), "type")), "additional");
	json_decref(j);
	okc_record_free(rec);
	/* a MERSİS alone gives the VKN */
	good_case();
	F.pkg_mersis = "0454053692000017";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	okc_record_free(rec);
	/* invalid identifiers */
	good_case();
	F.pkg_vkn = "4540536921";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_COMPANY_ID_INVALID");
	okc_record_free(rec);
	good_case();
	F.pkg_vkn = "4540536920";
	F.pkg_mersis = "0111111111100017";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_COMPANY_ID_INVALID");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_serial_rules)
{
	good_case();
	F.docs[0].data = "Seri No\nFU00022547\nZZ12345678\nJH12345678\nFU1\n"
	                 "FU00022547\n\nToplam: 3 adet\n";
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_SERIAL_PREFIX_UNKNOWN");
	ck_assert(has(rec, "INTAKE_SERIAL_PREFIX_FOREIGN"));
	ck_assert(has(rec, "INTAKE_SERIAL_MALFORMED"));
	ck_assert(has(rec, "INTAKE_SERIAL_DUPLICATE"));
	ck_assert(has(rec, "INTAKE_LIST_JUNK_ROW"));
	ck_assert(has(rec, "INTAKE_LIST_BLANK_ROWS"));
	json_t *j = rec_json(rec);
	json_t *ser = json_object_get(json_object_get(j, "application"), "serials");
	ck_assert_uint_eq(json_array_size(ser), 6);
	json_t *dup = json_array_get(ser, 4);
	ck_assert(json_is_false(json_object_get(dup, "valid")));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(dup, "reasons"), 0)),
	                 "INTAKE_SERIAL_DUPLICATE");
	ck_assert(json_is_true(json_object_get(json_array_get(ser, 0), "valid")));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(
		json_array_get(ser, 2), "reasons"), 0)), "INTAKE_SERIAL_PREFIX_FOREIGN");
	json_decref(j);
	okc_record_free(rec);
	/* a prefix the applicant owns by VKN is fine */
	good_case();
	F.docs[0].data = "Seri No\nYAB123456\n";
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	okc_record_free(rec);
}
END_TEST

/* One signed document inside the container, and what the list rules make
 * of it. */
static const struct list_case {
	const char *what, *name, *content;
	okc_decision decision;
	const char *code;
} LIST_CASES[] = {
	{ "only a cover letter", "ustyazi.pdf", "%PDF-1.4\n%%EOF\n",
	  OKC_DECISION_REJECTED, "INTAKE_LIST_MISSING" },
	{ "unreadable spreadsheet", "liste.xlsx", "PK\x03\x04 broken",
	  OKC_DECISION_REJECTED, "INTAKE_LIST_UNREADABLE" },
	{ "legacy .xls", "liste.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ole2",
	  OKC_DECISION_REJECTED, "INTAKE_LIST_UNREADABLE" },
	{ "no serial column", "liste.csv", "ad;soyad\nAyşe;Yılmaz\n",
	  OKC_DECISION_REJECTED, "INTAKE_LIST_NO_SERIAL_COLUMN" },
	{ "a header and nothing under it", "liste.csv", "Seri No\n",
	  OKC_DECISION_REJECTED, "INTAKE_LIST_EMPTY" },
	{ "an empty list file", "liste.csv", "",
	  OKC_DECISION_REJECTED, "INTAKE_DOCUMENT_EMPTY" },
};

START_TEST(test_list_cases)
{
	const struct list_case *c = &LIST_CASES[_i];
	good_case();
	F.docs[0] = (fake_doc){ c->name, c->content, true };
	okc_record *rec = run_case(IMZ, 1);
	if (okc_record_decision(rec) != c->decision || !has(rec, c->code))
		ck_abort_msg("%s: decision %s, expected %s with %s", c->what,
		             okc_decision_name(okc_record_decision(rec)),
		             okc_decision_name(c->decision), c->code);
	okc_record_free(rec);
}
END_TEST

START_TEST(test_list_rules)
{
	/* a container we cannot look into: the list may be inside */
	good_case();
	F.ndocs = 0;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_LIST_MISSING");
	okc_record_free(rec);
	/* the list sent next to the container, not inside it */
	good_case();
	F.ndocs = 0;
	F.docs[0] = (fake_doc){ "ustyazi.pdf", "%PDF-1.4\n%%EOF\n", true };
	F.ndocs = 1;
	input both[] = { IMZ[0], { "liste.csv", LIST_CSV } };
	rec = run_case(both, 2);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_LIST_NOT_SIGNED");
	okc_record_free(rec);
	/* the list sent loose and inside the container: one signed list */
	good_case();
	input dup[] = { IMZ[0], { "liste.csv", LIST_CSV } };
	rec = run_case(dup, 2);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	ck_assert(!has(rec, "INTAKE_SERIAL_DUPLICATE"));
	okc_record_free(rec);
	/* an attachment outside the signed part (ImzasizEkler) */
	good_case();
	F.docs[0].signed_part = false;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_LIST_NOT_SIGNED");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_list_formats_and_encoding)
{
	good_case();
	F.ndocs = 0;
	input xs[] = { { "list.xlsx", NULL } };
	okc_record *rec = run_case(xs, 1);
	json_t *j = rec_json(rec);
	ck_assert_int_eq(json_integer_value(json_object_get(
		json_object_get(j, "application"), "serial_count")), 6);
	json_decref(j);
	okc_record_free(rec);
	input cs[] = { { "list-1254.csv", NULL } };
	rec = run_case(cs, 1);
	ck_assert(has(rec, "INTAKE_LIST_ENCODING"));
	okc_record_free(rec);
}
END_TEST

START_TEST(test_detached_signature)
{
	/* liste.csv.p7s carries nothing; it is verified over liste.csv */
	good_case();
	F.ndocs = 0;
	input both[] = { { "liste.csv.p7s", "FAKE-SIGNED-CONTAINER d" },
	                 { "liste.csv", LIST_CSV } };
	okc_record *rec = run_case(both, 2);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	okc_record_free(rec);
}
END_TEST

START_TEST(test_wet_path)
{
	memset(&F, 0, sizeof(F));
	input wet[] = { { "basvuru-listesi-taranmis.pdf", NULL },
	                { "imza-sirkuleri.pdf", NULL } };
	okc_record *rec = run_case(wet, 2);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_WET_SIGNATURE");
	ck_assert(has(rec, "INTAKE_LIST_SCANNED"));
	json_t *j = rec_json(rec);
	ck_assert_str_eq(json_string_value(json_object_get(j, "signature_path")), "wet");
	json_decref(j);
	okc_record_free(rec);

	input nocirc[] = { wet[0] };
	rec = run_case(nocirc, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_CIRCULAR_MISSING");
	okc_record_free(rec);

	input enc[] = { wet[0], { "sirkuler-sifreli.pdf", NULL } };
	rec = run_case(enc, 2);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_DOCUMENT_ENCRYPTED");
	okc_record_free(rec);

	input cut[] = { wet[0], { "sirkuler-kesik.pdf", NULL } };
	rec = run_case(cut, 2);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_DOCUMENT_UNREADABLE");
	okc_record_free(rec);

	input empty[] = { wet[0], { "imza sirküleri.pdf", "" } };
	rec = run_case(empty, 2);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_DOCUMENT_EMPTY");
	okc_record_free(rec);

	input wrongtype[] = { wet[0], { "imza sirküleri.docx", "PK\x05\x06" } };
	rec = run_case(wrongtype, 2);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_DOCUMENT_UNREADABLE");
	okc_record_free(rec);

	/* a tiny "scan" and too many pages */
	static char many[8192];
	size_t o = (size_t)snprintf(many, sizeof(many), "%%PDF-1.4\n");
	for (int i = 0; i < 30; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o,
		                      "%d 0 obj << /Type /Page >> endobj\n", i + 3);
	snprintf(many + o, sizeof(many) - o, "%%%%EOF\n");
	input big[] = { wet[0], { "imza sirküleri.pdf", many } };
	rec = run_case(big, 2);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_DOCUMENT_SUSPICIOUS_SIZE");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_not_signed_and_no_documents)
{
	memset(&F, 0, sizeof(F));
	input plain[] = { { "liste.csv", LIST_CSV } };
	okc_record *rec = run_case(plain, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_NOT_SIGNED");
	okc_record_free(rec);
	rec = run_case(NULL, 0);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_NO_DOCUMENTS");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_application_kind_and_prerequisites)
{
	/* a request form means an initial application: the GİB approval
	 * letter is required, the contract noted */
	good_case();
	F.docs[1] = (fake_doc){ "ÖKC Talep Formu.pdf", "%PDF-1.4\n%%EOF\n", true };
	F.ndocs = 2;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_GIB_APPROVAL_MISSING");
	ck_assert(has(rec, "INTAKE_CONTRACT_MISSING"));
	okc_record_free(rec);
	F.docs[2] = (fake_doc){ "GİB onay yazısı.pdf", "%PDF-1.4\n%%EOF\n", true };
	F.docs[3] = (fake_doc){ "Sözleşme.pdf", "%PDF-1.4\n%%EOF\n", true };
	F.ndocs = 4;
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_ACCEPTED, NULL);
	json_t *j = rec_json(rec);
	ck_assert_str_eq(json_string_value(json_object_get(
		json_object_get(j, "application"), "type")), "initial");
	json_decref(j);
	okc_record_free(rec);

	/* soft certificates need the secure-area audit */
	good_case();
	rec = run_case_src(IMZ, 1, NULL, "Ek başvuru - soft sertifika", OKC_OK);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_SECURE_AREA_AUDIT_MISSING");
	j = rec_json(rec);
	json_t *ap = json_object_get(j, "application");
	ck_assert_str_eq(json_string_value(json_object_get(ap, "certificate_kind")), "soft");
	ck_assert_str_eq(json_string_value(json_object_get(ap, "type")), "additional");
	json_t *src = json_object_get(j, "source");
	ck_assert_str_eq(json_string_value(json_object_get(src, "kind")), "mail");
	ck_assert_str_eq(json_string_value(json_object_get(src, "message_id")),
	                 "<m1@example.test>");
	ck_assert_str_eq(json_string_value(json_object_get(j, "received_at")),
	                 "2026-06-01T11:00:00Z");
	json_decref(j);
	okc_record_free(rec);

	/* nothing says: unknown, noted as information */
	good_case();
	F.sigs[0].tckn = "99999999990";
	rec = run_case(IMZ, 1);
	ck_assert(has(rec, "INTAKE_APPLICATION_TYPE_UNKNOWN"));
	ck_assert(has(rec, "INTAKE_CERTIFICATE_KIND_UNKNOWN"));
	okc_record_free(rec);
}
END_TEST

START_TEST(test_reference_data)
{
	char p[512];
	/* an explicit registry must exist */
	good_case();
	snprintf(p, sizeof(p), "%s/none.tsv", datadir);
	okc_record *rec = run_case_src(IMZ, 1, p, NULL, OKC_EIO);
	ck_assert_ptr_null(rec);
	/* invalid registry lines are reported, valid ones used */
	snprintf(p, sizeof(p), "%s/bad.tsv", datadir);
	write_file(datadir, "bad.tsv",
	           "4540536920\tA\t10000000146\tAyşe\tsingle\t\t\n"
	           "4540536920\tA\t10000000147\tbroken\tsingle\t\t\n");
	rec = run_case_src(IMZ, 1, p, NULL, OKC_OK);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_REGISTRY_LINE_INVALID");
	okc_record_free(rec);
	/* without the default registry: review */
	unlink(regpath);
	rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_REGISTRY_MISSING");
	okc_record_free(rec);
	/* without the prefix table nothing can be accepted */
	snprintf(p, sizeof(p), "%s/okc-prefixes.tsv", datadir);
	unlink(p);
	rec = run_case_src(IMZ, 1, NULL, NULL, OKC_OK);
	EXPECT(rec, OKC_DECISION_NEEDS_REVIEW, "INTAKE_PREFIX_TABLE_MISSING");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_nesting_and_unclassified)
{
	good_case();
	F.nest = true;
	okc_record *rec = run_case(IMZ, 1);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_NESTING_TOO_DEEP");
	okc_record_free(rec);
	good_case();
	input extra[] = { IMZ[0], { "notes.bin", "\x01\x02\x03\x04" } };
	rec = run_case(extra, 2);
	EXPECT(rec, OKC_DECISION_ACCEPTED, "INTAKE_DOCUMENT_NOT_CLASSIFIED");
	okc_record_free(rec);
}
END_TEST

START_TEST(test_added_reasons_and_decide)
{
	okc_ctx *ctx = NULL;
	okc_intake *it = NULL;
	okc_record *rec = NULL;
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	o.data_dir = datadir;
	o.validation_time = 1780315200;
	good_case();
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_intake_new(&it, ctx), OKC_OK);
	okc__intake_set_hooks(it, fake_verify, fake_extract);
	ck_assert_int_eq(okc_intake_add_reason(it, "NO_SUCH_CODE", NULL), OKC_EINVAL);
	ck_assert_int_eq(okc_intake_add_reason(it, "INTAKE_LIST_UNREADABLE",
	                                       "from the front end"), OKC_OK);
	ck_assert_int_eq(okc_intake_add_document(it, IMZ[0].name, NULL, IMZ[0].data,
	                                         strlen(IMZ[0].data)), OKC_OK);
	okc_intake_source bad = OKC_INTAKE_SOURCE_INIT;
	bad.kind = "fax";
	ck_assert_int_eq(okc_intake_set_source(it, &bad), OKC_EINVAL);
	bad.kind = "mail";
	bad.version = 99;
	ck_assert_int_eq(okc_intake_set_source(it, &bad), OKC_EINVAL);
	ck_assert_int_eq(okc_intake_run(&rec, it), OKC_OK);
	EXPECT(rec, OKC_DECISION_REJECTED, "INTAKE_LIST_UNREADABLE");
	okc_record_free(rec);
	okc_intake_free(it);
	okc_intake_free(NULL);
	okc_ctx_free(ctx);

	/* the decision function itself */
	okc__rreasons rs = { 0 };
	ck_assert_int_eq(okc__decide(&rs, true), OKC_DECISION_ACCEPTED);
	ck_assert_int_eq(okc__decide(&rs, false), OKC_DECISION_NEEDS_REVIEW);
	ck_assert(okc__rr_has(&rs, "INTAKE_ACCEPTANCE_NOT_ESTABLISHED"));
	okc__rr_clear(&rs);
	okc__rr_add(&rs, OKC_R_INTAKE_LIST_BLANK_ROWS, NULL, NULL);
	ck_assert_int_eq(okc__decide(&rs, true), OKC_DECISION_ACCEPTED);
	okc__rr_add(&rs, OKC_R_INTAKE_WET_SIGNATURE, NULL, NULL);
	ck_assert_int_eq(okc__decide(&rs, true), OKC_DECISION_NEEDS_REVIEW);
	okc__rr_add(&rs, OKC_R_INTAKE_NOT_SIGNED, NULL, NULL);
	ck_assert_int_eq(okc__decide(&rs, true), OKC_DECISION_REJECTED);
	okc__rr_clear(&rs);
	ck_assert_str_eq(okc_decision_name(OKC_DECISION_NEEDS_REVIEW), "NEEDS_REVIEW");
}
END_TEST

START_TEST(test_every_intake_reason_is_tested)
{
	/* Each INTAKE_* code of the catalogue appears in this file or in
	 * test_sheets/test_serials (the source is scanned). */
	char *p = fx_path("tests/unit/test_record.c");
	FILE *fp = fopen(p, "rb");
	free(p);
	ck_assert_ptr_nonnull(fp);
	static char src[200000];
	size_t n = fread(src, 1, sizeof(src) - 1, fp);
	src[n] = '\0';
	fclose(fp);
	for (size_t i = 0; i < okc_reason_catalog_size(); i++) {
		const okc_reason *r = okc_reason_catalog_entry(i);
		if (strncmp(r->code, "INTAKE_", 7) != 0)
			continue;
		char quoted[96];
		snprintf(quoted, sizeof(quoted), "\"%s\"", r->code);
		ck_assert_msg(strstr(src, quoted) != NULL, "%s has no test", r->code);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("pipeline");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_accepted_and_record_keys);
	tcase_add_test(tc, test_stable_id);
	tcase_add_test(tc, test_signature_failed);
	tcase_add_test(tc, test_container_corrupt);
	tcase_add_test(tc, test_not_qualified);
	tcase_add_test(tc, test_indeterminate);
	tcase_add_test(tc, test_authority);
	tcase_add_test(tc, test_joint_authority);
	tcase_add_test(tc, test_company_from_package);
	tcase_add_test(tc, test_serial_rules);
	tcase_add_loop_test(tc, test_list_cases, 0,
	                    (int)(sizeof(LIST_CASES) / sizeof(LIST_CASES[0])));
	tcase_add_test(tc, test_list_rules);
	tcase_add_test(tc, test_list_formats_and_encoding);
	tcase_add_test(tc, test_detached_signature);
	tcase_add_test(tc, test_wet_path);
	tcase_add_test(tc, test_not_signed_and_no_documents);
	tcase_add_test(tc, test_application_kind_and_prerequisites);
	tcase_add_test(tc, test_reference_data);
	tcase_add_test(tc, test_nesting_and_unclassified);
	tcase_add_test(tc, test_added_reasons_and_decide);
	tcase_add_test(tc, test_every_intake_reason_is_tested);
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
