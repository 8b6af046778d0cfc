/*
 * algo.c - algorithm policy and the signature value check.
 *
 * Policy (ETSI TS 119 312, and the Turkish profiles which use SHA-256 and
 * up): MD5 and SHA-1 are not accepted as message or signature digests; RSA
 * keys need at least 2048 bits; ECDSA only on P-256, P-384 and P-521 (the
 * curves of the Turkish roots and leaves); RSA PKCS#1 v1.5 and RSA-PSS
 * (RFC 4056; its hash may differ from the SignerInfo digest algorithm).
 * Anything else is INDETERMINATE (CADES_ALG_UNSUPPORTED): we do not judge
 * what we do not know.
 */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "cades/cades.h"

static const struct {
	const char *oid;
	const char *name;  /* OpenSSL digest name */
	bool weak;
} digests[] = {
	{ "1.2.840.113549.2.5", "MD5", true },
	{ "1.3.14.3.2.26", "SHA1", true },
	{ "2.16.840.1.101.3.4.2.4", "SHA224", false },
	{ "2.16.840.1.101.3.4.2.1", "SHA256", false },
	{ "2.16.840.1.101.3.4.2.2", "SHA384", false },
	{ "2.16.840.1.101.3.4.2.3", "SHA512", false },
	{ "2.16.840.1.101.3.4.2.8", "SHA3-256", false },
	{ "2.16.840.1.101.3.4.2.9", "SHA3-384", false },
	{ "2.16.840.1.101.3.4.2.10", "SHA3-512", false },
};

/* Look a digest OID up; NULL when unknown. */
static const EVP_MD *digest_by_oid(const char *oid, bool *weak,
                                   const char **name)
{
	for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]); i++)
		if (strcmp(digests[i].oid, oid) == 0) {
			*weak = digests[i].weak;
			*name = digests[i].name;
			return EVP_get_digestbyname(digests[i].name);
		}
	return NULL;
}

static bool params_absent_or_null(const okc_der_tlv *p)
{
	/* RFC 5754 3: absent or NULL parameters. */
	return p->tlv == NULL || (p->tag == 0x05 && p->val_len == 0);
}

const EVP_MD *okc__cades_digest_alg(okc__cades_signer *s,
                                    const okc_der_tlv *alg, const char *what)
{
	char oid[64];
	okc_der_tlv params;
	bool weak = false;
	const char *name = NULL;
	if (!okc__cades_alg_oid(alg, oid, sizeof(oid), &params)) {
		okc__signature_add_reason(s->sig, OKC_R_CADES_ALG_UNSUPPORTED,
		                          "%s: unreadable algorithm identifier",
		                          what);
		return NULL;
	}
	const EVP_MD *md = digest_by_oid(oid, &weak, &name);
	if (md == NULL || !params_absent_or_null(&params)) {
		okc__signature_add_reason(s->sig, OKC_R_CADES_ALG_UNSUPPORTED,
		                          "%s: digest algorithm %s", what, oid);
		return NULL;
	}
	if (weak)
		okc__signature_add_reason(s->sig, OKC_R_CADES_DIGEST_ALG_WEAK,
		                          "%s: %s", what, name);
	return md;
}

int okc__cades_check_key(okc__cades_signer *s, EVP_PKEY *pkey)
{
	int id = EVP_PKEY_get_base_id(pkey);
	if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
		int bits = EVP_PKEY_get_bits(pkey);
		if (bits < 2048)
			return okc__signature_add_reason(s->sig,
				OKC_R_CADES_KEY_TOO_SMALL, "RSA %d bits", bits);
		return OKC_OK;
	}
	if (id == EVP_PKEY_EC) {
		char group[64] = "";
		size_t gl = 0;
		if (EVP_PKEY_get_utf8_string_param(pkey,
		        OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
		        &gl) != 1) {
			ERR_clear_error();
			return okc__signature_add_reason(s->sig,
				OKC_R_CADES_ALG_UNSUPPORTED,
				"EC key with explicit or unknown curve parameters");
		}
		if (strcmp(group, "prime256v1") == 0 ||
		    strcmp(group, "secp384r1") == 0 ||
		    strcmp(group, "secp521r1") == 0 ||
		    strcmp(group, "P-256") == 0 || strcmp(group, "P-384") == 0 ||
		    strcmp(group, "P-521") == 0)
			return OKC_OK;
		return okc__signature_add_reason(s->sig,
			OKC_R_CADES_ALG_UNSUPPORTED, "EC curve %s", group);
	}
	return okc__signature_add_reason(s->sig, OKC_R_CADES_ALG_UNSUPPORTED,
	                                 "key type %s",
	                                 OBJ_nid2sn(id) ? OBJ_nid2sn(id) : "?");
}

enum scheme { SCHEME_NONE, SCHEME_PKCS1, SCHEME_PSS, SCHEME_ECDSA };

static const struct {
	const char *oid;
	enum scheme scheme;
	const char *hash;  /* NULL: the SignerInfo digest algorithm */
	bool weak;
} sigalgs[] = {
	{ "1.2.840.113549.1.1.1", SCHEME_PKCS1, NULL, false },
	{ "1.2.840.113549.1.1.4", SCHEME_PKCS1, "MD5", true },
	{ "1.2.840.113549.1.1.5", SCHEME_PKCS1, "SHA1", true },
	{ "1.2.840.113549.1.1.14", SCHEME_PKCS1, "SHA224", false },
	{ "1.2.840.113549.1.1.11", SCHEME_PKCS1, "SHA256", false },
	{ "1.2.840.113549.1.1.12", SCHEME_PKCS1, "SHA384", false },
	{ "1.2.840.113549.1.1.13", SCHEME_PKCS1, "SHA512", false },
	{ "1.2.840.113549.1.1.10", SCHEME_PSS, NULL, false },
	{ "1.2.840.10045.2.1", SCHEME_ECDSA, NULL, false },
	{ "1.2.840.10045.4.1", SCHEME_ECDSA, "SHA1", true },
	{ "1.2.840.10045.4.3.1", SCHEME_ECDSA, "SHA224", false },
	{ "1.2.840.10045.4.3.2", SCHEME_ECDSA, "SHA256", false },
	{ "1.2.840.10045.4.3.3", SCHEME_ECDSA, "SHA384", false },
	{ "1.2.840.10045.4.3.4", SCHEME_ECDSA, "SHA512", false },
};

/* RSASSA-PSS-params (RFC 4055 3.1): hash, MGF1 hash, salt length. */
static bool pss_params(okc__cades_signer *s, const okc_der_tlv *p,
                       const EVP_MD **md, const EVP_MD **mgf1, int *salt)
{
	RSA_PSS_PARAMS *pp = NULL;
	X509_ALGOR *mh = NULL;
	bool ok = false;
	const char *why = "unreadable RSASSA-PSS parameters";
	*md = EVP_sha1();   /* the RFC 4055 defaults */
	*mgf1 = EVP_sha1();
	*salt = 20;
	if (p->tlv == NULL || p->tag != OKC_DER_SEQUENCE)
		goto out;
	const unsigned char *q = p->tlv;
	pp = d2i_RSA_PSS_PARAMS(NULL, &q, (long)p->tlv_len);
	if (pp == NULL || q != p->tlv + p->tlv_len)
		goto out;
	if (pp->hashAlgorithm != NULL) {
		*md = EVP_get_digestbyobj(pp->hashAlgorithm->algorithm);
		if (*md == NULL) {
			why = "RSASSA-PSS hash algorithm";
			goto out;
		}
	}
	if (pp->maskGenAlgorithm != NULL) {
		const ASN1_OBJECT *mo;
		int ptype;
		const void *pval;
		X509_ALGOR_get0(&mo, &ptype, &pval, pp->maskGenAlgorithm);
		if (OBJ_obj2nid(mo) != NID_mgf1 || ptype != V_ASN1_SEQUENCE) {
			why = "RSASSA-PSS mask generation function";
			goto out;
		}
		const ASN1_STRING *ps = pval;
		const unsigned char *r = ASN1_STRING_get0_data(ps);
		mh = d2i_X509_ALGOR(NULL, &r, ASN1_STRING_length(ps));
		if (mh == NULL || (*mgf1 = EVP_get_digestbyobj(mh->algorithm)) == NULL) {
			why = "RSASSA-PSS MGF1 hash";
			goto out;
		}
	}
	if (pp->saltLength != NULL) {
		long v = ASN1_INTEGER_get(pp->saltLength);
		if (v < 0 || v > 1024) {
			why = "RSASSA-PSS salt length";
			goto out;
		}
		*salt = (int)v;
	}
	if (pp->trailerField != NULL && ASN1_INTEGER_get(pp->trailerField) != 1) {
		why = "RSASSA-PSS trailer field";
		goto out;
	}
	ok = true;
out:
	if (!ok) {
		ERR_clear_error();
		okc__signature_add_reason(s->sig, OKC_R_CADES_ALG_UNSUPPORTED,
		                          "%s", why);
	}
	RSA_PSS_PARAMS_free(pp);
	X509_ALGOR_free(mh);
	return ok;
}

/* One verification of the signature value over `tbs`. */
static int verify_once(okc__cades_signer *s, EVP_PKEY *pkey, const EVP_MD *md,
                       bool pss, const EVP_MD *mgf1, int salt,
                       const unsigned char *tbs, size_t tbs_len, bool *valid)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int rc = 0;
	*valid = false;
	if (m == NULL)
		return OKC_ENOMEM;
	if (EVP_DigestVerifyInit(m, &pctx, md, NULL, pkey) != 1 ||
	    (pss &&
	     (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	      EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, mgf1) != 1 ||
	      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) != 1)))
		rc = 1; /* the key cannot be used so */
	else
		*valid = EVP_DigestVerify(m, s->si.sig_value.val,
		                          s->si.sig_value.val_len, tbs,
		                          tbs_len) == 1;
	ERR_clear_error();
	EVP_MD_CTX_free(m);
	return rc;
}

int okc__cades_verify_value(okc__cades_signer *s, const EVP_MD *dmd,
                            const unsigned char *tbs, size_t tbs_len,
                            const unsigned char *tbs2, size_t tbs2_len,
                            bool *valid, bool *valid2, bool *alg_usable)
{
	char oid[64];
	okc_der_tlv params;
	const EVP_MD *md = dmd, *mgf1 = NULL;
	int salt = 0, rc = OKC_OK;
	size_t i;
	*valid = false;
	if (valid2)
		*valid2 = false;
	*alg_usable = false;

	EVP_PKEY *pkey = X509_get0_pubkey(s->cert);
	if (!okc__cades_alg_oid(&s->si.sig_alg, oid, sizeof(oid), &params))
		return okc__signature_add_reason(s->sig,
			OKC_R_CADES_ALG_UNSUPPORTED,
			"unreadable signature algorithm identifier");
	for (i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		if (strcmp(sigalgs[i].oid, oid) == 0)
			break;
	if (i == sizeof(sigalgs) / sizeof(sigalgs[0]) || pkey == NULL)
		return okc__signature_add_reason(s->sig,
			OKC_R_CADES_ALG_UNSUPPORTED,
			"signature algorithm %s", oid);
	enum scheme sc = sigalgs[i].scheme;
	int kt = EVP_PKEY_get_base_id(pkey);
	if ((sc == SCHEME_ECDSA) != (kt == EVP_PKEY_EC) ||
	    (sc != SCHEME_ECDSA && kt != EVP_PKEY_RSA &&
	     !(sc == SCHEME_PSS && kt == EVP_PKEY_RSA_PSS)))
		return okc__signature_add_reason(s->sig,
			OKC_R_CADES_SIGNATURE_INVALID,
			"signature algorithm %s does not fit the %s key", oid,
			OBJ_nid2sn(kt) ? OBJ_nid2sn(kt) : "?");
	if (sc == SCHEME_PSS) {
		if (!pss_params(s, &params, &md, &mgf1, &salt))
			return OKC_OK;
		if (EVP_MD_is_a(md, "SHA1") || EVP_MD_is_a(mgf1, "SHA1"))
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_DIGEST_ALG_WEAK,
				"RSASSA-PSS with SHA-1"));
	} else {
		if (sc == SCHEME_ECDSA ? params.tlv != NULL
		                       : !params_absent_or_null(&params))
			return okc__signature_add_reason(s->sig,
				OKC_R_CADES_ALG_UNSUPPORTED,
				"parameters on signature algorithm %s", oid);
		if (sigalgs[i].hash != NULL)
			md = EVP_get_digestbyname(sigalgs[i].hash);
		if (sigalgs[i].weak)
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_DIGEST_ALG_WEAK,
				"signature algorithm %s", oid));
	}
	if (md == NULL)
		return OKC_OK; /* the digest algorithm's reason is there */
	OKC_GUARD(okc__cades_check_key(s, pkey));
	*alg_usable = true;

	int u = verify_once(s, pkey, md, sc == SCHEME_PSS, mgf1, salt, tbs,
	                    tbs_len, valid);
	if (u < 0)
		return u;
	if (u == 0 && !*valid && tbs2 != NULL)
		u = verify_once(s, pkey, md, sc == SCHEME_PSS, mgf1, salt, tbs2,
		                tbs2_len, valid2);
	if (u < 0)
		return u;
	if (u == 1) {
		/* The key cannot be used with these parameters: not a verdict
		 * on integrity, an algorithm we cannot judge. */
		*alg_usable = false;
		rc = okc__signature_add_reason(s->sig,
			OKC_R_CADES_ALG_UNSUPPORTED,
			"the key cannot verify with %s", oid);
	}
out:
	return rc;
}
