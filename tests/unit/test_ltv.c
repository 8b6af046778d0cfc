/*
 * test_ltv.c - unit tests of the ltv module: time-stamp tokens, profile
 * time rules, CRL and OCSP checks, revocation reporting, the CRL index
 * (with a 200,000-entry CRL) and the revocation cache.  Every rule has a
 * negative case asserting its specific reason code.  All times are fixed.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "core/der.h"
#include "ltv/ltv.h"
#include "ltv_pki.h"

/* ---- a shared PKI ---- */

static EVP_PKEY *ca_key, *other_key, *leaf_key, *tsa_key, *tsa2_key, *resp_key;
static X509 *ca, *other_ca, *leaf, *leaf2, *tsa, *tsa_noncrit, *tsa_email,
	*tsa_short, *responder, *responder_noeku;
static X509_STORE *store;

static void pki_setup(void)
{
	if (ca != NULL)
		return;
	ca_key = pki_key();
	other_key = pki_key();
	leaf_key = pki_key();
	tsa_key = pki_rsa_key();
	tsa2_key = pki_key();
	resp_key = pki_key();
	ca = pki_cert("LTV Test Root", ca_key, NULL, NULL, 1, T0 - 365 * DAY,
	              T0 + 3650 * DAY, "ca");
	other_ca = pki_cert("LTV Test Root", other_key, NULL, NULL, 1, T0 - 365 * DAY,
	                    T0 + 3650 * DAY, "ca");
	leaf = pki_cert("Ayse Yilmaz", leaf_key, ca, ca_key, 1001, T0 - 30 * DAY,
	                T0 + 700 * DAY, "leaf");
	leaf2 = pki_cert("Mehmet Kaya", leaf_key, ca, ca_key, 1002, T0 - 30 * DAY,
	                 T0 + 700 * DAY, "leaf");
	tsa = pki_cert("LTV Test TSA", tsa_key, ca, ca_key, 2001, T0 - 300 * DAY,
	               T0 + 3000 * DAY, "tsa");
	tsa_noncrit = pki_cert("LTV TSA noncrit", tsa2_key, ca, ca_key, 2002,
	                       T0 - 300 * DAY, T0 + 3000 * DAY, "tsa-noncrit");
	tsa_email = pki_cert("LTV TSA email", tsa2_key, ca, ca_key, 2003,
	                     T0 - 300 * DAY, T0 + 3000 * DAY, "tsa-email");
	tsa_short = pki_cert("LTV TSA short", tsa2_key, ca, ca_key, 2004,
	                     T0 - 300 * DAY, T0 - 100 * DAY, "tsa");
	responder = pki_cert("LTV OCSP", resp_key, ca, ca_key, 3001, T0 - 300 * DAY,
	                     T0 + 3000 * DAY, "ocsp");
	responder_noeku = pki_cert("LTV OCSP no EKU", resp_key, ca, ca_key, 3002,
	                           T0 - 300 * DAY, T0 + 3000 * DAY, "leaf");
	store = X509_STORE_new();
	X509_STORE_add_cert(store, ca);
}

static okc_ctx *new_ctx(void)
{
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.validation_time = T0 + 10 * DAY;
	o.offline = 1;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	pki_setup();
	return ctx;
}

static int has_reason(const okc_signature *s, const char *code)
{
	for (size_t i = 0; i < okc_signature_reason_count(s); i++)
		if (strcmp(okc_signature_reason(s, i)->code, code) == 0)
			return 1;
	return 0;
}

static const unsigned char SIGVAL[] = "signature value bytes of a SignerInfo";

/* below, with the CRL index tests */
static char tmpdir[256];
static void mk_tmpdir(void);
static void rm_tmpdir(void);
static unsigned char *crl_der(X509_CRL *crl, size_t *len);

/* ---- time-stamp tokens ---- */

START_TEST(test_tst_ok_from_ts_resp_ctx)
{
	okc_ctx *ctx = new_ctx();
	size_t len;
	unsigned char *tok = pki_tst(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst t;
	ck_assert_int_eq(okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL),
	                                 store, NULL, T0 + DAY), OKC_OK);
	ck_assert_msg(t.status == OKC_TST_OK, "status %d: %s", t.status, t.detail);
	ck_assert_int_eq(t.gen_time, T0);
	ck_assert_str_eq(t.policy, "1.2.3.4.1");
	ck_assert_ptr_nonnull(t.tsa_cert);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_tst_imprint_mismatch)
{
	okc_ctx *ctx = new_ctx();
	size_t len;
	unsigned char *tok = pki_tst(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst t;
	/* one byte fewer: the imprint must be over exactly the given bytes */
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL) - 1, store, NULL, 0);
	ck_assert_int_eq(t.status, OKC_TST_IMPRINT_MISMATCH);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TST_IMPRINT_MISMATCH);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_tst_tsa_not_authorized)
{
	okc_ctx *ctx = new_ctx();
	size_t len;
	okc__tst t;
	/* EKU timeStamping present but not critical (RFC 3161 2.3) */
	unsigned char *tok = pki_tst_cms(&len, tsa_noncrit, tsa2_key, SIGVAL,
	                                 sizeof(SIGVAL), T0);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_msg(t.status == OKC_TST_TSA_NOT_AUTHORIZED, "%d %s", t.status, t.detail);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_NOT_AUTHORIZED);
	ck_assert_ptr_nonnull(strstr(t.detail, "not critical"));
	okc__tst_clear(&t);
	free(tok);
	/* a certificate for e-mail protection */
	tok = pki_tst_cms(&len, tsa_email, tsa2_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_NOT_AUTHORIZED);
	okc__tst_clear(&t);
	free(tok);
	/* an ordinary signer certificate (no EKU at all) */
	tok = pki_tst_cms(&len, leaf, leaf_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_NOT_AUTHORIZED);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_tst_cms_built_token_ok)
{
	/* the plain-CMS builder makes valid tokens with a proper TSA cert,
	 * so the negative cases above fail for the certificate alone */
	okc_ctx *ctx = new_ctx();
	size_t len;
	okc__tst t;
	unsigned char *tok = pki_tst_cms(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_msg(t.status == OKC_TST_OK, "%d %s", t.status, t.detail);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_tst_untrusted_and_out_of_validity)
{
	okc_ctx *ctx = new_ctx();
	size_t len;
	okc__tst t;
	unsigned char *tok = pki_tst(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	X509_STORE *empty = X509_STORE_new();
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), empty, NULL, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_CHAIN_UNTRUSTED);
	okc__tst_clear(&t);
	X509_STORE_free(empty);
	free(tok);
	/* genTime after the TSA certificate expired */
	tok = pki_tst_cms(&len, tsa_short, tsa2_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_CERT_OUT_OF_VALIDITY);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_tst_tampered_and_malformed)
{
	okc_ctx *ctx = new_ctx();
	size_t len;
	okc__tst t;
	unsigned char *tok = pki_tst(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	/* change the policy OID 1.2.3.4.1 inside the signed TSTInfo */
	static const unsigned char pol[] = { 0x06, 0x04, 0x2a, 0x03, 0x04, 0x01 };
	unsigned char *p = (unsigned char *)okc__memmem(tok, len, pol, sizeof(pol));
	ck_assert_ptr_nonnull(p);
	p[5] = 0x02;
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_msg(t.reason == OKC_R_LTV_TST_SIGNATURE_INVALID, "%d %s", t.status, t.detail);
	okc__tst_clear(&t);
	/* truncated */
	okc__tst_verify(&t, ctx, tok, len / 2, SIGVAL, sizeof(SIGVAL), store, NULL, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TST_MALFORMED);
	ck_assert_int_eq(t.gen_time, 0);
	okc__tst_clear(&t);
	okc__tst_verify(&t, ctx, (const unsigned char *)"x", 1, SIGVAL, 1, store, NULL, 0);
	ck_assert_int_eq(t.status, OKC_TST_MALFORMED);
	okc__tst_clear(&t);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- profile time rules ---- */

static okc_signature *fresh_sig(okc_report **r, okc_ctx *ctx)
{
	*r = okc__report_new(ctx, "t.imz", "cades");
	ck_assert_ptr_nonnull(*r);
	okc_signature *s = okc__signature_new(*r, "signature");
	ck_assert_ptr_nonnull(s);
	return s;
}

START_TEST(test_profile_delay_rules)
{
	okc_ctx *ctx = new_ctx();
	okc_report *r;
	okc__ltv_profile p4 = okc__ltv_profile_for("P4");
	okc__ltv_profile p2 = okc__ltv_profile_for("P2");
	ck_assert_int_eq(p4.max_delay, 2 * HOUR);
	ck_assert_int_eq(p4.grace, 0);
	ck_assert_int_eq(p2.grace, 24 * HOUR);

	okc_signature *s = fresh_sig(&r, ctx);
	ck_assert_int_eq(okc__ltv_check_ts_delay(s, &p4, T0, T0 + HOUR), 1);
	ck_assert(has_reason(s, "LTV_TST_DELAY_TOLERANCE"));
	okc_report_free(r);

	s = fresh_sig(&r, ctx);
	ck_assert_int_eq(okc__ltv_check_ts_delay(s, &p4, T0, T0 + 3 * HOUR), 0);
	ck_assert(has_reason(s, "LTV_TST_DELAY_EXCEEDED"));
	okc__signature_mark_complete(s);
	okc__report_finalize(r);
	ck_assert_int_eq(okc_signature_indication(s), OKC_INDETERMINATE);
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_SIG_CONSTRAINTS_FAILURE);
	okc_report_free(r);

	/* inside the 5 min tolerance */
	s = fresh_sig(&r, ctx);
	ck_assert_int_eq(okc__ltv_check_ts_delay(s, &p4, T0, T0 + 2 * HOUR + 200), 1);
	okc_report_free(r);

	s = fresh_sig(&r, ctx);
	ck_assert_int_eq(okc__ltv_check_ts_delay(s, &p2, T0 + HOUR, T0), 0);
	ck_assert(has_reason(s, "LTV_TST_BEFORE_SIGNING_TIME"));
	okc__report_finalize(r);
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_TIMESTAMP_ORDER_FAILURE);
	okc_report_free(r);

	/* without a Turkish profile, a late time-stamp is not limited */
	okc__ltv_profile none = okc__ltv_profile_for(NULL);
	s = fresh_sig(&r, ctx);
	ck_assert_int_eq(okc__ltv_check_ts_delay(s, &none, T0, T0 + 30 * DAY), 1);
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- CRL ---- */

START_TEST(test_crl_good_revoked_stale_badsig)
{
	okc_ctx *ctx = new_ctx();
	okc__rev rv;
	long revoked[] = { 1001, 77 };
	X509_CRL *crl = pki_crl(ca, ca_key, T0, T0 + 7 * DAY, revoked, 2, T0 - DAY, 5);
	okc__rev_from_crl(&rv, crl, leaf2, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	okc__rev_from_crl(&rv, crl, leaf, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_REVOKED);
	ck_assert_int_eq(rv.revoked_at, T0 - DAY);
	ck_assert_int_eq(rv.crl_reason, 1);
	/* time of use after nextUpdate, CRL issued before it: stale */
	okc__rev_from_crl(&rv, crl, leaf2, ca, T0 + 8 * DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_REVOCATION_STALE);
	/* CRL issued after the time of use covers it */
	okc__rev_from_crl(&rv, crl, leaf2, ca, T0 - 3 * DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	/* thisUpdate in the future of the validation clock */
	okc__rev_from_crl(&rv, crl, leaf2, ca, T0 - 3 * DAY, T0 - 2 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	X509_CRL_free(crl);
	/* same issuer name, another key */
	crl = pki_crl(other_ca, other_key, T0, T0 + 7 * DAY, revoked, 2, T0 - DAY, 5);
	okc__rev_from_crl(&rv, crl, leaf2, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_BAD_SIG);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_SIGNATURE_INVALID);
	X509_CRL_free(crl);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- delta, indirect and partitioned CRLs (RFC 5280 5.2.4-5.2.6, 5.3.3) ---- */

enum { MOD_DELTA, MOD_IDP_USER, MOD_IDP_CA, MOD_IDP_REASONS, MOD_IDP_DPNAME,
       MOD_IDP_INDIRECT, MOD_ENTRY_CERT_ISSUER, MOD_ENTRY_REMOVE };

/* Add one extension to `crl` (issued by ca) and sign it again. */
static X509_CRL *crl_mod(X509_CRL *crl, int kind, long arg)
{
	ISSUING_DIST_POINT *idp = ISSUING_DIST_POINT_new();
	ASN1_INTEGER *n = ASN1_INTEGER_new();
	ck_assert_ptr_nonnull(idp);
	switch (kind) {
	case MOD_DELTA:
		ASN1_INTEGER_set(n, arg); /* BaseCRLNumber */
		ck_assert(X509_CRL_add1_ext_i2d(crl, NID_delta_crl, n, 1, 0) == 1);
		break;
	case MOD_IDP_USER: idp->onlyuser = 0xff; break;
	case MOD_IDP_CA: idp->onlyCA = 0xff; break;
	case MOD_IDP_REASONS:
		idp->onlysomereasons = ASN1_BIT_STRING_new();
		ASN1_BIT_STRING_set_bit(idp->onlysomereasons, 1, 1);
		break;
	case MOD_IDP_DPNAME: {
		GENERAL_NAME *gn = a2i_GENERAL_NAME(NULL, NULL, NULL, GEN_URI,
		                                    "http://crl.example/partition-7.crl", 0);
		idp->distpoint = DIST_POINT_NAME_new();
		idp->distpoint->type = 0;
		idp->distpoint->name.fullname = sk_GENERAL_NAME_new_null();
		sk_GENERAL_NAME_push(idp->distpoint->name.fullname, gn);
		break;
	}
	case MOD_IDP_INDIRECT: idp->indirectCRL = 0xff; break;
	case MOD_ENTRY_CERT_ISSUER:
	case MOD_ENTRY_REMOVE: {
		/* on the entry with serial `arg` */
		STACK_OF(X509_REVOKED) *revs = X509_CRL_get_REVOKED(crl);
		for (int i = 0; i < sk_X509_REVOKED_num(revs); i++) {
			X509_REVOKED *r = sk_X509_REVOKED_value(revs, i);
			if (ASN1_INTEGER_get(X509_REVOKED_get0_serialNumber(r)) != arg)
				continue;
			if (kind == MOD_ENTRY_REMOVE) {
				int at = X509_REVOKED_get_ext_by_NID(r, NID_crl_reason, -1);
				X509_EXTENSION_free(X509_REVOKED_delete_ext(r, at));
				ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();
				ASN1_ENUMERATED_set(e, 8); /* removeFromCRL */
				X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0);
				ASN1_ENUMERATED_free(e);
			} else {
				GENERAL_NAMES *gns = sk_GENERAL_NAME_new_null();
				GENERAL_NAME *gn = GENERAL_NAME_new();
				gn->type = GEN_DIRNAME;
				gn->d.directoryName = X509_NAME_dup(X509_get_subject_name(other_ca));
				sk_GENERAL_NAME_push(gns, gn);
				X509_REVOKED_add1_ext_i2d(r, NID_certificate_issuer, gns, 1, 0);
				GENERAL_NAMES_free(gns);
			}
		}
		break;
	}
	}
	if (kind != MOD_DELTA && kind != MOD_ENTRY_CERT_ISSUER && kind != MOD_ENTRY_REMOVE)
		ck_assert(X509_CRL_add1_ext_i2d(crl, NID_issuing_distribution_point, idp, 1, 0) == 1);
	ISSUING_DIST_POINT_free(idp);
	ASN1_INTEGER_free(n);
	ck_assert(X509_CRL_sign(crl, ca_key, EVP_sha256()) > 0);
	return crl;
}

START_TEST(test_crl_delta_indirect_scope)
{
	okc_ctx *ctx = new_ctx();
	okc__rev rv;
	okc_time now = T0 + 10 * DAY;
	long b[] = { 1001 }, dl[] = { 1001, 1002 };
	/* base #5: leaf revoked; delta #6 on base 5: leaf2 revoked, leaf
	 * removed (its certificateHold released) */
	X509_CRL *base = pki_crl(ca, ca_key, T0, T0 + 7 * DAY, b, 1, T0 - DAY, 5);
	X509_CRL *delta = crl_mod(pki_crl(ca, ca_key, T0 + 2 * DAY, T0 + 3 * DAY, dl, 2,
	                                  T0 + DAY, 6), MOD_DELTA, 5);
	delta = crl_mod(delta, MOD_ENTRY_REMOVE, 1001);
	/* a delta is never a complete CRL */
	okc__rev_from_crl(&rv, delta, leaf2, ca, T0 + 2 * DAY, now);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_DELTA_WITHOUT_BASE);
	STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
	sk_X509_CRL_push(crls, delta);
	okc__rev_data d = { crls, NULL, 0, NULL };
	okc__rev_check(&rv, ctx, leaf2, ca, &d, T0 + 2 * DAY, OKC_REV_NO_CACHE);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_DELTA_WITHOUT_BASE);
	/* base + delta: the delta's entries are applied */
	sk_X509_CRL_push(crls, base);
	okc__rev_check(&rv, ctx, leaf2, ca, &d, T0 + 2 * DAY, OKC_REV_NO_CACHE);
	ck_assert_msg(rv.state == OKC_REV_REVOKED, "%d %s", rv.state, rv.detail);
	ck_assert_int_eq(rv.revoked_at, T0 + DAY);
	ck_assert_ptr_nonnull(strstr(rv.detail, "delta"));
	okc__rev_check(&rv, ctx, leaf, ca, &d, T0 + 2 * DAY, OKC_REV_NO_CACHE);
	ck_assert_msg(rv.state == OKC_REV_GOOD, "%d %s", rv.state, rv.detail);
	/* the pair's period is the delta's */
	okc__rev_check(&rv, ctx, leaf, ca, &d, T0 + 5 * DAY, OKC_REV_NO_CACHE);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	sk_X509_CRL_free(crls);
	/* the same pair from the cache: the delta is kept beside the indexed
	 * complete CRL and applied at lookup */
	mk_tmpdir();
	setenv("OKC_CACHE_DIR", tmpdir, 1);
	size_t bl, dlen;
	unsigned char *bder = crl_der(base, &bl), *dder = crl_der(delta, &dlen);
	char nm[128];
	ck_assert_int_eq(okc__cache_add_crl(ctx, dder, dlen, nm, sizeof(nm)), OKC_OK);
	ck_assert_ptr_nonnull(strstr(nm, ".delta"));
	okc__cache_lookup(&rv, ctx, leaf2, ca, T0 + 2 * DAY, now);
	ck_assert_int_eq(rv.state, OKC_REV_NONE); /* no base yet */
	ck_assert_int_eq(okc__cache_add_crl(ctx, bder, bl, NULL, 0), OKC_OK);
	okc__cache_lookup(&rv, ctx, leaf2, ca, T0 + 2 * DAY, now);
	ck_assert_msg(rv.state == OKC_REV_REVOKED, "%d %s", rv.state, rv.detail);
	okc__cache_lookup(&rv, ctx, leaf, ca, T0 + 2 * DAY, now);
	ck_assert_msg(rv.state == OKC_REV_GOOD, "%d %s", rv.state, rv.detail);
	OPENSSL_free(bder);
	OPENSSL_free(dder);
	/* partitioned CRLs are not cached: the index carries no scope */
	X509_CRL *part = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, NULL, 0, 0, 11),
	                         MOD_IDP_USER, 0);
	bder = crl_der(part, &bl);
	ck_assert_int_eq(okc__cache_add_crl(ctx, bder, bl, NULL, 0), OKC_EUNSUPPORTED);
	OPENSSL_free(bder);
	X509_CRL_free(part);
	unsetenv("OKC_CACHE_DIR");
	rm_tmpdir();

	ASN1_INTEGER *five5 = ASN1_INTEGER_new();
	ASN1_INTEGER_set(five5, 5);
	/* a delta for a later base (BaseCRLNumber 7 > 5) does not apply */
	X509_CRL *late = crl_mod(pki_crl(ca, ca_key, T0 + 2 * DAY, T0 + 3 * DAY, dl, 2,
	                                 T0 + DAY, 8), MOD_DELTA, 7);
	okc__rev_from_crl(&rv, base, leaf2, ca, T0 + 2 * DAY, now);
	ck_assert_int_eq(okc__rev_apply_delta(&rv, five5, late, leaf2, ca, T0 + 2 * DAY, now), 0);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	/* nor one signed by another key */
	X509_CRL *forged = pki_crl(other_ca, other_key, T0 + 2 * DAY, T0 + 3 * DAY, dl, 2,
	                           T0 + DAY, 6);
	ASN1_INTEGER *five = ASN1_INTEGER_new();
	ASN1_INTEGER_set(five, 5);
	ck_assert(X509_CRL_add1_ext_i2d(forged, NID_delta_crl, five, 1, 0) == 1);
	ck_assert(X509_CRL_sign(forged, other_key, EVP_sha256()) > 0);
	ASN1_INTEGER_free(five);
	ck_assert_int_eq(okc__rev_apply_delta(&rv, five5, forged, leaf2, ca, T0 + 2 * DAY,
	                                      now), 0);
	X509_CRL_free(forged);
	X509_CRL_free(late);
	ASN1_INTEGER_free(five5);

	/* issuingDistributionPoint scope (RFC 5280 5.2.5, 6.3.3) */
	EVP_PKEY *sk = pki_key();
	X509 *sub = pki_cert("LTV Sub CA", sk, ca, ca_key, 4001, T0 - DAY, T0 + 900 * DAY,
	                     "ca");
	X509_CRL *c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, NULL, 0, 0, 9),
	                      MOD_IDP_USER, 0);
	okc__rev_from_crl(&rv, c, leaf2, ca, T0 + DAY, now);
	ck_assert_msg(rv.state == OKC_REV_GOOD, "%d %s", rv.state, rv.detail);
	okc__rev_from_crl(&rv, c, sub, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_SCOPE_MISMATCH);
	X509_CRL_free(c);
	c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, NULL, 0, 0, 9), MOD_IDP_CA, 0);
	okc__rev_from_crl(&rv, c, sub, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	okc__rev_from_crl(&rv, c, leaf2, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_SCOPE_MISMATCH);
	X509_CRL_free(c);
	c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, NULL, 0, 0, 9), MOD_IDP_REASONS, 0);
	okc__rev_from_crl(&rv, c, leaf2, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_SCOPE_MISMATCH);
	X509_CRL_free(c);
	c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, NULL, 0, 0, 9), MOD_IDP_DPNAME, 0);
	okc__rev_from_crl(&rv, c, leaf2, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_SCOPE_MISMATCH);
	ck_assert_ptr_nonnull(strstr(rv.detail, "distribution point"));
	X509_CRL_free(c);
	/* indirect CRLs are refused, their entries never attributed */
	c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, b, 1, T0, 9), MOD_IDP_INDIRECT, 0);
	okc__rev_from_crl(&rv, c, leaf, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_INDIRECT);
	X509_CRL_free(c);
	c = crl_mod(pki_crl(ca, ca_key, T0, T0 + 7 * DAY, b, 1, T0, 9),
	            MOD_ENTRY_CERT_ISSUER, 1001);
	okc__rev_from_crl(&rv, c, leaf, ca, T0 + DAY, now);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_INDIRECT);
	/* and reported as such when nothing else answers */
	crls = sk_X509_CRL_new_null();
	sk_X509_CRL_push(crls, c);
	okc__rev_data d2 = { crls, NULL, 0, NULL };
	okc__rev_check(&rv, ctx, leaf, ca, &d2, T0 + DAY, OKC_REV_NO_CACHE);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_CRL_INDIRECT);
	sk_X509_CRL_free(crls);
	X509_CRL_free(c);
	X509_free(sub);
	EVP_PKEY_free(sk);
	X509_CRL_free(base);
	X509_CRL_free(delta);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- OCSP ---- */

START_TEST(test_ocsp_issuer_and_delegated)
{
	okc_ctx *ctx = new_ctx();
	okc__rev rv;
	OCSP_BASICRESP *bs = pki_ocsp(leaf, ca, ca, ca_key, V_OCSP_CERTSTATUS_GOOD, 0,
	                              T0, T0 + 7 * DAY);
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_msg(rv.state == OKC_REV_GOOD, "%d %s", rv.state, rv.detail);
	/* the response does not speak about leaf2 */
	okc__rev_from_ocsp(&rv, bs, leaf2, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	/* stale */
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + 8 * DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	OCSP_BASICRESP_free(bs);

	bs = pki_ocsp(leaf, ca, responder, resp_key, V_OCSP_CERTSTATUS_REVOKED,
	              T0 - 2 * DAY, T0, T0 + 7 * DAY);
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_msg(rv.state == OKC_REV_REVOKED, "%d %s", rv.state, rv.detail);
	ck_assert_int_eq(rv.revoked_at, T0 - 2 * DAY);
	OCSP_BASICRESP_free(bs);

	bs = pki_ocsp(leaf, ca, ca, ca_key, V_OCSP_CERTSTATUS_UNKNOWN, 0, T0, T0 + 7 * DAY);
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_OCSP_STATUS_UNKNOWN);
	OCSP_BASICRESP_free(bs);
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_ocsp_unauthorised_or_wrong_key)
{
	okc_ctx *ctx = new_ctx();
	okc__rev rv;
	/* delegated responder without id-kp-OCSPSigning */
	OCSP_BASICRESP *bs = pki_ocsp(leaf, ca, responder_noeku, resp_key,
	                              V_OCSP_CERTSTATUS_GOOD, 0, T0, T0 + 7 * DAY);
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_BAD_SIG);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_OCSP_SIGNATURE_INVALID);
	ck_assert_ptr_nonnull(strstr(rv.detail, "OCSPSigning"));
	OCSP_BASICRESP_free(bs);
	/* signed by a look-alike CA key (same name, other key) */
	bs = pki_ocsp(leaf, ca, other_ca, other_key, V_OCSP_CERTSTATUS_GOOD, 0, T0,
	              T0 + 7 * DAY);
	okc__rev_from_ocsp(&rv, bs, leaf, ca, NULL, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.reason, OKC_R_LTV_OCSP_SIGNATURE_INVALID);
	OCSP_BASICRESP_free(bs);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- the TSA of a time-stamp (EN 319 102-1 5.4, 5.6.2.1) ---- */


START_TEST(test_tsa_revocation)
{
	okc_ctx *ctx = new_ctx(); /* validation time T0 + 10 days, offline */
	size_t len;
	unsigned char *tok = pki_tst(&len, tsa, tsa_key, SIGVAL, sizeof(SIGVAL), T0);
	okc__tst t;
	long rev[] = { 2001 };
	/* TSA (2001) revoked at T0 + 5 days, after the token's genTime */
	X509_CRL *crl = pki_crl(ca, ca_key, T0 + 9 * DAY, T0 + 16 * DAY, rev, 1,
	                        T0 + 5 * DAY, 4);
	X509_CRL *clean = pki_crl(ca, ca_key, T0 + 9 * DAY, T0 + 16 * DAY, NULL, 0, 0, 3);
	STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
	okc__rev_data d = { crls, NULL, 0, NULL };
	okc_time vt = T0 + 10 * DAY;

	/* nothing at all: status unknown, the token is no PoE */
	ck_assert_int_eq(okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL),
	                                 store, NULL, vt), OKC_OK);
	ck_assert_int_eq(t.status, OKC_TST_OK);
	ck_assert_int_eq(okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, 0),
	                 OKC_OK);
	ck_assert_int_eq(t.status, OKC_TST_TSA_REVOCATION_UNKNOWN);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_REVOCATION_MISSING);
	okc__tst_clear(&t);

	/* a clean CRL: good, the detail says so */
	sk_X509_CRL_push(crls, clean);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, vt);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, 0);
	ck_assert_msg(t.status == OKC_TST_OK, "%d %s", t.status, t.detail);
	ck_assert_ptr_nonnull(strstr(t.detail, "TSA path not revoked"));
	okc__tst_clear(&t);

	/* the newer CRL lists the TSA: revoked at the validation time, no
	 * later time-stamp: not a PoE, whatever the older CRL says */
	sk_X509_CRL_push(crls, crl);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, vt);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, 0);
	ck_assert_int_eq(t.status, OKC_TST_TSA_REVOKED);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_REVOKED);
	okc_report *r;
	okc_signature *s = fresh_sig(&r, ctx);
	okc__tst_report(s, &t, "signature time-stamp");
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_TSA_REVOKED"));
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_REVOKED_NO_POE);
	okc_report_free(r);
	okc__tst_clear(&t);

	/* a later time-stamp proves the token existed at T0 + 2 days, before
	 * the revocation: valid (past certificate validation) */
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, vt);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, T0 + 2 * DAY);
	ck_assert_msg(t.status == OKC_TST_OK, "%d %s", t.status, t.detail);
	ck_assert_ptr_nonnull(strstr(t.detail, "after the later time-stamp"));
	okc__tst_clear(&t);
	/* ... but not one after the revocation */
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, vt);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, T0 + 6 * DAY);
	ck_assert_int_eq(t.status, OKC_TST_TSA_REVOKED);
	okc__tst_clear(&t);

	/* the same answer from the cache (embedded data absent) */
	mk_tmpdir();
	setenv("OKC_CACHE_DIR", tmpdir, 1);
	size_t cl;
	unsigned char *cder = crl_der(crl, &cl);
	ck_assert_int_eq(okc__cache_add_crl(ctx, cder, cl, NULL, 0), OKC_OK);
	okc__tst_verify(&t, ctx, tok, len, SIGVAL, sizeof(SIGVAL), store, NULL, vt);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, NULL, vt, 0);
	ck_assert_int_eq(t.reason, OKC_R_LTV_TSA_REVOKED);
	ck_assert_ptr_nonnull(strstr(t.detail, "cache"));
	okc__tst_clear(&t);
	unsetenv("OKC_CACHE_DIR");
	rm_tmpdir();
	OPENSSL_free(cder);
	/* a token that failed already is left alone */
	okc__tst_verify(&t, ctx, tok, len, (const unsigned char *)"x", 1, store, NULL, vt);
	ck_assert_int_eq(t.status, OKC_TST_IMPRINT_MISMATCH);
	okc__tst_check_tsa_revocation(&t, ctx, tok, len, store, &d, vt, 0);
	ck_assert_int_eq(t.status, OKC_TST_IMPRINT_MISMATCH);
	okc__tst_clear(&t);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	free(tok);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- combining sources and reporting ---- */

START_TEST(test_rev_check_and_report)
{
	okc_ctx *ctx = new_ctx();
	okc__rev rv;
	okc_report *r;
	/* nothing embedded, no cache, offline */
	ck_assert_int_eq(okc__rev_check(&rv, ctx, leaf, ca, NULL, T0, OKC_REV_NO_CACHE), OKC_OK);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);
	okc_signature *s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rv, "signer", 0, T0, 1);
	ck_assert(has_reason(s, "LTV_REVOCATION_MISSING"));
	okc__report_finalize(r);
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_TRY_LATER);
	okc_report_free(r);

	/* embedded: a bad OCSP response and a good CRL: the CRL decides */
	long none[] = { 5 };
	X509_CRL *crl = pki_crl(ca, ca_key, T0, T0 + 7 * DAY, none, 1, T0, 9);
	OCSP_BASICRESP *bad = pki_ocsp(leaf, ca, other_ca, other_key,
	                               V_OCSP_CERTSTATUS_GOOD, 0, T0, T0 + 7 * DAY);
	STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
	sk_X509_CRL_push(crls, crl);
	okc__rev_data d = { crls, &bad, 1, NULL };
	okc__rev_check(&rv, ctx, leaf, ca, &d, T0 + DAY, OKC_REV_NO_CACHE);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	ck_assert_str_eq(rv.source, "embedded");
	ck_assert_str_eq(rv.kind, "crl");
	/* only the bad OCSP response: its failure is reported */
	okc__rev_data d2 = { NULL, &bad, 1, NULL };
	okc__rev_check(&rv, ctx, leaf, ca, &d2, T0 + DAY, OKC_REV_NO_CACHE);
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rv, "signer", 0, T0 + DAY, 1);
	ck_assert(has_reason(s, "LTV_OCSP_SIGNATURE_INVALID"));
	okc__report_finalize(r);
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_TRY_LATER);
	okc_report_free(r);
	/* stale CRL only */
	okc__rev_check(&rv, ctx, leaf, ca, &d, T0 + 9 * DAY, OKC_REV_NO_CACHE);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rv, "signer", 0, T0 + 9 * DAY, 1);
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_REVOCATION_STALE"));
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_REVOCATION_OUT_OF_BOUNDS_NO_POE);
	okc_report_free(r);
	OCSP_BASICRESP_free(bad);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);

	/* revoked: before the PoE, after it, and without a PoE */
	okc__rev rev = rv;
	rev.state = OKC_REV_REVOKED;
	rev.revoked_at = T0;
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rev, "signer", 0, T0 + HOUR, 1);
	okc__signature_mark_complete(s);
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_CERT_REVOKED"));
	ck_assert_int_eq(okc_signature_indication(s), OKC_TOTAL_FAILED);
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_REVOKED);
	okc_report_free(r);
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rev, "signer", 0, T0 - HOUR, 1);
	okc__signature_mark_complete(s);
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_REVOKED_AFTER_POE"));
	ck_assert_int_eq(okc_signature_indication(s), OKC_TOTAL_PASSED);
	okc_report_free(r);
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rev, "signer", 0, T0 + 10 * DAY, 0);
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_CERT_REVOKED_NO_POE"));
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_REVOKED_NO_POE);
	okc_report_free(r);
	s = fresh_sig(&r, ctx);
	okc__rev_report(s, &rev, "issuing CA", 1, T0 + 10 * DAY, 0);
	okc__report_finalize(r);
	ck_assert(has_reason(s, "LTV_CA_REVOKED_NO_POE"));
	okc_report_free(r);
	okc_ctx_free(ctx);
}
END_TEST

/* ---- CRL index ---- */

static char tmpdir[256];

static void mk_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/okc-ltv-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static unsigned char *crl_der(X509_CRL *crl, size_t *len)
{
	unsigned char *der = NULL;
	int n = i2d_X509_CRL(crl, &der);
	ck_assert_int_gt(n, 0);
	*len = (size_t)n;
	return der;
}

static int lookup_long(okc__crlidx *x, long serial, okc_time *t)
{
	ASN1_INTEGER *a = ASN1_INTEGER_new();
	ASN1_INTEGER_set(a, serial);
	unsigned char *der = NULL;
	int n = i2d_ASN1_INTEGER(a, &der);
	okc_der_tlv tlv;
	ck_assert_int_eq(okc__der_single(der, (size_t)n, &tlv), OKC_OK);
	int r = okc__crlidx_lookup(x, tlv.val, tlv.val_len, t, NULL);
	OPENSSL_free(der);
	ASN1_INTEGER_free(a);
	return r;
}

static void flip_byte(const char *path, long off)
{
	FILE *f = fopen(path, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, off, off < 0 ? SEEK_END : SEEK_SET), 0);
	int c = fgetc(f);
	ck_assert_int_eq(fseek(f, off, off < 0 ? SEEK_END : SEEK_SET), 0);
	fputc(c ^ 0x5a, f);
	fclose(f);
}

START_TEST(test_crlindex_small_and_corruption)
{
	okc_ctx *ctx = new_ctx();
	mk_tmpdir();
	char idx[400];
	snprintf(idx, sizeof(idx), "%s/a.idx", tmpdir);
	long serials[] = { 1001, 7, 300, 128, 255, 65536 };
	X509_CRL *crl = pki_crl(ca, ca_key, T0, T0 + 7 * DAY, serials, 6, T0 - DAY, 77);
	size_t len;
	unsigned char *der = crl_der(crl, &len);
	okc__crlidx_info info;
	/* signature with the wrong key is refused */
	ck_assert_int_eq(okc__crlidx_build(ctx, der, len, X509_get0_pubkey(other_ca), idx,
	                                   &info), OKC_ECRYPTO);
	ck_assert_int_eq(access(idx, F_OK), -1);
	ck_assert_int_eq(okc__crlidx_build(ctx, der, len, X509_get0_pubkey(ca), idx, &info),
	                 OKC_OK);
	ck_assert_int_eq(info.entries, 6);
	ck_assert_int_eq(info.crl_number[0], 1);
	ck_assert_int_eq(info.crl_number[1], 77);
	okc__crlidx *x = NULL;
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_OK);
	ck_assert_int_eq(okc__crlidx_get_info(x)->this_update, T0);
	ck_assert_int_eq(okc__crlidx_get_info(x)->next_update, T0 + 7 * DAY);
	okc_time t = 0;
	for (size_t i = 0; i < 6; i++) {
		ck_assert_int_eq(lookup_long(x, serials[i], &t), 1);
		ck_assert_int_eq(t, T0 - DAY);
	}
	ck_assert_int_eq(lookup_long(x, 1002, NULL), 0);
	ck_assert_int_eq(lookup_long(x, 1, NULL), 0);
	ck_assert_int_eq(lookup_long(x, 99999999, NULL), 0);
	okc__crlidx_close(x);
	/* a flipped byte in the records: detected at lookup */
	flip_byte(idx, -5);
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_OK);
	ck_assert_int_eq(lookup_long(x, 1001, NULL), OKC_EFORMAT);
	okc__crlidx_close(x);
	/* a flipped byte in the header: detected at open */
	ck_assert_int_eq(okc__crlidx_build(ctx, der, len, X509_get0_pubkey(ca), idx, NULL), OKC_OK);
	flip_byte(idx, 45);
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_EFORMAT);
	/* truncated */
	ck_assert_int_eq(truncate(idx, 100), 0);
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_EFORMAT);
	/* a CRL that is not DER */
	ck_assert_int_eq(okc__crlidx_build(ctx, der, len - 3, NULL, idx, NULL), OKC_EFORMAT);
	OPENSSL_free(der);
	X509_CRL_free(crl);
	rm_tmpdir();
	okc_ctx_free(ctx);
}
END_TEST

/* A DER writer for the large CRL (built by hand: 200,000 entries through
 * X509_CRL_add0_revoked would dominate the test's run time). */
typedef struct buf {
	unsigned char *p;
	size_t n, cap;
} buf;

static void put(buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void put_tlv(buf *b, unsigned char tag, const unsigned char *v, size_t n)
{
	unsigned char h[6];
	size_t hl = 0;
	h[hl++] = tag;
	if (n < 0x80) {
		h[hl++] = (unsigned char)n;
	} else if (n < 0x100) {
		h[hl++] = 0x81;
		h[hl++] = (unsigned char)n;
	} else if (n < 0x10000) {
		h[hl++] = 0x82;
		h[hl++] = (unsigned char)(n >> 8);
		h[hl++] = (unsigned char)n;
	} else {
		h[hl++] = 0x83;
		h[hl++] = (unsigned char)(n >> 16);
		h[hl++] = (unsigned char)(n >> 8);
		h[hl++] = (unsigned char)n;
	}
	put(b, h, hl);
	put(b, v, n);
}

static void put_uint(buf *b, uint64_t v)
{
	unsigned char d[9];
	int n = 0;
	for (int i = 7; i >= 0; i--) {
		unsigned char c = (unsigned char)(v >> (8 * i));
		if (n == 0 && c == 0 && i > 0)
			continue;
		if (n == 0 && (c & 0x80))
			d[n++] = 0;
		d[n++] = c;
	}
	put_tlv(b, 0x02, d, (size_t)n);
}

static unsigned char *big_crl(size_t count, size_t *len)
{
	buf ents = { 0 }, tbs = { 0 }, tmp = { 0 }, out = { 0 };
	static const unsigned char alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
	                                     0xce, 0x3d, 0x04, 0x03, 0x02 };
	static const unsigned char t_rev[] = "251231000000Z";
	static const unsigned char t_this[] = "260101000000Z";
	static const unsigned char t_next[] = "260108000000Z";
	for (size_t i = 0; i < count; i++) {
		buf e = { 0 };
		/* large, unordered serials: like real 16-byte random serials */
		put_uint(&e, (uint64_t)(i * 2654435761u % 4294967291u) * 7 + 1000000);
		put_tlv(&e, 0x17, t_rev, 13);
		put_tlv(&ents, 0x30, e.p, e.n);
		free(e.p);
	}
	unsigned char one = 1;
	put_tlv(&tbs, 0x02, &one, 1);
	put(&tbs, alg, sizeof(alg));
	unsigned char *nm = NULL;
	int nl = i2d_X509_NAME(X509_get_subject_name(ca), &nm);
	put(&tbs, nm, (size_t)nl);
	OPENSSL_free(nm);
	put_tlv(&tbs, 0x17, t_this, 13);
	put_tlv(&tbs, 0x17, t_next, 13);
	put_tlv(&tbs, 0x30, ents.p, ents.n);
	free(ents.p);
	put_tlv(&tmp, 0x30, tbs.p, tbs.n);   /* tbsCertList */
	free(tbs.p);
	unsigned char sig[200];
	size_t slen = sizeof(sig) - 1;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	ck_assert_int_eq(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, ca_key), 1);
	ck_assert_int_eq(EVP_DigestSign(m, sig + 1, &slen, tmp.p, tmp.n), 1);
	EVP_MD_CTX_free(m);
	sig[0] = 0;
	put(&tmp, alg, sizeof(alg));
	put_tlv(&tmp, 0x03, sig, slen + 1);
	put_tlv(&out, 0x30, tmp.p, tmp.n);
	free(tmp.p);
	*len = out.n;
	return out.p;
}

START_TEST(test_crlindex_200k)
{
	okc_ctx *ctx = new_ctx();
	mk_tmpdir();
	const size_t count = 200000;
	size_t len;
	unsigned char *der = big_crl(count, &len);
	/* OpenSSL agrees the hand-made CRL is valid and signed */
	const unsigned char *p = der;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
	ck_assert_ptr_nonnull(crl);
	ck_assert_int_eq(X509_CRL_verify(crl, X509_get0_pubkey(ca)), 1);
	ck_assert_int_eq(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), (int)count);
	char idx[400];
	snprintf(idx, sizeof(idx), "%s/big.idx", tmpdir);
	okc__crlidx_info info;
	ck_assert_int_eq(okc__crlidx_build(ctx, der, len, X509_get0_pubkey(ca), idx, &info),
	                 OKC_OK);
	ck_assert_uint_eq(info.entries, count);
	okc__crlidx *x = NULL;
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_OK);
	/* every listed serial is found, agreeing with OpenSSL's own lookup;
	 * neighbours are not */
	for (size_t i = 0; i < count; i += 97) {
		long s = (long)((uint64_t)(i * 2654435761u % 4294967291u) * 7 + 1000000);
		okc_time t = 0;
		ck_assert_int_eq(lookup_long(x, s, &t), 1);
		ck_assert_int_eq(t, T0 - DAY);
		ck_assert_int_eq(lookup_long(x, s + 1, NULL), 0);
		ASN1_INTEGER *a = ASN1_INTEGER_new();
		X509_REVOKED *rv = NULL;
		ASN1_INTEGER_set(a, s);
		ck_assert_int_eq(X509_CRL_get0_by_serial(crl, &rv, a), 1);
		ASN1_INTEGER_set(a, s + 1);
		ck_assert_int_eq(X509_CRL_get0_by_serial(crl, &rv, a), 0);
		ASN1_INTEGER_free(a);
	}
	okc__crlidx_close(x);
	X509_CRL_free(crl);
	free(der);
	rm_tmpdir();
	okc_ctx_free(ctx);
}
END_TEST

/* ---- cache ---- */

START_TEST(test_cache_crl_and_ocsp)
{
	okc_ctx *ctx = new_ctx();
	mk_tmpdir();
	setenv("OKC_CACHE_DIR", tmpdir, 1);
	ck_assert_str_eq(okc__cache_dir(), tmpdir);
	okc__rev rv;
	okc__cache_lookup(&rv, ctx, leaf, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_NONE);

	long s1[] = { 1001 };
	X509_CRL *crl = pki_crl(ca, ca_key, T0, T0 + 7 * DAY, s1, 1, T0 - DAY, 1);
	size_t len;
	unsigned char *der = crl_der(crl, &len);
	char name[128];
	ck_assert_int_eq(okc__cache_add_crl(ctx, der, len, name, sizeof(name)), OKC_OK);
	ck_assert_ptr_nonnull(strstr(name, "-01.crl"));
	okc__cache_lookup(&rv, ctx, leaf, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_msg(rv.state == OKC_REV_REVOKED, "%d %s", rv.state, rv.detail);
	ck_assert_str_eq(rv.source, "cache");
	okc__cache_lookup(&rv, ctx, leaf2, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	/* the index now exists; corrupt it: rebuilt, never trusted */
	char idx[600];
	snprintf(idx, sizeof(idx), "%s/crl/%s.idx", tmpdir, name);
	ck_assert_int_eq(access(idx, R_OK), 0);
	flip_byte(idx, 30);
	okc__cache_lookup(&rv, ctx, leaf, ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_REVOKED);
	okc__crlidx *x = NULL;
	ck_assert_int_eq(okc__crlidx_open(&x, ctx, idx), OKC_OK);
	okc__crlidx_close(x);
	/* a CRL signed by the look-alike: bad signature, not used */
	OPENSSL_free(der);
	X509_CRL_free(crl);
	okc__cache_lookup(&rv, ctx, leaf2, other_ca, T0 + DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_BAD_SIG);
	/* a newer CRL of the same issuer wins (leaf no longer listed: e.g.
	 * certificateHold released) */
	crl = pki_crl(ca, ca_key, T0 + DAY, T0 + 8 * DAY, NULL, 0, T0, 2);
	der = crl_der(crl, &len);
	ck_assert_int_eq(okc__cache_add_crl(ctx, der, len, NULL, 0), OKC_OK);
	okc__cache_lookup(&rv, ctx, leaf, ca, T0 + 2 * DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	/* stale for a later time of use */
	okc__cache_lookup(&rv, ctx, leaf2, ca, T0 + 9 * DAY, T0 + 10 * DAY);
	ck_assert_int_eq(rv.state, OKC_REV_STALE);
	OPENSSL_free(der);
	X509_CRL_free(crl);
	/* garbage is refused */
	ck_assert_int_eq(okc__cache_add_crl(ctx, (const unsigned char *)"junk", 4, NULL, 0),
	                 OKC_EFORMAT);

	/* OCSP: stored and preferred when it covers the time */
	OCSP_BASICRESP *bs = pki_ocsp(leaf2, ca, responder, resp_key,
	                              V_OCSP_CERTSTATUS_GOOD, 0, T0 + 8 * DAY, T0 + 15 * DAY);
	OCSP_RESPONSE *resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
	unsigned char *od = NULL;
	int on = i2d_OCSP_RESPONSE(resp, &od);
	ck_assert_int_eq(okc__cache_add_ocsp(ctx, od, (size_t)on, name, sizeof(name)), OKC_OK);
	okc__cache_lookup(&rv, ctx, leaf2, ca, T0 + 9 * DAY, T0 + 10 * DAY);
	ck_assert_msg(rv.state == OKC_REV_GOOD, "%d %s", rv.state, rv.detail);
	ck_assert_str_eq(rv.kind, "ocsp");
	/* through okc__rev_check as the CAdES engine calls it */
	okc__rev_check(&rv, ctx, leaf2, ca, NULL, T0 + 9 * DAY, 0);
	ck_assert_int_eq(rv.state, OKC_REV_GOOD);
	ck_assert_str_eq(rv.source, "cache");
	/* an unsuccessful OCSPResponse is refused */
	OCSP_RESPONSE *err = OCSP_response_create(OCSP_RESPONSE_STATUS_TRYLATER, NULL);
	unsigned char *ed = NULL;
	int en = i2d_OCSP_RESPONSE(err, &ed);
	ck_assert_int_eq(okc__cache_add_ocsp(ctx, ed, (size_t)en, NULL, 0), OKC_EFORMAT);
	OPENSSL_free(ed);
	OCSP_RESPONSE_free(err);
	OPENSSL_free(od);
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	unsetenv("OKC_CACHE_DIR");
	rm_tmpdir();
	okc_ctx_free(ctx);
}
END_TEST

START_TEST(test_fetch_refused_offline)
{
	okc_ctx *ctx = new_ctx();
	unsigned char *out = NULL;
	size_t n = 0;
	ck_assert_int_eq(okc__fetch_url(ctx, "http://127.0.0.1:9/x.crl", NULL, NULL, 0,
	                                NULL, &out, &n), OKC_EUNSUPPORTED);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(okc__fetch_for_cert(ctx, leaf, ca, 0, NULL, 0), OKC_EUNSUPPORTED);
	okc_ctx_free(ctx);
}
END_TEST


/* ---- the CAdES samples, tampered (needs the in-tree samples/) ---- */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)n + 1);
	ck_assert_int_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Verify samples/cades/NAME as is (tamper 0), after flipping the last
 * byte of the last copy of the issuing CA certificate (its third copy, inside
 * certificate-values, 1), or a byte of its hash in complete-certificate-
 * refs (2); NULL when the samples are not there. */
static okc_report *verify_at(const char *name, int tamper, okc_time at)
{
	const char *top = getenv("top_srcdir");
	char path[1024], ca_path[1024], root_path[1024];
	snprintf(path, sizeof(path), "%s/samples/cades/%s", top ? top : ".", name);
	snprintf(ca_path, sizeof(ca_path), "%s/samples/pki/ca-rsa.pem", top ? top : ".");
	snprintf(root_path, sizeof(root_path), "%s/samples/pki/root-rsa.pem", top ? top : ".");
	size_t len;
	unsigned char *der = slurp(path, &len);
	if (der == NULL)
		return NULL;
	FILE *f = fopen(ca_path, "r");
	ck_assert_ptr_nonnull(f);
	X509 *ca_cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	unsigned char *cd = NULL;
	int cl = i2d_X509(ca_cert, &cd);
	/* copies: SignedData.certificates, the signature time-stamp's
	 * certificates, certificate-values (the third), archive tokens */
	unsigned char *last = NULL, *p = der;
	int copies = 0;
	while (copies < 3 &&
	       (p = (unsigned char *)okc__memmem(p, len - (size_t)(p - der), cd,
	                                         (size_t)cl)) != NULL) {
		last = p;
		copies++;
		p++;
	}
	ck_assert_int_eq(copies, 3);
	ck_assert_ptr_nonnull(last);
	if (tamper == 1)
		last[cl - 1] ^= 0x01; /* inside the signature BIT STRING: still DER */
	if (tamper == 2) {
		/* the SHA-256 of the CA certificate in complete-certificate-refs */
		unsigned char h[32];
		EVP_Digest(cd, (size_t)cl, h, NULL, EVP_sha256(), NULL);
		unsigned char *hp = (unsigned char *)okc__memmem(der, len, h, 32);
		ck_assert_ptr_nonnull(hp);
		hp[31] ^= 0x01;
	}
	okc_ctx_options o = OKC_CTX_OPTIONS_INIT;
	okc_ctx *ctx = NULL;
	o.validation_time = at;
	o.offline = 1;
	o.no_default_trust = 1;
	ck_assert_int_eq(okc_ctx_new(&ctx, &o), OKC_OK);
	ck_assert_int_eq(okc_ctx_add_anchor(ctx, root_path), OKC_OK);
	okc_report *r = NULL;
	ck_assert_int_eq(okc_verify_mem(&r, ctx, name, der, len, NULL), OKC_OK);
	okc_ctx_free(ctx);
	OPENSSL_free(cd);
	X509_free(ca_cert);
	free(der);
	return r;
}

static okc_report *verify_tampered(const char *name, int tamper)
{
	return verify_at(name, tamper, 1780315200); /* 2026-06-01T12:00:00Z */
}

START_TEST(test_samples_poe_from_timestamp)
{
	setenv("OKC_CACHE_DIR", "/nonexistent/okc-test-cache", 1);
	/* 2028-01-01: the signer certificate expired on 2027-06-01, the
	 * time-stamp (2026-06-01, TSA valid until 2030) proves the signature
	 * existed while it was valid: certificate validity and revocation are
	 * judged at genTime */
	okc_report *r = verify_at("xl-p4-rsa.imz", 0, 1830297600);
	if (r == NULL)
		return;
	/* ... provided the time-stamp's TSA is known not to be revoked at the
	 * validation time (EN 319 102-1 5.4): the embedded CRLs of 2026 do
	 * not say so in 2028, so offline without a cache the time-stamp is no
	 * proof of existence */
	const okc_signature *s = okc_report_signature(r, 0);
	ck_assert(has_reason(s, "LTV_TSA_REVOCATION_MISSING"));
	ck_assert(has_reason(s, "CADES_CERT_EXPIRED"));
	ck_assert_int_ne(okc_signature_indication(s), OKC_TOTAL_PASSED);
	okc_report_free(r);
	/* fresh CRLs of ca-rsa and root-rsa (the TSA's path) in the cache */
	const char *top = getenv("top_srcdir");
	char kp[1024], cp[1024];
	mk_tmpdir();
	setenv("OKC_CACHE_DIR", tmpdir, 1);
	okc_ctx *ctx = new_ctx();
	for (int i = 0; i < 2; i++) {
		const char *stem = i == 0 ? "ca-rsa" : "root-rsa";
		snprintf(kp, sizeof(kp), "%s/samples/pki/keys/%s.key", top ? top : ".", stem);
		snprintf(cp, sizeof(cp), "%s/samples/pki/%s.pem", top ? top : ".", stem);
		FILE *f = fopen(kp, "r");
		ck_assert_ptr_nonnull(f);
		EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
		f = fopen(cp, "r");
		ck_assert_ptr_nonnull(f);
		X509 *c = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
		X509_CRL *crl = pki_crl(c, k, 1830297600 - DAY, 1830297600 + 6 * DAY, NULL,
		                        0, 0, 100 + i);
		size_t cl;
		unsigned char *cder = crl_der(crl, &cl);
		ck_assert_int_eq(okc__cache_add_crl(ctx, cder, cl, NULL, 0), OKC_OK);
		OPENSSL_free(cder);
		X509_CRL_free(crl);
		X509_free(c);
		EVP_PKEY_free(k);
	}
	okc_ctx_free(ctx);
	r = verify_at("xl-p4-rsa.imz", 0, 1830297600);
	s = okc_report_signature(r, 0);
	ck_assert_int_eq(okc_signature_indication(s), OKC_TOTAL_PASSED);
	ck_assert(!has_reason(s, "CADES_CERT_EXPIRED"));
	okc_report_free(r);
	rm_tmpdir();
	setenv("OKC_CACHE_DIR", "/nonexistent/okc-test-cache", 1);
	/* 2031-01-01: the TSA certificate has expired too: no proof of
	 * existence, the expired signer certificate decides */
	r = verify_at("xl-p4-rsa.imz", 0, 1924992000);
	s = okc_report_signature(r, 0);
	ck_assert(has_reason(s, "CADES_CERT_EXPIRED"));
	ck_assert(has_reason(s, "LTV_TSA_CHAIN_UNTRUSTED"));
	ck_assert_int_eq(okc_signature_subindication(s), OKC_SUB_OUT_OF_BOUNDS_NO_POE);
	okc_report_free(r);
	unsetenv("OKC_CACHE_DIR");
}
END_TEST

START_TEST(test_samples_refs_and_archive_tampered)
{
	setenv("OKC_CACHE_DIR", "/nonexistent/okc-test-cache", 1);
	okc_report *r = verify_tampered("xl-p4-rsa.imz", 0);
	if (r == NULL)
		return; /* samples not present in this tree */
	const okc_signature *s = okc_report_signature(r, 0);
	ck_assert_int_eq(okc_report_indication(r), OKC_TOTAL_PASSED);
	ck_assert(has_reason(s, "LTV_TST_OK"));
	ck_assert_int_gt(okc_signature_timestamp_time(s), 0);
	okc_report_free(r);

	r = verify_tampered("xl-p4-rsa.imz", 2);
	s = okc_report_signature(r, 0);
	ck_assert(has_reason(s, "LTV_REFS_VALUES_MISMATCH"));
	ck_assert_int_eq(okc_signature_indication(s), OKC_TOTAL_FAILED);
	okc_report_free(r);

	r = verify_tampered("a-v3-p4-rsa.imz", 1);
	s = okc_report_signature(r, 0);
	ck_assert(has_reason(s, "LTV_ATS_HASH_INDEX_INVALID"));
	ck_assert_int_ne(okc_signature_indication(s), OKC_TOTAL_PASSED);
	okc_report_free(r);

	r = verify_tampered("a-v2-p4-rsa.imz", 1);
	s = okc_report_signature(r, 0);
	ck_assert(has_reason(s, "LTV_ATS_INVALID"));
	ck_assert_int_ne(okc_signature_indication(s), OKC_TOTAL_PASSED);
	okc_report_free(r);
	unsetenv("OKC_CACHE_DIR");
}
END_TEST

/* CAdES-X time-stamps and the archive time-stamp forms: each sample gives
 * its own verdict and code (the full MANIFEST runs in cades-samples.sh). */
START_TEST(test_samples_x_and_archive_forms)
{
	static const struct {
		const char *file;
		okc_indication indication;
		const char *code;
	} cases[] = {
		{ "x1-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "x2-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "neg-x1-imprint.imz", OKC_INDETERMINATE, "LTV_TST_IMPRINT_MISMATCH" },
		{ "neg-x2-imprint.imz", OKC_INDETERMINATE, "LTV_TST_IMPRINT_MISMATCH" },
		{ "neg-x1-order.imz", OKC_INDETERMINATE, "LTV_X_TS_ORDER" },
		{ "a-v3-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "a-v3-ts101733-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "a-v3-default-alg-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "neg-ats-v3-two-indexes.imz", OKC_TOTAL_FAILED,
		  "LTV_ATS_HASH_INDEX_INVALID" },
		{ "neg-ats-v3-attr-omitted.imz", OKC_TOTAL_FAILED,
		  "LTV_ATS_HASH_INDEX_INVALID" },
		{ "neg-ats-v3-attr-changed.imz", OKC_TOTAL_FAILED,
		  "LTV_ATS_HASH_INDEX_INVALID" },
		{ "neg-ats-v3-hash-alg.imz", OKC_TOTAL_FAILED,
		  "LTV_ATS_HASH_INDEX_INVALID" },
		{ "a-v1-p4-rsa.imz", OKC_TOTAL_PASSED, "LTV_TST_OK" },
		{ "neg-ats-v1-imprint.imz", OKC_INDETERMINATE, "LTV_ATS_INVALID" },
	};
	setenv("OKC_CACHE_DIR", "/nonexistent/okc-test-cache", 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		okc_report *r = verify_tampered(cases[i].file, 0);
		if (r == NULL)
			return; /* samples not present in this tree */
		const okc_signature *s = okc_report_signature(r, 0);
		ck_assert_msg(okc_signature_indication(s) == cases[i].indication &&
		              has_reason(s, cases[i].code), "%s", cases[i].file);
		/* these kinds are all verified now */
		ck_assert_msg(!has_reason(s, "LTV_TS_UNSUPPORTED"), "%s", cases[i].file);
		okc_report_free(r);
	}
	unsetenv("OKC_CACHE_DIR");
}
END_TEST

static Suite *ltv_suite(void)
{
	Suite *s = suite_create("ltv");
	TCase *tc = tcase_create("tst");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tst_ok_from_ts_resp_ctx);
	tcase_add_test(tc, test_tst_imprint_mismatch);
	tcase_add_test(tc, test_tst_tsa_not_authorized);
	tcase_add_test(tc, test_tst_cms_built_token_ok);
	tcase_add_test(tc, test_tst_untrusted_and_out_of_validity);
	tcase_add_test(tc, test_tst_tampered_and_malformed);
	tcase_add_test(tc, test_profile_delay_rules);
	suite_add_tcase(s, tc);
	tc = tcase_create("revocation");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_crl_good_revoked_stale_badsig);
	tcase_add_test(tc, test_crl_delta_indirect_scope);
	tcase_add_test(tc, test_ocsp_issuer_and_delegated);
	tcase_add_test(tc, test_ocsp_unauthorised_or_wrong_key);
	tcase_add_test(tc, test_rev_check_and_report);
	tcase_add_test(tc, test_fetch_refused_offline);
	tcase_add_test(tc, test_tsa_revocation);
	suite_add_tcase(s, tc);
	tc = tcase_create("crlindex");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_crlindex_small_and_corruption);
	tcase_add_test(tc, test_crlindex_200k);
	tcase_add_test(tc, test_cache_crl_and_ocsp);
	suite_add_tcase(s, tc);
	tc = tcase_create("cades");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_samples_refs_and_archive_tampered);
	tcase_add_test(tc, test_samples_poe_from_timestamp);
	tcase_add_test(tc, test_samples_x_and_archive_forms);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ltv_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
