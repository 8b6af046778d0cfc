/*
 * revocation.c - revocation status of one certificate at a time of use,
 * from CRLs (RFC 5280 section 5, 6.3) and OCSP BasicResponses (RFC 6960),
 * embedded first, then the operator's cache, then online.
 *
 * "Covers the time of use" (EN 319 102-1 5.2.5 revocation freshness, in the
 * simple form every peer uses): the data was issued at or after the time
 * (thisUpdate >= t: the certificate was still not revoked then), or the
 * time lies before its nextUpdate.  Data issued in the future of the
 * validation clock (beyond a 5 minute skew) is not used.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "ltv/ltv.h"

#define CLOCK_SKEW 300

static void rv_set(okc__rev *rv, okc__rev_state st, okc_reason_id r,
                   const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void rv_set(okc__rev *rv, okc__rev_state st, okc_reason_id r,
                   const char *kind, const char *fmt, ...)
{
	va_list ap;
	rv->state = st;
	rv->reason = r;
	rv->kind = kind;
	va_start(ap, fmt);
	vsnprintf(rv->detail, sizeof(rv->detail), fmt, ap);
	va_end(ap);
}

static void rv_init(okc__rev *rv)
{
	memset(rv, 0, sizeof(*rv));
	rv->state = OKC_REV_NONE;
	rv->reason = OKC_R_LTV_REVOCATION_MISSING;
	rv->crl_reason = -1;
	rv->source = "none";
	rv->kind = "";
}

static int covers(okc_time this_update, okc_time next_update, okc_time use)
{
	return this_update >= use || (next_update != 0 && use <= next_update);
}

/* ---- CRL ---- */

void okc__rev_from_crl(okc__rev *out, X509_CRL *crl, X509 *cert,
                       X509 *issuer, okc_time use_time, okc_time now)
{
	rv_init(out);
	out->kind = "crl";
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0) {
		rv_set(out, OKC_REV_NONE, OKC_R_LTV_REVOCATION_MISSING, "crl",
		       "CRL of another issuer");
		return;
	}
	/* RFC 5280 6.3.3 (b)(2): a CRL partitioned by issuingDistributionPoint
	 * or an indirect/delta CRL needs scope processing we do not make. */
	int crit;
	ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point,
	                                               &crit, NULL);
	int delta = X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0;
	if (idp != NULL || delta) {
		int partial = delta || idp->indirectCRL || idp->onlysomereasons ||
		              idp->onlyattr || idp->onlyCA;
		ISSUING_DIST_POINT_free(idp);
		if (partial) {
			rv_set(out, OKC_REV_NONE, OKC_R_LTV_REVOCATION_MISSING, "crl",
			       "delta, indirect or partitioned CRL not used");
			return;
		}
	}
	EVP_PKEY *key = X509_get0_pubkey(issuer);
	uint32_t ku = X509_get_key_usage(issuer);
	if (key == NULL || X509_CRL_verify(crl, key) != 1 ||
	    X509_NAME_cmp(X509_get_subject_name(issuer), X509_CRL_get_issuer(crl)) != 0) {
		ERR_clear_error();
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_CRL_SIGNATURE_INVALID, "crl",
		       "CRL signature does not verify with the issuer key");
		return;
	}
	if (ku != UINT32_MAX && !(ku & KU_CRL_SIGN)) {
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_CRL_SIGNATURE_INVALID, "crl",
		       "issuer key usage lacks cRLSign");
		return;
	}
	if (okc__ltv_asn1_time(X509_CRL_get0_lastUpdate(crl), &out->this_update) < 0 ||
	    (X509_CRL_get0_nextUpdate(crl) != NULL &&
	     okc__ltv_asn1_time(X509_CRL_get0_nextUpdate(crl), &out->next_update) < 0)) {
		rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED, "crl",
		       "CRL times unreadable");
		return;
	}
	X509_REVOKED *rev = NULL;
	if (X509_CRL_get0_by_serial(crl, &rev, X509_get0_serialNumber(cert)) == 1 &&
	    rev != NULL) {
		int r = -1;
		ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
		if (e != NULL) {
			r = (int)ASN1_ENUMERATED_get(e);
			ASN1_ENUMERATED_free(e);
		}
		okc_time rt = 0;
		if (okc__ltv_asn1_time(X509_REVOKED_get0_revocationDate(rev), &rt) < 0) {
			rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED,
			       "crl", "revocationDate unreadable");
			return;
		}
		/* removeFromCRL (8) only appears in delta CRLs, skipped above;
		 * certificateHold (6) is a revocation while listed. */
		out->revoked_at = rt;
		out->crl_reason = r;
		/* A listing is conclusive whatever the CRL's own period: the
		 * issuer says the certificate was revoked at rt. */
		if (out->this_update > now + CLOCK_SKEW) {
			rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "crl",
			       "CRL thisUpdate is in the future");
			return;
		}
		rv_set(out, OKC_REV_REVOKED, OKC_R_LTV_CERT_REVOKED, "crl",
		       "listed on the CRL (reason %d)", r);
		return;
	}
	if (out->this_update > now + CLOCK_SKEW ||
	    !covers(out->this_update, out->next_update, use_time)) {
		rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "crl",
		       "CRL period does not cover the time of use");
		return;
	}
	rv_set(out, OKC_REV_GOOD, OKC_R_LTV_REVOCATION_OK, "crl",
	       "not on the CRL");
}

/* ---- OCSP ---- */

/* Find the SingleResponse for cert/issuer using the response's own CertID
 * hash algorithm (RFC 6960 4.1.1). */
static OCSP_SINGLERESP *find_single(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer)
{
	int n = OCSP_resp_count(bs);
	for (int i = 0; i < n; i++) {
		OCSP_SINGLERESP *sr = OCSP_resp_get0(bs, i);
		ASN1_OBJECT *alg = NULL;
		ASN1_INTEGER *serial = NULL;
		const OCSP_CERTID *rid = OCSP_SINGLERESP_get0_id(sr);
		if (OCSP_id_get0_info(NULL, &alg, NULL, &serial, (OCSP_CERTID *)rid) != 1)
			continue;
		if (ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(cert)) != 0)
			continue;
		const EVP_MD *md = EVP_get_digestbyobj(alg);
		if (md == NULL)
			continue;
		OCSP_CERTID *id = OCSP_cert_to_id(md, cert, issuer);
		int same = id != NULL && OCSP_id_cmp(id, rid) == 0;
		OCSP_CERTID_free(id);
		if (same)
			return sr;
	}
	return NULL;
}

/*
 * RFC 6960 4.2.2.2: the response is signed by the CA that issued the
 * certificate, or by a responder whose certificate that CA issued with the
 * id-kp-OCSPSigning extended key usage.  (A locally configured responder
 * is not supported.)
 */
static X509 *authorised_responder(OCSP_BASICRESP *bs, X509 *issuer,
                                  STACK_OF(X509) *extra, okc_time at,
                                  char *why, size_t len)
{
	X509 *signer = NULL;
	STACK_OF(X509) *pool = sk_X509_new_null();
	if (pool == NULL)
		return NULL;
	sk_X509_push(pool, issuer);
	for (int i = 0; extra != NULL && i < sk_X509_num(extra); i++)
		sk_X509_push(pool, sk_X509_value(extra, i));
	if (OCSP_resp_get0_signer(bs, &signer, pool) != 1 || signer == NULL) {
		snprintf(why, len, "responder certificate not found");
		signer = NULL;
		goto out;
	}
	if (X509_cmp(signer, issuer) == 0)
		goto out;
	if (X509_check_issued(issuer, signer) != X509_V_OK ||
	    X509_verify(signer, X509_get0_pubkey(issuer)) != 1) {
		snprintf(why, len, "responder certificate not issued by the CA");
		signer = NULL;
		goto out;
	}
	if (!(X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) ||
	    !(X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN)) {
		snprintf(why, len, "delegated responder lacks id-kp-OCSPSigning");
		signer = NULL;
		goto out;
	}
	okc_time nb, na;
	if (okc__ltv_asn1_time(X509_get0_notBefore(signer), &nb) < 0 ||
	    okc__ltv_asn1_time(X509_get0_notAfter(signer), &na) < 0 ||
	    at < nb || at > na) {
		snprintf(why, len, "delegated responder certificate not valid at producedAt");
		signer = NULL;
		goto out;
	}
out:
	ERR_clear_error();
	sk_X509_free(pool);
	return signer;
}

void okc__rev_from_ocsp(okc__rev *out, OCSP_BASICRESP *bs, X509 *cert,
                        X509 *issuer, STACK_OF(X509) *extra,
                        okc_time use_time, okc_time now)
{
	rv_init(out);
	out->kind = "ocsp";
	OCSP_SINGLERESP *sr = find_single(bs, cert, issuer);
	if (sr == NULL) {
		rv_set(out, OKC_REV_NONE, OKC_R_LTV_REVOCATION_MISSING, "ocsp",
		       "OCSP response is about other certificates");
		return;
	}
	okc_time produced = 0;
	if (okc__ltv_asn1_time(OCSP_resp_get0_produced_at(bs), &produced) < 0) {
		rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED, "ocsp",
		       "producedAt unreadable");
		return;
	}
	char why[128];
	X509 *signer = authorised_responder(bs, issuer, extra, produced, why, sizeof(why));
	if (signer == NULL) {
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_OCSP_SIGNATURE_INVALID, "ocsp",
		       "%s", why);
		return;
	}
	/* Signature only: the responder was authorised above.  */
	STACK_OF(X509) *one = sk_X509_new_null();
	X509_STORE *empty = X509_STORE_new();
	int sig_ok = 0;
	if (one != NULL && empty != NULL && sk_X509_push(one, signer))
		sig_ok = OCSP_basic_verify(bs, one, empty,
		                           OCSP_NOVERIFY | OCSP_NOINTERN |
		                           OCSP_NOEXPLICIT) == 1;
	sk_X509_free(one);
	X509_STORE_free(empty);
	ERR_clear_error();
	if (!sig_ok) {
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_OCSP_SIGNATURE_INVALID, "ocsp",
		       "OCSP response signature does not verify");
		return;
	}
	int reason = -1;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
	int st = OCSP_single_get0_status(sr, &reason, &rev, &thisu, &nextu);
	if (okc__ltv_asn1_time(thisu, &out->this_update) < 0 ||
	    (nextu != NULL && okc__ltv_asn1_time(nextu, &out->next_update) < 0)) {
		rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED, "ocsp",
		       "thisUpdate/nextUpdate unreadable");
		return;
	}
	if (out->this_update > now + CLOCK_SKEW) {
		rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "ocsp",
		       "OCSP thisUpdate is in the future");
		return;
	}
	switch (st) {
	case V_OCSP_CERTSTATUS_REVOKED:
		out->crl_reason = reason;
		if (okc__ltv_asn1_time(rev, &out->revoked_at) < 0) {
			rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED,
			       "ocsp", "revocationTime unreadable");
			return;
		}
		rv_set(out, OKC_REV_REVOKED, OKC_R_LTV_CERT_REVOKED, "ocsp",
		       "OCSP says revoked (reason %d)", reason);
		return;
	case V_OCSP_CERTSTATUS_GOOD:
		if (!covers(out->this_update, out->next_update, use_time)) {
			rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "ocsp",
			       "OCSP thisUpdate/nextUpdate do not cover the time of use");
			return;
		}
		rv_set(out, OKC_REV_GOOD, OKC_R_LTV_REVOCATION_OK, "ocsp",
		       "OCSP good");
		return;
	default:
		rv_set(out, OKC_REV_UNKNOWN, OKC_R_LTV_OCSP_STATUS_UNKNOWN, "ocsp",
		       "OCSP status unknown");
		return;
	}
}

/* ---- combining sources ---- */

/* Keep the most informative failure: stale > bad signature > unknown >
 * malformed > none. */
static int fail_rank(okc__rev_state s)
{
	switch (s) {
	case OKC_REV_STALE: return 5;
	case OKC_REV_BAD_SIG: return 4;
	case OKC_REV_UNKNOWN: return 3;
	case OKC_REV_MALFORMED: return 2;
	default: return 1;
	}
}

static int conclusive(const okc__rev *r)
{
	return r->state == OKC_REV_GOOD || r->state == OKC_REV_REVOKED;
}

static void consider(okc__rev *best, const okc__rev *cand, const char *source)
{
	if (conclusive(best))
		return;
	if (conclusive(cand) || fail_rank(cand->state) > fail_rank(best->state)) {
		*best = *cand;
		best->source = source;
	}
}

static void check_set(okc__rev *best, const okc__rev_data *d, X509 *cert,
                      X509 *issuer, okc_time use, okc_time now,
                      const char *source)
{
	okc__rev cand;
	/* OCSP first: P4 requires it for the signer (tr-pki.md section 3). */
	for (size_t i = 0; d->ocsps != NULL && i < d->n_ocsps; i++) {
		okc__rev_from_ocsp(&cand, d->ocsps[i], cert,
		                   issuer, d->certs, use, now);
		consider(best, &cand, source);
		if (conclusive(best))
			return;
	}
	for (int i = 0; d->crls != NULL && i < sk_X509_CRL_num(d->crls); i++) {
		okc__rev_from_crl(&cand, sk_X509_CRL_value(d->crls, i), cert, issuer,
		                  use, now);
		consider(best, &cand, source);
		if (conclusive(best))
			return;
	}
}

int okc__rev_check(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                   const okc__rev_data *embedded, okc_time use_time,
                   unsigned flags)
{
	okc_time now = okc_ctx_validation_time(ctx);
	rv_init(out);
	snprintf(out->detail, sizeof(out->detail), "no CRL or OCSP response found");
	if (embedded != NULL)
		check_set(out, embedded, cert, issuer, use_time, now, "embedded");
	if (conclusive(out))
		return OKC_OK;
	if (!(flags & OKC_REV_NO_CACHE)) {
		okc__rev cand;
		okc__cache_lookup(&cand, ctx, cert, issuer, use_time, now);
		consider(out, &cand, "cache");
		if (conclusive(out))
			return OKC_OK;
	}
	if (!(flags & OKC_REV_NO_ONLINE) && !(flags & OKC_REV_NO_CACHE) &&
	    !okc_ctx_offline(ctx)) {
		int rc = okc__fetch_for_cert(ctx, cert, issuer);
		if (rc == OKC_ENOMEM)
			return rc;
		if (rc == OKC_OK) {
			okc__rev cand;
			okc__cache_lookup(&cand, ctx, cert, issuer, use_time, now);
			consider(out, &cand, "online");
		}
	}
	return OKC_OK;
}

int okc__rev_report(okc_signature *s, const okc__rev *rv, const char *who,
                    int is_ca, okc_time poe, int have_poe)
{
	char rt[32] = "-", pt[32] = "-";
	if (rv->revoked_at)
		okc_time_format(rt, sizeof(rt), rv->revoked_at);
	okc_time_format(pt, sizeof(pt), poe);
	switch (rv->state) {
	case OKC_REV_GOOD:
		return okc__signature_add_reason(s, OKC_R_LTV_REVOCATION_OK,
		                                 "%s: %s (%s, %s) at %s", who,
		                                 rv->detail, rv->kind, rv->source, pt);
	case OKC_REV_REVOKED:
		if (have_poe && poe < rv->revoked_at)
			return okc__signature_add_reason(
				s, OKC_R_LTV_REVOKED_AFTER_POE,
				"%s revoked at %s, after the proof of existence %s (%s, %s)",
				who, rt, pt, rv->kind, rv->source);
		if (have_poe)
			return okc__signature_add_reason(
				s, is_ca ? OKC_R_LTV_CA_REVOKED : OKC_R_LTV_CERT_REVOKED,
				"%s revoked at %s, at or before the time-stamp %s (%s, %s, reason %d)",
				who, rt, pt, rv->kind, rv->source, rv->crl_reason);
		return okc__signature_add_reason(
			s, is_ca ? OKC_R_LTV_CA_REVOKED_NO_POE : OKC_R_LTV_CERT_REVOKED_NO_POE,
			"%s revoked at %s; no time-stamp proves the signature existed "
			"before (%s, %s, reason %d)",
			who, rt, rv->kind, rv->source, rv->crl_reason);
	default:
		return okc__signature_add_reason(s, rv->reason, "%s at %s: %s (%s%s%s)",
		                                 who, pt, rv->detail, rv->source,
		                                 rv->kind[0] ? ", " : "", rv->kind);
	}
}
