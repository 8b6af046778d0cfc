/*
 * test_opc.c - OPC part-name resolution, content types, relationships and
 * the hardened XML parser (no DTD, no entity expansion, depth and size
 * caps).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "eyp/opc.h"
#include "zipwriter.h"

#define CT_OK "<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"" \
	"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
	"<Default Extension=\"rels\" ContentType=\"application/" \
	"vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Override PartName=\"/a/B.XML\" ContentType=\"text/x-special\"/></Types>"
#define RELS_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/" \
	"package/2006/relationships\">"

static okc_ctx *new_ctx(uint32_t depth)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.limits.max_xml_depth = depth;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	return ctx;
}

static int open_pkg(okc__opc **out, okc_ctx *ctx, const zw_file *f,
                    size_t n, okc__zip_fault *flt)
{
	zw z = zw_archive(f, n);
	okc__zip *zip = NULL;
	int rc = okc__zip_open(&zip, ctx, z.b, z.n, 0, 0, flt);
	free(z.b);
	ck_assert_int_eq(rc, OKC_OK);
	return okc__opc_open(out, ctx, zip, flt);
}

START_TEST(test_resolve)
{
	static const struct {
		const char *src, *target, *want;
	} cases[] = {
		{ "/", "/Ustveri/Ustveri.xml", "/Ustveri/Ustveri.xml" },
		{ "/", "Ustveri/Ustveri.xml", "/Ustveri/Ustveri.xml" },
		{ "/PaketOzeti/PaketOzeti.xml", "../Imzalar/ImzaCades.imz",
		  "/Imzalar/ImzaCades.imz" },
		{ "/PaketOzeti/PaketOzeti.xml", "./x/../ImzaCades.imz",
		  "/PaketOzeti/ImzaCades.imz" },
		{ "/", "/Ekler/liste%20son.xlsx", "/Ekler/liste son.xlsx" },
		{ "/", "/Ekler/%C5%9F.pdf", "/Ekler/\xc5\x9f.pdf" },
		{ "/", "../../etc/passwd", NULL },
		{ "/", "/Ekler/a%2Fb.pdf", NULL },   /* encoded '/' */
		{ "/", "/Ekler/a%5Cb.pdf", NULL },   /* encoded '\\' */
		{ "/", "/Ekler/a%00.pdf", NULL },
		{ "/", "/Ekler/a%zz.pdf", NULL },
		{ "/", "/Ekler/a%4", NULL },
		{ "/", "/Ekler/", NULL },
		{ "/", "/Ekler//a.pdf", NULL },
		{ "/", "/Ekler/a.", NULL },
		{ "/", "/Ekler/a.pdf#frag", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool enomem;
		char *r = okc__opc_resolve(cases[i].src, cases[i].target, &enomem);
		ck_assert(!enomem);
		if (cases[i].want == NULL)
			ck_assert_msg(r == NULL, "%s resolved to %s",
			              cases[i].target, r);
		else
			ck_assert_msg(r && strcmp(r, cases[i].want) == 0,
			              "%s -> %s", cases[i].target, r ? r : "NULL");
		free(r);
	}
}
END_TEST

START_TEST(test_content_types_and_rels)
{
	static const char rels[] = RELS_HEAD
		"<Relationship Id=\"r1\" Type=\"http://eyazisma.dpt/iliskiler/ustveri\" Target=\"a/b.xml\"/>"
		"<Relationship Id=\"r2\" Type=\"x\" Target=\"http://example.org/\" TargetMode=\"External\"/>"
		"</Relationships>";
	static const char prels[] = RELS_HEAD
		"<Relationship Id=\"s\" Type=\"t\" Target=\"../c.xml\"/></Relationships>";
	zw_file f[] = {
		{ "[Content_Types].xml", CT_OK, sizeof(CT_OK) - 1, 1 },
		{ "_rels/.rels", rels, sizeof(rels) - 1, 0 },
		{ "a/b.xml", "<b/>", 4, 0 },
		{ "a/_rels/b.xml.rels", prels, sizeof(prels) - 1, 0 },
		{ "c.xml", "<c/>", 4, 0 },
	};
	okc_ctx *ctx = new_ctx(0);
	okc__opc *p = NULL;
	okc__zip_fault flt;
	ck_assert_int_eq(open_pkg(&p, ctx, f, 5, &flt), OKC_OK);
	ck_assert_uint_eq(p->n_rels, 2);
	ck_assert_str_eq(p->rels[0].target, "/a/b.xml");
	ck_assert(p->rels[1].external);
	okc__opc_part *b = okc__opc_part_find(p, "/A/b.xml");
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->content_type, "text/x-special");   /* Override */
	ck_assert_str_eq(okc__opc_part_find(p, "/c.xml")->content_type,
	                 "application/xml");
	okc__opc_rel *r = NULL;
	size_t n = 0;
	ck_assert_int_eq(okc__opc_part_rels(p, ctx, "/a/b.xml", &r, &n, &flt),
	                 OKC_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0].target, "/c.xml");
	okc__opc_rels_free(r, n);
	okc__opc_free(p);
	okc_ctx_free(ctx);
}
END_TEST

static void expect_fault(const zw_file *f, size_t n, uint32_t depth,
                         okc_reason_id code)
{
	okc_ctx *ctx = new_ctx(depth);
	okc__opc *p = NULL;
	okc__zip_fault flt;
	int rc = open_pkg(&p, ctx, f, n, &flt);
	ck_assert_msg(rc == OKC_EFORMAT || rc == OKC_ETOOLARGE, "rc %d", rc);
	ck_assert_msg(flt.reason == code, "got %s (%s), expected %s",
	              okc__reason_def(flt.reason)->code, flt.detail,
	              okc__reason_def(code)->code);
	ck_assert_ptr_null(p);
	okc_ctx_free(ctx);
}

START_TEST(test_opc_faults)
{
	static const char rels[] = RELS_HEAD "</Relationships>";
	static const char ct_noxml[] = "<Types xmlns=\"http://schemas."
		"openxmlformats.org/package/2006/content-types\"><Default "
		"Extension=\"rels\" ContentType=\"a/b\"/></Types>";
	static const char bad_rel[] = RELS_HEAD "<Relationship Id=\"r\" "
		"Type=\"t\" Target=\"../../x.xml\"/></Relationships>";
	static const char dup_rel[] = RELS_HEAD
		"<Relationship Id=\"r\" Type=\"t\" Target=\"/a.xml\"/>"
		"<Relationship Id=\"r\" Type=\"t\" Target=\"/a.xml\"/>"
		"</Relationships>";
	zw_file no_ct[] = { { "_rels/.rels", rels, sizeof(rels) - 1, 0 } };
	expect_fault(no_ct, 1, 0, OKC_R_OPC_CONTENT_TYPES_MISSING);
	zw_file no_rels[] = { { "[Content_Types].xml", CT_OK, sizeof(CT_OK) - 1, 0 } };
	expect_fault(no_rels, 1, 0, OKC_R_OPC_RELS_MISSING);
	zw_file untyped[] = {
		{ "[Content_Types].xml", ct_noxml, sizeof(ct_noxml) - 1, 0 },
		{ "_rels/.rels", rels, sizeof(rels) - 1, 0 },
		{ "a.xml", "<a/>", 4, 0 } };
	expect_fault(untyped, 3, 0, OKC_R_OPC_CONTENT_TYPE_MISSING);
	zw_file escaping[] = {
		{ "[Content_Types].xml", CT_OK, sizeof(CT_OK) - 1, 0 },
		{ "_rels/.rels", bad_rel, sizeof(bad_rel) - 1, 0 } };
	expect_fault(escaping, 2, 0, OKC_R_OPC_REL_TARGET_INVALID);
	zw_file dup[] = {
		{ "[Content_Types].xml", CT_OK, sizeof(CT_OK) - 1, 0 },
		{ "_rels/.rels", dup_rel, sizeof(dup_rel) - 1, 0 } };
	expect_fault(dup, 2, 0, OKC_R_OPC_RELS_INVALID);
	zw_file folder[] = {
		{ "[Content_Types].xml", CT_OK, sizeof(CT_OK) - 1, 0 },
		{ "_rels/.rels", rels, sizeof(rels) - 1, 0 },
		{ "a/b.xml", "<a/>", 4, 0 },
		{ "A/B.xml/c.xml", "<a/>", 4, 0 } };
	expect_fault(folder, 4, 0, OKC_R_OPC_PART_NAME_INVALID);
	zw_file malformed[] = {
		{ "[Content_Types].xml", "<Types", 6, 0 },
		{ "_rels/.rels", rels, sizeof(rels) - 1, 0 } };
	expect_fault(malformed, 2, 0, OKC_R_OPC_XML_MALFORMED);
}
END_TEST

/* The classic billion laughs: ten levels of ten references. */
static const char bomb[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	" <!ENTITY lol \"lol\">\n"
	" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	"]>\n<lolz>&lol9;</lolz>\n";

static const char xxe[] =
	"<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY x SYSTEM "
	"\"file:///etc/passwd\"> ]>\n<r>&x;</r>\n";

/* The same without a literal "<!DOCTYPE" (UTF-16), so that libxml2's own
 * parse must be what refuses it. */
static size_t utf16(const char *s, unsigned char *out)
{
	size_t n = 0;
	out[n++] = 0xff;
	out[n++] = 0xfe;
	for (; *s; s++) {
		out[n++] = (unsigned char)*s;
		out[n++] = 0;
	}
	return n;
}

START_TEST(test_xml_hardening)
{
	okc_ctx *ctx = new_ctx(8);
	xmlDoc *doc = NULL;
	okc__zip_fault f;
	ck_assert_int_eq(okc__xml_parse(&doc, ctx, (const unsigned char *)bomb,
	                                sizeof(bomb) - 1, "bomb", &f),
	                 OKC_EFORMAT);
	ck_assert_int_eq(f.reason, OKC_R_OPC_XML_DTD);
	ck_assert_ptr_null(doc);
	ck_assert_int_eq(okc__xml_parse(&doc, ctx, (const unsigned char *)xxe,
	                                sizeof(xxe) - 1, "xxe", &f),
	                 OKC_EFORMAT);
	ck_assert_int_eq(f.reason, OKC_R_OPC_XML_DTD);

	unsigned char w[4096];
	size_t wl = utf16(xxe + 22, w);   /* without the XML declaration */
	int rc = okc__xml_parse(&doc, ctx, w, wl, "xxe16", &f);
	ck_assert_int_eq(rc, OKC_EFORMAT);
	ck_assert_ptr_null(doc);
	wl = utf16(bomb + 22, w);
	rc = okc__xml_parse(&doc, ctx, w, wl, "bomb16", &f);
	ck_assert_int_eq(rc, OKC_EFORMAT);
	ck_assert_ptr_null(doc);

	/* depth cap: 9 nested elements, limit 8 */
	static const char deep[] = "<a><a><a><a><a><a><a><a><a/></a></a></a>"
		"</a></a></a></a></a>";
	ck_assert_int_eq(okc__xml_parse(&doc, ctx, (const unsigned char *)deep,
	                                sizeof(deep) - 1, "deep", &f),
	                 OKC_ETOOLARGE);
	ck_assert_int_eq(f.reason, OKC_R_OPC_XML_TOO_DEEP);
	/* 8 levels are fine */
	ck_assert_int_eq(okc__xml_parse(&doc, ctx, (const unsigned char *)deep + 3,
	                                sizeof(deep) - 1 - 7, "ok", &f),
	                 OKC_OK);
	xmlFreeDoc(doc);
	okc_ctx_free(ctx);

	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	o.limits.max_xml_size = 10;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc__xml_parse(&doc, ctx, (const unsigned char *)deep,
	                                sizeof(deep) - 1, "big", &f),
	                 OKC_ETOOLARGE);
	ck_assert_int_eq(f.reason, OKC_R_OPC_XML_TOO_LARGE);
	okc_ctx_free(ctx);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("opc");
	TCase *t = tcase_create("opc");
	tcase_add_test(t, test_resolve);
	tcase_add_test(t, test_content_types_and_rels);
	tcase_add_test(t, test_opc_faults);
	tcase_add_test(t, test_xml_hardening);
	suite_add_tcase(s, t);
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
