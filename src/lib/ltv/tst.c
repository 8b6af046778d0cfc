/*
 * tst.c - RFC 3161 TimeStampToken verification for CAdES (ETSI EN 319
 * 122-1 signature-time-stamp, content-time-stamp, archive time-stamps).
 *
 * OpenSSL's TS_RESP_verify_token is not used as the validator: it checks
 * the TSA path at the current time only and folds every failure into one
 * error.  Instead the steps are made one by one so each failure gets its own
 * reason: CMS signature (RFC 5652 5.6) with the ESS signing-certificate
 * binding (RFC 3161 2.4.1, RFC 5816), TSA authorisation (RFC 3161 2.3:
 * the extended key usage must be critical and carry only id-kp-timeStamping),
 * genTime inside the TSA certificate's validity, the TSA path at an explicit
 * time, and the messageImprint over exactly the bytes the caller names.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "ltv/ltv.h"

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int okc__ltv_asn1_time(const ASN1_TIME *t, okc_time *out)
{
	struct tm tm;
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return OKC_EFORMAT;
	*out = days_from_civil((int64_t)tm.tm_year + 1900,
	                       (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) *
	               86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return OKC_OK;
}

void okc__tst_clear(okc__tst *t)
{
	if (t == NULL)
		return;
	X509_free(t->tsa_cert);
	t->tsa_cert = NULL;
}

static void set_status(okc__tst *t, okc__tst_status st, okc_reason_id r,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set_status(okc__tst *t, okc__tst_status st, okc_reason_id r,
                       const char *fmt, ...)
{
	va_list ap;
	t->status = st;
	t->reason = r;
	va_start(ap, fmt);
	vsnprintf(t->detail, sizeof(t->detail), fmt, ap);
	va_end(ap);
}

/* Text of the first OpenSSL error (and clear the queue). */
static const char *ossl_err(char *buf, size_t len)
{
	unsigned long e = ERR_peek_last_error();
	if (e == 0)
		snprintf(buf, len, "no detail");
	else
		ERR_error_string_n(e, buf, len);
	ERR_clear_error();
	return buf;
}

/*
 * RFC 3161 2.3: "The corresponding certificate MUST contain only one
 * instance of the extended key usage field extension ... with KeyPurposeID
 * having value id-kp-timeStamping.  This extension MUST be critical."
 */
static int tsa_authorized(X509 *x, char *why, size_t len)
{
	int crit = -1, idx = -1;
	EXTENDED_KEY_USAGE *eku =
		X509_get_ext_d2i(x, NID_ext_key_usage, &crit, &idx);
	int ok = 0;
	if (eku == NULL) {
		snprintf(why, len, "no extended key usage");
		goto out;
	}
	if (X509_get_ext_by_NID(x, NID_ext_key_usage, idx) >= 0) {
		snprintf(why, len, "extended key usage present twice");
		goto out;
	}
	if (crit != 1) {
		snprintf(why, len, "extended key usage is not critical");
		goto out;
	}
	if (sk_ASN1_OBJECT_num(eku) != 1 ||
	    OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, 0)) != NID_time_stamp) {
		snprintf(why, len, "extended key usage is not only timeStamping");
		goto out;
	}
	ok = 1;
out:
	EXTENDED_KEY_USAGE_free(eku);
	return ok;
}

/*
 * The ESS signing-certificate(-v2) attribute of the token's SignerInfo
 * must identify the TSA certificate (RFC 3161 2.4.1; RFC 5816 allows v2).
 */
static int ess_binds(CMS_SignerInfo *si, X509 *signer, char *why, size_t len)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	ESS_SIGNING_CERT *v1 = NULL;
	ESS_SIGNING_CERT_V2 *v2 = NULL;
	int ok = 0;
	if (chain == NULL || !sk_X509_push(chain, signer))
		goto out;
	int i = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1);
	if (i >= 0) {
		ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0);
		if (t != NULL && t->type == V_ASN1_SEQUENCE) {
			const unsigned char *p = t->value.sequence->data;
			v1 = d2i_ESS_SIGNING_CERT(NULL, &p, t->value.sequence->length);
		}
		if (v1 == NULL) {
			snprintf(why, len, "signing-certificate attribute malformed");
			goto out;
		}
	}
	i = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1);
	if (i >= 0) {
		ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0);
		if (t != NULL && t->type == V_ASN1_SEQUENCE) {
			const unsigned char *p = t->value.sequence->data;
			v2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, t->value.sequence->length);
		}
		if (v2 == NULL) {
			snprintf(why, len, "signing-certificate-v2 attribute malformed");
			goto out;
		}
	}
	if (v1 == NULL && v2 == NULL) {
		snprintf(why, len, "no ESS signing-certificate attribute");
		goto out;
	}
	if (OSSL_ESS_check_signing_certs(v1, v2, chain, 1) != 1) {
		snprintf(why, len, "ESS signing-certificate does not match the TSA certificate");
		ERR_clear_error();
		goto out;
	}
	ok = 1;
out:
	ESS_SIGNING_CERT_free(v1);
	ESS_SIGNING_CERT_V2_free(v2);
	sk_X509_free(chain);
	return ok;
}

/* Path of the TSA certificate to the store at `when` (explicit time, capped
 * depth, no partial chains: house style 9). */
static int tsa_chain(okc_ctx *ctx, X509 *tsa, X509_STORE *store,
                     STACK_OF(X509) *untrusted, okc_time when, char *why,
                     size_t len)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	int ok = -1;
	if (sc == NULL)
		return OKC_ENOMEM;
	if (store == NULL) {
		snprintf(why, len, "no trust store");
		ok = 0;
		goto out;
	}
	if (X509_STORE_CTX_init(sc, store, tsa, untrusted) != 1) {
		ok = OKC_ENOMEM;
		goto out;
	}
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(sc);
	X509_VERIFY_PARAM_set_time(vp, (time_t)when);
	X509_VERIFY_PARAM_set_depth(vp, (int)okc_ctx_limits(ctx)->max_chain_depth);
	X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_verify_cert(sc) == 1) {
		ok = 1;
	} else {
		int e = X509_STORE_CTX_get_error(sc);
		snprintf(why, len, "TSA path: %s", X509_verify_cert_error_string(e));
		ok = 0;
	}
	ERR_clear_error();
out:
	X509_STORE_CTX_free(sc);
	return ok;
}

int okc__tst_verify(okc__tst *out, okc_ctx *ctx, const unsigned char *der,
                    size_t len, const unsigned char *data, size_t data_len,
                    X509_STORE *store, STACK_OF(X509) *untrusted,
                    okc_time chain_time)
{
	CMS_ContentInfo *cms = NULL;
	BIO *content = NULL;
	TS_TST_INFO *tst = NULL;
	STACK_OF(X509) *signers = NULL, *pool = NULL;
	EVP_MD *md_fetched = NULL;
	int rc = OKC_OK;
	char eb[160];

	memset(out, 0, sizeof(*out));
	out->status = OKC_TST_MALFORMED;
	out->reason = OKC_R_LTV_TST_MALFORMED;

	if (der == NULL || len == 0 || len > okc_ctx_limits(ctx)->max_input_size ||
	    len > LONG_MAX) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "empty or oversized token");
		goto out;
	}
	const unsigned char *p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (cms == NULL || p != der + len) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "not a DER ContentInfo: %s", ossl_err(eb, sizeof(eb)));
		goto out;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_id_smime_ct_TSTInfo) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "not SignedData with eContentType id-ct-TSTInfo");
		goto out;
	}
	ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
	if (pos == NULL || *pos == NULL) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "TSTInfo absent");
		goto out;
	}
	const unsigned char *tp = (*pos)->data;
	tst = d2i_TS_TST_INFO(NULL, &tp, (*pos)->length);
	if (tst == NULL || tp != (*pos)->data + (*pos)->length ||
	    TS_TST_INFO_get_version(tst) != 1) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "TSTInfo malformed or not version 1");
		goto out;
	}
	if (okc__ltv_asn1_time(TS_TST_INFO_get_time(tst), &out->gen_time) < 0) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "genTime unreadable");
		goto out;
	}
	OBJ_obj2txt(out->policy, sizeof(out->policy),
	            TS_TST_INFO_get_policy_id(tst), 1);

	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "a time-stamp token has exactly one SignerInfo, not %d",
		           sk_CMS_SignerInfo_num(sis));
		goto out;
	}

	/* 1. the token signature (RFC 5652 5.6: message-digest and signature
	 *    over the signed attributes); the signer path comes later at an
	 *    explicit time, so chain checks are off here. */
	content = BIO_new(BIO_s_mem());
	if (content == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	if (CMS_verify(cms, untrusted, NULL, NULL, content,
	               CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		set_status(out, OKC_TST_SIG_INVALID, OKC_R_LTV_TST_SIGNATURE_INVALID,
		           "token signature: %s", ossl_err(eb, sizeof(eb)));
		goto out;
	}
	signers = CMS_get0_signers(cms);
	if (sk_X509_num(signers) != 1) {
		set_status(out, OKC_TST_SIG_INVALID, OKC_R_LTV_TST_SIGNATURE_INVALID,
		           "TSA certificate not found in the token");
		goto out;
	}
	X509 *tsa = sk_X509_value(signers, 0);
	/* A reference, not a copy: X509_dup re-encodes and re-decodes the
	 * certificate, public key included (a third of a token's cost with
	 * OpenSSL 3's decoders; issue #9 profile). */
	if (X509_up_ref(tsa) != 1) {
		rc = OKC_ENOMEM;
		goto out;
	}
	out->tsa_cert = tsa;
	X509_NAME_oneline(X509_get_subject_name(tsa), out->tsa_subject,
	                  sizeof(out->tsa_subject));
	char why[160];
	if (!ess_binds(sk_CMS_SignerInfo_value(sis, 0), tsa, why, sizeof(why))) {
		set_status(out, OKC_TST_SIG_INVALID, OKC_R_LTV_TST_SIGNATURE_INVALID,
		           "%s", why);
		goto out;
	}

	/* 2. TSA authorisation and validity at genTime. */
	if (!tsa_authorized(tsa, why, sizeof(why))) {
		set_status(out, OKC_TST_TSA_NOT_AUTHORIZED, OKC_R_LTV_TSA_NOT_AUTHORIZED,
		           "%s: %s", out->tsa_subject, why);
		goto out;
	}
	okc_time nb, na;
	if (okc__ltv_asn1_time(X509_get0_notBefore(tsa), &nb) < 0 ||
	    okc__ltv_asn1_time(X509_get0_notAfter(tsa), &na) < 0 ||
	    out->gen_time < nb || out->gen_time > na) {
		set_status(out, OKC_TST_TSA_OUT_OF_VALIDITY,
		           OKC_R_LTV_TSA_CERT_OUT_OF_VALIDITY,
		           "genTime outside the TSA certificate validity");
		goto out;
	}

	/* 3. messageImprint over exactly the given bytes (RFC 3161 2.4.2). */
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(mi);
	ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(mi);
	char algname[80];
	OBJ_obj2txt(algname, sizeof(algname), alg->algorithm, 0);
	md_fetched = EVP_MD_fetch(NULL, algname, NULL);
	if (md_fetched == NULL) {
		ERR_clear_error();
		set_status(out, OKC_TST_MALFORMED, OKC_R_LTV_TST_MALFORMED,
		           "unknown imprint hash algorithm %s", algname);
		goto out;
	}
	snprintf(out->digest, sizeof(out->digest), "%s", EVP_MD_get0_name(md_fetched));
	if (EVP_MD_get_size(md_fetched) < 32) {
		/* SHA-1 and weaker imprints are not accepted for new validation
		 * (ETSI TS 119 312). */
		set_status(out, OKC_TST_IMPRINT_MISMATCH, OKC_R_LTV_TST_IMPRINT_MISMATCH,
		           "imprint hash %s is too weak", out->digest);
		goto out;
	}
	unsigned char dig[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	if (EVP_Digest(data, data_len, dig, &dlen, md_fetched, NULL) != 1) {
		rc = okc__error_ossl(ctx, OKC_ECRYPTO, "imprint digest");
		goto out;
	}
	if ((int)dlen != ASN1_STRING_length(want) ||
	    memcmp(dig, ASN1_STRING_get0_data(want), dlen) != 0) {
		set_status(out, OKC_TST_IMPRINT_MISMATCH, OKC_R_LTV_TST_IMPRINT_MISMATCH,
		           "%s imprint differs from the %zu covered bytes",
		           out->digest, data_len);
		goto out;
	}

	/* 4. the TSA path, with the intermediates the token carries. */
	pool = CMS_get1_certs(cms);
	if (pool == NULL)
		pool = sk_X509_new_null();
	if (pool == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (int i = 0; untrusted != NULL && i < sk_X509_num(untrusted); i++) {
		if (!sk_X509_push(pool, sk_X509_value(untrusted, i))) {
			rc = OKC_ENOMEM;
			goto out;
		}
		X509_up_ref(sk_X509_value(untrusted, i));
	}
	int c = tsa_chain(ctx, tsa, store, pool,
	                  chain_time ? chain_time : out->gen_time, why, sizeof(why));
	if (c < 0) {
		rc = c;
		goto out;
	}
	if (c == 0) {
		set_status(out, OKC_TST_TSA_UNTRUSTED, OKC_R_LTV_TSA_CHAIN_UNTRUSTED,
		           "%s: %s", out->tsa_subject, why);
		goto out;
	}
	out->status = OKC_TST_OK;
	out->reason = OKC_R_LTV_TST_OK;
	snprintf(out->detail, sizeof(out->detail), "TSA %.140s, %.20s imprint, policy %.60s",
	         out->tsa_subject, out->digest, out->policy);
out:
	ERR_clear_error();
	EVP_MD_free(md_fetched);
	sk_X509_pop_free(pool, X509_free);
	sk_X509_free(signers);
	BIO_free(content);
	TS_TST_INFO_free(tst);
	CMS_ContentInfo_free(cms);
	return rc;
}

int okc__tst_report(okc_signature *s, const okc__tst *t, const char *what)
{
	char when[32] = "-";
	if (t->gen_time)
		okc_time_format(when, sizeof(when), t->gen_time);
	return okc__signature_add_reason(s, t->reason, "%s at %s: %s", what, when,
	                                 t->detail);
}

/* ---- Turkish profile time rules (tr-pki.md section 3) ---- */

okc__ltv_profile okc__ltv_profile_for(const char *profile)
{
	/* "The TS must be taken no later than 2 h after signing-time"; MA3
	 * widens the window by 5 min each way for clock skew, which we report
	 * as our tolerance too.  P2/P3 have a 24 h grace period ("kesinleşme
	 * süresi") before revocation status is final; P4 none. */
	okc__ltv_profile p = { NULL, 2 * 3600, 5 * 60, 0 };
	if (profile == NULL)
		return p;
	if (strcmp(profile, "P2") == 0 || strcmp(profile, "P3") == 0) {
		p.name = strcmp(profile, "P2") == 0 ? "P2" : "P3";
		p.grace = 24 * 3600;
	} else if (strcmp(profile, "P4") == 0) {
		p.name = "P4";
	}
	return p;
}

int okc__ltv_check_ts_delay(okc_signature *s, const okc__ltv_profile *p,
                            okc_time signing_time, okc_time ts_time)
{
	char st[32], tt[32];
	int rc;
	if (signing_time == 0 || ts_time == 0)
		return 1;
	okc_time_format(st, sizeof(st), signing_time);
	okc_time_format(tt, sizeof(tt), ts_time);
	if (signing_time > ts_time + p->clock_skew) {
		rc = okc__signature_add_reason(
			s, OKC_R_LTV_TST_BEFORE_SIGNING_TIME,
			"signing-time %s is after the time-stamp %s (tolerance %lld s)",
			st, tt, (long long)p->clock_skew);
		return rc < 0 ? rc : 0;
	}
	if (p->name != NULL && ts_time - signing_time > p->max_delay + p->clock_skew) {
		rc = okc__signature_add_reason(
			s, OKC_R_LTV_TST_DELAY_EXCEEDED,
			"profile %s: time-stamp %s is %lld s after signing-time %s; "
			"allowed %lld s + %lld s tolerance",
			p->name, tt, (long long)(ts_time - signing_time), st,
			(long long)p->max_delay, (long long)p->clock_skew);
		return rc < 0 ? rc : 0;
	}
	rc = okc__signature_add_reason(
		s, OKC_R_LTV_TST_DELAY_TOLERANCE,
		"time-stamp %lld s after signing-time; rule: at most %lld s after "
		"(%s), clock tolerance %lld s either way",
		(long long)(ts_time - signing_time), (long long)p->max_delay,
		p->name ? p->name : "no Turkish profile: delay not limited",
		(long long)p->clock_skew);
	return rc < 0 ? rc : 1;
}
