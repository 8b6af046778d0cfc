/*
 * ltv_pki.c - the in-memory test PKI of ltv_pki.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "ltv_pki.h"

static void die(const char *what)
{
	fprintf(stderr, "test PKI: %s failed\n", what);
	abort();
}

EVP_PKEY *pki_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	if (k == NULL)
		die("EC keygen");
	return k;
}

EVP_PKEY *pki_rsa_key(void)
{
	static EVP_PKEY *k;
	if (k == NULL && (k = EVP_RSA_gen(2048)) == NULL)
		die("RSA keygen");
	EVP_PKEY_up_ref(k);
	return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v;
	X509V3_set_ctx(&v, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v, nid, value);
	if (e == NULL || !X509_add_ext(x, e, -1))
		die("extension");
	X509_EXTENSION_free(e);
}

X509 *pki_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey,
               long serial, int64_t nb, int64_t na, const char *ext)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	ASN1_TIME_set(X509_getm_notBefore(x), (time_t)nb);
	ASN1_TIME_set(X509_getm_notAfter(x), (time_t)na);
	X509_set_pubkey(x, key);
	add_ext(x, issuer, NID_subject_key_identifier, "hash");
	if (issuer != NULL)
		add_ext(x, issuer, NID_authority_key_identifier, "keyid:always");
	if (ext == NULL || strcmp(ext, "leaf") == 0) {
		add_ext(x, issuer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
	} else if (strcmp(ext, "ca") == 0) {
		add_ext(x, issuer, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else if (strcmp(ext, "tsa") == 0) {
		add_ext(x, issuer, NID_ext_key_usage, "critical,timeStamping");
	} else if (strcmp(ext, "tsa-noncrit") == 0) {
		add_ext(x, issuer, NID_ext_key_usage, "timeStamping");
	} else if (strcmp(ext, "tsa-email") == 0) {
		add_ext(x, issuer, NID_ext_key_usage, "critical,emailProtection");
	} else if (strcmp(ext, "ocsp") == 0) {
		add_ext(x, issuer, NID_ext_key_usage, "OCSPSigning");
	}
	if (!X509_sign(x, ikey ? ikey : key, EVP_sha256()))
		die("X509_sign");
	return x;
}

static int64_t fixed_time;
static int time_cb(TS_RESP_CTX *ctx, void *arg, long *sec, long *usec)
{
	(void)ctx;
	(void)arg;
	*sec = (long)fixed_time;
	*usec = 0;
	return 1;
}

static TS_TST_INFO *tst_info(const unsigned char *data, size_t dlen, int64_t t)
{
	unsigned char dig[32];
	TS_TST_INFO *ti = TS_TST_INFO_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	ASN1_OBJECT *pol = OBJ_txt2obj("1.2.3.4.1", 1);
	ASN1_GENERALIZEDTIME *gt = ASN1_GENERALIZEDTIME_set(NULL, (time_t)t);
	EVP_Digest(data, dlen, dig, NULL, EVP_sha256(), NULL);
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, dig, 32);
	ASN1_INTEGER_set(serial, 42);
	if (!TS_TST_INFO_set_version(ti, 1) || !TS_TST_INFO_set_policy_id(ti, pol) ||
	    !TS_TST_INFO_set_msg_imprint(ti, mi) || !TS_TST_INFO_set_serial(ti, serial) ||
	    !TS_TST_INFO_set_time(ti, gt))
		die("TSTInfo");
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	ASN1_INTEGER_free(serial);
	ASN1_OBJECT_free(pol);
	ASN1_GENERALIZEDTIME_free(gt);
	return ti;
}

unsigned char *pki_tst(size_t *len, X509 *tsa, EVP_PKEY *key,
                       const unsigned char *data, size_t dlen, int64_t gen_time)
{
	unsigned char dig[32];
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	EVP_Digest(data, dlen, dig, NULL, EVP_sha256(), NULL);
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, dig, 32);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, mi);
	TS_REQ_set_cert_req(req, 1);
	BIO *rb = BIO_new(BIO_s_mem());
	i2d_TS_REQ_bio(rb, req);

	TS_RESP_CTX *c = TS_RESP_CTX_new();
	ASN1_OBJECT *pol = OBJ_txt2obj("1.2.3.4.1", 1);
	if (!TS_RESP_CTX_set_signer_cert(c, tsa) || !TS_RESP_CTX_set_signer_key(c, key) ||
	    !TS_RESP_CTX_set_def_policy(c, pol) || !TS_RESP_CTX_add_md(c, EVP_sha256()) ||
	    !TS_RESP_CTX_set_ess_cert_id_digest(c, EVP_sha256()))
		die("TS_RESP_CTX");
	fixed_time = gen_time;
	TS_RESP_CTX_set_time_cb(c, time_cb, NULL);
	TS_RESP *resp = TS_RESP_create_response(c, rb);
	if (resp == NULL || TS_RESP_get_token(resp) == NULL)
		die("TS_RESP_create_response");
	unsigned char *der = NULL;
	int n = i2d_PKCS7(TS_RESP_get_token(resp), &der);
	if (n <= 0)
		die("i2d token");
	*len = (size_t)n;
	unsigned char *out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(c);
	ASN1_OBJECT_free(pol);
	BIO_free(rb);
	TS_REQ_free(req);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	return out;
}

unsigned char *pki_tst_cms(size_t *len, X509 *tsa, EVP_PKEY *key,
                           const unsigned char *data, size_t dlen, int64_t gen_time)
{
	TS_TST_INFO *ti = tst_info(data, dlen, gen_time);
	unsigned char *tder = NULL;
	int tn = i2d_TS_TST_INFO(ti, &tder);
	BIO *in = BIO_new_mem_buf(tder, tn);
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL,
	                                CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP);
	if (cms == NULL || !CMS_set1_eContentType(cms, OBJ_nid2obj(NID_id_smime_ct_TSTInfo)))
		die("CMS_sign");
	CMS_SignerInfo *si = CMS_add1_signer(cms, tsa, key, EVP_sha256(),
	                                     CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL);
	if (si == NULL)
		die("CMS_add1_signer");
	/* ESS signing-certificate-v2 binding the TSA certificate */
	ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), tsa, NULL, 1);
	unsigned char *scd = NULL;
	int scn = i2d_ESS_SIGNING_CERT_V2(sc, &scd);
	ASN1_STRING *seq = ASN1_STRING_new();
	ASN1_STRING_set(seq, scd, scn);
	if (!CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
	                                 V_ASN1_SEQUENCE, seq, -1))
		die("ESS attribute");
	if (!CMS_final(cms, in, NULL, CMS_BINARY))
		die("CMS_final");
	unsigned char *der = NULL;
	int n = i2d_CMS_ContentInfo(cms, &der);
	*len = (size_t)n;
	unsigned char *out = malloc((size_t)n);
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	OPENSSL_free(scd);
	ASN1_STRING_free(seq);
	ESS_SIGNING_CERT_V2_free(sc);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	OPENSSL_free(tder);
	TS_TST_INFO_free(ti);
	return out;
}

X509_CRL *pki_crl(X509 *ca, EVP_PKEY *ckey, int64_t this_u, int64_t next_u,
                  const long *serials, size_t n, int64_t rev_time, long number)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca));
	ASN1_TIME_set(t, (time_t)this_u);
	X509_CRL_set1_lastUpdate(crl, t);
	if (next_u) {
		ASN1_TIME_set(t, (time_t)next_u);
		X509_CRL_set1_nextUpdate(crl, t);
	}
	for (size_t i = 0; i < n; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *s = ASN1_INTEGER_new();
		ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();
		ASN1_INTEGER_set(s, serials[i]);
		X509_REVOKED_set_serialNumber(r, s);
		ASN1_TIME_set(t, (time_t)rev_time);
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_ENUMERATED_set(e, 1);
		X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0);
		X509_CRL_add0_revoked(crl, r);
		ASN1_INTEGER_free(s);
		ASN1_ENUMERATED_free(e);
	}
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	ASN1_INTEGER_set(num, number);
	X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0);
	ASN1_INTEGER_free(num);
	ASN1_TIME_free(t);
	X509_CRL_sort(crl);
	if (!X509_CRL_sign(crl, ckey, EVP_sha256()))
		die("X509_CRL_sign");
	return crl;
}

OCSP_BASICRESP *pki_ocsp(X509 *cert, X509 *issuer, X509 *signer, EVP_PKEY *skey,
                         int status, int64_t rev_time, int64_t this_u,
                         int64_t next_u)
{
	OCSP_BASICRESP *bs = OCSP_BASICRESP_new();
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha256(), cert, issuer);
	ASN1_TIME *tu = ASN1_TIME_set(NULL, (time_t)this_u);
	ASN1_TIME *nu = next_u ? ASN1_TIME_set(NULL, (time_t)next_u) : NULL;
	ASN1_TIME *rt = ASN1_TIME_set(NULL, (time_t)rev_time);
	if (OCSP_basic_add1_status(bs, id, status,
	                           status == V_OCSP_CERTSTATUS_REVOKED ? 1 : -1,
	                           status == V_OCSP_CERTSTATUS_REVOKED ? rt : NULL,
	                           tu, nu) == NULL)
		die("OCSP_basic_add1_status");
	/* producedAt = thisUpdate, not the wall clock, so tests do not rot
	 * (OCSP_NOTIME leaves the field to us; test code only). */
	ASN1_GENERALIZEDTIME_set((ASN1_GENERALIZEDTIME *)OCSP_resp_get0_produced_at(bs),
	                         (time_t)this_u);
	if (!OCSP_basic_sign(bs, signer, skey, EVP_sha256(), NULL, OCSP_NOTIME))
		die("OCSP_basic_sign");
	OCSP_CERTID_free(id);
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	ASN1_TIME_free(rt);
	return bs;
}
