/*
 * cms.c - the CAdES engine: read a CMS SignedData (RFC 5652 5), find every
 * SignerInfo and counter-signature, and run the checks of EN 319 122-1 on
 * each: integrity (message-digest, signature value over the signed
 * attributes as received and, failing that, DER-sorted), ESS binding,
 * algorithm policy, signer certificate and path, qualified status, policy
 * and level.  Also the embedded-CMS hook used by the .eyp module and the
 * extractor of attached content.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "cades/cades.h"
#include "ltv/ltv_cades.h" /* ltv (issue #5): the hooks below */

/* The long-term validation hook: src/lib/ltv registers its function here
 * (see okc__cades_ltv_fn in cades.h). */
static const okc__cades_ltv_fn ltv_hook = okc__ltv_cades_hook;
/* Its proof-of-existence hook (okc__cades_poe_fn), run before the path. */
static const okc__cades_poe_fn ltv_poe_hook = okc__ltv_poe_hook;

/* ---- a bounded BER walker for the outer layers ---- */

/*
 * The outer layers of a CMS file may use BER indefinite lengths (streamed
 * attached content), which the DER cursor refuses.  This walker accepts
 * them, bounded by the nesting limit, so the exact bytes of each SignerInfo
 * can be found.  The SignerInfos themselves are then read as DER.
 */
static int ber_next(okc_der *cur, okc_der_tlv *out, unsigned depth,
                    unsigned max_depth)
{
	const uint8_t *p = cur->p;
	size_t left = cur->len;
	if (left == 0)
		return OKC_ENOTFOUND;
	if (depth > max_depth || left < 2 || (p[0] & 0x1f) == 0x1f)
		return OKC_EFORMAT;
	if (p[1] != 0x80)
		return okc__der_next(cur, out);
	if (!(p[0] & 0x20))   /* indefinite length needs a constructed tag */
		return OKC_EFORMAT;
	okc_der in = okc__der_init(p + 2, left - 2);
	for (;;) {
		if (in.len >= 2 && in.p[0] == 0 && in.p[1] == 0)
			break;
		okc_der_tlv child;
		int rc = ber_next(&in, &child, depth + 1, max_depth);
		if (rc < 0)
			return rc == OKC_ENOTFOUND ? OKC_EFORMAT : rc;
	}
	out->tag = p[0];
	out->tlv = p;
	out->val = p + 2;
	out->val_len = (size_t)(in.p - (p + 2));
	out->tlv_len = out->val_len + 4;
	cur->p += out->tlv_len;
	cur->len -= out->tlv_len;
	return OKC_OK;
}

static int ber_expect(okc_der *cur, uint8_t tag, okc_der_tlv *out,
                      unsigned max_depth)
{
	int rc = ber_next(cur, out, 0, max_depth);
	if (rc < 0)
		return OKC_EFORMAT;
	return out->tag == tag ? OKC_OK : OKC_EFORMAT;
}

/* The SignerInfos SET of a ContentInfo/SignedData, as received. */
static int find_signer_infos(const unsigned char *der, size_t len,
                             unsigned max_depth, okc_der_tlv *set)
{
	okc_der d = okc__der_init(der, len);
	okc_der_tlv ci, oid, expl, sd, t;
	if (ber_expect(&d, OKC_DER_SEQUENCE, &ci, max_depth) < 0)
		return OKC_EFORMAT;
	okc_der c = okc__der_enter(&ci);
	if (ber_expect(&c, OKC_DER_OID, &oid, max_depth) < 0 ||
	    ber_expect(&c, 0xa0, &expl, max_depth) < 0)
		return OKC_EFORMAT;
	okc_der e = okc__der_enter(&expl);
	if (ber_expect(&e, OKC_DER_SEQUENCE, &sd, max_depth) < 0)
		return OKC_EFORMAT;
	okc_der s = okc__der_enter(&sd);
	if (ber_expect(&s, OKC_DER_INTEGER, &t, max_depth) < 0 ||
	    ber_expect(&s, OKC_DER_SET, &t, max_depth) < 0 ||
	    ber_expect(&s, OKC_DER_SEQUENCE, &t, max_depth) < 0)
		return OKC_EFORMAT;
	for (;;) {
		if (ber_next(&s, &t, 0, max_depth) < 0)
			return OKC_EFORMAT;
		if (t.tag == 0xa0 || t.tag == 0xa1)
			continue; /* certificates, crls */
		if (t.tag != OKC_DER_SET)
			return OKC_EFORMAT;
		*set = t;
		return OKC_OK;
	}
}

/* SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm,
 *   signedAttrs [0] IMPLICIT OPTIONAL, signatureAlgorithm, signature,
 *   unsignedAttrs [1] IMPLICIT OPTIONAL } (RFC 5652 5.3), read as DER. */
static int parse_si(const okc_der_tlv *tlv, okc__cades_si *si)
{
	memset(si, 0, sizeof(*si));
	si->tlv = *tlv;
	okc_der d = okc__der_enter(tlv);
	okc_der_tlv v, t;
	if (tlv->tag != OKC_DER_SEQUENCE ||
	    okc__der_expect(&d, OKC_DER_INTEGER, &v) < 0 || v.val_len != 1)
		return OKC_EFORMAT;
	si->version = v.val[0];
	if (okc__der_next(&d, &si->sid) < 0 ||
	    (si->sid.tag != OKC_DER_SEQUENCE && si->sid.tag != 0x80) ||
	    okc__der_expect(&d, OKC_DER_SEQUENCE, &si->digest_alg) < 0 ||
	    okc__der_next(&d, &t) < 0)
		return OKC_EFORMAT;
	if (t.tag == 0xa0) {
		si->has_signed_attrs = true;
		si->signed_attrs = t;
		if (okc__der_next(&d, &t) < 0)
			return OKC_EFORMAT;
	}
	si->sig_alg = t;
	if (t.tag != OKC_DER_SEQUENCE ||
	    okc__der_expect(&d, OKC_DER_OCTETS, &si->sig_value) < 0)
		return OKC_EFORMAT;
	int rc = okc__der_next(&d, &t);
	if (rc == OKC_OK) {
		if (t.tag != 0xa1 || d.len != 0)
			return OKC_EFORMAT;
		si->has_unsigned_attrs = true;
		si->unsigned_attrs = t;
	} else if (rc != OKC_ENOTFOUND) {
		return OKC_EFORMAT;
	}
	return OKC_OK;
}

/* ---- engine state for one CMS ---- */

typedef struct engine {
	okc_ctx *ctx;
	okc_report *r;
	const char *role;
	STACK_OF(X509) *certs;
	STACK_OF(X509_CRL) *crls;
	unsigned char *ctype;      /* eContentType as DER TLV */
	size_t ctype_len;
	size_t n_signers;          /* including counter-signatures */
	bool too_many;
	const unsigned char *der;  /* ltv (issue #5): the CMS as received */
	size_t len;
} engine;

static X509 *find_signer_cert(STACK_OF(X509) *certs, const okc_der_tlv *sid)
{
	X509 *found = NULL;
	X509_NAME *name = NULL;
	ASN1_INTEGER *serial = NULL;
	if (sid->tag == OKC_DER_SEQUENCE) {
		okc_der d = okc__der_enter(sid);
		okc_der_tlv n, s;
		if (okc__der_expect(&d, OKC_DER_SEQUENCE, &n) < 0 ||
		    okc__der_expect(&d, OKC_DER_INTEGER, &s) < 0 || d.len != 0)
			return NULL;
		const unsigned char *p = n.tlv;
		name = d2i_X509_NAME(NULL, &p, (long)n.tlv_len);
		p = s.tlv;
		serial = d2i_ASN1_INTEGER(NULL, &p, (long)s.tlv_len);
	}
	for (int i = 0; found == NULL && i < sk_X509_num(certs); i++) {
		X509 *c = sk_X509_value(certs, i);
		if (sid->tag == OKC_DER_SEQUENCE) {
			if (name != NULL && serial != NULL &&
			    X509_NAME_cmp(X509_get_issuer_name(c), name) == 0 &&
			    ASN1_INTEGER_cmp(X509_get0_serialNumber(c), serial) == 0)
				found = c;
		} else {
			const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(c);
			if (ski != NULL &&
			    (size_t)ASN1_STRING_length(ski) == sid->val_len &&
			    memcmp(ASN1_STRING_get0_data(ski), sid->val,
			           sid->val_len) == 0)
				found = c;
		}
	}
	X509_NAME_free(name);
	ASN1_INTEGER_free(serial);
	ERR_clear_error();
	return found;
}

static void signer_clear(okc__cades_signer *s)
{
	free(s->sattrs);
	free(s->uattrs);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	if (s->ltv_free != NULL)
		s->ltv_free(s->ltv);
}

static int verify_signer(engine *e, const okc_der_tlv *tlv,
                         const unsigned char *content, size_t content_len,
                         bool have_content, okc_signature *parent);

/* Integrity: message-digest over the content and the signature value over
 * the signed attributes.  Sets *ok when both hold. */
static int check_integrity(okc__cades_signer *s, const EVP_MD *md,
                           const unsigned char *content, size_t content_len,
                           bool have_content, bool *digest_ok, bool *sig_ok)
{
	int rc = OKC_OK;
	unsigned char *tbs = NULL, *sorted = NULL;
	size_t sorted_len = 0;
	bool changed = false, valid = false, usable = false;
	*digest_ok = *sig_ok = false;

	const okc__cades_attr *a = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                OKC_OID_MESSAGE_DIGEST);
	if (a == NULL || a->n_values != 1 || a->first.tag != OKC_DER_OCTETS) {
		s->format_ok = false;
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_ATTR_MALFORMED,
			"message-digest is missing or not one OCTET STRING"));
	} else if (md != NULL && have_content) {
		unsigned char dg[EVP_MAX_MD_SIZE];
		unsigned int dl = 0;
		OKC_GUARD_OSSL(s->ctx, EVP_Digest(content, content_len, dg, &dl,
		                                  md, NULL), "digest");
		if (dl == a->first.val_len &&
		    memcmp(dg, a->first.val, dl) == 0)
			*digest_ok = true;
		else
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_DIGEST_MISMATCH, "%s",
				EVP_MD_get0_name(md)));
	}
	if (s->cert == NULL)
		goto out;

	/* RFC 5652 5.4: the signature is over the DER encoding of the
	 * SignedAttributes with an explicit SET OF tag.  Hash the bytes as
	 * received first (what the signer most likely did). */
	tbs = malloc(s->si.signed_attrs.tlv_len);
	OKC_ENSURE(s->ctx, tbs != NULL, OKC_ENOMEM, "out of memory");
	memcpy(tbs, s->si.signed_attrs.tlv, s->si.signed_attrs.tlv_len);
	tbs[0] = OKC_DER_SET;
	OKC_GUARD(okc__cades_sorted_attrs(s, &sorted, &sorted_len, &changed));
	bool v2 = false;
	OKC_GUARD(okc__cades_verify_value(s, md, tbs,
	                                  s->si.signed_attrs.tlv_len,
	                                  changed ? sorted : NULL, sorted_len,
	                                  &valid, &v2, &usable));
	if (!usable)
		goto out;
	if (valid) {
		*sig_ok = true;
		if (changed)
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_SIGNED_ATTRS_NOT_DER,
				"the signature covers the attributes in the "
				"order received"));
		goto out;
	}
	if (v2) {
		/* Many producers (BouncyCastle, DSS) sign the DER-sorted
		 * SET OF while transmitting another order. */
		*sig_ok = true;
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_SIGNED_ATTRS_REORDERED,
			"the signature covers the DER-sorted attributes"));
		goto out;
	}
	OKC_GUARD(okc__signature_add_reason(s->sig,
		OKC_R_CADES_SIGNATURE_INVALID, NULL));
out:
	free(tbs);
	free(sorted);
	return rc;
}

static int counter_signatures(engine *e, okc__cades_signer *s)
{
	int rc = OKC_OK;
	for (size_t i = 0; i < s->n_uattrs; i++) {
		if (strcmp(s->uattrs[i].oid, OKC_OID_COUNTERSIGNATURE) != 0)
			continue;
		/* RFC 5652 11.4: each value is a SignerInfo over the
		 * content of the parent's signature field. */
		okc_der v = okc__der_enter(&s->uattrs[i].values);
		okc_der_tlv one;
		while (okc__der_next(&v, &one) == OKC_OK)
			OKC_GUARD(verify_signer(e, &one, s->si.sig_value.val,
			                        s->si.sig_value.val_len, true,
			                        s->sig));
	}
out:
	return rc;
}

static int verify_signer(engine *e, const okc_der_tlv *tlv,
                         const unsigned char *content, size_t content_len,
                         bool have_content, okc_signature *parent)
{
	okc__cades_signer s;
	int rc = OKC_OK;
	bool checked_all = true;
	memset(&s, 0, sizeof(s));
	if (e->n_signers >= okc_ctx_limits(e->ctx)->max_signers) {
		if (!e->too_many)
			OKC_GUARD(okc__report_add_reason(e->r,
				OKC_R_CADES_TOO_MANY_SIGNERS, "limit %u",
				okc_ctx_limits(e->ctx)->max_signers));
		e->too_many = true;
		return OKC_OK;
	}
	e->n_signers++;
	s.ctx = e->ctx;
	s.report = e->r;
	s.is_counter = parent != NULL;
	s.role = parent ? "countersignature" : e->role;
	s.certs = e->certs;
	s.crls = e->crls;
	/* ltv (issue #5): archive time-stamps hash these */
	s.cms_der = e->der;
	s.cms_len = e->len;
	s.content = content;
	s.content_len = content_len;
	s.have_content = have_content;
	s.format_ok = true;
	s.sig = parent ? okc__signature_add_counter(parent)
	               : okc__signature_new(e->r, e->role);
	OKC_ENSURE(e->ctx, s.sig != NULL, OKC_ENOMEM, "out of memory");

	unsigned max_attrs = 256;
	if (parse_si(tlv, &s.si) < 0 ||
	    (s.si.has_signed_attrs &&
	     okc__cades_parse_attrs(&s.si.signed_attrs, &s.sattrs, &s.n_sattrs,
	                            max_attrs) < 0) ||
	    (s.si.has_unsigned_attrs &&
	     okc__cades_parse_attrs(&s.si.unsigned_attrs, &s.uattrs,
	                            &s.n_uattrs, max_attrs) < 0)) {
		rc = okc__signature_add_reason(s.sig, OKC_R_CADES_MALFORMED,
		                               "unreadable SignerInfo");
		goto out;
	}

	X509 *c = find_signer_cert(e->certs, &s.si.sid);
	if (c != NULL) {
		X509_up_ref(c);
		s.cert = c;
		s.cert_from_signed_data = true;
	} else {
		checked_all = false;
		OKC_GUARD(okc__signature_add_reason(s.sig,
			OKC_R_CADES_SIGNER_CERT_NOT_FOUND, NULL));
	}

	if (!have_content) {
		checked_all = false;
		OKC_GUARD(okc__signature_add_reason(s.sig,
			OKC_R_CADES_DETACHED_CONTENT_MISSING, NULL));
	}

	if (!s.si.has_signed_attrs) {
		/* EN 319 122-1 5.2: a CAdES signature has signed attributes
		 * (at least content-type, message-digest, signing-certificate). */
		checked_all = false;
		OKC_GUARD(okc__signature_add_reason(s.sig,
			OKC_R_CADES_NO_SIGNED_ATTRS, NULL));
		OKC_GUARD(okc__signature_set_level(s.sig, "CMS"));
	} else {
		const EVP_MD *md = okc__cades_digest_alg(&s, &s.si.digest_alg,
		                                         "digestAlgorithm");
		bool ess_ok = false, digest_ok = false, sig_ok = false;
		if (md == NULL)
			checked_all = false;
		OKC_GUARD(okc__cades_check_signed_attrs(&s, e->ctype,
		                                        e->ctype_len, &ess_ok));
		OKC_GUARD(check_integrity(&s, md, content, content_len,
		                          have_content, &digest_ok, &sig_ok));
		s.crypto_valid = digest_ok && sig_ok && ess_ok;
		okc__signature_set_crypto_valid(s.sig, s.crypto_valid);
		okc__signature_set_times(s.sig, s.signing_time, 0);
		OKC_GUARD(okc__cades_check_policy_and_level(&s));
	}

	if (s.cert != NULL) {
		if (ltv_poe_hook != NULL && s.si.has_signed_attrs)
			OKC_GUARD(ltv_poe_hook(&s));
		OKC_GUARD(okc__cades_check_chain(&s));
		OKC_GUARD(okc__cades_signer_identity(&s));
		if (s.signing_time != 0) {
			okc_time nb = okc__cades_asn1_time(X509_get0_notBefore(s.cert));
			okc_time na = okc__cades_asn1_time(X509_get0_notAfter(s.cert));
			if (s.signing_time < nb || s.signing_time > na)
				OKC_GUARD(okc__signature_add_reason(s.sig,
					OKC_R_CADES_SIGNING_TIME_OUTSIDE_CERT, NULL));
			if (s.signing_time > okc_report_validation_time(e->r))
				OKC_GUARD(okc__signature_add_reason(s.sig,
					OKC_R_CADES_SIGNING_TIME_AFTER_VALIDATION,
					NULL));
		}
		/* Revocation is the ltv module's (issue #5); until it is
		 * plugged in, say so. */
		if (ltv_hook == NULL)
			OKC_GUARD(okc__signature_add_reason(s.sig,
				OKC_R_CADES_REVOCATION_NOT_CHECKED, NULL));
	}

	if (s.si.has_signed_attrs && s.cert != NULL && ltv_hook != NULL) {
		int lr = ltv_hook(&s);
		OKC_GUARD(lr);
		if (lr == 0)
			checked_all = false;
	} else if (s.si.has_signed_attrs && s.level >= OKC_CADES_T) {
		OKC_GUARD(okc__signature_add_reason(s.sig,
			OKC_R_CADES_LTV_NOT_VERIFIED,
			"%s: the time-stamps and validation data are present "
			"but were not verified",
			okc__cades_level_name(s.level)));
	}
	if (checked_all)
		okc__signature_mark_complete(s.sig);
	OKC_GUARD(counter_signatures(e, &s));
out:
	signer_clear(&s);
	return rc;
}

int okc__cades_verify(okc_report *r, okc_ctx *ctx, const unsigned char *der,
                      size_t len, const unsigned char *detached,
                      size_t detached_len, bool have_detached,
                      bool content_must_match, const char *role)
{
	engine e;
	CMS_ContentInfo *cms = NULL;
	int rc = OKC_OK;
	const char *why = NULL;
	memset(&e, 0, sizeof(e));
	e.ctx = ctx;
	e.r = r;
	e.role = role;
	e.der = der;   /* ltv (issue #5) */
	e.len = len;

	const unsigned char *p = der;
	okc_der_tlv set;
	if (len == 0 || len > LONG_MAX) {
		why = "empty";
		goto malformed;
	}
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ERR_clear_error();
	if (cms == NULL) {
		why = "not a CMS ContentInfo";
		goto malformed;
	}
	if (p != der + len) {
		why = "bytes after the CMS structure";
		goto malformed;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		why = "not a SignedData";
		goto malformed;
	}
	if (find_signer_infos(der, len, okc_ctx_limits(ctx)->max_der_depth,
	                      &set) < 0) {
		why = "unreadable SignedData";
		goto malformed;
	}
	e.certs = CMS_get1_certs(cms);
	if (e.certs == NULL)
		e.certs = sk_X509_new_null();
	e.crls = CMS_get1_crls(cms);
	OKC_ENSURE(ctx, e.certs != NULL, OKC_ENOMEM, "out of memory");
	int cl = i2d_ASN1_OBJECT(CMS_get0_eContentType(cms), &e.ctype);
	OKC_ENSURE(ctx, cl > 0, OKC_ENOMEM, "out of memory");
	e.ctype_len = (size_t)cl;

	/* The signed content: attached eContent, or the detached bytes. */
	ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
	const unsigned char *content = NULL;
	size_t content_len = 0;
	bool have = false, mismatch = false;
	if (pos != NULL && *pos != NULL) {
		content = ASN1_STRING_get0_data(*pos);
		content_len = (size_t)ASN1_STRING_length(*pos);
		have = true;
		if (content_must_match && have_detached &&
		    (content_len != detached_len ||
		     (content_len && memcmp(content, detached, content_len) != 0)))
			mismatch = true;
	} else if (have_detached) {
		content = detached;
		content_len = detached_len;
		have = true;
	}

	okc_der d = okc__der_enter(&set);
	okc_der_tlv one;
	int nr;
	size_t before = okc_report_signature_count(r);
	while ((nr = okc__der_next(&d, &one)) == OKC_OK)
		OKC_GUARD(verify_signer(&e, &one, content, content_len, have,
		                        NULL));
	if (nr != OKC_ENOTFOUND)
		OKC_GUARD(okc__report_add_reason(r, OKC_R_CADES_MALFORMED,
		                                 "unreadable SignerInfos"));
	if (content_must_match && okc_report_signature_count(r) == before) {
		/* embedded: the container expects an entry for this role even
		 * when the SignedData carries no signer (certs-only) */
		okc_signature *s = okc__signature_new(r, role);
		OKC_ENSURE(ctx, s != NULL, OKC_ENOMEM, "out of memory");
		OKC_GUARD(okc__signature_add_reason(s, OKC_R_CORE_NO_SIGNATURE,
		                                    "the SignedData has no signer"));
	}
	for (size_t i = before; mismatch && i < okc_report_signature_count(r); i++)
		OKC_GUARD(okc__signature_add_reason(
			(okc_signature *)okc_report_signature(r, i),
			OKC_R_CADES_CONTENT_MISMATCH, NULL));
	goto out;

malformed:
	if (content_must_match) {
		/* embedded: the container expects an entry for this role */
		okc_signature *s = okc__signature_new(r, role);
		OKC_ENSURE(ctx, s != NULL, OKC_ENOMEM, "out of memory");
		rc = okc__signature_add_reason(s, OKC_R_CADES_MALFORMED, "%s", why);
	} else {
		rc = okc__report_add_reason(r, OKC_R_CADES_MALFORMED, "%s", why);
	}
out:
	OPENSSL_free(e.ctype);
	sk_X509_pop_free(e.certs, X509_free);
	sk_X509_CRL_pop_free(e.crls, X509_CRL_free);
	CMS_ContentInfo_free(cms);
	return rc;
}

/* ---- registered functions (core/verify.c) ---- */

int okc__cades_verify_cms(okc_report *r, okc_ctx *ctx,
                          const unsigned char *data, size_t len,
                          const okc_verify_options *opts,
                          const okc_classification *cls)
{
	unsigned char *buf = NULL;
	const unsigned char *det = NULL;
	size_t det_len = 0;
	bool have = false;
	int rc;
	if (opts != NULL && opts->detached_data != NULL) {
		det = opts->detached_data;
		det_len = opts->detached_len;
		have = true;
	} else if (opts != NULL && opts->detached_content != NULL) {
		rc = okc__read_file(ctx, opts->detached_content,
		                    ctx->limits.max_input_size, &buf, &det_len);
		if (rc == OKC_ETOOLARGE)
			return okc__report_add_reason(r,
				OKC_R_CORE_INPUT_TOO_LARGE, "detached content");
		if (rc < 0)
			return rc;
		det = buf;
		have = true;
	}
	rc = okc__cades_verify(r, ctx, data, len, det, det_len, have, false,
	                       "signature");
	free(buf);
	return rc;
}

int okc__cades_verify_embedded(okc_report *r, okc_ctx *ctx,
                               const unsigned char *der, size_t len,
                               const unsigned char *content,
                               size_t content_len, const char *role)
{
	return okc__cades_verify(r, ctx, der, len, content, content_len,
	                         content != NULL, true, role);
}

int okc__cades_extract(okc_ctx *ctx, const unsigned char *data, size_t len,
                       okc__inner_docs *out)
{
	const unsigned char *p = data;
	int rc = OKC_OK;
	if (len == 0 || len > LONG_MAX)
		return OKC_EFORMAT;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ERR_clear_error();
	if (cms == NULL || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		return OKC_EFORMAT;
	}
	ASN1_OCTET_STRING **pos = CMS_get0_content(cms);
	if (pos != NULL && *pos != NULL) {
		const unsigned char *c = ASN1_STRING_get0_data(*pos);
		size_t cl = (size_t)ASN1_STRING_length(*pos);
		okc_classification cls;
		char name[64];
		const char *media = NULL;
		snprintf(name, sizeof(name), "signed-content");
		if (okc_classify_mem(&cls, ctx, NULL, c, cl) == OKC_OK) {
			if (cls.kind != OKC_KIND_UNKNOWN)
				snprintf(name, sizeof(name), "signed-content.%s",
				         okc_doc_kind_name(cls.kind));
			media = cls.media_type;
		}
		rc = okc__inner_docs_add(out, name, media, "eContent", c, cl,
		                         true);
	}
	CMS_ContentInfo_free(cms);
	return rc;
}
