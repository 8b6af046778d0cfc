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

#include <limits.h>

#include <openssl/cms.h>
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

/* RFC 5280 6.3.3 (b)(2)(i): one of the names of the issuingDistribution
 * Point is one of the certificate's cRLDistributionPoints full names. */
static int dp_name_matches(const DIST_POINT_NAME *idp_name, X509 *cert)
{
	int hit = 0;
	if (idp_name->type != 0)
		return 0; /* nameRelativeToCRLIssuer: not compared, not used */
	STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points,
	                                             NULL, NULL);
	for (int i = 0; !hit && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (dp->distpoint == NULL || dp->distpoint->type != 0)
			continue;
		GENERAL_NAMES *a = dp->distpoint->name.fullname;
		GENERAL_NAMES *b = idp_name->name.fullname;
		for (int j = 0; !hit && j < sk_GENERAL_NAME_num(a); j++)
			for (int k = 0; !hit && k < sk_GENERAL_NAME_num(b); k++)
				hit = GENERAL_NAME_cmp(sk_GENERAL_NAME_value(a, j),
				                       sk_GENERAL_NAME_value(b, k)) == 0;
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return hit;
}

/*
 * Is `crl` a complete CRL whose scope covers `cert`?  RFC 5280 5.2.5
 * (issuingDistributionPoint) and 6.3.3 (b)(2): an indirect CRL (indirectCRL,
 * or entries naming another issuer with certificateIssuer, 5.3.3) is
 * refused rather than risk attributing its entries to the wrong issuer; a
 * CRL only for end-entity certificates is not used for a CA certificate and
 * the reverse; attribute-certificate and onlySomeReasons CRLs are not
 * complete for a public-key certificate; a distribution point name must be
 * one of the certificate's.  0 when usable, else `out` says why.
 */
static int crl_scope(okc__rev *out, X509_CRL *crl, X509 *cert)
{
	int crit = -1;
	const char *why = NULL;
	okc_reason_id r = OKC_R_LTV_CRL_SCOPE_MISMATCH;
	ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point,
	                                               &crit, NULL);
	if (idp == NULL && crit != -1) {
		why = "issuingDistributionPoint unreadable";
		r = OKC_R_LTV_REVOCATION_MALFORMED;
	} else if (idp != NULL) {
		int is_ca = X509_check_ca(cert) != 0;
		if (idp->indirectCRL) {
			why = "indirect CRL (issuingDistributionPoint indirectCRL): not used";
			r = OKC_R_LTV_CRL_INDIRECT;
		} else if (idp->onlyattr) {
			why = "CRL only for attribute certificates";
		} else if (idp->onlyuser && is_ca) {
			why = "CRL only for end-entity certificates, the certificate is a CA";
		} else if (idp->onlyCA && !is_ca) {
			why = "CRL only for CA certificates, the certificate is no CA";
		} else if (idp->onlysomereasons != NULL) {
			why = "CRL only for some revocation reasons (onlySomeReasons)";
		} else if (idp->distpoint != NULL && !dp_name_matches(idp->distpoint, cert)) {
			why = "CRL distribution point is not one of the certificate's";
		}
	}
	ISSUING_DIST_POINT_free(idp);
	STACK_OF(X509_REVOKED) *revs = X509_CRL_get_REVOKED(crl);
	for (int i = 0; why == NULL && i < sk_X509_REVOKED_num(revs); i++)
		if (X509_REVOKED_get_ext_by_NID(sk_X509_REVOKED_value(revs, i),
		                                NID_certificate_issuer, -1) >= 0) {
			why = "CRL entries name other issuers (certificateIssuer): "
			      "indirect CRL not used";
			r = OKC_R_LTV_CRL_INDIRECT;
		}
	ERR_clear_error();
	if (why == NULL)
		return 0;
	rv_set(out, r == OKC_R_LTV_REVOCATION_MALFORMED ? OKC_REV_MALFORMED : OKC_REV_NONE,
	       r, "crl", "%s", why);
	return -1;
}

/* Issued by `issuer` (name, signature, cRLSign), times readable; the
 * CRL's thisUpdate/nextUpdate go to `out`.  0 when authentic. */
static int crl_authentic(okc__rev *out, X509_CRL *crl, X509 *issuer)
{
	EVP_PKEY *key = X509_get0_pubkey(issuer);
	uint32_t ku = X509_get_key_usage(issuer);
	if (key == NULL || X509_CRL_verify(crl, key) != 1 ||
	    X509_NAME_cmp(X509_get_subject_name(issuer), X509_CRL_get_issuer(crl)) != 0) {
		ERR_clear_error();
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_CRL_SIGNATURE_INVALID, "crl",
		       "CRL signature does not verify with the issuer key");
		return -1;
	}
	if (ku != UINT32_MAX && !(ku & KU_CRL_SIGN)) {
		rv_set(out, OKC_REV_BAD_SIG, OKC_R_LTV_CRL_SIGNATURE_INVALID, "crl",
		       "issuer key usage lacks cRLSign");
		return -1;
	}
	out->next_update = 0;
	if (okc__ltv_asn1_time(X509_CRL_get0_lastUpdate(crl), &out->this_update) < 0 ||
	    (X509_CRL_get0_nextUpdate(crl) != NULL &&
	     okc__ltv_asn1_time(X509_CRL_get0_nextUpdate(crl), &out->next_update) < 0)) {
		rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED, "crl",
		       "CRL times unreadable");
		return -1;
	}
	return 0;
}

/* The entry of `cert` on `crl`: 1 listed (time, reason), 2 removeFromCRL
 * (delta CRLs only, RFC 5280 5.3.1), 0 not listed, -1 malformed. */
static int crl_entry(X509_CRL *crl, X509 *cert, okc_time *at, int *reason)
{
	X509_REVOKED *rev = NULL;
	int hit = X509_CRL_get0_by_serial(crl, &rev, X509_get0_serialNumber(cert));
	*reason = -1;
	if (hit == 0 || rev == NULL)
		return 0;
	ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	if (e != NULL) {
		*reason = (int)ASN1_ENUMERATED_get(e);
		ASN1_ENUMERATED_free(e);
	}
	ERR_clear_error();
	if (*reason == 8)
		return 2;
	return okc__ltv_asn1_time(X509_REVOKED_get0_revocationDate(rev), at) < 0 ? -1 : 1;
}

/* The status from the entry found (or not) and the period of the CRL (or
 * of the base + delta pair) that `out` holds. */
static void crl_status(okc__rev *out, int listed, okc_time rt, int reason,
                       okc_time use_time, okc_time now, const char *what)
{
	if (out->this_update > now + CLOCK_SKEW) {
		rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "crl",
		       "%s thisUpdate is in the future", what);
		return;
	}
	if (listed) {
		/* A listing is conclusive whatever the CRL's own period: the
		 * issuer says the certificate was revoked at rt;
		 * certificateHold (6) counts as revoked while listed. */
		out->revoked_at = rt;
		out->crl_reason = reason;
		rv_set(out, OKC_REV_REVOKED, OKC_R_LTV_CERT_REVOKED, "crl",
		       "listed on the %s (reason %d)", what, reason);
		return;
	}
	if (!covers(out->this_update, out->next_update, use_time)) {
		rv_set(out, OKC_REV_STALE, OKC_R_LTV_REVOCATION_STALE, "crl",
		       "%s period does not cover the time of use", what);
		return;
	}
	rv_set(out, OKC_REV_GOOD, OKC_R_LTV_REVOCATION_OK, "crl", "not on the %s", what);
}

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
	/* RFC 5280 5.2.4: a delta CRL is never a complete CRL; it is applied
	 * to its base by okc__rev_apply_delta. */
	if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0) {
		rv_set(out, OKC_REV_NONE, OKC_R_LTV_CRL_DELTA_WITHOUT_BASE, "crl",
		       "delta CRL without a matching complete CRL");
		return;
	}
	if (crl_scope(out, crl, cert) < 0 || crl_authentic(out, crl, issuer) < 0)
		return;
	okc_time rt = 0;
	int reason = -1;
	int e = crl_entry(crl, cert, &rt, &reason);
	if (e < 0) {
		rv_set(out, OKC_REV_MALFORMED, OKC_R_LTV_REVOCATION_MALFORMED, "crl",
		       "revocationDate unreadable");
		return;
	}
	/* removeFromCRL belongs in delta CRLs only: on a complete CRL the
	 * entry is not a revocation */
	crl_status(out, e == 1, rt, reason, use_time, now, "CRL");
}

static int crl_number(X509_CRL *crl, int nid, ASN1_INTEGER **out)
{
	*out = X509_CRL_get_ext_d2i(crl, nid, NULL, NULL);
	ERR_clear_error();
	return *out != NULL;
}

/*
 * Apply a delta CRL (RFC 5280 5.2.4, 5.2.6 freshestCRL) to the result `out`
 * of its base, the complete CRL numbered `bnum` (okc__rev_from_crl or the
 * cache: authentic, in scope).  The delta
 * matches when it is authentic, of the same issuer and scope, its
 * BaseCRLNumber is at most the base's cRLNumber and its own cRLNumber is
 * greater.  Entries on the delta add revocations; removeFromCRL removes
 * the base's entry; the pair's period is the delta's.  1 when applied.
 */
int okc__rev_apply_delta(okc__rev *out, const ASN1_INTEGER *bnum, X509_CRL *delta,
                         X509 *cert, X509 *issuer, okc_time use_time, okc_time now)
{
	ASN1_INTEGER *dbase = NULL, *dnum = NULL;
	okc__rev d;
	int applied = 0;
	if (bnum == NULL || (out->state != OKC_REV_GOOD && out->state != OKC_REV_REVOKED &&
	                     out->state != OKC_REV_STALE))
		return 0;
	if (X509_NAME_cmp(X509_CRL_get_issuer(delta), X509_get_issuer_name(cert)) != 0 ||
	    !crl_number(delta, NID_delta_crl, &dbase) ||
	    !crl_number(delta, NID_crl_number, &dnum) ||
	    ASN1_INTEGER_cmp(dbase, bnum) > 0 || ASN1_INTEGER_cmp(dnum, bnum) <= 0)
		goto out;
	rv_init(&d);
	if (crl_scope(&d, delta, cert) < 0 || crl_authentic(&d, delta, issuer) < 0)
		goto out;
	okc_time rt = out->revoked_at;
	int reason = out->crl_reason;
	int listed = out->state == OKC_REV_REVOKED;
	okc_time drt = 0;
	int dreason = -1;
	int e = crl_entry(delta, cert, &drt, &dreason);
	if (e < 0)
		goto out;
	if (e == 1) {
		listed = 1;
		rt = drt;
		reason = dreason;
	} else if (e == 2) {
		listed = 0; /* removeFromCRL: e.g. a certificateHold released */
	}
	rv_init(out);
	out->this_update = d.this_update;
	out->next_update = d.next_update;
	crl_status(out, listed, rt, reason, use_time, now, "CRL with its delta CRL");
	applied = 1;
out:
	ASN1_INTEGER_free(dbase);
	ASN1_INTEGER_free(dnum);
	return applied;
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
 * malformed > a CRL refused for its scope > none. */
static int fail_rank(const okc__rev *r)
{
	switch (r->state) {
	case OKC_REV_STALE: return 6;
	case OKC_REV_BAD_SIG: return 5;
	case OKC_REV_UNKNOWN: return 4;
	case OKC_REV_MALFORMED: return 3;
	default: return r->reason != OKC_R_LTV_REVOCATION_MISSING ? 2 : 1;
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
	if (conclusive(cand) || fail_rank(cand) > fail_rank(best)) {
		*best = *cand;
		best->source = source;
	}
}

/* Among several conclusive answers of one source: a revocation beats "not
 * revoked" (an authentic listing is final, RFC 5280 5.3.1: certificateHold
 * aside, which we treat as revoked while listed), the earliest revocation
 * time wins, and otherwise the newest answer (latest thisUpdate), OCSP
 * before CRL at equal time (P4 asks for OCSP, tr-pki.md section 3). */
static int better(const okc__rev *cand, const okc__rev *best)
{
	if (!conclusive(best))
		return 1;
	if (cand->state != best->state)
		return cand->state == OKC_REV_REVOKED;
	if (cand->state == OKC_REV_REVOKED)
		return cand->revoked_at < best->revoked_at;
	return cand->this_update > best->this_update;
}

static void check_set(okc__rev *best, const okc__rev_data *d, X509 *cert,
                      X509 *issuer, okc_time use, okc_time now,
                      const char *source)
{
	okc__rev cand;
	for (size_t i = 0; d->ocsps != NULL && i < d->n_ocsps; i++) {
		okc__rev_from_ocsp(&cand, d->ocsps[i], cert,
		                   issuer, d->certs, use, now);
		if (conclusive(&cand) && better(&cand, best)) {
			*best = cand;
			best->source = source;
		} else {
			consider(best, &cand, source);
		}
	}
	for (int i = 0; d->crls != NULL && i < sk_X509_CRL_num(d->crls); i++) {
		X509_CRL *crl = sk_X509_CRL_value(d->crls, i);
		okc__rev_from_crl(&cand, crl, cert, issuer, use, now);
		/* the newest delta CRL that matches this base, if any */
		okc__rev pair = cand;
		int have_delta = 0;
		ASN1_INTEGER *bnum = NULL;
		crl_number(crl, NID_crl_number, &bnum);
		for (int j = 0; bnum != NULL && j < sk_X509_CRL_num(d->crls); j++) {
			okc__rev p = cand;
			if (j != i && okc__rev_apply_delta(&p, bnum, sk_X509_CRL_value(d->crls, j),
			                                   cert, issuer, use, now) &&
			    (!have_delta || p.this_update > pair.this_update)) {
				pair = p;
				have_delta = 1;
			}
		}
		ASN1_INTEGER_free(bnum);
		cand = pair;
		if (conclusive(&cand) && better(&cand, best)) {
			*best = cand;
			best->source = source;
		} else {
			consider(best, &cand, source);
		}
	}
}

int okc__rev_check(okc__rev *out, okc_ctx *ctx, X509 *cert, X509 *issuer,
                   const okc__rev_data *embedded, okc_time use_time,
                   unsigned flags)
{
	okc_time now = okc_ctx_validation_time(ctx);
	int ocsp_only = (flags & OKC_REV_OCSP_ONLY) != 0;
	rv_init(out);
	snprintf(out->detail, sizeof(out->detail), "no %s found",
	         ocsp_only ? "OCSP response" : "CRL or OCSP response");
	if (embedded != NULL) {
		okc__rev_data d = *embedded;
		if (ocsp_only)
			d.crls = NULL;
		check_set(out, &d, cert, issuer, use_time, now, "embedded");
	}
	if (conclusive(out))
		return OKC_OK;
	if (!(flags & OKC_REV_NO_CACHE)) {
		okc__rev cand;
		if (ocsp_only)
			okc__cache_lookup_ocsp(&cand, ctx, cert, issuer, use_time, now);
		else
			okc__cache_lookup(&cand, ctx, cert, issuer, use_time, now);
		consider(out, &cand, "cache");
		if (conclusive(out))
			return OKC_OK;
	}
	if (!(flags & OKC_REV_NO_ONLINE) && !(flags & OKC_REV_NO_CACHE) &&
	    !okc_ctx_offline(ctx)) {
		char skipped[sizeof(out->skipped)];
		int rc = okc__fetch_for_cert(ctx, cert, issuer, ocsp_only, skipped,
		                             sizeof(skipped));
		if (rc == OKC_ENOMEM)
			return rc;
		if (rc == OKC_OK) {
			okc__rev cand;
			if (ocsp_only)
				okc__cache_lookup_ocsp(&cand, ctx, cert, issuer, use_time, now);
			else
				okc__cache_lookup(&cand, ctx, cert, issuer, use_time, now);
			consider(out, &cand, "online");
		}
		/* after consider(): the answer chosen may be a copy */
		memcpy(out->skipped, skipped, sizeof(skipped));
	}
	return OKC_OK;
}

int okc__rev_report(okc_signature *s, const okc__rev *rv, const char *who,
                    int is_ca, okc_time poe, int have_poe)
{
	char rt[32] = "-", pt[32] = "-";
	if (rv->skipped[0]) {
		int r = okc__signature_add_reason(s, OKC_R_LTV_DP_SKIPPED,
			"%s: not fetched (no LDAP client, no TLS client): %s", who,
			rv->skipped);
		if (r < 0)
			return r;
	}
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

/* ---- the TSA certificate of a time-stamp token ---- */

/* The CRLs and certificates a token carries itself (RFC 5652 5.1
 * SignedData.crls / certificates of the TimeStampToken). */
static int token_values(const unsigned char *tok, size_t len,
                        STACK_OF(X509_CRL) **crls, STACK_OF(X509) **certs)
{
	const unsigned char *p = tok;
	CMS_ContentInfo *cms = len <= LONG_MAX ? d2i_CMS_ContentInfo(NULL, &p, (long)len)
	                                       : NULL;
	*crls = NULL;
	*certs = NULL;
	if (cms != NULL) {
		*crls = CMS_get1_crls(cms);
		*certs = CMS_get1_certs(cms);
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	if (*crls == NULL)
		*crls = sk_X509_CRL_new_null();
	if (*certs == NULL)
		*certs = sk_X509_new_null();
	return *crls != NULL && *certs != NULL ? OKC_OK : OKC_ENOMEM;
}

/* The TSA's path at `when` (leaf first, anchor last), or NULL. */
static STACK_OF(X509) *tsa_path(okc_ctx *ctx, X509 *tsa, X509_STORE *store,
                                STACK_OF(X509) *pool, okc_time when)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	STACK_OF(X509) *chain = NULL;
	if (sc != NULL && store != NULL &&
	    X509_STORE_CTX_init(sc, store, tsa, pool) == 1) {
		X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(sc);
		X509_VERIFY_PARAM_set_time(vp, (time_t)when);
		X509_VERIFY_PARAM_set_depth(vp, (int)okc_ctx_limits(ctx)->max_chain_depth);
		X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
		if (X509_verify_cert(sc) == 1)
			chain = X509_STORE_CTX_get1_chain(sc);
	}
	ERR_clear_error();
	X509_STORE_CTX_free(sc);
	return chain;
}

static int push_all_certs(STACK_OF(X509) *dst, STACK_OF(X509) *src)
{
	for (int i = 0; src != NULL && i < sk_X509_num(src); i++) {
		if (!sk_X509_push(dst, sk_X509_value(src, i)))
			return OKC_ENOMEM;
		X509_up_ref(sk_X509_value(src, i));
	}
	return OKC_OK;
}

int okc__tst_check_tsa_revocation(okc__tst *t, okc_ctx *ctx, const unsigned char *tok,
                                  size_t toklen, X509_STORE *store,
                                  const okc__rev_data *embedded, okc_time vt,
                                  okc_time later_poe)
{
	STACK_OF(X509_CRL) *crls = NULL;
	STACK_OF(X509) *certs = NULL, *chain = NULL;
	char note[200] = "";
	int rc;
	if (t->status != OKC_TST_OK || t->tsa_cert == NULL)
		return OKC_OK;
	OKC_GUARD(token_values(tok, toklen, &crls, &certs));
	/* the signature's values (SignedData, certificate-values,
	 * revocation-values) and the token's own */
	if (embedded != NULL) {
		for (int i = 0; embedded->crls != NULL && i < sk_X509_CRL_num(embedded->crls); i++) {
			X509_CRL *c = sk_X509_CRL_value(embedded->crls, i);
			OKC_ENSURE(ctx, sk_X509_CRL_push(crls, c), OKC_ENOMEM, "out of memory");
			X509_CRL_up_ref(c);
		}
		OKC_GUARD(push_all_certs(certs, embedded->certs));
	}
	/* EN 319 102-1 5.4 (time-stamp validation) runs the basic validation
	 * of 5.3 on the token: the TSA path and its revocation status at the
	 * current (validation) time.  With a proof of existence of the token
	 * from a later time-stamp, 5.6.2.1 (past certificate validation)
	 * judges it at that PoE instead: a revocation after it does not
	 * invalidate the token. */
	okc_time use = later_poe ? later_poe : vt;
	chain = tsa_path(ctx, t->tsa_cert, store, certs, vt);
	if (chain == NULL) {
		/* okc__tst_verify validated the path; a store that cannot
		 * rebuild it now is a verdict, not an error */
		t->status = OKC_TST_TSA_REVOCATION_UNKNOWN;
		t->reason = OKC_R_LTV_TSA_REVOCATION_MISSING;
		snprintf(t->detail, sizeof(t->detail), "%.140s: TSA path not rebuilt for "
		         "the revocation check", t->tsa_subject);
		rc = OKC_OK;
		goto out;
	}
	okc__rev_data d = { crls, embedded ? embedded->ocsps : NULL,
	                    embedded ? embedded->n_ocsps : 0, certs };
	int n = sk_X509_num(chain);
	for (int i = 0; i + 1 < n; i++) {
		X509 *cert = sk_X509_value(chain, i);
		okc__rev rv;
		char cn[96] = "";
		X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
		                          cn, sizeof(cn));
		OKC_GUARD(okc__rev_check(&rv, ctx, cert, sk_X509_value(chain, i + 1), &d,
		                         use, 0));
		if (rv.state == OKC_REV_GOOD)
			continue;
		if (rv.state == OKC_REV_REVOKED && later_poe && later_poe < rv.revoked_at) {
			char rt[32], pt[32];
			okc_time_format(rt, sizeof(rt), rv.revoked_at);
			okc_time_format(pt, sizeof(pt), later_poe);
			snprintf(note, sizeof(note), "; %.40s revoked at %.24s, after the "
			         "later time-stamp %.24s", cn, rt, pt);
			continue;
		}
		if (rv.state == OKC_REV_REVOKED) {
			char rt[32];
			okc_time_format(rt, sizeof(rt), rv.revoked_at);
			t->status = OKC_TST_TSA_REVOKED;
			t->reason = i == 0 ? OKC_R_LTV_TSA_REVOKED : OKC_R_LTV_TSA_CA_REVOKED;
			snprintf(t->detail, sizeof(t->detail),
			         "%s %.80s revoked at %s (reason %d, %s, %s); no later "
			         "time-stamp proves the token existed before",
			         i == 0 ? "TSA" : "TSA's CA", cn, rt, rv.crl_reason,
			         rv.kind, rv.source);
		} else {
			t->status = OKC_TST_TSA_REVOCATION_UNKNOWN;
			t->reason = OKC_R_LTV_TSA_REVOCATION_MISSING;
			snprintf(t->detail, sizeof(t->detail), "%s %.80s: %.100s (%s%s%s)",
			         i == 0 ? "TSA" : "TSA's CA", cn, rv.detail, rv.source,
			         rv.kind[0] ? ", " : "", rv.kind);
		}
		rc = OKC_OK;
		goto out;
	}
	size_t l = strlen(t->detail);
	if (note[0])
		snprintf(t->detail + l, sizeof(t->detail) - l, "%s", note);
	else
		snprintf(t->detail + l, sizeof(t->detail) - l, "; TSA path not revoked");
	rc = OKC_OK;
out:
	sk_X509_pop_free(chain, X509_free);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	return rc;
}
