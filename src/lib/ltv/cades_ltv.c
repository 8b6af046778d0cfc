/*
 * cades_ltv.c - the long-term part of CAdES validation (ETSI EN 319 122-1,
 * ETSI TS 101 733, EN 319 102-1 5.5/5.6): signature time-stamps as proof
 * of existence, the Turkish profile time rules, revocation of the signer's
 * path at that time, refs against values, archive time-stamps.
 *
 * The CAdES engine calls okc__ltv_cades_hook once per signer after its own
 * checks (integrity, ESS, path at the validation time, policy, level).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/ts.h>

#include "ltv/ltv.h"
#include "ltv/ltv_cades.h"

#define OID_CONTENT_TIMESTAMP "1.2.840.113549.1.9.16.2.20"
#define OID_ATS_HASH_INDEX    "0.4.0.1733.2.5"

/* ---- raw collections ---- */

typedef struct rawlist {
	okc_der_tlv *v;
	size_t n, cap;
} rawlist;

static int raw_add(rawlist *l, const okc_der_tlv *t)
{
	if (okc__grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
		return OKC_ENOMEM;
	l->v[l->n++] = *t;
	return OKC_OK;
}

/* Every element of a constructed TLV into `l`. */
static int raw_children(const okc_der_tlv *t, rawlist *l)
{
	okc_der d = okc__der_enter(t);
	okc_der_tlv c;
	int rc;
	while ((rc = okc__der_next(&d, &c)) == OKC_OK)
		if (raw_add(l, &c) < 0)
			return OKC_ENOMEM;
	return rc == OKC_ENOTFOUND ? OKC_OK : rc;
}

/* The parts of SignedData an archive time-stamp hashes (RFC 5652 5.1). */
typedef struct sd_parts {
	okc_der_tlv eci;           /* encapContentInfo */
	okc_der_tlv certs, crls;   /* [0] / [1] when present (tag 0 = absent) */
} sd_parts;

static int walk_signed_data(const unsigned char *der, size_t len, sd_parts *p)
{
	okc_der_tlv ci, oid, expl, sd, t;
	memset(p, 0, sizeof(*p));
	if (der == NULL || okc__der_single(der, len, &ci) < 0)
		return OKC_EFORMAT; /* BER (indefinite lengths) is not hashed */
	okc_der c = okc__der_enter(&ci);
	if (okc__der_expect(&c, OKC_DER_OID, &oid) < 0 ||
	    okc__der_expect(&c, 0xa0, &expl) < 0)
		return OKC_EFORMAT;
	okc_der e = okc__der_enter(&expl);
	if (okc__der_expect(&e, OKC_DER_SEQUENCE, &sd) < 0)
		return OKC_EFORMAT;
	okc_der s = okc__der_enter(&sd);
	if (okc__der_expect(&s, OKC_DER_INTEGER, &t) < 0 ||
	    okc__der_expect(&s, OKC_DER_SET, &t) < 0 ||
	    okc__der_expect(&s, OKC_DER_SEQUENCE, &p->eci) < 0)
		return OKC_EFORMAT;
	while (okc__der_next(&s, &t) == OKC_OK) {
		if (t.tag == 0xa0)
			p->certs = t;
		else if (t.tag == 0xa1)
			p->crls = t;
		else
			break;
	}
	return OKC_OK;
}

/* ---- hashing helpers ---- */

/* The imprint hash algorithm and genTime of a token (not verified). */
static const EVP_MD *tst_peek(const okc_der_tlv *tok, okc_time *gen)
{
	const unsigned char *p = tok->tlv;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)tok->tlv_len);
	const EVP_MD *md = NULL;
	if (cms != NULL) {
		ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
		if (pos != NULL && *pos != NULL) {
			const unsigned char *q = (*pos)->data;
			TS_TST_INFO *ti = d2i_TS_TST_INFO(NULL, &q, (*pos)->length);
			if (ti != NULL) {
				X509_ALGOR *a = TS_MSG_IMPRINT_get_algo(
					TS_TST_INFO_get_msg_imprint(ti));
				md = EVP_get_digestbyobj(a->algorithm);
				if (gen != NULL &&
				    okc__ltv_asn1_time(TS_TST_INFO_get_time(ti), gen) < 0)
					md = NULL;
				TS_TST_INFO_free(ti);
			}
		}
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return md;
}

/* Does an OtherHash (OCTET STRING = SHA-1, or OtherHashAlgAndValue) match
 * the hash of `data`?  -1 when the OtherHash is unreadable. */
static int other_hash_matches(const okc_der_tlv *oh, const unsigned char *data,
                              size_t len)
{
	const EVP_MD *md = NULL;
	okc_der_tlv val;
	if (oh->tag == OKC_DER_OCTETS) {
		md = EVP_sha1();
		val = *oh;
	} else if (oh->tag == OKC_DER_SEQUENCE) {
		okc_der d = okc__der_enter(oh);
		okc_der_tlv alg, oid;
		if (okc__der_expect(&d, OKC_DER_SEQUENCE, &alg) < 0 ||
		    okc__der_expect(&d, OKC_DER_OCTETS, &val) < 0)
			return -1;
		okc_der a = okc__der_enter(&alg);
		if (okc__der_expect(&a, OKC_DER_OID, &oid) < 0)
			return -1;
		const unsigned char *p = oid.tlv;
		ASN1_OBJECT *o = d2i_ASN1_OBJECT(NULL, &p, (long)oid.tlv_len);
		md = o ? EVP_get_digestbyobj(o) : NULL;
		ASN1_OBJECT_free(o);
	} else {
		return -1;
	}
	if (md == NULL)
		return -1;
	unsigned char dig[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	if (EVP_Digest(data, len, dig, &dl, md, NULL) != 1)
		return -1;
	return dl == val.val_len && memcmp(dig, val.val, dl) == 0;
}

static int any_matches(const okc_der_tlv *oh, const rawlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		int m = other_hash_matches(oh, l->v[i].tlv, l->v[i].tlv_len);
		if (m != 0)
			return m;
	}
	return 0;
}

/* ---- the per-signer state ---- */

typedef struct ltv_state {
	okc__cades_signer *s;
	X509_STORE *store;
	okc_time vt;                 /* validation time */
	okc_time poe;                /* best proof of existence */
	int have_poe;
	int complete;
	rawlist certs_raw;           /* certificate-values + SignedData certs */
	rawlist crls_raw;            /* revocation-values CRLs + SignedData crls */
	rawlist ocsp_raw;            /* revocation-values BasicOCSPResponses */
	STACK_OF(X509_CRL) *crls;    /* parsed, owned */
	OCSP_BASICRESP **ocsps;
	size_t n_ocsps;
	STACK_OF(X509) *certs;       /* SignedData certs + certificate-values */
	int quiet;                   /* proof-of-existence pass: no reasons */
	int have_archive_poe;        /* archive_poe() computed */
	okc_time archive_poe;        /* earliest valid archive time-stamp, 0 */
} ltv_state;

/* A reason about the values, not added again by the proof-of-existence pass
 * (the hook reports it). */
#define VALUES_REASON(st, ...) \
	((st)->quiet ? OKC_OK : okc__signature_add_reason((st)->s->sig, __VA_ARGS__))

static void state_free(ltv_state *st)
{
	free(st->certs_raw.v);
	free(st->crls_raw.v);
	free(st->ocsp_raw.v);
	sk_X509_CRL_pop_free(st->crls, X509_CRL_free);
	for (size_t i = 0; i < st->n_ocsps; i++)
		OCSP_BASICRESP_free(st->ocsps[i]);
	free(st->ocsps);
	sk_X509_pop_free(st->certs, X509_free);
}

static const okc__cades_attr *uattr(const okc__cades_signer *s, const char *oid)
{
	return okc__cades_find_attr(s->uattrs, s->n_uattrs, oid);
}

/* certificate-values (SEQUENCE OF Certificate) and revocation-values
 * (EN 319 122-1 / TS 101 733 explicit module: crlVals [0] SEQUENCE OF
 * CertificateList, ocspVals [1] SEQUENCE OF BasicOCSPResponse); the
 * implicit form some producers emit is accepted too. */
static int collect_values(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	int rc = OKC_OK;
	st->crls = sk_X509_CRL_new_null();
	st->certs = sk_X509_new_null();
	if (st->crls == NULL || st->certs == NULL)
		return OKC_ENOMEM;
	for (int i = 0; s->certs != NULL && i < sk_X509_num(s->certs); i++) {
		X509 *x = sk_X509_value(s->certs, i);
		if (!sk_X509_push(st->certs, x))
			return OKC_ENOMEM;
		X509_up_ref(x);
	}
	for (int i = 0; s->crls != NULL && i < sk_X509_CRL_num(s->crls); i++) {
		X509_CRL *c = sk_X509_CRL_value(s->crls, i);
		if (!sk_X509_CRL_push(st->crls, c))
			return OKC_ENOMEM;
		X509_CRL_up_ref(c);
	}
	const okc__cades_attr *cv = uattr(s, OKC_OID_CERT_VALUES);
	if (cv != NULL) {
		if (cv->first.tag != OKC_DER_SEQUENCE ||
		    raw_children(&cv->first, &st->certs_raw) < 0)
			return VALUES_REASON(st, OKC_R_LTV_REVOCATION_MALFORMED,
			                                 "certificate-values unreadable");
		for (size_t i = 0; i < st->certs_raw.n; i++) {
			const unsigned char *p = st->certs_raw.v[i].tlv;
			X509 *x = d2i_X509(NULL, &p, (long)st->certs_raw.v[i].tlv_len);
			if (x == NULL || !sk_X509_push(st->certs, x)) {
				X509_free(x);
				ERR_clear_error();
				return VALUES_REASON(st,
					OKC_R_LTV_REVOCATION_MALFORMED,
					"certificate-values: element %zu is no certificate", i);
			}
		}
	}
	const okc__cades_attr *rv = uattr(s, OKC_OID_REV_VALUES);
	if (rv != NULL) {
		okc_der d = okc__der_enter(&rv->first);
		okc_der_tlv part;
		while (rv->first.tag == OKC_DER_SEQUENCE &&
		       (rc = okc__der_next(&d, &part)) == OKC_OK) {
			if (part.tag != 0xa0 && part.tag != 0xa1)
				continue; /* otherRevVals: not used */
			rawlist *dst = part.tag == 0xa0 ? &st->crls_raw : &st->ocsp_raw;
			rawlist kids = { 0 };
			if (raw_children(&part, &kids) < 0) {
				free(kids.v);
				return VALUES_REASON(st,
					OKC_R_LTV_REVOCATION_MALFORMED, "revocation-values unreadable");
			}
			/* explicit: one SEQUENCE OF wrapping the values; implicit:
			 * the values themselves (a CertificateList or a
			 * BasicOCSPResponse has a BIT STRING as third element) */
			int explicit_form = 0;
			if (kids.n == 1) {
				rawlist g = { 0 };
				if (raw_children(&kids.v[0], &g) == OKC_OK && g.n >= 3 &&
				    g.v[2].tag != 0x03)
					explicit_form = 1;
				if (g.n >= 1 && g.n < 3)
					explicit_form = 1;
				free(g.v);
			}
			if (explicit_form)
				rc = raw_children(&kids.v[0], dst);
			else
				for (size_t i = 0; rc == OKC_OK && i < kids.n; i++)
					rc = raw_add(dst, &kids.v[i]);
			free(kids.v);
			if (rc < 0)
				return rc;
		}
		for (size_t i = 0; i < st->crls_raw.n; i++) {
			const unsigned char *p = st->crls_raw.v[i].tlv;
			X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)st->crls_raw.v[i].tlv_len);
			if (c == NULL || !sk_X509_CRL_push(st->crls, c)) {
				X509_CRL_free(c);
				ERR_clear_error();
				OKC_GUARD(VALUES_REASON(st,
					OKC_R_LTV_REVOCATION_MALFORMED,
					"revocation-values: CRL %zu unreadable", i));
			}
		}
		if (st->ocsp_raw.n > 0) {
			st->ocsps = calloc(st->ocsp_raw.n, sizeof(*st->ocsps));
			if (st->ocsps == NULL)
				return OKC_ENOMEM;
		}
		for (size_t i = 0; i < st->ocsp_raw.n; i++) {
			const unsigned char *p = st->ocsp_raw.v[i].tlv;
			OCSP_BASICRESP *b = d2i_OCSP_BASICRESP(NULL, &p,
			                                       (long)st->ocsp_raw.v[i].tlv_len);
			ERR_clear_error();
			if (b == NULL)
				OKC_GUARD(VALUES_REASON(st,
					OKC_R_LTV_REVOCATION_MALFORMED,
					"revocation-values: OCSP response %zu unreadable", i));
			else
				st->ocsps[st->n_ocsps++] = b;
		}
	}
	rc = OKC_OK;
out:
	return rc;
}

/* ---- signature time-stamps ---- */

static int tsa_revocation(ltv_state *st, okc__tst *t, const okc_der_tlv *tok);

static int check_signature_timestamps(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	const okc__cades_attr *a = uattr(s, OKC_OID_SIG_TIMESTAMP);
	int rc = OKC_OK, any_ok = 0;
	if (a == NULL) {
		if (s->level >= OKC_CADES_T)
			st->complete = 0;
		return OKC_OK;
	}
	okc_der d = okc__der_enter(&a->values);
	okc_der_tlv tok;
	/* EN 319 122-1 5.3: the imprint is over the signature field's value
	 * octets of the SignerInfo. */
	while (okc__der_next(&d, &tok) == OKC_OK) {
		okc__tst t;
		OKC_GUARD(okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len,
		                          s->si.sig_value.val, s->si.sig_value.val_len,
		                          st->store, st->certs, st->vt));
		rc = tsa_revocation(st, &t, &tok);
		if (rc == OKC_OK)
			rc = okc__tst_report(s->sig, &t, "signature time-stamp");
		if (t.status == OKC_TST_OK && (!st->have_poe || t.gen_time < st->poe)) {
			st->poe = t.gen_time;
			st->have_poe = 1;
			any_ok = 1;
		}
		okc__tst_clear(&t);
		OKC_GUARD(rc);
	}
	if (!any_ok) {
		st->complete = 0;
		return OKC_OK;
	}
	okc__signature_set_times(s->sig, s->signing_time, st->poe);
	char prof[4] = "";
	if (s->profile >= 2 && s->profile <= 4)
		snprintf(prof, sizeof(prof), "P%d", s->profile);
	okc__ltv_profile p = okc__ltv_profile_for(prof[0] ? prof : NULL);
	int r = okc__ltv_check_ts_delay(s->sig, &p, s->signing_time, st->poe);
	OKC_GUARD(r);
out:
	return rc;
}

/* ---- revocation of the path ---- */

static json_t *tjson(okc_time t)
{
	char b[32];
	if (t == 0)
		return json_null();
	okc_time_format(b, sizeof(b), t);
	return json_string(b);
}

/*
 * Profile P4 (tr-pki.md section 3, the profile guide's P4 policy): "OCSP
 * required for the NES; CRL or OCSP for CA certs".  A CRL proved the
 * signer's status: look for an OCSP answer anywhere (embedded, cache,
 * online).  Without one the signature does not meet its own policy: for a
 * P4 signature that carries its validation data (CAdES-X-L and later) a
 * validation constraint fails, INDETERMINATE/SIG_CONSTRAINTS_FAILURE (EN
 * 319 102-1 5.2.8; not TOTAL_FAILED: the status itself is proven good and
 * an OCSP response can still be added); for an EPES/T still being built
 * (as cades/policy.c treats it, its XL data is yet to come) a note.
 */
static int p4_ocsp_rule(ltv_state *st, X509 *cert, X509 *issuer,
                        const okc__rev_data *emb, okc_time use, const okc__rev *crl)
{
	okc__cades_signer *s = st->s;
	okc__rev ro;
	int rc;
	OKC_GUARD(okc__rev_check(&ro, s->ctx, cert, issuer, emb, use, OKC_REV_OCSP_ONLY));
	if (ro.state == OKC_REV_GOOD)
		return OKC_OK;
	if (s->level >= OKC_CADES_XL)
		rc = okc__signature_add_reason(s->sig, OKC_R_LTV_P4_OCSP_REQUIRED,
			"signer status from a CRL (%s) only; OCSP: %s", crl->source,
			ro.detail);
	else
		rc = okc__signature_add_reason_sev(s->sig, OKC_R_LTV_P4_OCSP_REQUIRED,
			OKC_SEV_INFO, "signer status from a CRL (%s) only; OCSP: %s "
			"(a P4 signature below CAdES-X-L, still being built: noted)",
			crl->source, ro.detail);
out:
	return rc;
}

static int check_revocation(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	int rc = OKC_OK;
	json_t *arr = json_array();
	if (arr == NULL)
		return OKC_ENOMEM;
	if (s->chain == NULL || !s->chain_ok || sk_X509_num(s->chain) < 1) {
		/* the engine already said why the path failed; revocation of an
		 * unknown path cannot be judged */
		st->complete = 0;
		json_decref(arr);
		return OKC_OK;
	}
	okc_time use = st->have_poe ? st->poe : st->vt;
	okc__ltv_profile prof = okc__ltv_profile_for(
		s->profile == 2 ? "P2" : s->profile == 3 ? "P3" : s->profile == 4 ? "P4" : NULL);
	okc__rev_data emb = { st->crls, st->ocsps, st->n_ocsps, st->certs };
	int n = sk_X509_num(s->chain);
	/* The anchor (last) is trusted as such; every other certificate is
	 * checked against its issuer, the signer first. */
	for (int i = 0; i + 1 < n; i++) {
		X509 *cert = sk_X509_value(s->chain, i);
		X509 *issuer = sk_X509_value(s->chain, i + 1);
		okc__rev rv;
		char who[300], cn[256] = "";
		X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName,
		                          cn, sizeof(cn));
		snprintf(who, sizeof(who), "%s %s", i == 0 ? "signer" : "CA", cn);
		OKC_GUARD(okc__rev_check(&rv, s->ctx, cert, issuer, &emb, use, 0));
		OKC_GUARD(okc__rev_report(s->sig, &rv, who, i > 0, use, st->have_poe));
		if (rv.state != OKC_REV_GOOD && rv.state != OKC_REV_REVOKED)
			st->complete = 0;
		if (i == 0 && s->profile == 4 && rv.state == OKC_REV_GOOD &&
		    strcmp(rv.kind, "ocsp") != 0)
			OKC_GUARD(p4_ocsp_rule(st, cert, issuer, &emb, use, &rv));
		if (i == 0 && prof.grace > 0 && st->have_poe &&
		    (rv.state == OKC_REV_GOOD || rv.state == OKC_REV_REVOKED)) {
			/* P2/P3: revocation status becomes final 24 h after the
			 * time-stamp (kesinleşme süresi). */
			OKC_GUARD(okc__signature_add_reason(s->sig, OKC_R_LTV_GRACE_PERIOD,
				"%s: %lld s grace period after the time-stamp", prof.name,
				(long long)prof.grace));
			if (rv.this_update < st->poe + prof.grace)
				OKC_GUARD(okc__signature_add_reason(s->sig,
					OKC_R_LTV_GRACE_NOT_ELAPSED,
					"revocation data issued %lld s after the time-stamp",
					(long long)(rv.this_update - st->poe)));
		}
		static const char *names[] = { "good", "revoked", "unknown", "missing",
		                               "stale", "bad-signature", "malformed" };
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}",
			"certificate", cn, "status", names[rv.state], "source", rv.source,
			"kind", rv.kind, "this_update", tjson(rv.this_update),
			"next_update", tjson(rv.next_update),
			"revoked_at", tjson(rv.revoked_at));
		OKC_ENSURE(s->ctx, o != NULL && json_array_append_new(arr, o) == 0,
		           OKC_ENOMEM, "out of memory");
	}
	json_t *sec = json_pack("{s:o, s:o, s:b}", "time_of_use", tjson(use),
	                        "checks", arr, "proof_of_existence", st->have_poe);
	arr = NULL;
	OKC_ENSURE(s->ctx, sec != NULL, OKC_ENOMEM, "out of memory");
	OKC_GUARD(okc__signature_set_section(s->sig, "revocation", sec));
out:
	json_decref(arr);
	return rc;
}

/* ---- refs against values (TS 101 733 6.2.1 / 6.2.2, EN 319 122-1) ---- */

static int check_refs(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	const okc__cades_attr *cr = uattr(s, OKC_OID_CERT_REFS);
	const okc__cades_attr *rr = uattr(s, OKC_OID_REV_REFS);
	int rc = OKC_OK;
	rawlist allcerts = { 0 }, allcrls = { 0 };
	unsigned char **enc = NULL;
	int nenc = 0;
	if (cr == NULL && rr == NULL)
		return OKC_OK;
	/* candidates: certificate-values plus SignedData.certificates (as
	 * received: OpenSSL keeps the original encoding), likewise CRLs */
	for (size_t i = 0; i < st->certs_raw.n; i++)
		OKC_GUARD(raw_add(&allcerts, &st->certs_raw.v[i]));
	for (size_t i = 0; i < st->crls_raw.n; i++)
		OKC_GUARD(raw_add(&allcrls, &st->crls_raw.v[i]));
	int total = (s->certs ? sk_X509_num(s->certs) : 0) +
	            (s->crls ? sk_X509_CRL_num(s->crls) : 0);
	enc = calloc((size_t)total + 1, sizeof(*enc));
	OKC_ENSURE(s->ctx, enc != NULL, OKC_ENOMEM, "out of memory");
	for (int i = 0; s->certs != NULL && i < sk_X509_num(s->certs); i++) {
		int l = i2d_X509(sk_X509_value(s->certs, i), &enc[nenc]);
		OKC_ENSURE(s->ctx, l > 0, OKC_ENOMEM, "out of memory");
		okc_der_tlv t = { 0x30, enc[nenc], (size_t)l, enc[nenc], (size_t)l };
		nenc++;
		OKC_GUARD(raw_add(&allcerts, &t));
	}
	for (int i = 0; s->crls != NULL && i < sk_X509_CRL_num(s->crls); i++) {
		int l = i2d_X509_CRL(sk_X509_CRL_value(s->crls, i), &enc[nenc]);
		OKC_ENSURE(s->ctx, l > 0, OKC_ENOMEM, "out of memory");
		okc_der_tlv t = { 0x30, enc[nenc], (size_t)l, enc[nenc], (size_t)l };
		nenc++;
		OKC_GUARD(raw_add(&allcrls, &t));
	}
	if (cr != NULL) {
		rawlist refs = { 0 };
		int bad = cr->first.tag != OKC_DER_SEQUENCE ||
		          raw_children(&cr->first, &refs) < 0;
		for (size_t i = 0; !bad && i < refs.n; i++) {
			okc_der d = okc__der_enter(&refs.v[i]);
			okc_der_tlv oh;
			if (refs.v[i].tag != OKC_DER_SEQUENCE || okc__der_next(&d, &oh) < 0 ||
			    any_matches(&oh, &allcerts) != 1) {
				OKC_GUARD(okc__signature_add_reason(s->sig,
					OKC_R_LTV_REFS_VALUES_MISMATCH,
					"complete-certificate-refs entry %zu has no matching "
					"certificate value", i));
				bad = 2;
			}
		}
		if (bad == 1)
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_LTV_REFS_VALUES_MISMATCH,
				"complete-certificate-refs unreadable"));
		free(refs.v);
	}
	if (rr != NULL) {
		rawlist refs = { 0 };
		int bad = rr->first.tag != OKC_DER_SEQUENCE ||
		          raw_children(&rr->first, &refs) < 0;
		for (size_t i = 0; !bad && i < refs.n; i++) {
			/* CrlOcspRef ::= SEQUENCE { crlids [0] CRLListID,
			 *   ocspids [1] OcspListID, otherRev [2] } (explicit) */
			okc_der d = okc__der_enter(&refs.v[i]);
			okc_der_tlv part;
			while (!bad && okc__der_next(&d, &part) == OKC_OK) {
				if (part.tag != 0xa0 && part.tag != 0xa1)
					continue;
				okc_der pd = okc__der_enter(&part);
				okc_der_tlv listid, seqof, id;
				if (okc__der_expect(&pd, OKC_DER_SEQUENCE, &listid) < 0) {
					bad = 1;
					break;
				}
				okc_der ld = okc__der_enter(&listid);
				if (okc__der_expect(&ld, OKC_DER_SEQUENCE, &seqof) < 0) {
					bad = 1;
					break;
				}
				okc_der sd = okc__der_enter(&seqof);
				while (!bad && okc__der_next(&sd, &id) == OKC_OK) {
					okc_der idd = okc__der_enter(&id);
					okc_der_tlv first, hash;
					if (okc__der_next(&idd, &first) < 0) {
						bad = 1;
						break;
					}
					int m;
					if (part.tag == 0xa0) {
						/* CrlValidatedID: crlHash first */
						m = any_matches(&first, &allcrls);
					} else {
						/* OcspResponsesID: ocspIdentifier, then the
						 * optional ocspRepHash over the
						 * BasicOCSPResponse */
						if (okc__der_next(&idd, &hash) < 0)
							continue; /* no hash: nothing to match */
						m = any_matches(&hash, &st->ocsp_raw);
					}
					if (m != 1) {
						OKC_GUARD(okc__signature_add_reason(s->sig,
							OKC_R_LTV_REFS_VALUES_MISMATCH,
							"complete-revocation-refs entry %zu: %s reference "
							"without a matching value", i,
							part.tag == 0xa0 ? "CRL" : "OCSP"));
						bad = 2;
					}
				}
			}
		}
		if (bad == 1)
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_LTV_REFS_VALUES_MISMATCH,
				"complete-revocation-refs unreadable"));
		free(refs.v);
	}
out:
	for (int i = 0; i < nenc; i++)
		OPENSSL_free(enc[i]);
	free(enc);
	free(allcerts.v);
	free(allcrls.v);
	return rc;
}

/* ---- archive time-stamps ---- */

/* The ats-hash-index unsigned attribute of a token's (only) SignerInfo. */
static int ats_hash_index(const okc_der_tlv *tok, okc_der_tlv *out)
{
	okc_der_tlv oid, expl, sd, t, sis, si;
	okc_der c = okc__der_enter(tok);
	if (tok->tag != OKC_DER_SEQUENCE || okc__der_expect(&c, OKC_DER_OID, &oid) < 0 ||
	    okc__der_expect(&c, 0xa0, &expl) < 0)
		return OKC_EFORMAT;
	okc_der e = okc__der_enter(&expl);
	if (okc__der_expect(&e, OKC_DER_SEQUENCE, &sd) < 0)
		return OKC_EFORMAT;
	okc_der s = okc__der_enter(&sd);
	int rc;
	sis.tag = 0;
	while ((rc = okc__der_next(&s, &t)) == OKC_OK)
		if (t.tag == OKC_DER_SET)
			sis = t; /* the last SET is signerInfos */
	if (sis.tag != OKC_DER_SET)
		return OKC_EFORMAT;
	okc_der sd2 = okc__der_enter(&sis);
	if (okc__der_expect(&sd2, OKC_DER_SEQUENCE, &si) < 0)
		return OKC_EFORMAT;
	okc_der f = okc__der_enter(&si);
	while (okc__der_next(&f, &t) == OKC_OK) {
		if (t.tag != 0xa1)
			continue;
		okc_der ua = okc__der_enter(&t);
		okc_der_tlv attr;
		while (okc__der_next(&ua, &attr) == OKC_OK) {
			okc_der ad = okc__der_enter(&attr);
			okc_der_tlv aoid, vals, v;
			char txt[64];
			if (okc__der_expect(&ad, OKC_DER_OID, &aoid) < 0 ||
			    okc__der_expect(&ad, OKC_DER_SET, &vals) < 0 ||
			    !okc__cades_oid_text(&aoid, txt, sizeof(txt)))
				return OKC_EFORMAT;
			if (strcmp(txt, OID_ATS_HASH_INDEX) != 0)
				continue;
			okc_der vd = okc__der_enter(&vals);
			if (okc__der_next(&vd, &v) < 0)
				return OKC_EFORMAT;
			*out = v;
			return OKC_OK;
		}
	}
	return OKC_ENOTFOUND;
}

static int hash_in(const EVP_MD *md, const okc_der_tlv *el, const okc_der_tlv *octets)
{
	unsigned char dig[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	if (EVP_Digest(el->tlv, el->tlv_len, dig, &dl, md, NULL) != 1)
		return 0;
	return octets->val_len == dl && memcmp(octets->val, dig, dl) == 0;
}

static int is_ats(const okc__cades_attr *a)
{
	return strcmp(a->oid, OKC_OID_ARCHIVE_TS_V3) == 0 ||
	       strcmp(a->oid, OKC_OID_ARCHIVE_TS_V2) == 0 ||
	       strcmp(a->oid, OKC_OID_ARCHIVE_TS) == 0;
}

/* The unsigned attributes that existed when the archive time-stamp at
 * index `pos` was added.  Unsigned attributes may be re-sorted as a DER SET
 * after each addition, so position says nothing; instead: every attribute
 * but this one, except archive time-stamps that are not older than it. */
static int preceding(const okc__cades_signer *s, size_t pos, const okc_der_tlv *tok,
                     rawlist *out)
{
	okc_time me = 0;
	if (tst_peek(tok, &me) == NULL)
		return OKC_EFORMAT;
	for (size_t j = 0; j < s->n_uattrs; j++) {
		if (j == pos)
			continue;
		if (is_ats(&s->uattrs[j])) {
			okc_time other = 0;
			okc_der vd = okc__der_enter(&s->uattrs[j].values);
			okc_der_tlv ot;
			if (okc__der_next(&vd, &ot) < 0 || tst_peek(&ot, &other) == NULL ||
			    other >= me)
				continue;
		}
		if (raw_add(out, &s->uattrs[j].tlv) < 0)
			return OKC_ENOMEM;
	}
	return OKC_OK;
}

static int tlv_cmp(const void *a, const void *b)
{
	return okc__der_cmp(a, b);
}

/* ATSHashIndex ::= SEQUENCE { hashIndAlgorithm AlgorithmIdentifier DEFAULT
 * sha256, certificatesHashIndex SEQUENCE OF OCTET STRING, crlsHashIndex
 * SEQUENCE OF OCTET STRING, unsignedAttrsHashIndex SEQUENCE OF OCTET
 * STRING }.  Every index entry must name an element present; every unsigned
 * attribute before the time-stamp must be indexed (it existed then). */
static int check_hash_index(ltv_state *st, const okc_der_tlv *idx, const sd_parts *sd,
                            size_t ats_pos, const okc_der_tlv *tok, char *why,
                            size_t wlen)
{
	okc__cades_signer *s = st->s;
	okc_der d = okc__der_enter(idx);
	okc_der_tlv t, parts[3];
	const EVP_MD *md = EVP_sha256();
	int np = 0;
	if (idx->tag != OKC_DER_SEQUENCE)
		return 0;
	while (okc__der_next(&d, &t) == OKC_OK) {
		if (np == 0 && t.tag == OKC_DER_SEQUENCE) {
			okc_der a = okc__der_enter(&t);
			okc_der_tlv o;
			if (okc__der_next(&a, &o) == OKC_OK && o.tag == OKC_DER_OID) {
				const unsigned char *p = o.tlv;
				ASN1_OBJECT *obj = d2i_ASN1_OBJECT(NULL, &p, (long)o.tlv_len);
				md = obj ? EVP_get_digestbyobj(obj) : NULL;
				ASN1_OBJECT_free(obj);
				if (md == NULL) {
					snprintf(why, wlen, "unknown hashIndAlgorithm");
					return 0;
				}
				continue;
			}
		}
		if (np == 3) {
			snprintf(why, wlen, "trailing elements");
			return 0;
		}
		parts[np++] = t;
	}
	if (np != 3) {
		snprintf(why, wlen, "three hash lists expected");
		return 0;
	}
	rawlist els[3] = { { 0 }, { 0 }, { 0 } };
	int ok = 1;
	if (sd->certs.tag)
		raw_children(&sd->certs, &els[0]);
	if (sd->crls.tag)
		raw_children(&sd->crls, &els[1]);
	if (preceding(s, ats_pos, tok, &els[2]) < 0) {
		snprintf(why, wlen, "archive time-stamp unreadable");
		ok = 0;
	}
	static const char *what[] = { "certificate", "CRL", "unsigned attribute" };
	for (int k = 0; k < 3 && ok; k++) {
		okc_der ld = okc__der_enter(&parts[k]);
		okc_der_tlv h;
		size_t count = 0;
		while (ok && okc__der_next(&ld, &h) == OKC_OK) {
			int found = 0;
			count++;
			for (size_t j = 0; h.tag == OKC_DER_OCTETS && j < els[k].n && !found; j++)
				found = hash_in(md, &els[k].v[j], &h);
			if (!found) {
				snprintf(why, wlen, "%s hash %zu matches no element", what[k], count);
				ok = 0;
			}
		}
		if (ok && k == 2 && count != els[2].n) {
			snprintf(why, wlen, "%zu unsigned attributes precede the time-stamp, "
			         "%zu indexed", els[2].n, count);
			ok = 0;
		}
	}
	for (int k = 0; k < 3; k++)
		free(els[k].v);
	return ok;
}

/* The bytes an archive time-stamp at unsigned attribute index `pos` covers. */
static int ats_input(ltv_state *st, const okc__cades_attr *a, size_t pos,
                     const okc_der_tlv *tok, const sd_parts *sd, int v3, int variant,
                     unsigned char **out, size_t *outlen, char *why, size_t wlen)
{
	okc__cades_signer *s = st->s;
	BIO *mem = BIO_new(BIO_s_mem());
	int rc = OKC_OK;
	(void)a;
	*out = NULL;
	if (mem == NULL)
		return OKC_ENOMEM;
	/* fields of the SignerInfo: version, sid, digestAlgorithm,
	 * signedAttrs, signatureAlgorithm, signature (EN 319 122-1 5.5.3 b) */
	okc_der d = okc__der_enter(&s->si.tlv);
	okc_der_tlv f[8];
	int nf = 0;
	while (nf < 8 && okc__der_next(&d, &f[nf]) == OKC_OK)
		if (f[nf].tag != 0xa1)
			nf++;
	if (v3) {
		const EVP_MD *md = tst_peek(tok, NULL);
		okc_der_tlv idx, ect;
		if (md == NULL) {
			snprintf(why, wlen, "archive time-stamp unreadable");
			goto fail;
		}
		int ir = ats_hash_index(tok, &idx);
		if (ir < 0) {
			snprintf(why, wlen, "no ats-hash-index in the archive time-stamp v3");
			rc = 2;
			goto done;
		}
		if (!check_hash_index(st, &idx, sd, pos, tok, why, wlen)) {
			rc = 2;
			goto done;
		}
		/* a) eContentType, b) hash of the signed content */
		okc_der e = okc__der_enter(&sd->eci);
		if (okc__der_expect(&e, OKC_DER_OID, &ect) < 0 || !s->have_content) {
			snprintf(why, wlen, "signed content not available");
			goto fail;
		}
		unsigned char dig[EVP_MAX_MD_SIZE];
		unsigned dl = 0;
		if (EVP_Digest(s->content, s->content_len, dig, &dl, md, NULL) != 1)
			goto fail;
		BIO_write(mem, ect.tlv, (int)ect.tlv_len);
		BIO_write(mem, dig, (int)dl);
		for (int i = 0; i < nf; i++)
			BIO_write(mem, f[i].tlv, (int)f[i].tlv_len);
		BIO_write(mem, idx.tlv, (int)idx.tlv_len);
	} else {
		/* v2 (TS 101 733 v1.8.3 6.4.1): encapContentInfo, certificates,
		 * crls, the SignerInfo fields, and the unsigned attributes
		 * present before this time-stamp */
		BIO_write(mem, sd->eci.tlv, (int)sd->eci.tlv_len);
		if (sd->certs.tag)
			BIO_write(mem, sd->certs.tlv, (int)sd->certs.tlv_len);
		if (sd->crls.tag)
			BIO_write(mem, sd->crls.tlv, (int)sd->crls.tlv_len);
		for (int i = 0; i < nf; i++)
			BIO_write(mem, f[i].tlv, (int)f[i].tlv_len);
		/* the unsignedAttrs field as it was: [1] IMPLICIT SET OF the
		 * attributes present then, DER-sorted (X.690 11.6); variant 1
		 * concatenates them without the field header instead */
		rawlist pre = { 0 };
		if (preceding(s, pos, tok, &pre) < 0) {
			free(pre.v);
			snprintf(why, wlen, "archive time-stamp unreadable");
			goto fail;
		}
		if (pre.n > 0) {
			size_t total = 0;
			qsort(pre.v, pre.n, sizeof(*pre.v), tlv_cmp);
			for (size_t i = 0; i < pre.n; i++)
				total += pre.v[i].tlv_len;
			if (variant == 0) {
				unsigned char hdr[6];
				size_t hl = 0;
				hdr[hl++] = 0xa1;
				if (total < 0x80) {
					hdr[hl++] = (unsigned char)total;
				} else {
					size_t nb = 0;
					for (size_t t = total; t; t >>= 8)
						nb++;
					hdr[hl++] = (unsigned char)(0x80 | nb);
					for (size_t b = nb; b > 0; b--)
						hdr[hl++] = (unsigned char)(total >> (8 * (b - 1)));
				}
				BIO_write(mem, hdr, (int)hl);
			}
			for (size_t i = 0; i < pre.n; i++)
				BIO_write(mem, pre.v[i].tlv, (int)pre.v[i].tlv_len);
		}
		free(pre.v);
	}
	char *p = NULL;
	long n = BIO_get_mem_data(mem, &p);
	*out = malloc(n > 0 ? (size_t)n : 1);
	if (*out == NULL) {
		rc = OKC_ENOMEM;
		goto done;
	}
	memcpy(*out, p, (size_t)n);
	*outlen = (size_t)n;
	rc = OKC_OK;
	goto done;
fail:
	rc = 1;
done:
	BIO_free(mem);
	return rc;
}

static int check_archive_timestamps(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	sd_parts sd;
	int rc = OKC_OK, have_sd = -1;
	okc_time last = st->have_poe ? st->poe : 0;
	/* unsigned attributes are in the order they were added: the chain of
	 * archive time-stamps is validated oldest to newest (EN 319 102-1
	 * 5.6.2.4): each covers everything before it. */
	for (size_t i = 0; i < s->n_uattrs; i++) {
		const okc__cades_attr *a = &s->uattrs[i];
		int v3 = strcmp(a->oid, OKC_OID_ARCHIVE_TS_V3) == 0;
		int v2 = strcmp(a->oid, OKC_OID_ARCHIVE_TS_V2) == 0;
		if (strcmp(a->oid, OKC_OID_ARCHIVE_TS) == 0 ||
		    strcmp(a->oid, OKC_OID_ESC_TIMESTAMP) == 0 ||
		    strcmp(a->oid, OKC_OID_CERT_CRL_TS) == 0) {
			/* ATS v1 and CAdES-X time-stamps: not verified */
			OKC_GUARD(okc__signature_add_reason(s->sig, OKC_R_LTV_TS_UNSUPPORTED,
				"time-stamp attribute %s", a->oid));
			st->complete = 0;
			continue;
		}
		if (!v2 && !v3)
			continue;
		if (have_sd < 0)
			have_sd = walk_signed_data(s->cms_der, s->cms_len, &sd) == OKC_OK;
		if (!have_sd) {
			OKC_GUARD(okc__signature_add_reason(s->sig, OKC_R_LTV_ATS_INVALID,
				"SignedData is not DER: archive time-stamp input undefined"));
			st->complete = 0;
			continue;
		}
		okc_der vd = okc__der_enter(&a->values);
		okc_der_tlv tok;
		while (okc__der_next(&vd, &tok) == OKC_OK) {
			unsigned char *in = NULL;
			size_t inlen = 0;
			char why[200] = "";
			int r = ats_input(st, a, i, &tok, &sd, v3, 0, &in, &inlen, why, sizeof(why));
			if (r < 0)
				return r;
			if (r == 2) {
				OKC_GUARD(okc__signature_add_reason(s->sig,
					OKC_R_LTV_ATS_HASH_INDEX_INVALID, "%s", why));
				st->complete = 0;
				continue;
			}
			if (r == 1) {
				OKC_GUARD(okc__signature_add_reason(s->sig, OKC_R_LTV_ATS_INVALID,
					"%s", why));
				st->complete = 0;
				continue;
			}
			okc__tst t;
			r = okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len, in, inlen,
			                    st->store, st->certs, st->vt);
			free(in);
			OKC_GUARD(r);
			if (v2 && t.status == OKC_TST_IMPRINT_MISMATCH) {
				/* the other reading of "the unsignedAttrs field" */
				okc__tst_clear(&t);
				r = ats_input(st, a, i, &tok, &sd, 0, 1, &in, &inlen, why,
				              sizeof(why));
				if (r < 0)
					return r;
				r = r == 0 ? okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len,
				                             in, inlen, st->store, st->certs,
				                             st->vt) : OKC_OK;
				free(in);
				OKC_GUARD(r);
			}
			if (t.status == OKC_TST_IMPRINT_MISMATCH) {
				t.reason = OKC_R_LTV_ATS_INVALID;
			}
			rc = okc__tst_report(s->sig, &t, v3 ? "archive time-stamp v3" :
			                                      "archive time-stamp v2");
			if (t.status != OKC_TST_OK) {
				st->complete = 0;
			} else if (t.gen_time < last) {
				OKC_GUARD(okc__signature_add_reason(s->sig, OKC_R_LTV_ATS_ORDER,
					"archive time-stamp older than what it covers"));
			} else {
				last = t.gen_time;
			}
			okc__tst_clear(&t);
			OKC_GUARD(rc);
		}
	}
out:
	return rc;
}

/* ---- revocation of the TSA of a signature time-stamp ---- */

/* The earliest genTime of an archive time-stamp (v2, v3) of the signer that
 * verifies completely, its own TSA path not revoked at the validation time:
 * a proof of existence of everything it covers, the signature time-stamps
 * included (EN 319 102-1 5.6.2.3 POE extraction).  0 without one. */
static int archive_poe(ltv_state *st, okc_time *out)
{
	okc__cades_signer *s = st->s;
	sd_parts sd;
	int rc = OKC_OK;
	if (st->have_archive_poe) {
		*out = st->archive_poe;
		return OKC_OK;
	}
	st->have_archive_poe = 1;
	st->archive_poe = 0;
	*out = 0;
	if (walk_signed_data(s->cms_der, s->cms_len, &sd) != OKC_OK)
		return OKC_OK;
	okc__rev_data emb = { st->crls, st->ocsps, st->n_ocsps, st->certs };
	for (size_t i = 0; i < s->n_uattrs; i++) {
		const okc__cades_attr *a = &s->uattrs[i];
		int v3 = strcmp(a->oid, OKC_OID_ARCHIVE_TS_V3) == 0;
		if (!v3 && strcmp(a->oid, OKC_OID_ARCHIVE_TS_V2) != 0)
			continue;
		okc_der vd = okc__der_enter(&a->values);
		okc_der_tlv tok;
		while (okc__der_next(&vd, &tok) == OKC_OK) {
			okc__tst t = { .status = OKC_TST_MALFORMED };
			/* variant 1: the other reading of v2's unsignedAttrs */
			for (int variant = 0; variant < (v3 ? 1 : 2); variant++) {
				unsigned char *in = NULL;
				size_t inlen = 0;
				char why[200];
				okc__tst_clear(&t);
				int r = ats_input(st, a, i, &tok, &sd, v3, variant, &in, &inlen,
				                  why, sizeof(why));
				if (r < 0)
					return r;
				r = r == 0 ? okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len, in,
				                             inlen, st->store, st->certs, st->vt)
				           : OKC_OK;
				free(in);
				OKC_GUARD(r);
				if (t.status == OKC_TST_OK)
					break;
			}
			rc = okc__tst_check_tsa_revocation(&t, s->ctx, tok.tlv, tok.tlv_len,
			                                   st->store, &emb, st->vt, 0);
			if (rc == OKC_OK && t.status == OKC_TST_OK &&
			    (st->archive_poe == 0 || t.gen_time < st->archive_poe))
				st->archive_poe = t.gen_time;
			okc__tst_clear(&t);
			OKC_GUARD(rc);
		}
	}
	*out = st->archive_poe;
out:
	return rc;
}

/* Revocation of the TSA path of a signature time-stamp that verified: at the
 * validation time, and when that fails, once more at the proof of existence
 * an archive time-stamp gives the token (EN 319 102-1 5.6.2.1). */
static int tsa_revocation(ltv_state *st, okc__tst *t, const okc_der_tlv *tok)
{
	okc__cades_signer *s = st->s;
	okc__rev_data emb = { st->crls, st->ocsps, st->n_ocsps, st->certs };
	okc__tst_status st0 = t->status;
	okc_reason_id r0 = t->reason;
	char d0[sizeof(t->detail)];
	okc_time later = 0;
	int rc;
	memcpy(d0, t->detail, sizeof(d0));
	OKC_GUARD(okc__tst_check_tsa_revocation(t, s->ctx, tok->tlv, tok->tlv_len,
	                                        st->store, &emb, st->vt, 0));
	if (st0 != OKC_TST_OK || t->status == OKC_TST_OK)
		return OKC_OK;
	OKC_GUARD(archive_poe(st, &later));
	if (later == 0 || later < t->gen_time)
		return OKC_OK;
	okc__tst_status st1 = t->status;
	okc_reason_id r1 = t->reason;
	char d1[sizeof(t->detail)];
	memcpy(d1, t->detail, sizeof(d1));
	t->status = st0;
	t->reason = r0;
	memcpy(t->detail, d0, sizeof(d0));
	OKC_GUARD(okc__tst_check_tsa_revocation(t, s->ctx, tok->tlv, tok->tlv_len,
	                                        st->store, &emb, st->vt, later));
	if (t->status != OKC_TST_OK) {
		/* the first finding (at the validation time) says more */
		t->status = st1;
		t->reason = r1;
		memcpy(t->detail, d1, sizeof(d1));
	}
	rc = OKC_OK;
out:
	return rc;
}

int okc__ltv_signature_poe(okc__cades_signer *s, okc_time *poe)
{
	ltv_state st;
	int rc;
	*poe = 0;
	const okc__cades_attr *a = uattr(s, OKC_OID_SIG_TIMESTAMP);
	if (a == NULL)
		return OKC_OK;
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.quiet = 1;
	st.vt = okc_report_validation_time(s->report);
	OKC_GUARD(okc__cades_trust_store(s->ctx, &st.store));
	OKC_GUARD(collect_values(&st));
	okc_der d = okc__der_enter(&a->values);
	okc_der_tlv tok;
	while (okc__der_next(&d, &tok) == OKC_OK) {
		okc__tst t;
		OKC_GUARD(okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len,
		                          s->si.sig_value.val, s->si.sig_value.val_len,
		                          st.store, st.certs, st.vt));
		rc = tsa_revocation(&st, &t, &tok);
		if (rc == OKC_OK && t.status == OKC_TST_OK && (*poe == 0 || t.gen_time < *poe))
			*poe = t.gen_time;
		okc__tst_clear(&t);
		OKC_GUARD(rc);
	}
	rc = OKC_OK;
out:
	state_free(&st);
	return rc;
}

int okc__ltv_poe_hook(okc__cades_signer *s)
{
	/* a time-stamp over a signature value that does not verify proves
	 * nothing about this signer */
	if (!s->crypto_valid) {
		s->poe_time = 0;
		return OKC_OK;
	}
	return okc__ltv_signature_poe(s, &s->poe_time);
}

int okc__ltv_cades_hook(okc__cades_signer *s)
{
	ltv_state st;
	int rc;
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.complete = 1;
	st.vt = okc_report_validation_time(s->report);
	OKC_GUARD(okc__cades_trust_store(s->ctx, &st.store));
	OKC_GUARD(collect_values(&st));
	OKC_GUARD(check_signature_timestamps(&st));
	OKC_GUARD(check_revocation(&st));
	OKC_GUARD(check_refs(&st));
	OKC_GUARD(check_archive_timestamps(&st));
	/* content-time-stamp (signed attribute): its imprint is over the
	 * content; verified when the content is at hand. */
	const okc__cades_attr *ct = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                 OID_CONTENT_TIMESTAMP);
	if (ct != NULL) {
		okc_der d = okc__der_enter(&ct->values);
		okc_der_tlv tok;
		while (okc__der_next(&d, &tok) == OKC_OK) {
			if (!s->have_content) {
				st.complete = 0;
				break;
			}
			okc__tst t;
			OKC_GUARD(okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len, s->content,
			                          s->content_len, st.store, st.certs, st.vt));
			rc = okc__tst_report(s->sig, &t, "content time-stamp");
			if (t.status != OKC_TST_OK)
				st.complete = 0;
			else if (st.have_poe && t.gen_time > st.poe)
				/* EN 319 102-1 5.6.2.4: the content was stamped
				 * before it was signed */
				rc = okc__signature_add_reason(s->sig,
					OKC_R_LTV_CONTENT_TST_ORDER,
					"content time-stamp after the signature time-stamp");
			okc__tst_clear(&t);
			OKC_GUARD(rc);
		}
	}
	rc = st.complete ? 1 : 0;
out:
	state_free(&st);
	return rc;
}
