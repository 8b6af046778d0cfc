/*
 * test_cades.c - unit tests of the CAdES engine.  Every test builds its own
 * PKI and signatures in memory with OpenSSL (fixed validity dates, fixed
 * validation time), then asserts the indication and the specific reason
 * code of each rule, positive and negative.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <dirent.h>
#include <zip.h>

#include <okc/cades.h>

#include "cades/cades.h"
#include "core/verify.h"

/* 2026-01-01 .. 2027-01-01; validation at 2026-06-01, signing 2026-05-01 */
#define T_NB 1767225600
#define T_NA 1798761600
#define T_AT 1780272000
#define T_SIGN 1777593600

/* ---- a small test PKI ---- */

typedef struct pki {
	EVP_PKEY *root_key, *ca_key, *leaf_key;
	X509 *root, *ca, *leaf;
	char dir[64];
	char root_path[128];
} pki;

static EVP_PKEY *rsa_key(int bits)
{
	EVP_PKEY *k = EVP_RSA_gen((unsigned)bits);
	ck_assert_ptr_nonnull(k);
	return k;
}

static EVP_PKEY *ec_key(const char *curve)
{
	EVP_PKEY *k = EVP_EC_gen(curve);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* QCStatements DER: QcCompliance, and the BTK statement `btk` (e.g.
 * "\x01\x01" for 5070.1.1, "\x02\x01" for the e-seal 5070.2.1). */
static const char *qc_nes = "DER:30193008060604008E4601013"
                            "00D060B608618013D0001A74E0101";
static const char *qc_seal = "DER:30193008060604008E4601013"
                             "00D060B608618013D0001A74E0201";

static void add_ext(X509 *x, X509 *issuer, const char *name, const char *val)
{
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf(NULL, &v3, name, val);
	ck_assert_msg(e != NULL, "extension %s", name);
	ck_assert_int_eq(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

static X509 *mkcert(EVP_PKEY *key, EVP_PKEY *ikey, X509 *issuer,
                    const char *cn, const char *sn, bool ca, long serial,
                    time_t nb, time_t na, const char *qc, bool nonrep)
{
	X509 *x = X509_new();
	ck_assert_ptr_nonnull(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)"TR", -1, -1, 0);
	if (sn)
		X509_NAME_add_entry_by_txt(n, "serialNumber", MBSTRING_UTF8,
		                           (const unsigned char *)sn, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	ASN1_TIME_set(X509_getm_notBefore(x), nb);
	ASN1_TIME_set(X509_getm_notAfter(x), na);
	X509_set_pubkey(x, key);
	add_ext(x, issuer, "subjectKeyIdentifier", "hash");
	if (ca) {
		add_ext(x, issuer, "basicConstraints", "critical,CA:TRUE");
		add_ext(x, issuer, "keyUsage", "critical,keyCertSign,cRLSign");
	} else {
		add_ext(x, issuer, "basicConstraints", "CA:FALSE");
		add_ext(x, issuer, "keyUsage", nonrep ?
		        "critical,digitalSignature,nonRepudiation" :
		        "critical,digitalSignature");
		if (qc)
			add_ext(x, issuer, "1.3.6.1.5.5.7.1.3", qc);
	}
	ck_assert_int_gt(X509_sign(x, ikey ? ikey : key, EVP_sha256()), 0);
	return x;
}

static void pki_init_ex(pki *p, EVP_PKEY *leaf_key, const char *sn,
                        const char *qc, bool nonrep, time_t nb, time_t na)
{
	memset(p, 0, sizeof(*p));
	p->root_key = ec_key("P-256");
	p->ca_key = ec_key("P-256");
	p->leaf_key = leaf_key;
	p->root = mkcert(p->root_key, NULL, NULL, "Test Kök", NULL, true, 1,
	                 1700000000, 2000000000, NULL, false);
	p->ca = mkcert(p->ca_key, p->root_key, p->root, "Test ESHS", NULL, true,
	               2, 1700000000, 2000000000, NULL, false);
	p->leaf = mkcert(leaf_key, p->ca_key, p->ca, "Ayşe Yılmaz", sn, false,
	                 0x1001, nb, na, qc, nonrep);
	snprintf(p->dir, sizeof(p->dir), "/tmp/okc-test-cades.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(p->dir));
	snprintf(p->root_path, sizeof(p->root_path), "%s/root.pem", p->dir);
	FILE *fp = fopen(p->root_path, "w");
	ck_assert_ptr_nonnull(fp);
	PEM_write_X509(fp, p->root);
	fclose(fp);
}

static void pki_init(pki *p)
{
	pki_init_ex(p, rsa_key(2048), "10000000146", qc_nes, true, T_NB, T_NA);
}

static void pki_free(pki *p)
{
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p->dir);
	ck_assert_int_eq(system(cmd), 0);
	EVP_PKEY_free(p->root_key);
	EVP_PKEY_free(p->ca_key);
	EVP_PKEY_free(p->leaf_key);
	X509_free(p->root);
	X509_free(p->ca);
	X509_free(p->leaf);
}

/* ---- signatures ---- */

typedef struct sopts {
	const EVP_MD *md;
	bool detached, nocerts, no_ess, pss, stream;
	bool dup_attr;                  /* add the extra attribute twice */
	const unsigned char *attr_der;  /* an extra signed attribute value */
	size_t attr_len;
	const char *attr_oid;
	const char *unsigned_oids[4];   /* unsigned attributes to add */
} sopts;

static X509_CRL *make_crl(X509 *issuer, EVP_PKEY *ikey, X509 *revoked);

static unsigned char *sign(pki *p, const char *content, const sopts *o,
                           size_t *len)
{
	BIO *in = BIO_new_mem_buf(content, (int)strlen(content));
	STACK_OF(X509) *certs = sk_X509_new_null();
	unsigned flags = CMS_BINARY | CMS_PARTIAL;
	if (!o->nocerts)
		sk_X509_push(certs, p->ca);
	if (o->detached)
		flags |= CMS_DETACHED;
	if (o->stream)
		flags |= CMS_STREAM;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, o->nocerts ? NULL : certs,
	                                NULL, flags);
	ck_assert_ptr_nonnull(cms);
	unsigned sflags = CMS_BINARY | (o->no_ess ? 0 : CMS_CADES) |
	                  (o->nocerts ? CMS_NOCERTS : 0) |
	                  (o->pss ? CMS_KEY_PARAM : 0);
	CMS_SignerInfo *si = CMS_add1_signer(cms, p->leaf, p->leaf_key,
	                                     o->md ? o->md : EVP_sha256(), sflags);
	ck_assert_ptr_nonnull(si);
	if (o->pss) {
		EVP_PKEY_CTX *pc = CMS_SignerInfo_get0_pkey_ctx(si);
		ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING), 1);
	}
	ASN1_TIME *t = ASN1_TIME_set(NULL, T_SIGN);
	ck_assert_int_eq(CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
	                 t->type, t, -1), 1);
	ASN1_TIME_free(t);
	if (o->attr_oid != NULL) {
		ASN1_OBJECT *obj = OBJ_txt2obj(o->attr_oid, 1);
		for (int k = 0; k < (o->dup_attr ? 2 : 1); k++)
			ck_assert_int_eq(CMS_signed_add1_attr_by_OBJ(si, obj,
			                 V_ASN1_SEQUENCE, o->attr_der,
			                 (int)o->attr_len), 1);
		ASN1_OBJECT_free(obj);
	}
	/* ltv (issue #5): revocation is checked now; every test signature
	 * carries current CRLs of its path (leaf by the CA, CA by the root)
	 * so that its verdict depends only on the rule under test. */
	X509_CRL *ca_crl = make_crl(p->ca, p->ca_key, NULL);
	X509_CRL *root_crl = make_crl(p->root, p->root_key, NULL);
	ck_assert_int_eq(CMS_add1_crl(cms, ca_crl), 1);
	ck_assert_int_eq(CMS_add1_crl(cms, root_crl), 1);
	X509_CRL_free(ca_crl);
	X509_CRL_free(root_crl);
	if (!o->stream)
		ck_assert_int_eq(CMS_final(cms, in, NULL, flags), 1);
	for (int i = 0; i < 4 && o->unsigned_oids[i]; i++) {
		ASN1_OBJECT *obj = OBJ_txt2obj(o->unsigned_oids[i], 1);
		static const unsigned char empty_seq[] = { 0x30, 0x00 };
		ck_assert_int_eq(CMS_unsigned_add1_attr_by_OBJ(si, obj,
		                 V_ASN1_SEQUENCE, empty_seq, 2), 1);
		ASN1_OBJECT_free(obj);
	}
	unsigned char *der = NULL;
	int l;
	if (o->stream) {
		/* BER with indefinite lengths, as streaming signers write */
		BIO *out = BIO_new(BIO_s_mem());
		BIO *in2 = BIO_new_mem_buf(content, (int)strlen(content));
		ck_assert_int_eq(i2d_CMS_bio_stream(out, cms, in2, flags), 1);
		char *pp;
		l = (int)BIO_get_mem_data(out, &pp);
		der = OPENSSL_malloc((size_t)l);
		memcpy(der, pp, (size_t)l);
		BIO_free(out);
		BIO_free(in2);
	} else {
		l = i2d_CMS_ContentInfo(cms, &der);
	}
	ck_assert_int_gt(l, 0);
	*len = (size_t)l;
	CMS_ContentInfo_free(cms);
	sk_X509_free(certs);
	BIO_free(in);
	return der;
}

static okc_ctx *ctx_for(pki *p)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.no_default_trust = 1;
	o.validation_time = T_AT;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	if (p != NULL)
		ck_assert_int_eq(okc_ctx_add_anchor(ctx, p->root_path), OKC_OK);
	return ctx;
}

static okc_report *verify(okc_ctx *ctx, const unsigned char *der, size_t len,
                          const char *detached)
{
	okc_verify_options vo = OKC_VERIFY_OPTIONS_INIT;
	okc_report *r = NULL;
	if (detached) {
		vo.detached_data = detached;
		vo.detached_len = strlen(detached);
	}
	ck_assert_int_eq(okc_verify_mem(&r, ctx, "x.imz", der, len, &vo), OKC_OK);
	return r;
}

static bool sig_has(const okc_signature *s, const char *code)
{
	for (size_t i = 0; i < okc_signature_reason_count(s); i++)
		if (strcmp(okc_signature_reason(s, i)->code, code) == 0)
			return true;
	for (size_t i = 0; i < okc_signature_countersignature_count(s); i++)
		if (sig_has(okc_signature_countersignature(s, i), code))
			return true;
	return false;
}

static bool has(const okc_report *r, const char *code)
{
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		if (strcmp(okc_report_reason(r, i)->code, code) == 0)
			return true;
	for (size_t i = 0; i < okc_report_signature_count(r); i++)
		if (sig_has(okc_report_signature(r, i), code))
			return true;
	return false;
}

/* Sign with options, verify, check indication and (optionally) a code. */
static void expect(pki *p, const sopts *o, const char *verify_content,
                   okc_indication ind, okc_subindication sub,
                   const char *code)
{
	size_t len;
	unsigned char *der = sign(p, "ÖKC başvuru listesi\n", o, &len);
	okc_ctx *ctx = ctx_for(p);
	okc_report *r = verify(ctx, der, len, verify_content);
	ck_assert_msg(okc_report_indication(r) == ind,
	              "indication %s, expected %s",
	              okc_indication_name(okc_report_indication(r)),
	              okc_indication_name(ind));
	ck_assert_int_eq(okc_report_subindication(r), sub);
	if (code)
		ck_assert_msg(has(r, code), "reason %s missing", code);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
}

/* ---- positive ---- */

START_TEST(test_bes_rsa_passes)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "içerik", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert_str_eq(okc_report_format(r), "cades");
	ck_assert_uint_eq(okc_report_signature_count(r), 1);
	const okc_signature *s = okc_report_signature(r, 0);
	ck_assert_int_eq(okc_signature_crypto_valid(s), 1);
	ck_assert_str_eq(okc_signature_level(s), "CAdES-BES");
	ck_assert_str_eq(okc_signature_policy_profile(s), "P1");
	ck_assert_int_eq(okc_signature_signing_time(s), T_SIGN);
	const okc_signer_info *si = okc_signature_signer(s);
	ck_assert_str_eq(si->tckn, "10000000146");
	ck_assert_str_eq(si->common_name, "Ayşe Yılmaz");
	ck_assert_int_eq(si->qualified, 1);
	ck_assert_str_eq(si->serial, "1001");
	ck_assert_uint_eq(okc_signature_chain_length(s), 3);
	ck_assert_str_eq(okc_signature_chain_entry(s, 2)->subject, "CN=Test Kök,C=TR");
	ck_assert_str_eq(okc_signature_chain_entry(s, 0)->revocation_status, "not_checked");
	ck_assert(!has(r, "CORE_VALIDATION_INCOMPLETE"));
	okc_report_free(r);

	/* the attached content is extracted as one inner document */
	okc_classification cls;
	okc__inner_docs docs = { 0 };
	ck_assert_int_eq(okc_classify_mem(&cls, ctx, "x.imz", der, len), OKC_OK);
	ck_assert_int_eq(cls.kind, OKC_KIND_CMS);
	ck_assert_int_eq(okc__extract_inner(ctx, &cls, der, len, &docs), OKC_OK);
	ck_assert_uint_eq(docs.n, 1);
	ck_assert_uint_eq(docs.v[0].len, strlen("içerik"));
	ck_assert(memcmp(docs.v[0].data, "içerik", docs.v[0].len) == 0);
	ck_assert(docs.v[0].signed_part);
	okc__inner_docs_clear(&docs);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

START_TEST(test_ecdsa_p384_and_pss_pass)
{
	pki p;
	pki_init_ex(&p, ec_key("P-384"), "10000000146", qc_nes, true, T_NB, T_NA);
	sopts o = { .md = EVP_sha384() };
	expect(&p, &o, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	pki_free(&p);

	pki_init(&p);
	sopts o2 = { .pss = true };
	expect(&p, &o2, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	pki_free(&p);
}
END_TEST

START_TEST(test_detached_and_ber_stream)
{
	pki p;
	pki_init(&p);
	sopts o = { .detached = true };
	expect(&p, &o, "ÖKC başvuru listesi\n", OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	/* without the content: INDETERMINATE / SIGNED_DATA_NOT_FOUND */
	expect(&p, &o, NULL, OKC_INDETERMINATE, OKC_SUB_SIGNED_DATA_NOT_FOUND,
	       "CADES_DETACHED_CONTENT_MISSING");
	sopts s = { .stream = true };
	expect(&p, &s, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	pki_free(&p);
}
END_TEST

/* ---- integrity ---- */

START_TEST(test_digest_mismatch)
{
	pki p;
	pki_init(&p);
	sopts o = { .detached = true };
	expect(&p, &o, "başka içerik", OKC_TOTAL_FAILED, OKC_SUB_HASH_FAILURE,
	       "CADES_DIGEST_MISMATCH");
	pki_free(&p);
}
END_TEST

/* Offset of `needle` in `hay`, which must occur. */
static size_t find(const unsigned char *hay, size_t hl, const void *needle,
                   size_t nl)
{
	const void *at = okc__memmem(hay, hl, needle, nl);
	ck_assert_ptr_nonnull(at);
	return (size_t)((const unsigned char *)at - hay);
}

START_TEST(test_signature_value_altered)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	der[len - 10] ^= 0x01;  /* inside the RSA signature value (last field) */
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_SIG_CRYPTO_FAILURE);
	ck_assert(has(r, "CADES_SIGNATURE_INVALID"));
	ck_assert_int_eq(okc_signature_crypto_valid(okc_report_signature(r, 0)), 0);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

/*
 * Swap the content-type and signing-time attributes (the first two in DER
 * order).  The signature was made over the sorted form: REORDERED.  Then
 * re-sign the swapped bytes as received: NOT_DER.
 */
START_TEST(test_signed_attrs_order)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	static const unsigned char ct[] = { 0x30, 0x18, 0x06, 0x09, 0x2a, 0x86,
		0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03 };
	static const unsigned char st[] = { 0x30, 0x1c, 0x06, 0x09, 0x2a, 0x86,
		0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05 };
	size_t a = find(der, len, ct, sizeof(ct));
	size_t b = find(der, len, st, sizeof(st));
	ck_assert_uint_eq(b, a + 0x1a);
	unsigned char tmp[0x1a + 0x1e];
	memcpy(tmp, der + b, 0x1e);
	memcpy(tmp + 0x1e, der + a, 0x1a);
	memcpy(der + a, tmp, sizeof(tmp));
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert(has(r, "CADES_SIGNED_ATTRS_REORDERED"));
	okc_report_free(r);

	/* Re-sign the received order: find the [0] signed attributes. */
	okc_der_tlv set;
	size_t sa = a - 4;  /* A0 82 LL LL before the first attribute */
	ck_assert_int_eq(der[sa], 0xa0);
	ck_assert_int_eq(okc__der_single(der + sa, 4 + ((size_t)der[sa + 2] << 8 |
	                 der[sa + 3]), &set), OKC_OK);
	unsigned char *tbs = malloc(set.tlv_len);
	memcpy(tbs, set.tlv, set.tlv_len);
	tbs[0] = 0x31;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	size_t sl = 256;
	unsigned char sig[256];
	ck_assert_int_eq(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, p.leaf_key), 1);
	ck_assert_int_eq(EVP_DigestSign(m, sig, &sl, tbs, set.tlv_len), 1);
	ck_assert_uint_eq(sl, 256);
	memcpy(der + len - 256, sig, 256);  /* the signature is last */
	r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert(has(r, "CADES_SIGNED_ATTRS_NOT_DER"));
	ck_assert(!has(r, "CADES_SIGNED_ATTRS_REORDERED"));
	okc_report_free(r);
	EVP_MD_CTX_free(m);
	free(tbs);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

START_TEST(test_content_hints)
{
	pki p;
	pki_init(&p);
	/* ContentHints { "ÖKC listesi", id-data } (RFC 2634 2.9) */
	static const unsigned char hints[] = { 0x30, 0x19,
		0x0c, 0x0c, 0xc3, 0x96, 'K', 'C', ' ', 'l', 'i', 's', 't', 'e',
		's', 'i',
		0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };
	sopts o = { .attr_oid = OKC_OID_CONTENT_HINTS, .attr_der = hints,
	            .attr_len = sizeof(hints) };
	size_t len;
	unsigned char *der = sign(&p, "liste", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	json_t *j = okc__report_to_json(r);
	json_t *h = json_object_get(json_array_get(json_object_get(j,
		"signatures"), 0), "content_hints");
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(json_string_value(json_object_get(h, "description")),
	                 "\xc3\x96KC listesi");
	ck_assert_str_eq(json_string_value(json_object_get(h, "content_type")),
	                 "1.2.840.113549.1.7.1");
	json_decref(j);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);

	/* without its mandatory contentType it is malformed */
	static const unsigned char bad[] = { 0x30, 0x0e,
		0x0c, 0x0c, 0xc3, 0x96, 'K', 'C', ' ', 'l', 'i', 's', 't', 'e',
		's', 'i' };
	sopts ob = { .attr_oid = OKC_OID_CONTENT_HINTS, .attr_der = bad,
	             .attr_len = sizeof(bad) };
	expect(&p, &ob, NULL, OKC_TOTAL_FAILED, OKC_SUB_FORMAT_FAILURE,
	       "CADES_ATTR_MALFORMED");
	pki_free(&p);
}
END_TEST

START_TEST(test_duplicate_signed_attr)
{
	pki p;
	pki_init(&p);
	/* content-hints twice (OpenSSL itself refuses to emit duplicated
	 * signing-time or message-digest; the samples cover those) */
	static const unsigned char hints[] = { 0x30, 0x0d, 0x06, 0x0b, 0x2a,
		0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04 };
	sopts o = { .dup_attr = true, .attr_oid = OKC_OID_CONTENT_HINTS,
	            .attr_der = hints, .attr_len = sizeof(hints) };
	expect(&p, &o, NULL, OKC_TOTAL_FAILED, OKC_SUB_FORMAT_FAILURE,
	       "CADES_DUPLICATE_SIGNED_ATTR");
	pki_free(&p);
}
END_TEST

/* ---- ESS ---- */

START_TEST(test_ess_missing)
{
	pki p;
	pki_init(&p);
	sopts o = { .no_ess = true };
	expect(&p, &o, NULL, OKC_TOTAL_FAILED, OKC_SUB_FORMAT_FAILURE,
	       "CADES_ESS_MISSING");
	pki_free(&p);
}
END_TEST

/* SigningCertificateV2 / SigningCertificate value over `cert` with `md`. */
static size_t ess_value(unsigned char *out, X509 *cert, const EVP_MD *md,
                        bool v2)
{
	unsigned char h[64];
	unsigned int hl;
	ck_assert_int_eq(X509_digest(cert, md, h, &hl), 1);
	size_t n = 0;
	/* SEQ { SEQ { SEQ { [alg] OCTET } } } */
	size_t idlen = 2 + hl + (v2 && md != EVP_sha256() ? 15 : 0);
	out[n++] = 0x30; out[n++] = (unsigned char)(idlen + 4);
	out[n++] = 0x30; out[n++] = (unsigned char)(idlen + 2);
	out[n++] = 0x30; out[n++] = (unsigned char)idlen;
	if (v2 && md != EVP_sha256()) {
		static const unsigned char sha384[] = { 0x30, 0x0d, 0x06, 0x09,
			0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02,
			0x05, 0x00 };
		memcpy(out + n, sha384, sizeof(sha384));
		n += sizeof(sha384);
	}
	out[n++] = 0x04; out[n++] = (unsigned char)hl;
	memcpy(out + n, h, hl);
	return n + hl;
}

START_TEST(test_ess_other_cert_and_v1)
{
	pki p;
	pki_init(&p);
	unsigned char v[128];
	/* v2 naming the CA certificate instead of the signer's */
	sopts o = { .no_ess = true, .attr_oid = OKC_OID_SIGNING_CERT_V2 };
	o.attr_der = v;
	o.attr_len = ess_value(v, p.ca, EVP_sha256(), true);
	expect(&p, &o, NULL, OKC_INDETERMINATE,
	       OKC_SUB_NO_SIGNING_CERTIFICATE_FOUND, "CADES_ESS_CERT_MISMATCH");
	/* v2 with SHA-384 over the right certificate: fine */
	o.attr_len = ess_value(v, p.leaf, EVP_sha384(), true);
	expect(&p, &o, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	/* v1 (SHA-1 by definition) with a SHA-256 value */
	sopts o1 = { .no_ess = true, .attr_oid = OKC_OID_SIGNING_CERT };
	o1.attr_der = v;
	o1.attr_len = ess_value(v, p.leaf, EVP_sha256(), false);
	expect(&p, &o1, NULL, OKC_TOTAL_FAILED, OKC_SUB_FORMAT_FAILURE,
	       "CADES_ESS_V1_NOT_SHA1");
	/* v1 with the right SHA-1 value: the binding holds */
	o1.attr_len = ess_value(v, p.leaf, EVP_sha1(), false);
	expect(&p, &o1, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, NULL);
	pki_free(&p);
}
END_TEST

/* ---- algorithms ---- */

START_TEST(test_weak_digest_and_small_key)
{
	pki p;
	pki_init(&p);
	sopts o = { .md = EVP_sha1() };
	expect(&p, &o, NULL, OKC_INDETERMINATE,
	       OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE, "CADES_DIGEST_ALG_WEAK");
	pki_free(&p);

	pki_init_ex(&p, rsa_key(1024), "10000000146", qc_nes, true, T_NB, T_NA);
	sopts o2 = { 0 };
	expect(&p, &o2, NULL, OKC_INDETERMINATE,
	       OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE, "CADES_KEY_TOO_SMALL");
	pki_free(&p);

	/* P-224 is not an accepted curve */
	pki_init_ex(&p, ec_key("P-224"), "10000000146", qc_nes, true, T_NB, T_NA);
	expect(&p, &o2, NULL, OKC_INDETERMINATE,
	       OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE, "CADES_ALG_UNSUPPORTED");
	pki_free(&p);
}
END_TEST

/* ---- certificates and path ---- */

START_TEST(test_signer_cert_absent)
{
	pki p;
	pki_init(&p);
	sopts o = { .nocerts = true };
	expect(&p, &o, NULL, OKC_INDETERMINATE,
	       OKC_SUB_NO_SIGNING_CERTIFICATE_FOUND, "CADES_SIGNER_CERT_NOT_FOUND");
	pki_free(&p);
}
END_TEST

START_TEST(test_chain_untrusted_expired_not_yet_valid)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	okc_ctx *ctx = ctx_for(NULL);   /* no anchor at all */
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_NO_CERTIFICATE_CHAIN_FOUND);
	ck_assert(has(r, "CADES_CHAIN_UNTRUSTED"));
	/* the path that was built is still reported, and not "qualified" */
	ck_assert_uint_ge(okc_signature_chain_length(okc_report_signature(r, 0)), 2);
	ck_assert_int_eq(okc_signature_signer(okc_report_signature(r, 0))->qualified, -1);
	okc_report_free(r);

	okc_ctx_set_validation_time(ctx, T_NA + 86400);
	ck_assert_int_eq(okc_ctx_add_anchor(ctx, p.root_path), OKC_OK);
	r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_OUT_OF_BOUNDS_NO_POE);
	ck_assert(has(r, "CADES_CERT_EXPIRED"));
	okc_report_free(r);

	okc_ctx_set_validation_time(ctx, T_NB - 86400);
	r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_NOT_YET_VALID);
	ck_assert(has(r, "CADES_CERT_NOT_YET_VALID"));
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

START_TEST(test_trust_store_manifest_pins)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	char mpath[160];
	snprintf(mpath, sizeof(mpath), "%s/MANIFEST", p.dir);
	FILE *fp = fopen(mpath, "w");
	fprintf(fp, "# pins\n%064d  other.pem  another root\n", 0);
	fclose(fp);
	okc_ctx_options co = OKC_CTX_OPTIONS_INIT;
	co.trust_store = p.dir;
	co.validation_time = T_AT;
	okc_ctx *ctx = NULL;
	ck_assert_int_eq(okc_ctx_new(&ctx, &co), OKC_OK);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert(has(r, "CADES_TRUST_ANCHOR_NOT_PINNED"));
	ck_assert(has(r, "CADES_CHAIN_UNTRUSTED"));
	okc_report_free(r);
	okc_ctx_free(ctx);

	unsigned char md[32];
	unsigned int ml;
	char hex[65];
	X509_digest(p.root, EVP_sha256(), md, &ml);
	okc__hex(hex, md, 32, false);
	fp = fopen(mpath, "w");
	fprintf(fp, "%s  root.pem  Test Kök\n", hex);
	fclose(fp);
	ck_assert_int_eq(okc_ctx_new(&ctx, &co), OKC_OK);
	r = verify(ctx, der, len, NULL);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

/* The seam for the ltv module: a path that fails only by expiry is
 * validated at the proof of existence the ltv module sets. */
START_TEST(test_path_at_poe_seam)
{
	pki p;
	pki_init(&p);
	okc_ctx *ctx = ctx_for(&p);
	okc_ctx_set_validation_time(ctx, T_NA + 86400);
	STACK_OF(X509) *certs = sk_X509_new_null();
	sk_X509_push(certs, p.ca);

	okc__cades_path path;
	ck_assert_int_eq(okc__cades_path_verify(ctx, p.leaf, certs, NULL, T_AT,
	                 8, &path), OKC_OK);
	ck_assert(path.ok);
	ck_assert_int_eq(sk_X509_num(path.chain), 3);
	okc__cades_path_clear(&path);

	for (int with_poe = 0; with_poe < 2; with_poe++) {
		okc_report *r = okc__report_new(ctx, "x.imz", "cades");
		okc__cades_signer s;
		memset(&s, 0, sizeof(s));
		s.ctx = ctx;
		s.report = r;
		s.sig = okc__signature_new(r, "signature");
		s.cert = p.leaf;
		s.certs = certs;
		s.poe_time = with_poe ? T_AT : 0;
		ck_assert_int_eq(okc__cades_check_chain(&s), OKC_OK);
		ck_assert_int_eq(s.chain_ok, with_poe);
		ck_assert_ptr_nonnull(s.chain);
		ck_assert_int_eq(has(r, "CADES_PATH_VALIDATED_AT_POE"), with_poe);
		ck_assert_int_eq(has(r, "CADES_CERT_EXPIRED"), !with_poe);
		ck_assert_int_eq(s.path_time, with_poe ? T_AT : T_NA + 86400);
		sk_X509_pop_free(s.chain, X509_free);
		okc_report_free(r);
	}
	sk_X509_free(certs);
	okc_ctx_free(ctx);
	pki_free(&p);
}
END_TEST

/* ---- identity and qualification ---- */

START_TEST(test_not_qualified_variants)
{
	const struct {
		const char *qc;
		bool nonrep;
	} v[] = { { NULL, true }, { qc_nes, false }, { qc_seal, true } };
	for (size_t i = 0; i < 3; i++) {
		pki p;
		pki_init_ex(&p, rsa_key(2048), "10000000146", v[i].qc,
		            v[i].nonrep, T_NB, T_NA);
		sopts o = { 0 };
		size_t len;
		unsigned char *der = sign(&p, "x", &o, &len);
		okc_ctx *ctx = ctx_for(&p);
		okc_report *r = verify(ctx, der, len, NULL);
		ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
		ck_assert(has(r, "CADES_NOT_QUALIFIED"));
		ck_assert_int_eq(okc_signature_signer(okc_report_signature(r, 0))->qualified, 0);
		okc_report_free(r);
		okc_ctx_free(ctx);
		OPENSSL_free(der);
		pki_free(&p);
	}
}
END_TEST

/* An institution's seal (role "seal" from the .eyp module) is judged as a
 * qualified e-seal; a person's NES certificate used there is not one. */
START_TEST(test_seal_role_qualification)
{
	const char *qcs[2] = { qc_seal, qc_nes };
	for (int i = 0; i < 2; i++) {
		pki p;
		pki_init_ex(&p, rsa_key(2048), "1234567890", qcs[i], false,
		            T_NB, T_NA);
		sopts o = { 0 };
		size_t len;
		unsigned char *der = sign(&p, "x", &o, &len);
		okc_ctx *ctx = ctx_for(&p);
		okc_report *r = okc__report_new(ctx, "x.eyp", "eyp");
		ck_assert_int_eq(okc__verify_embedded_cms(r, ctx, der, len,
		                 (const unsigned char *)"x", 1, "seal"), OKC_OK);
		okc__report_finalize(r);
		const okc_signature *s = okc_report_signature(r, 0);
		ck_assert_str_eq(okc_signature_role(s), "seal");
		ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
		ck_assert_int_eq(okc_signature_signer(s)->qualified, i == 0 ? 1 : 0);
		ck_assert_int_eq(has(r, "CADES_NOT_QUALIFIED"), i == 1);
		okc_report_free(r);
		okc_ctx_free(ctx);
		OPENSSL_free(der);
		pki_free(&p);
	}
}
END_TEST

START_TEST(test_subject_ids)
{
	pki p;
	pki_init_ex(&p, rsa_key(2048), "TR12345678901", qc_nes, true, T_NB, T_NA);
	sopts o = { 0 };
	expect(&p, &o, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE,
	       "CADES_SUBJECT_ID_INVALID");
	pki_free(&p);
	/* a 10-digit VKN (Mali Mühür style) */
	pki_init_ex(&p, rsa_key(2048), "1234567890", NULL, false, T_NB, T_NA);
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	const okc_signer_info *si = okc_signature_signer(okc_report_signature(r, 0));
	ck_assert_ptr_null(si->tckn);
	if (okc_vkn_valid("1234567890"))
		ck_assert_str_eq(si->vkn, "1234567890");
	else
		ck_assert(has(r, "CADES_SUBJECT_ID_INVALID"));
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

/* ---- policy and level ---- */

/* SignaturePolicyId { oid, { sha256, hash } } with the P4 guide hash. */
static size_t policy_value(unsigned char *out, const unsigned char *oid,
                           size_t oid_len, bool good_hash)
{
	static const unsigned char guide[32] = {
		0xFF, 0x39, 0xBD, 0x29, 0x46, 0x33, 0x83, 0xF6, 0x9B, 0x20,
		0x52, 0xAC, 0x47, 0x43, 0x9E, 0x06, 0xCE, 0x7C, 0x3B, 0x86,
		0x46, 0xE8, 0x88, 0xB6, 0xE5, 0xAE, 0x3E, 0x46, 0xBA, 0x08,
		0x11, 0x7A };
	static const unsigned char sha256[] = { 0x30, 0x0b, 0x06, 0x09, 0x60,
		0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
	size_t n = 0, hashlen = sizeof(sha256) + 2 + 32;
	out[n++] = 0x30; out[n++] = (unsigned char)(2 + oid_len + 2 + hashlen);
	out[n++] = 0x06; out[n++] = (unsigned char)oid_len;
	memcpy(out + n, oid, oid_len); n += oid_len;
	out[n++] = 0x30; out[n++] = (unsigned char)hashlen;
	memcpy(out + n, sha256, sizeof(sha256)); n += sizeof(sha256);
	out[n++] = 0x04; out[n++] = 32;
	memcpy(out + n, guide, 32);
	if (!good_hash)
		out[n] ^= 0xff;
	return n + 32;
}

START_TEST(test_epes_profiles)
{
	/* 2.16.792.1.61.0.1.5070.3.3.1 (P4, BTK arc) and
	 * 2.16.792.1.2.1.1.5.7.5.1.1 (P2, Kamu SM arc) */
	static const unsigned char p4[] = { 0x60, 0x86, 0x18, 0x01, 0x3d, 0x00,
		0x01, 0xa7, 0x4e, 0x03, 0x03, 0x01 };
	static const unsigned char p2k[] = { 0x60, 0x86, 0x18, 0x01, 0x02, 0x01,
		0x01, 0x05, 0x07, 0x05, 0x01, 0x01 };
	static const unsigned char other[] = { 0x2b, 0x06, 0x01, 0x04, 0x01,
		0x82, 0x37, 0x01 };
	pki p;
	pki_init(&p);
	unsigned char v[128];
	sopts o = { .attr_oid = OKC_OID_SIG_POLICY_ID, .attr_der = v };
	o.attr_len = policy_value(v, p4, sizeof(p4), true);
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	const okc_signature *s = okc_report_signature(r, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert_str_eq(okc_signature_level(s), "CAdES-EPES");
	ck_assert_str_eq(okc_signature_policy_profile(s), "P4");
	ck_assert_str_eq(okc_signature_policy_oid(s), "2.16.792.1.61.0.1.5070.3.3.1");
	ck_assert_int_eq(okc_signature_policy_hash_ok(s), 1);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);

	o.attr_len = policy_value(v, p2k, sizeof(p2k), true);
	der = sign(&p, "x", &o, &len);
	ctx = ctx_for(&p);
	r = verify(ctx, der, len, NULL);
	ck_assert_str_eq(okc_signature_policy_profile(okc_report_signature(r, 0)), "P2");
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);

	o.attr_len = policy_value(v, p4, sizeof(p4), false);
	expect(&p, &o, NULL, OKC_INDETERMINATE, OKC_SUB_POLICY_PROCESSING_ERROR,
	       "CADES_POLICY_HASH_MISMATCH");
	/* an unknown policy: reported, hash not checked, not a failure */
	o.attr_len = policy_value(v, other, sizeof(other), true);
	expect(&p, &o, NULL, OKC_TOTAL_PASSED, OKC_SUB_NONE, "CADES_POLICY_UNKNOWN");
	pki_free(&p);
}
END_TEST

START_TEST(test_profile_needs_ess_v2)
{
	static const unsigned char p3[] = { 0x60, 0x86, 0x18, 0x01, 0x3d, 0x00,
		0x01, 0xa7, 0x4e, 0x03, 0x02, 0x01 };
	pki p;
	pki_init(&p);
	unsigned char v[128];
	/* SHA-1 digest => OpenSSL adds ESS v1 only; P3 needs v2 */
	sopts o = { .md = EVP_sha1(), .attr_oid = OKC_OID_SIG_POLICY_ID,
	            .attr_der = v };
	o.attr_len = policy_value(v, p3, sizeof(p3), true);
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert(has(r, "CADES_PROFILE_VIOLATION"));
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

START_TEST(test_levels_from_unsigned_attrs)
{
	pki p;
	pki_init(&p);
	sopts t = { .unsigned_oids = { OKC_OID_SIG_TIMESTAMP } };
	size_t len;
	unsigned char *der = sign(&p, "x", &t, &len);
	okc_ctx *ctx = ctx_for(&p);
	okc_report *r = verify(ctx, der, len, NULL);
	ck_assert_str_eq(okc_signature_level(okc_report_signature(r, 0)), "CAdES-T");
	/* the (empty) time-stamp is verified by the ltv module: never a pass */
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert(has(r, "LTV_TST_MALFORMED"));
	okc_report_free(r);
	OPENSSL_free(der);

	sopts xl = { .unsigned_oids = { OKC_OID_SIG_TIMESTAMP, OKC_OID_CERT_REFS,
	             OKC_OID_REV_REFS, OKC_OID_CERT_VALUES } };
	der = sign(&p, "x", &xl, &len);
	r = verify(ctx, der, len, NULL);
	/* revocation-values missing: C, not XL */
	ck_assert_str_eq(okc_signature_level(okc_report_signature(r, 0)), "CAdES-C");
	okc_report_free(r);
	OPENSSL_free(der);

	sopts a = { .unsigned_oids = { OKC_OID_SIG_TIMESTAMP, OKC_OID_ARCHIVE_TS_V3 } };
	der = sign(&p, "x", &a, &len);
	r = verify(ctx, der, len, NULL);
	ck_assert_str_eq(okc_signature_level(okc_report_signature(r, 0)), "CAdES-A");
	okc_report_free(r);
	OPENSSL_free(der);
	okc_ctx_free(ctx);
	pki_free(&p);
}
END_TEST

/* ---- malformed input ---- */

START_TEST(test_malformed_inputs)
{
	pki p;
	pki_init(&p);
	sopts o = { 0 };
	size_t len;
	unsigned char *der = sign(&p, "x", &o, &len);
	okc_ctx *ctx = ctx_for(&p);
	/* every truncation is a FORMAT_FAILURE, never a crash or a pass */
	for (size_t cut = 1; cut < len; cut += 97) {
		okc_report *r = verify(ctx, der, cut, NULL);
		ck_assert_int_ne(okc_report_indication(r), OKC_TOTAL_PASSED);
		okc_report_free(r);
	}
	okc_report *r = verify(ctx, der, len / 2, NULL);
	ck_assert_str_eq(okc_report_format(r), "cades");
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
	ck_assert(has(r, "CADES_MALFORMED"));
	okc_report_free(r);

	/* the CMS verifier directly, on placeholder bytes */
	r = okc__report_new(ctx, "ImzaCades.imz", "cades");
	ck_assert_int_eq(okc__cades_verify_cms(r, ctx,
	                 (const unsigned char *)"\x01\x02\x03\x04", 4, NULL, NULL),
	                 OKC_OK);
	okc__report_finalize(r);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert(has(r, "CADES_MALFORMED"));
	okc_report_free(r);

	/* embedded (.eyp): placeholder bytes give a signature entry */
	r = okc__report_new(ctx, "x.eyp", "eyp");
	ck_assert_int_eq(okc__verify_embedded_cms(r, ctx,
	                 (const unsigned char *)"IMZA", 4,
	                 (const unsigned char *)"x", 1, "seal"), OKC_OK);
	okc__report_finalize(r);
	ck_assert_uint_eq(okc_report_signature_count(r), 1);
	ck_assert_str_eq(okc_signature_role(okc_report_signature(r, 0)), "seal");
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
	ck_assert(has(r, "CADES_MALFORMED"));
	okc_report_free(r);

	/* embedded with attached content that is not the expected part */
	r = okc__report_new(ctx, "x.eyp", "eyp");
	ck_assert_int_eq(okc__verify_embedded_cms(r, ctx, der, len,
	                 (const unsigned char *)"y", 1, "signature"), OKC_OK);
	okc__report_finalize(r);
	ck_assert(has(r, "CADES_CONTENT_MISMATCH"));
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	okc_report_free(r);
	r = okc__report_new(ctx, "x.eyp", "eyp");
	ck_assert_int_eq(okc__verify_embedded_cms(r, ctx, der, len,
	                 (const unsigned char *)"x", 1, "signature"), OKC_OK);
	okc__report_finalize(r);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	okc_report_free(r);
	okc_ctx_free(ctx);
	OPENSSL_free(der);
	pki_free(&p);
}
END_TEST

/* ---- certificate mode ---- */

static char *write_pem(pki *p, const char *name, X509 *x, X509_CRL *crl)
{
	static char path[8][160];
	static int next;
	char *out = path[next++ % 8];
	snprintf(out, 160, "%s/%s", p->dir, name);
	FILE *fp = fopen(out, "w");
	ck_assert_ptr_nonnull(fp);
	if (x)
		PEM_write_X509(fp, x);
	if (crl)
		PEM_write_X509_CRL(fp, crl);
	fclose(fp);
	return out;
}

static X509_CRL *make_crl(X509 *issuer, EVP_PKEY *ikey, X509 *revoked)
{
	X509_CRL *c = X509_CRL_new();
	X509_CRL_set_version(c, 1);
	X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer));
	ASN1_TIME *t = ASN1_TIME_set(NULL, T_AT - 86400);
	X509_CRL_set1_lastUpdate(c, t);
	ASN1_TIME_set(t, T_AT + 86400);
	X509_CRL_set1_nextUpdate(c, t);
	if (revoked != NULL) {
		X509_REVOKED *rv = X509_REVOKED_new();
		X509_REVOKED_set_serialNumber(rv, X509_get_serialNumber(revoked));
		ASN1_TIME_set(t, T_AT - 3600);
		X509_REVOKED_set_revocationDate(rv, t);
		X509_CRL_add0_revoked(c, rv);
	}
	ASN1_TIME_free(t);
	X509_CRL_sort(c);
	ck_assert_int_gt(X509_CRL_sign(c, ikey, EVP_sha256()), 0);
	return c;
}

static okc_report *cert_verify(okc_ctx *ctx, const char *leaf,
                               const char *inter, const char *crl,
                               unsigned depth)
{
	okc_cert_options o = OKC_CERT_OPTIONS_INIT;
	const char *u[1] = { inter }, *c[1] = { crl };
	o.untrusted = u;
	o.n_untrusted = inter ? 1 : 0;
	o.crls = c;
	o.n_crls = crl ? 1 : 0;
	o.max_depth = depth;
	okc_report *r = NULL;
	ck_assert_int_eq(okc_cert_verify_file(&r, ctx, leaf, &o), OKC_OK);
	ck_assert_str_eq(okc_report_format(r), "certificate");
	return r;
}

START_TEST(test_certificate_mode)
{
	pki p;
	pki_init(&p);
	okc_ctx *ctx = ctx_for(&p);
	char *leaf = write_pem(&p, "leaf.pem", p.leaf, NULL);
	char *ca = write_pem(&p, "ca.pem", p.ca, NULL);
	X509_CRL *good = make_crl(p.ca, p.ca_key, NULL);
	X509_CRL *bad = make_crl(p.ca, p.ca_key, p.leaf);
	X509_CRL *rootcrl = make_crl(p.root, p.root_key, NULL);
	char *crl_good = write_pem(&p, "good.crl", NULL, good);
	char *crl_bad = write_pem(&p, "bad.crl", NULL, bad);
	/* with CRLs, every certificate below the anchor must be covered */
	FILE *fp = fopen(crl_good, "a");
	PEM_write_X509_CRL(fp, rootcrl);
	fclose(fp);
	fp = fopen(crl_bad, "a");
	PEM_write_X509_CRL(fp, rootcrl);
	fclose(fp);
	char *crl_ca_only = write_pem(&p, "ca-only.crl", NULL, good);

	okc_report *r = cert_verify(ctx, leaf, ca, NULL, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert(has(r, "CADES_REVOCATION_NOT_CHECKED"));
	okc_report_free(r);

	r = cert_verify(ctx, leaf, ca, crl_good, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert(!has(r, "CADES_REVOCATION_NOT_CHECKED"));
	okc_report_free(r);

	r = cert_verify(ctx, leaf, ca, crl_bad, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_REVOKED);
	ck_assert(has(r, "CADES_CERT_REVOKED"));
	okc_report_free(r);

	r = cert_verify(ctx, leaf, ca, crl_ca_only, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_TRY_LATER);
	ck_assert(has(r, "CADES_CRL_UNUSABLE"));
	okc_report_free(r);

	r = cert_verify(ctx, leaf, ca, NULL, 2);
	ck_assert(has(r, "CADES_CHAIN_TOO_LONG"));
	ck_assert_int_eq(okc_report_indication(r), OKC_INDETERMINATE);
	okc_report_free(r);

	r = cert_verify(ctx, leaf, NULL, NULL, 0);   /* intermediate missing */
	ck_assert(has(r, "CADES_CHAIN_UNTRUSTED"));
	okc_report_free(r);

	/* through the dispatcher: a certificate file is certificate mode */
	okc_report *r2 = NULL;
	ck_assert_int_eq(okc_verify_file(&r2, ctx, ca, NULL), OKC_OK);
	ck_assert_str_eq(okc_report_format(r2), "certificate");
	ck_assert_int_eq(okc_report_indication(r2), OKC_TOTAL_PASSED);
	okc_report_free(r2);

	X509_CRL_free(good);
	X509_CRL_free(bad);
	X509_CRL_free(rootcrl);
	okc_ctx_free(ctx);
	pki_free(&p);
}
END_TEST

/* ---- real anchors (skip without ../shared) ---- */

START_TEST(test_public_root_cert_mode)
{
	const char *shared = getenv("OKC_SHARED_DIR");
	char path[512];
	struct stat st;
	if (shared == NULL) {
		fprintf(stderr, "SKIP: OKC_SHARED_DIR not set\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/trust-anchors-public/nes-roots/kamusm-kok-v6.pem", shared);
	if (stat(path, &st) != 0)
	{
		/* ../shared is optional: nothing to check without it */
		fprintf(stderr, "SKIP: %s not present\n", path);
		return;
	}
	okc_ctx *ctx = ctx_for(NULL);
	ck_assert_int_eq(okc_ctx_add_anchor(ctx, path), OKC_OK);
	/* The production root validates itself as a path at a time inside
	 * its validity, and is reported with its pinned fingerprint. */
	okc_ctx_set_validation_time(ctx, T_AT);
	okc_report *r = NULL;
	ck_assert_int_eq(okc_cert_verify_file(&r, ctx, path, NULL), OKC_OK);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

/*
 * The signatures inside the public .eyp samples are placeholders (a few
 * bytes).  Through the embedded hook each must give one signature entry,
 * TOTAL_FAILED / FORMAT_FAILURE with CADES_MALFORMED.
 */
START_TEST(test_shared_eyp_placeholders)
{
	const char *shared = getenv("OKC_SHARED_DIR");
	char dir[512];
	size_t seen = 0;
	if (shared == NULL) {
		fprintf(stderr, "SKIP: OKC_SHARED_DIR not set\n");
		return;
	}
	okc_ctx *ctx = ctx_for(NULL);
	static const char *const subdirs[] = { "cbddo-soyalp", "devhuseyinkartal" };
	for (size_t d = 0; d < 2; d++) {
		snprintf(dir, sizeof(dir), "%s/eyp-samples/%s", shared, subdirs[d]);
		DIR *dp = opendir(dir);
		if (dp == NULL)
			continue;
		struct dirent *e;
		while ((e = readdir(dp)) != NULL) {
			char path[1024];
			if (!okc__has_suffix_ci(e->d_name, ".eyp"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
			if (z == NULL)
				continue;
			for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
				const char *n = zip_get_name(z, (zip_uint64_t)i, 0);
				zip_stat_t st;
				if (n == NULL || !okc__has_suffix_ci(n, ".imz") ||
				    zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 ||
				    st.size > 1000000)
					continue;
				unsigned char *buf = malloc(st.size + 1);
				zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
				ck_assert_ptr_nonnull(zf);
				ck_assert_int_eq(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
				zip_fclose(zf);
				okc_report *r = okc__report_new(ctx, path, "eyp");
				ck_assert_int_eq(okc__verify_embedded_cms(r, ctx, buf,
				                 st.size, (const unsigned char *)"x", 1,
				                 "signature"), OKC_OK);
				okc__report_finalize(r);
				ck_assert_uint_eq(okc_report_signature_count(r), 1);
				ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_FAILED);
				ck_assert_int_eq(okc_report_subindication(r), OKC_SUB_FORMAT_FAILURE);
				ck_assert_msg(has(r, "CADES_MALFORMED"), "%s %s", path, n);
				okc_report_free(r);
				free(buf);
				seen++;
			}
			zip_close(z);
		}
		closedir(dp);
	}
	if (seen == 0)
		fprintf(stderr, "SKIP: no .eyp samples under %s\n", shared);
	okc_ctx_free(ctx);
}
END_TEST

static Suite *cades_suite(void)
{
	Suite *s = suite_create("cades");
	TCase *tc = tcase_create("cades");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_bes_rsa_passes);
	tcase_add_test(tc, test_ecdsa_p384_and_pss_pass);
	tcase_add_test(tc, test_detached_and_ber_stream);
	tcase_add_test(tc, test_digest_mismatch);
	tcase_add_test(tc, test_signature_value_altered);
	tcase_add_test(tc, test_signed_attrs_order);
	tcase_add_test(tc, test_duplicate_signed_attr);
	tcase_add_test(tc, test_content_hints);
	tcase_add_test(tc, test_ess_missing);
	tcase_add_test(tc, test_ess_other_cert_and_v1);
	tcase_add_test(tc, test_weak_digest_and_small_key);
	tcase_add_test(tc, test_signer_cert_absent);
	tcase_add_test(tc, test_chain_untrusted_expired_not_yet_valid);
	tcase_add_test(tc, test_trust_store_manifest_pins);
	tcase_add_test(tc, test_path_at_poe_seam);
	tcase_add_test(tc, test_not_qualified_variants);
	tcase_add_test(tc, test_subject_ids);
	tcase_add_test(tc, test_seal_role_qualification);
	tcase_add_test(tc, test_epes_profiles);
	tcase_add_test(tc, test_profile_needs_ess_v2);
	tcase_add_test(tc, test_levels_from_unsigned_attrs);
	tcase_add_test(tc, test_malformed_inputs);
	tcase_add_test(tc, test_certificate_mode);
	tcase_add_test(tc, test_public_root_cert_mode);
	tcase_add_test(tc, test_shared_eyp_placeholders);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cades_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
