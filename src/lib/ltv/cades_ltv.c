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
	json_t *ts_json;             /* the "timestamps" section */
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
	json_decref(st->ts_json);
}

static int ts_note(ltv_state *st, const char *kind, const okc__tst *t,
                   const char *hash_index);

static const okc__cades_attr *uattr(const okc__cades_signer *s, const char *oid)
{
	return okc__cades_find_attr(s->uattrs, s->n_uattrs, oid);
}

/* ---- shared by the PoE hook and the ltv hook of one signer ---- */

/*
 * Both hooks need the signer's certificate pool (SignedData certificates
 * and certificate-values) and its verified signature time-stamps.  Each is
 * computed once per signer, with the same inputs for both hooks, and kept
 * in s->ltv: parsing a certificate costs more than verifying its signature
 * with OpenSSL 3's key decoders, and a token's verification is a CMS parse,
 * a signature and a path (issue #9 profile: 40 % of an X-L validation was
 * the same work done twice).
 */
enum { CV_OK = 0, CV_UNREADABLE, CV_BAD_ELEMENT };

typedef struct memo_tst {
	const unsigned char *tok;   /* the token's DER (borrowed) */
	size_t tok_len;
	okc_time chain_time;
	okc__tst t;                 /* owns its tsa_cert reference */
	/* tsa_revocation()'s outcome: the same token, values, trust store and
	 * validation time in both hooks give the same answer, and it costs a
	 * CRL/OCSP signature and a key decode per TSA path certificate. */
	int rev_done;
	okc__tst_status rev_status;
	okc_reason_id rev_reason;
	char rev_detail[sizeof(((okc__tst *)0)->detail)];
} memo_tst;

typedef struct ltv_memo {
	STACK_OF(X509) *pool;       /* SignedData certs + certificate-values */
	rawlist certs_raw;          /* certificate-values elements */
	int cv_state;               /* CV_* */
	size_t cv_bad;              /* element that is no certificate */
	memo_tst *tst;
	size_t n_tst, cap_tst;
} ltv_memo;

static void memo_free(void *p)
{
	ltv_memo *m = p;
	if (m == NULL)
		return;
	sk_X509_pop_free(m->pool, X509_free);
	free(m->certs_raw.v);
	for (size_t i = 0; i < m->n_tst; i++)
		okc__tst_clear(&m->tst[i].t);
	free(m->tst);
	free(m);
}

/* A certificate-values element already parsed as a SignedData
 * certificate: the same bytes give the same certificate (the CA of the
 * signer usually is in both; the root is usually a trust anchor, see
 * okc__cades_anchor_by_der). */
static X509 *known_cert(STACK_OF(X509) *certs, const okc_der_tlv *raw)
{
	for (int i = 0; certs != NULL && i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		unsigned char *der = NULL;
		int n = i2d_X509(x, &der);
		bool same = n > 0 && (size_t)n == raw->tlv_len &&
		            memcmp(der, raw->tlv, raw->tlv_len) == 0;
		OPENSSL_free(der);
		if (same && X509_up_ref(x) == 1)
			return x;
	}
	ERR_clear_error();
	return NULL;
}

static int memo_get(okc__cades_signer *s, ltv_memo **out)
{
	ltv_memo *m = s->ltv;
	if (m != NULL && s->ltv_free == memo_free) {
		*out = m;
		return OKC_OK;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL || (m->pool = sk_X509_new_null()) == NULL) {
		memo_free(m);
		return OKC_ENOMEM;
	}
	for (int i = 0; s->certs != NULL && i < sk_X509_num(s->certs); i++) {
		X509 *x = sk_X509_value(s->certs, i);
		if (!sk_X509_push(m->pool, x)) {
			memo_free(m);
			return OKC_ENOMEM;
		}
		X509_up_ref(x);
	}
	const okc__cades_attr *cv = uattr(s, OKC_OID_CERT_VALUES);
	if (cv != NULL && (cv->first.tag != OKC_DER_SEQUENCE ||
	                   raw_children(&cv->first, &m->certs_raw) < 0))
		m->cv_state = CV_UNREADABLE;
	for (size_t i = 0; cv != NULL && m->cv_state == CV_OK &&
	                   i < m->certs_raw.n; i++) {
		X509 *x = known_cert(s->certs, &m->certs_raw.v[i]);
		if (x == NULL)
			x = okc__cades_anchor_by_der(s->ctx, m->certs_raw.v[i].tlv,
			                             m->certs_raw.v[i].tlv_len);
		if (x == NULL) {
			const unsigned char *p = m->certs_raw.v[i].tlv;
			x = d2i_X509(NULL, &p, (long)m->certs_raw.v[i].tlv_len);
		}
		if (x == NULL || !sk_X509_push(m->pool, x)) {
			X509_free(x);
			ERR_clear_error();
			m->cv_state = CV_BAD_ELEMENT;
			m->cv_bad = i;
		}
	}
	if (s->ltv_free != NULL)
		s->ltv_free(s->ltv);
	s->ltv = m;
	s->ltv_free = memo_free;
	*out = m;
	return OKC_OK;
}

/* A signature time-stamp verified against the pool, once per signer: the
 * result is handed out as a copy holding its own certificate reference. */
static int memo_sig_tst(okc__cades_signer *s, ltv_memo *m,
                        const okc_der_tlv *tok, X509_STORE *store,
                        okc_time chain_time, okc__tst *out, memo_tst **entry)
{
	memo_tst *e = NULL;
	for (size_t i = 0; i < m->n_tst && e == NULL; i++)
		if (m->tst[i].tok == tok->tlv && m->tst[i].tok_len == tok->tlv_len &&
		    m->tst[i].chain_time == chain_time)
			e = &m->tst[i];
	if (e == NULL) {
		if (okc__grow((void **)&m->tst, &m->cap_tst, m->n_tst + 1,
		              sizeof(*m->tst)) < 0)
			return OKC_ENOMEM;
		e = &m->tst[m->n_tst];
		memset(e, 0, sizeof(*e));
		int rc = okc__tst_verify(&e->t, s->ctx, tok->tlv, tok->tlv_len,
		                         s->si.sig_value.val,
		                         s->si.sig_value.val_len, store, m->pool,
		                         chain_time);
		if (rc < 0) {
			okc__tst_clear(&e->t);
			return rc;
		}
		e->tok = tok->tlv;
		e->tok_len = tok->tlv_len;
		e->chain_time = chain_time;
		m->n_tst++;
	}
	*out = e->t;
	*entry = e;
	if (out->tsa_cert != NULL && X509_up_ref(out->tsa_cert) != 1) {
		out->tsa_cert = NULL;
		return OKC_ENOMEM;
	}
	return OKC_OK;
}

/* certificate-values (SEQUENCE OF Certificate) and revocation-values
 * (EN 319 122-1 / TS 101 733 explicit module: crlVals [0] SEQUENCE OF
 * CertificateList, ocspVals [1] SEQUENCE OF BasicOCSPResponse); the
 * implicit form some producers emit is accepted too. */
static int collect_values(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	int rc = OKC_OK;
	ltv_memo *m = NULL;
	OKC_GUARD(memo_get(s, &m));
	st->crls = sk_X509_CRL_new_null();
	st->certs = sk_X509_new_null();
	if (st->crls == NULL || st->certs == NULL)
		return OKC_ENOMEM;
	for (int i = 0; i < sk_X509_num(m->pool); i++) {
		X509 *x = sk_X509_value(m->pool, i);
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
	for (size_t i = 0; i < m->certs_raw.n; i++)
		OKC_GUARD(raw_add(&st->certs_raw, &m->certs_raw.v[i]));
	if (m->cv_state == CV_UNREADABLE)
		return VALUES_REASON(st, OKC_R_LTV_REVOCATION_MALFORMED,
		                                 "certificate-values unreadable");
	if (m->cv_state == CV_BAD_ELEMENT)
		return VALUES_REASON(st,
			OKC_R_LTV_REVOCATION_MALFORMED,
			"certificate-values: element %zu is no certificate",
			m->cv_bad);
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

/* A signature time-stamp verified (memo_sig_tst) and its TSA path checked
 * for revocation (tsa_revocation), each once per signer. */
static int sig_tst_checked(ltv_state *st, ltv_memo *m, const okc_der_tlv *tok,
                           okc__tst *t)
{
	memo_tst *e = NULL;
	int rc = memo_sig_tst(st->s, m, tok, st->store, st->vt, t, &e);
	if (rc < 0)
		return rc;
	if (e->rev_done) {
		t->status = e->rev_status;
		t->reason = e->rev_reason;
		memcpy(t->detail, e->rev_detail, sizeof(t->detail));
		return OKC_OK;
	}
	rc = tsa_revocation(st, t, tok);
	if (rc == OKC_OK) {
		e->rev_done = 1;
		e->rev_status = t->status;
		e->rev_reason = t->reason;
		memcpy(e->rev_detail, t->detail, sizeof(e->rev_detail));
	}
	return rc;
}

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
	ltv_memo *m = NULL;
	OKC_GUARD(memo_get(s, &m));
	while (okc__der_next(&d, &tok) == OKC_OK) {
		okc__tst t = { .status = OKC_TST_MALFORMED };
		rc = sig_tst_checked(st, m, &tok, &t);
		if (rc == OKC_OK)
			rc = okc__tst_report(s->sig, &t, "signature time-stamp");
		if (rc == OKC_OK)
			rc = ts_note(st, "signature", &t, NULL);
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

/* ---- time-stamps in the report ---- */

/* One entry of the signature's "timestamps" section. */
static int ts_note(ltv_state *st, const char *kind, const okc__tst *t,
                   const char *hash_index)
{
	char when[32] = "";
	if (t->gen_time)
		okc_time_format(when, sizeof(when), t->gen_time);
	json_t *o = json_pack("{s:s, s:s?, s:b, s:s?}", "kind", kind, "time",
	                      when[0] ? when : NULL, "valid", t->status == OKC_TST_OK,
	                      "hash_index", hash_index);
	if (o == NULL || json_array_append_new(st->ts_json, o) != 0)
		return OKC_ENOMEM;
	return OKC_OK;
}

/* ---- digest lists (hash index matching) ---- */

typedef struct hdig {
	unsigned char h[EVP_MAX_MD_SIZE];
	int used;
} hdig;

typedef struct diglist {
	hdig *v;
	size_t n, cap;
	unsigned len;
} diglist;

/* Append H(a || b) (b may be NULL). */
static int dig_add(diglist *l, const EVP_MD *md, const unsigned char *a, size_t al,
                   const unsigned char *b, size_t bl)
{
	if (okc__grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
		return OKC_ENOMEM;
	hdig *h = &l->v[l->n];
	memset(h, 0, sizeof(*h));
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c != NULL && EVP_DigestInit_ex(c, md, NULL) == 1 &&
	         EVP_DigestUpdate(c, a, al) == 1 &&
	         (b == NULL || EVP_DigestUpdate(c, b, bl) == 1) &&
	         EVP_DigestFinal_ex(c, h->h, &l->len) == 1;
	EVP_MD_CTX_free(c);
	if (!ok)
		return OKC_ECRYPTO;
	l->n++;
	return OKC_OK;
}

/* Every element of a constructed TLV, hashed whole. */
static int dig_children(diglist *l, const EVP_MD *md, const okc_der_tlv *t)
{
	okc_der d = okc__der_enter(t);
	okc_der_tlv c;
	int rc;
	while ((rc = okc__der_next(&d, &c)) == OKC_OK)
		if ((rc = dig_add(l, md, c.tlv, c.tlv_len, NULL, 0)) < 0)
			return rc;
	return rc == OKC_ENOTFOUND ? OKC_OK : rc;
}

static int hdig_cmp(const void *a, const void *b)
{
	/* digests are zero-padded to EVP_MAX_MD_SIZE */
	return memcmp(((const hdig *)a)->h, ((const hdig *)b)->h, EVP_MAX_MD_SIZE);
}

/* Sort a list once before dig_take (an index may hold many entries). */
static void dig_sort(diglist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), hdig_cmp);
}

/* Mark an unused element of the sorted list whose digest is the OCTET
 * STRING `h`: 1 found, 0 not. */
static int dig_take(diglist *l, const okc_der_tlv *h)
{
	hdig key;
	if (h->tag != OKC_DER_OCTETS || l->n == 0 || h->val_len != l->len)
		return 0;
	memset(&key, 0, sizeof(key));
	memcpy(key.h, h->val, l->len);
	size_t lo = 0, hi = l->n;
	while (lo < hi) { /* first element not below the key */
		size_t mid = lo + (hi - lo) / 2;
		if (hdig_cmp(&l->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && hdig_cmp(&l->v[lo], &key) == 0; lo++)
		if (!l->v[lo].used) {
			l->v[lo].used = 1;
			return 1;
		}
	return 0;
}

/* ---- archive time-stamps ---- */

/* The two hash-index attributes an archive-time-stamp-v3 token carries. */
enum { HI_EN319122 = 1, HI_TS101733 = 2 };
#define OID_ATS_HASH_INDEX_V3 "0.4.0.19122.1.5"

static const char *const hi_names[] = {
	"", "ats-hash-index-v3 (EN 319 122-1)", "ATSHashIndex (TS 101 733)"
};

/* The hash index in the unsigned attributes of a token's (only)
 * SignerInfo: ats-hash-index-v3 (EN 319 122-1 5.5.2) or the older
 * ATSHashIndex (TS 101 733 v2.2.1 6.4.2).  Its single value in `out`, its
 * form returned (> 0); OKC_ENOTFOUND; OKC_EFORMAT when unreadable, when
 * there are two, or when the attribute has other than one value. */
static int ats_hash_index(const okc_der_tlv *tok, okc_der_tlv *out)
{
	okc_der_tlv oid, expl, sd, t, sis, si;
	okc_der c = okc__der_enter(tok);
	int form = 0;
	if (tok->tag != OKC_DER_SEQUENCE || okc__der_expect(&c, OKC_DER_OID, &oid) < 0 ||
	    okc__der_expect(&c, 0xa0, &expl) < 0)
		return OKC_EFORMAT;
	okc_der e = okc__der_enter(&expl);
	if (okc__der_expect(&e, OKC_DER_SEQUENCE, &sd) < 0)
		return OKC_EFORMAT;
	okc_der s = okc__der_enter(&sd);
	sis.tag = 0;
	while (okc__der_next(&s, &t) == OKC_OK)
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
			okc_der_tlv aoid, vals, v, extra;
			char txt[64];
			if (okc__der_expect(&ad, OKC_DER_OID, &aoid) < 0 ||
			    okc__der_expect(&ad, OKC_DER_SET, &vals) < 0 ||
			    !okc__cades_oid_text(&aoid, txt, sizeof(txt)))
				return OKC_EFORMAT;
			int fm = strcmp(txt, OID_ATS_HASH_INDEX_V3) == 0 ? HI_EN319122
			         : strcmp(txt, OID_ATS_HASH_INDEX) == 0  ? HI_TS101733
			                                                 : 0;
			if (fm == 0)
				continue;
			okc_der vd = okc__der_enter(&vals);
			if (form != 0 || okc__der_next(&vd, &v) < 0 ||
			    okc__der_next(&vd, &extra) == OKC_OK)
				return OKC_EFORMAT;
			*out = v;
			form = fm;
		}
	}
	return form ? form : OKC_ENOTFOUND;
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

/* The unsignedAttrs elements a hash index covers.  EN 319 122-1 5.5.2:
 * one entry per AttributeValue, H(attrType TLV || that AttributeValue
 * TLV); TS 101 733 v2.2.1 6.4.2: one entry per Attribute, H(Attribute). */
static int dig_unsigned(diglist *l, const EVP_MD *md, const rawlist *attrs, int form)
{
	int rc = OKC_OK;
	for (size_t i = 0; rc == OKC_OK && i < attrs->n; i++) {
		if (form == HI_TS101733) {
			rc = dig_add(l, md, attrs->v[i].tlv, attrs->v[i].tlv_len, NULL, 0);
			continue;
		}
		okc_der a = okc__der_enter(&attrs->v[i]);
		okc_der_tlv type, vals, v;
		if (okc__der_expect(&a, OKC_DER_OID, &type) < 0 ||
		    okc__der_expect(&a, OKC_DER_SET, &vals) < 0)
			return OKC_EFORMAT;
		okc_der vd = okc__der_enter(&vals);
		while (rc == OKC_OK && okc__der_next(&vd, &v) == OKC_OK)
			rc = dig_add(l, md, type.tlv, type.tlv_len, v.tlv, v.tlv_len);
	}
	return rc;
}

/* ATSHashIndexV3 ::= SEQUENCE { hashIndAlgorithm AlgorithmIdentifier
 * (DEFAULT id-sha256 in the clause body, mandatory in Annex D: both
 * accepted), certificatesHashIndex, crlsHashIndex,
 * unsignedAttrValuesHashIndex SEQUENCE OF OCTET STRING } (EN 319 122-1
 * 5.5.2); the TS 101 733 ATSHashIndex has the same shape with
 * unsignedAttrsHashIndex.  The algorithm must be the one of the token's
 * imprint.  Every entry must name a distinct element present (5.5.2:
 * otherwise the index is invalid); every unsigned attribute (value) that
 * existed before the time-stamp must be indexed.  1 = valid, 0 = not (why
 * says why), < 0 error. */
static int check_hash_index(ltv_state *st, const okc_der_tlv *idx, int form,
                            const EVP_MD *imprint_md, const sd_parts *sd,
                            size_t ats_pos, const okc_der_tlv *tok, char *why,
                            size_t wlen)
{
	okc__cades_signer *s = st->s;
	okc_der d = okc__der_enter(idx);
	okc_der_tlv t, parts[3];
	const EVP_MD *md = EVP_sha256();
	int np = 0, rc = OKC_OK;
	if (idx->tag != OKC_DER_SEQUENCE) {
		snprintf(why, wlen, "%s is not a SEQUENCE", hi_names[form]);
		return 0;
	}
	while (okc__der_next(&d, &t) == OKC_OK) {
		if (np == 0 && t.tag == OKC_DER_SEQUENCE) {
			okc_der a = okc__der_enter(&t);
			okc_der_tlv o;
			if (okc__der_next(&a, &o) == OKC_OK && o.tag == OKC_DER_OID) {
				const unsigned char *p = o.tlv;
				ASN1_OBJECT *obj = d2i_ASN1_OBJECT(NULL, &p, (long)o.tlv_len);
				md = obj ? EVP_get_digestbyobj(obj) : NULL;
				ASN1_OBJECT_free(obj);
				ERR_clear_error();
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
	if (EVP_MD_get_type(md) != EVP_MD_get_type(imprint_md)) {
		snprintf(why, wlen, "hashIndAlgorithm is not the imprint's hash algorithm");
		return 0;
	}
	diglist els[3] = { { 0 }, { 0 }, { 0 } };
	rawlist pre = { 0 };
	int ok = 1;
	if (sd->certs.tag && (rc = dig_children(&els[0], md, &sd->certs)) < 0)
		goto done;
	if (sd->crls.tag && (rc = dig_children(&els[1], md, &sd->crls)) < 0)
		goto done;
	rc = preceding(s, ats_pos, tok, &pre);
	if (rc == OKC_OK)
		rc = dig_unsigned(&els[2], md, &pre, form);
	if (rc == OKC_EFORMAT) {
		snprintf(why, wlen, "an unsigned attribute or the time-stamp is unreadable");
		ok = 0;
		rc = OKC_OK;
	} else if (rc < 0) {
		goto done;
	}
	static const char *what[] = { "certificate", "CRL", "unsigned attribute" };
	for (int k = 0; k < 3; k++)
		dig_sort(&els[k]);
	for (int k = 0; k < 3 && ok; k++) {
		okc_der ld = okc__der_enter(&parts[k]);
		okc_der_tlv h;
		size_t count = 0;
		if (parts[k].tag != OKC_DER_SEQUENCE) {
			snprintf(why, wlen, "%s hash list is not a SEQUENCE", what[k]);
			ok = 0;
			break;
		}
		while (ok && okc__der_next(&ld, &h) == OKC_OK) {
			count++;
			if (!dig_take(&els[k], &h)) {
				snprintf(why, wlen, "%s: %s hash %zu matches no element",
				         hi_names[form], what[k], count);
				ok = 0;
			}
		}
		if (ok && k == 2 && count != els[2].n) {
			snprintf(why, wlen, "%s: %zu unsigned attribute %s precede the "
			         "time-stamp, %zu indexed", hi_names[form], els[2].n,
			         form == HI_EN319122 ? "values" : "attributes", count);
			ok = 0;
		}
	}
done:
	free(pre.v);
	for (int k = 0; k < 3; k++)
		free(els[k].v);
	return rc < 0 ? rc : ok;
}

/* The kinds of archive time-stamp. */
enum { ATS_V1 = 1, ATS_V2 = 2, ATS_V3 = 3 };

/* The bytes an archive time-stamp at unsigned attribute index `pos`
 * covers.  0 = input in *out; 1 = cannot be computed (why); 2 = the hash
 * index is invalid (why); 3 = this kind is not verifiable here (why);
 * < 0 error.  *form gets the hash index form of a v3. */
static int ats_input(ltv_state *st, size_t pos, const okc_der_tlv *tok,
                     const sd_parts *sd, int kind, int variant, int *form,
                     unsigned char **out, size_t *outlen, char *why, size_t wlen)
{
	okc__cades_signer *s = st->s;
	BIO *mem = BIO_new(BIO_s_mem());
	int rc = OKC_OK;
	*out = NULL;
	if (mem == NULL)
		return OKC_ENOMEM;
	/* fields of the SignerInfo: version, sid, digestAlgorithm,
	 * signedAttrs, signatureAlgorithm, signature (EN 319 122-1 5.5.3 b) */
	okc_der d = okc__der_enter(&s->si.tlv);
	okc_der_tlv f[8], ect;
	int nf = 0;
	while (nf < 8 && okc__der_next(&d, &f[nf]) == OKC_OK)
		if (f[nf].tag != 0xa1)
			nf++;
	/* eContent absent: the content is detached */
	okc_der e = okc__der_enter(&sd->eci);
	okc_der_tlv econtent;
	if (okc__der_expect(&e, OKC_DER_OID, &ect) < 0) {
		snprintf(why, wlen, "encapContentInfo unreadable");
		goto fail;
	}
	int detached = okc__der_next(&e, &econtent) != OKC_OK;
	if (kind == ATS_V3) {
		const EVP_MD *md = tst_peek(tok, NULL);
		okc_der_tlv idx;
		memset(&idx, 0, sizeof(idx));
		if (md == NULL) {
			snprintf(why, wlen, "archive time-stamp unreadable");
			goto fail;
		}
		int ir = ats_hash_index(tok, &idx);
		if (ir < 0) {
			snprintf(why, wlen, ir == OKC_ENOTFOUND
				 ? "no ats-hash-index-v3 (or ATSHashIndex) in the archive "
				   "time-stamp v3"
				 : "hash index attribute unreadable, repeated or not "
				   "single-valued");
			rc = 2;
			goto done;
		}
		*form = ir;
		int hr = check_hash_index(st, &idx, ir, md, sd, pos, tok, why, wlen);
		if (hr < 0) {
			rc = hr;
			goto done;
		}
		if (hr == 0) {
			rc = 2;
			goto done;
		}
		/* EN 319 122-1 5.5.3: eContentType, the hash of the signed
		 * content, the SignerInfo fields, the hash index value */
		if (!s->have_content) {
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
		/* v2 (TS 101 733 v1.8.3 6.4.1): encapContentInfo, the external
		 * content when eContent is omitted, certificates, crls, the
		 * SignerInfo fields, and the unsigned attributes present before
		 * this time-stamp.  v1 (id-aa-ets-archiveTimestamp): TS 101 733
		 * v1.7.4 6.4.1 NOTE 1 says the v1.5.1-v1.6.3 definition equals
		 * this one when the content is inside encapContentInfo; for
		 * detached content, and for versions before v1.5.1, it does not,
		 * and no definition is at hand. */
		if (detached && kind == ATS_V1) {
			snprintf(why, wlen, "archive time-stamp v1 over detached content: "
				 "its input is not defined compatibly");
			rc = 3;
			goto done;
		}
		if (detached && !s->have_content) {
			snprintf(why, wlen, "signed content not available");
			goto fail;
		}
		BIO_write(mem, sd->eci.tlv, (int)sd->eci.tlv_len);
		if (detached)
			BIO_write(mem, s->content, (int)s->content_len);
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
	static const char *const kind_names[] = {
		"", "archive time-stamp v1", "archive time-stamp v2",
		"archive time-stamp v3"
	};
	/* unsigned attributes are in the order they were added: the chain of
	 * archive time-stamps is validated oldest to newest (EN 319 102-1
	 * 5.6.2.4): each covers everything before it. */
	for (size_t i = 0; i < s->n_uattrs; i++) {
		const okc__cades_attr *a = &s->uattrs[i];
		int kind = strcmp(a->oid, OKC_OID_ARCHIVE_TS_V3) == 0 ? ATS_V3
		           : strcmp(a->oid, OKC_OID_ARCHIVE_TS_V2) == 0 ? ATS_V2
		           : strcmp(a->oid, OKC_OID_ARCHIVE_TS) == 0 ? ATS_V1 : 0;
		if (kind == 0)
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
			char why[240] = "";
			int form = 0;
			int r = ats_input(st, i, &tok, &sd, kind, 0, &form, &in, &inlen, why,
			                  sizeof(why));
			if (r < 0)
				return r;
			if (r > 0) {
				static const okc_reason_id codes[] = {
					OKC_R_LTV_ATS_INVALID, OKC_R_LTV_ATS_INVALID,
					OKC_R_LTV_ATS_HASH_INDEX_INVALID, OKC_R_LTV_TS_UNSUPPORTED
				};
				OKC_GUARD(okc__signature_add_reason(s->sig, codes[r], "%s: %s",
				                                    kind_names[kind], why));
				okc__tst none = { .status = OKC_TST_MALFORMED };
				tst_peek(&tok, &none.gen_time);
				OKC_GUARD(ts_note(st, kind_names[kind], &none,
				                  form ? hi_names[form] : NULL));
				st->complete = 0;
				continue;
			}
			okc__tst t;
			r = okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len, in, inlen,
			                    st->store, st->certs, st->vt);
			free(in);
			OKC_GUARD(r);
			if (kind != ATS_V3 && t.status == OKC_TST_IMPRINT_MISMATCH) {
				/* the other reading of "the unsignedAttrs field" */
				okc__tst_clear(&t);
				r = ats_input(st, i, &tok, &sd, kind, 1, &form, &in, &inlen, why,
				              sizeof(why));
				if (r < 0)
					return r;
				r = r == 0 ? okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len,
				                             in, inlen, st->store, st->certs,
				                             st->vt) : OKC_OK;
				free(in);
				OKC_GUARD(r);
			}
			if (t.status == OKC_TST_IMPRINT_MISMATCH)
				t.reason = OKC_R_LTV_ATS_INVALID;
			rc = okc__tst_report(s->sig, &t, kind_names[kind]);
			if (rc == OKC_OK)
				rc = ts_note(st, kind_names[kind], &t, form ? hi_names[form] : NULL);
			if (t.status != OKC_TST_OK) {
				st->complete = 0;
			} else if (t.gen_time < last) {
				if (rc == OKC_OK)
					rc = okc__signature_add_reason(s->sig, OKC_R_LTV_ATS_ORDER,
						"archive time-stamp older than what it covers");
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

/* ---- CAdES-X time-stamps ---- */

/* Append the attrType and attrValues of every unsigned attribute of type
 * `oid` (the Attribute without its SEQUENCE header), in their order. */
static void put_type_values(BIO *mem, const okc__cades_signer *s, const char *oid)
{
	for (size_t i = 0; i < s->n_uattrs; i++)
		if (strcmp(s->uattrs[i].oid, oid) == 0)
			BIO_write(mem, s->uattrs[i].tlv.val, (int)s->uattrs[i].tlv.val_len);
}

/* ES-C time-stamp (id-aa-ets-escTimeStamp, CAdES-X Type 1, TS 101 733
 * v2.2.1 6.3.5): the imprint is over the concatenation of the signature
 * value octets (no tag or length), then the signature-time-stamp,
 * complete-certificate-references and complete-revocation-references
 * attributes, each as attrType and attrValues (6.3.5 NOTE 2: without the
 * outer SEQUENCE).  Time-stamped certs-and-CRLs references
 * (id-aa-ets-certCRLTimestamp, Type 2, 6.3.6): over the two references
 * attributes only, likewise.  Token, TSA and imprint are verified as for
 * the signature time-stamp; the X time-stamp must not be older than the
 * signature time-stamp it covers (EN 319 102-1 5.6.2.4 b). */
static int check_x_timestamps(ltv_state *st)
{
	okc__cades_signer *s = st->s;
	int rc = OKC_OK;
	for (size_t i = 0; i < s->n_uattrs; i++) {
		const okc__cades_attr *a = &s->uattrs[i];
		int type = strcmp(a->oid, OKC_OID_ESC_TIMESTAMP) == 0 ? 1
		           : strcmp(a->oid, OKC_OID_CERT_CRL_TS) == 0 ? 2 : 0;
		if (type == 0)
			continue;
		const char *name = type == 1 ? "ES-C time-stamp (CAdES-X Type 1)"
		                             : "certs-and-CRLs time-stamp (CAdES-X Type 2)";
		BIO *mem = BIO_new(BIO_s_mem());
		OKC_ENSURE(s->ctx, mem != NULL, OKC_ENOMEM, "out of memory");
		if (type == 1) {
			BIO_write(mem, s->si.sig_value.val, (int)s->si.sig_value.val_len);
			put_type_values(mem, s, OKC_OID_SIG_TIMESTAMP);
		}
		put_type_values(mem, s, OKC_OID_CERT_REFS);
		put_type_values(mem, s, OKC_OID_REV_REFS);
		char *p = NULL;
		long n = BIO_get_mem_data(mem, &p);
		okc_der vd = okc__der_enter(&a->values);
		okc_der_tlv tok;
		while (rc == OKC_OK && okc__der_next(&vd, &tok) == OKC_OK) {
			okc__tst t;
			rc = okc__tst_verify(&t, s->ctx, tok.tlv, tok.tlv_len,
			                     (const unsigned char *)p, (size_t)(n > 0 ? n : 0),
			                     st->store, st->certs, st->vt);
			if (rc < 0)
				break;
			rc = okc__tst_report(s->sig, &t, name);
			if (rc == OKC_OK)
				rc = ts_note(st, type == 1 ? "es-c" : "certs-crls", &t, NULL);
			if (t.status != OKC_TST_OK)
				st->complete = 0;
			else if (rc == OKC_OK && st->have_poe && t.gen_time < st->poe)
				rc = okc__signature_add_reason(s->sig, OKC_R_LTV_X_TS_ORDER,
					"%s older than the signature time-stamp", name);
			okc__tst_clear(&t);
		}
		BIO_free(mem);
		OKC_GUARD(rc);
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
		int kind = strcmp(a->oid, OKC_OID_ARCHIVE_TS_V3) == 0 ? ATS_V3
		           : strcmp(a->oid, OKC_OID_ARCHIVE_TS_V2) == 0 ? ATS_V2 : 0;
		if (kind == 0)
			continue;
		okc_der vd = okc__der_enter(&a->values);
		okc_der_tlv tok;
		while (okc__der_next(&vd, &tok) == OKC_OK) {
			okc__tst t = { .status = OKC_TST_MALFORMED };
			/* variant 1: the other reading of v2's unsignedAttrs */
			for (int variant = 0; variant < (kind == ATS_V3 ? 1 : 2); variant++) {
				unsigned char *in = NULL;
				size_t inlen = 0;
				char why[240];
				int form = 0;
				okc__tst_clear(&t);
				int r = ats_input(st, i, &tok, &sd, kind, variant, &form, &in,
				                  &inlen, why, sizeof(why));
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
	ltv_memo *m = NULL;
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.quiet = 1;
	st.vt = okc_report_validation_time(s->report);
	OKC_GUARD(okc__cades_trust_store(s->ctx, &st.store));
	OKC_GUARD(collect_values(&st));
	OKC_GUARD(memo_get(s, &m));
	okc_der d = okc__der_enter(&a->values);
	okc_der_tlv tok;
	/* The same verification as the ltv hook's (memo_sig_tst): the TSA
	 * path may use the certificate-values too. */
	while (okc__der_next(&d, &tok) == OKC_OK) {
		okc__tst t = { .status = OKC_TST_MALFORMED };
		rc = sig_tst_checked(&st, m, &tok, &t);
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
	st.ts_json = json_array();
	OKC_ENSURE(s->ctx, st.ts_json != NULL, OKC_ENOMEM, "out of memory");
	OKC_GUARD(okc__cades_trust_store(s->ctx, &st.store));
	OKC_GUARD(collect_values(&st));
	OKC_GUARD(check_signature_timestamps(&st));
	OKC_GUARD(check_revocation(&st));
	OKC_GUARD(check_refs(&st));
	OKC_GUARD(check_x_timestamps(&st));
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
			if (rc == OKC_OK)
				rc = ts_note(&st, "content", &t, NULL);
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
	if (json_array_size(st.ts_json) > 0) {
		json_t *arr = st.ts_json;
		st.ts_json = NULL;
		OKC_GUARD(okc__signature_set_section(s->sig, "timestamps", arr));
	}
	rc = st.complete ? 1 : 0;
out:
	state_free(&st);
	return rc;
}
