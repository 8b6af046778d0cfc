/*
 * CMS SignedData (RFC 5652) and CAdES attributes (ETSI TS 101 733 /
 * EN 319 122-1) encoded by hand, plus RFC 3161 time-stamp tokens whose
 * TSTInfo comes from OpenSSL's TS_RESP_CTX.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>
#include <openssl/ts.h>

#define OID_DATA "1.2.840.113549.1.7.1"
#define OID_SIGNED_DATA "1.2.840.113549.1.7.2"
#define OID_TSTINFO "1.2.840.113549.1.9.16.1.4"

D sigalg_for(EVP_PKEY *key, const EVP_MD *md, int pss)
{
	int t = EVP_MD_get_type(md);
	if (EVP_PKEY_is_a(key, "EC")) {
		const char *o = t == NID_sha1     ? "1.2.840.10045.4.1"
				: t == NID_sha256 ? "1.2.840.10045.4.3.2"
				: t == NID_sha384 ? "1.2.840.10045.4.3.3"
						  : "1.2.840.10045.4.3.4";
		return d_algid(o, 0);
	}
	if (pss) {
		/* RSASSA-PSS-params (RFC 4055 3.1), salt = hash length. */
		return SEQ(d_oid("1.2.840.113549.1.1.10"),
			   SEQ(d_tlv(0xa0, d_algid(md_oid(md), 0)),
			       d_tlv(0xa1, SEQ(d_oid("1.2.840.113549.1.1.8"),
					       d_algid(md_oid(md), 0))),
			       d_tlv(0xa2, d_int(EVP_MD_get_size(md)))));
	}
	const char *o = t == NID_sha1     ? "1.2.840.113549.1.1.5"
			: t == NID_sha256 ? "1.2.840.113549.1.1.11"
			: t == NID_sha384 ? "1.2.840.113549.1.1.12"
					  : "1.2.840.113549.1.1.13";
	return d_algid(o, 1);
}

D attr(const char *oid, D value)
{
	return SEQ(d_oid(oid), SETS(value));
}

D attr_content_type(const char *oid)
{
	return attr("1.2.840.113549.1.9.3", d_oid(oid));
}

D attr_message_digest(const EVP_MD *md, const void *p, size_t n)
{
	D h = d_hash(md, p, n);
	D r = attr("1.2.840.113549.1.9.4", d_octet(h.p, h.n));
	d_free(&h);
	return r;
}

D attr_signing_time(time_t t)
{
	return attr("1.2.840.113549.1.9.5", d_utctime(t));
}

static D issuer_serial(const X509 *x)
{
	const ASN1_INTEGER *s = X509_get0_serialNumber(x);
	return SEQ(SEQ(d_tlv(0xa4, d_name(X509_get_issuer_name(x)))),
		   d_int_bytes(s->data, (size_t)s->length));
}

static D cert_hash(const X509 *x, const EVP_MD *md)
{
	D c = d_x509(x);
	D h = d_hash(md, c.p, c.n);
	d_free(&c);
	return h;
}

/* signing-certificate-v2 (RFC 5035): ESSCertIDv2 with the hash algorithm
 * omitted when it is the SHA-256 default. */
D attr_ess_v2(const X509 *x, const EVP_MD *md)
{
	D h = cert_hash(x, md);
	D id = EVP_MD_get_type(md) == NID_sha256
		       ? SEQ(d_octet(h.p, h.n), issuer_serial(x))
		       : SEQ(d_algid(md_oid(md), 0), d_octet(h.p, h.n),
			     issuer_serial(x));
	d_free(&h);
	return attr("1.2.840.113549.1.9.16.2.47", SEQ(SEQ(id)));
}

/* signing-certificate (RFC 2634 5.4): ESSCertID has no algorithm field,
 * so the hash must be SHA-1; passing another md makes a broken one. */
D attr_ess_v1(const X509 *x, const EVP_MD *md)
{
	D h = cert_hash(x, md);
	D r = attr("1.2.840.113549.1.9.16.2.12",
		   SEQ(SEQ(SEQ(d_octet(h.p, h.n), issuer_serial(x)))));
	d_free(&h);
	return r;
}

/* signature-policy-identifier (TS 101 733 5.8.1) with the SPURI qualifier
 * the Turkish profiles use. */
D attr_policy(const char *oid, const unsigned char *hash32)
{
	return attr("1.2.840.113549.1.9.16.2.15",
		    SEQ(d_oid(oid),
			SEQ(d_algid("2.16.840.1.101.3.4.2.1", 0),
			    d_octet(hash32, 32)),
			SEQ(SEQ(d_oid("1.2.840.113549.1.9.16.5.1"),
				d_str(0x16, "http://www.eimza.gov.tr/EimzaPolitikalari/"
					    "216792161015070321.pdf")))));
}

void si_sign(SI *si, ent *e, const EVP_MD *md, int pss, D *attrs, size_t n,
	     int order)
{
	memset(si, 0, sizeof *si);
	si->e = e;
	si->md = md;
	si->pss = pss;
	D given_copy[32];
	if (n > 32)
		die("too many attrs");
	for (size_t i = 0; i < n; i++)
		given_copy[i] = d_dup(attrs[i]);
	D sorted = d_set_sorted(n, attrs);
	D given = d_tlv(0x31, d_cat(n, given_copy));
	switch (order) {
	case ORDER_DER:
		si->sattrs_emit = sorted;
		d_free(&given);
		si->sig = sign_raw(e->key, md, pss, d_dup(si->sattrs_emit));
		break;
	case ORDER_AS_GIVEN:
		si->sattrs_emit = given;
		d_free(&sorted);
		si->sig = sign_raw(e->key, md, pss, d_dup(si->sattrs_emit));
		break;
	case ORDER_GIVEN_SIGN_SORTED:
		si->sattrs_emit = given;
		si->sig = sign_raw(e->key, md, pss, sorted);
		break;
	}
}

void si_add_unsigned(SI *si, D a)
{
	if (si->nu >= 16)
		die("too many unsigned attrs");
	si->uattrs[si->nu++] = a;
}

void si_free(SI *si)
{
	d_free(&si->sattrs_emit);
	d_free(&si->sig);
	for (size_t i = 0; i < si->nu; i++)
		d_free(&si->uattrs[i]);
	si->nu = 0;
}

/* version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm,
 * signature: the SignerInfo fields an archive time-stamp covers. */
static D si_fields(const SI *si)
{
	const ASN1_INTEGER *s = X509_get0_serialNumber(si->e->cert);
	D sa = d_dup(si->sattrs_emit);
	sa.p[0] = 0xa0;
	return CAT(d_int(1),
		   SEQ(d_name(X509_get_issuer_name(si->e->cert)),
		       d_int_bytes(s->data, (size_t)s->length)),
		   d_algid(md_oid(si->md), 0), sa,
		   sigalg_for(si->e->key, si->md, si->pss),
		   d_octet(si->sig.p, si->sig.n));
}

D si_der(const SI *si)
{
	D f = si_fields(si);
	if (si->nu) {
		D u[16];
		for (size_t i = 0; i < si->nu; i++)
			u[i] = d_dup(si->uattrs[i]);
		D set = d_set_sorted(si->nu, u);
		set.p[0] = 0xa1;
		d_append(&f, set);
	}
	return d_tlv(0x30, f);
}

D sd_der(const SD *sd)
{
	D algs[8];
	size_t na = 0;
	for (size_t i = 0; i < sd->nsi; i++) {
		D a = d_algid(md_oid(sd->sis[i]->md), 0);
		int dup = 0;
		for (size_t j = 0; j < na; j++)
			if (algs[j].n == a.n && !memcmp(algs[j].p, a.p, a.n))
				dup = 1;
		if (dup)
			d_free(&a);
		else
			algs[na++] = a;
	}
	D eci = strcmp(sd->ectype, OID_DATA) == 0 && !sd->attached
			? SEQ(d_oid(sd->ectype))
			: SEQ(d_oid(sd->ectype),
			      d_tlv(0xa0, d_octet(sd->econtent.p, sd->econtent.n)));
	D body = CAT(d_int(strcmp(sd->ectype, OID_DATA) ? 3 : 1),
		     d_set_sorted(na, algs), eci);
	if (sd->nc) {
		D c[16];
		for (size_t i = 0; i < sd->nc; i++)
			c[i] = d_x509(sd->certs[i]);
		D set = d_set_sorted(sd->nc, c);
		set.p[0] = 0xa0;
		d_append(&body, set);
	}
	if (sd->ncrl) {
		D c[8];
		for (size_t i = 0; i < sd->ncrl; i++)
			c[i] = d_dup(sd->crls[i]);
		D set = d_set_sorted(sd->ncrl, c);
		set.p[0] = 0xa1;
		d_append(&body, set);
	}
	D sis[8];
	for (size_t i = 0; i < sd->nsi; i++)
		sis[i] = si_der(sd->sis[i]);
	d_append(&body, d_set_sorted(sd->nsi, sis));
	return SEQ(d_oid(OID_SIGNED_DATA), d_tlv(0xa0, d_tlv(0x30, body)));
}

void sd_free(SD *sd)
{
	d_free(&sd->econtent);
	for (size_t i = 0; i < sd->ncrl; i++)
		d_free(&sd->crls[i]);
}

void chain_of(pki *k, const ent *e, ent **ca, ent **root)
{
	if (e == &k->rogue_leaf) {
		*ca = &k->rogue_ca;
		*root = &k->rogue_root;
	} else if (e == &k->nes_ec256 || e == &k->nes_ec384) {
		*ca = &k->ca_ec;
		*root = &k->root_ec;
	} else {
		*ca = &k->ca_rsa;
		*root = &k->root_rsa;
	}
}

/* ---- RFC 3161 ---- */
static int tsa_time_cb(TS_RESP_CTX *c, void *data, long *sec, long *usec)
{
	(void)c;
	*sec = (long)*(time_t *)data;
	*usec = 0;
	return 1;
}

static ASN1_INTEGER *tsa_serial_cb(TS_RESP_CTX *c, void *data)
{
	(void)c;
	ASN1_INTEGER *s = ASN1_INTEGER_new();
	ASN1_INTEGER_set(s, *(long *)data);
	return s;
}

/* TSTInfo from OpenSSL's TSA code (RFC 3161 2.4.2), always produced with the
 * real TEST TSA certificate; the token is then signed by `signer` with
 * our own CMS encoder so that the signing-time is fixed (OpenSSL's PKCS7
 * code would stamp the wall clock) and unsigned attributes can be added. */
D tst_token(pki *k, ent *signer, const unsigned char *dg, size_t dglen,
	    time_t gen, long serial, D *uattrs, size_t nu)
{
	TS_RESP_CTX *c = TS_RESP_CTX_new();
	if (!c || !TS_RESP_CTX_set_signer_cert(c, k->tsa.cert) ||
	    !TS_RESP_CTX_set_signer_key(c, k->tsa.key))
		die("ts ctx");
	ASN1_OBJECT *pol = OBJ_txt2obj("2.16.792.1.2.1.1.5.7.3.1", 1);
	TS_RESP_CTX_set_def_policy(c, pol);
	TS_RESP_CTX_add_md(c, EVP_sha256());
	TS_RESP_CTX_set_accuracy(c, 1, 0, 0);
	TS_RESP_CTX_set_time_cb(c, tsa_time_cb, &gen);
	TS_RESP_CTX_set_serial_cb(c, tsa_serial_cb, &serial);
	TS_REQ *rq = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)dg, (int)dglen);
	TS_REQ_set_version(rq, 1);
	TS_REQ_set_msg_imprint(rq, mi);
	TS_REQ_set_cert_req(rq, 1);
	BIO *b = BIO_new(BIO_s_mem());
	i2d_TS_REQ_bio(b, rq);
	TS_RESP *resp = TS_RESP_create_response(c, b);
	if (!resp || !TS_RESP_get_tst_info(resp))
		die("ts response");
	unsigned char *p = NULL;
	int n = i2d_TS_TST_INFO(TS_RESP_get_tst_info(resp), &p);
	if (n <= 0)
		die("tstinfo");
	SD sd;
	memset(&sd, 0, sizeof sd);
	sd.ectype = OID_TSTINFO;
	sd.econtent = d_raw(p, (size_t)n);
	sd.attached = 1;
	OPENSSL_free(p);
	SI *si = calloc(1, sizeof *si);
	D attrs[4] = { attr_content_type(OID_TSTINFO),
		       attr_signing_time(gen),
		       attr_message_digest(EVP_sha256(), sd.econtent.p,
					   sd.econtent.n),
		       attr_ess_v2(signer->cert, EVP_sha256()) };
	si_sign(si, signer, EVP_sha256(), 0, attrs, 4, ORDER_DER);
	for (size_t i = 0; i < nu; i++)
		si_add_unsigned(si, uattrs[i]);
	sd.certs[sd.nc++] = signer->cert;
	sd.certs[sd.nc++] = k->ca_rsa.cert;
	sd.sis[sd.nsi++] = si;
	D tok = sd_der(&sd);
	si_free(si);
	free(si);
	sd_free(&sd);
	BIO_free(b);
	TS_RESP_free(resp);
	TS_REQ_free(rq);
	TS_MSG_IMPRINT_free(mi);
	X509_ALGOR_free(alg);
	ASN1_OBJECT_free(pol);
	TS_RESP_CTX_free(c);
	return tok;
}

long tst_serial = 0x5000;

/* signature-time-stamp (TS 101 733 6.1.1): imprint over the signature
 * value octets of the SignerInfo. */
void add_signature_tst(pki *k, SI *si, ent *tsa, time_t gen, int bad_imprint)
{
	D h = bad_imprint ? d_hash(EVP_sha256(), "other bytes", 11)
			  : d_hash(EVP_sha256(), si->sig.p, si->sig.n);
	D tok = tst_token(k, tsa, h.p, h.n, gen, tst_serial++, NULL, 0);
	d_free(&h);
	si_add_unsigned(si, attr("1.2.840.113549.1.9.16.2.14", tok));
}

static D other_hash(const void *p, size_t n)
{
	D h = d_hash(EVP_sha256(), p, n);
	D r = SEQ(d_algid("2.16.840.1.101.3.4.2.1", 0), d_octet(h.p, h.n));
	d_free(&h);
	return r;
}

static D cert_ref(const X509 *x)
{
	D c = d_x509(x);
	D r = SEQ(other_hash(c.p, c.n), issuer_serial(x));
	d_free(&c);
	return r;
}

static D crl_ref(const X509_CRL *crl)
{
	D c = d_crl(crl);
	const ASN1_INTEGER *num =
		X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	D numd = d_int_bytes(num->data, (size_t)num->length);
	ASN1_INTEGER_free((ASN1_INTEGER *)num);
	const ASN1_TIME *lu = X509_CRL_get0_lastUpdate(crl);
	ASN1_TIME *copy = ASN1_TIME_dup(lu);
	struct tm tm;
	ASN1_TIME_to_tm(copy, &tm);
	ASN1_TIME_free(copy);
	D r = SEQ(other_hash(c.p, c.n),
		  SEQ(d_name(X509_CRL_get_issuer(crl)), d_utctime(timegm(&tm)),
		      numd));
	d_free(&c);
	return r;
}

static D ocsp_ref(ent *responder, D basic, const char *produced)
{
	unsigned char kh[20];
	unsigned int l = 0;
	X509_pubkey_digest(responder->cert, EVP_sha1(), kh, &l);
	return SEQ(SEQ(d_tlv(0xa2, d_octet(kh, 20)), d_gentime(ts(produced))),
		   other_hash(basic.p, basic.n));
}

/* CAdES-X-L (TS 101 733 6.2.1, 6.2.2, 6.3.3, 6.3.4): complete-certificate-
 * refs / complete-revocation-refs and the matching values.  The refs list
 * the path above the signer; the revocation refs run signer first, then
 * the issuing CA. */
void add_xl(pki *k, SI *si, int ocsp_kind, int with_crl, int refs_bad)
{
	ent *ca, *root;
	chain_of(k, si->e, &ca, &root);
	X509_CRL *cacrl = ca == &k->ca_ec ? k->crl_ca_ec : k->crl_ca_rsa;
	X509_CRL *rootcrl = root == &k->root_ec ? k->crl_root_ec : k->crl_root_rsa;
	ent *responder = NULL;
	const char *produced = ocsp_kind == XL_OCSP_STALE ? "20260401110000"
							  : T_REVINFO;
	D basic = ocsp_kind == XL_OCSP_NONE
			  ? d_empty()
			  : ocsp_basic_for(k, si->e, ocsp_kind, &responder);
	/* refs_bad: the refs name the look-alike CA while the values carry
	 * the real one (refs and values must match, TS 101 733 6.3.3). */
	si_add_unsigned(si, attr("1.2.840.113549.1.9.16.2.21",
				 SEQ(cert_ref(refs_bad ? k->rogue_ca.cert : ca->cert),
				     cert_ref(root->cert))));
	D signer_ref = d_empty();
	if (with_crl)
		d_append(&signer_ref, d_tlv(0xa0, SEQ(SEQ(crl_ref(cacrl)))));
	if (basic.n)
		d_append(&signer_ref,
			 d_tlv(0xa1, SEQ(SEQ(ocsp_ref(responder, basic, produced)))));
	si_add_unsigned(si, attr("1.2.840.113549.1.9.16.2.22",
				 SEQ(d_tlv(0x30, signer_ref),
				     SEQ(d_tlv(0xa0, SEQ(SEQ(crl_ref(rootcrl))))))));
	si_add_unsigned(si, attr("1.2.840.113549.1.9.16.2.23",
				 SEQ(d_x509(ca->cert), d_x509(root->cert))));
	/* The signature time-stamp's TSA (under ca-rsa) is checked for
	 * revocation too: when the values of the signer's path do not cover
	 * the TSA's, an OCSP answer about it (and root-rsa's CRL) join them. */
	D cv = with_crl ? CAT(d_crl(cacrl), d_crl(rootcrl)) : d_crl(rootcrl);
	D tsa_ocsp = d_empty();
	if (ca != &k->ca_rsa || !with_crl) {
		ent *tr = NULL;
		tsa_ocsp = ocsp_basic_for(k, &k->tsa, XL_OCSP_GOOD, &tr);
	}
	if (ca != &k->ca_rsa)
		d_append(&cv, d_crl(k->crl_root_rsa));
	D crlvals = d_tlv(0x30, cv);
	D rv = d_tlv(0xa0, crlvals);
	if (basic.n || tsa_ocsp.n) {
		D ov = d_empty();
		if (basic.n)
			d_append(&ov, d_dup(basic));
		if (tsa_ocsp.n)
			d_append(&ov, tsa_ocsp);
		d_append(&rv, d_tlv(0xa1, d_tlv(0x30, ov)));
	}
	si_add_unsigned(si, attr("1.2.840.113549.1.9.16.2.24", d_tlv(0x30, rv)));
	d_free(&basic);
}

/* Length of the header of the DER element at q and its content length. */
static size_t der_hdr(const unsigned char *q, size_t *len)
{
	if (!(q[1] & 0x80)) {
		*len = q[1];
		return 2;
	}
	size_t nb = q[1] & 0x7f;
	*len = 0;
	for (size_t j = 0; j < nb; j++)
		*len = (*len << 8) | q[2 + j];
	return 2 + nb;
}

/* Append H(each element of the constructed DER item `c`) to `dst`. */
static void hash_children(const EVP_MD *md, D c, D *dst)
{
	size_t len, off = der_hdr(c.p, &len);
	while (off < c.n) {
		size_t el, hl = der_hdr(c.p + off, &el);
		D h = d_hash(md, c.p + off, hl + el);
		d_append(dst, d_octet(h.p, h.n));
		d_free(&h);
		off += hl + el;
	}
}

/* unsignedAttrValuesHashIndex entries of one Attribute (EN 319 122-1
 * 5.5.2): H(attrType TLV || one AttributeValue TLV) for every value of
 * Attribute.attrValues. */
static void hash_attr_values(const EVP_MD *md, D a, D *dst)
{
	size_t len, off = der_hdr(a.p, &len);
	size_t tl, th = der_hdr(a.p + off, &tl);
	const unsigned char *type = a.p + off;
	size_t typelen = th + tl;
	size_t sl, sh = der_hdr(a.p + off + typelen, &sl);
	size_t v = off + typelen + sh, vend = off + typelen + sh + sl;
	while (v < vend) {
		size_t vl, vh = der_hdr(a.p + v, &vl);
		D in = CAT(d_raw(type, typelen), d_raw(a.p + v, vh + vl));
		D h = d_hash(md, in.p, in.n);
		d_free(&in);
		d_append(dst, d_octet(h.p, h.n));
		d_free(&h);
		v += vh + vl;
	}
}

/* archive-time-stamp-v3 (id-aa-ets-archiveTimestampV3, 0.4.0.1733.2.4):
 *   imprint = H( eContentType TLV || H(signed content) || SignerInfo
 *                fields version..signature || hash index value TLV )
 * (EN 319 122-1 5.5.3).  The hash index is an unsigned attribute of the
 * token's SignerInfo, in one of two forms:
 *  ATS_EN319122: ats-hash-index-v3 (0.4.0.19122.1.5, EN 319 122-1 5.5.2):
 *    H(each SignedData.certificates item), H(each SignedData.crls item),
 *    and unsignedAttrValuesHashIndex = H(attrType || one AttributeValue)
 *    for every value of every unsigned attribute; hashIndAlgorithm is
 *    written out (Annex D has no DEFAULT for it).
 *  ATS_TS101733: ATSHashIndex (0.4.0.1733.2.5, TS 101 733 v2.2.1 6.4.2):
 *    same certificate and CRL lists, unsignedAttrsHashIndex = H(whole
 *    Attribute), hashIndAlgorithm omitted (DEFAULT id-sha256).
 * `bad`: 1 imprint over other content, 2 an extra certificate entry that
 * matches nothing, 3 the last unsigned attribute value not indexed, 4 an
 * unsigned attribute entry changed, 5 the index hashed with SHA-384, 6 a
 * second (TS 101 733) hash index attribute in the token.
 * ATS_EN319122_DEFAULT_ALG: the EN form with hashIndAlgorithm omitted
 * (its DEFAULT in the clause body of 5.5.2). */
void add_ats_v3(pki *k, SD *sd, SI *si, time_t gen, int bad, int form)
{
	int noalg = form != ATS_EN319122;
	if (form == ATS_EN319122_DEFAULT_ALG)
		form = ATS_EN319122;
	/* bad 5: the index hashed with SHA-384 under an imprint of SHA-256 */
	const EVP_MD *md = bad == 5 ? EVP_sha384() : EVP_sha256();
	D certs = d_empty(), crls = d_empty(), ua = d_empty();
	/* Hash the certificates in their encoded (DER-sorted) order. */
	D c[16];
	for (size_t i = 0; i < sd->nc; i++)
		c[i] = d_x509(sd->certs[i]);
	D set = d_set_sorted(sd->nc, c);
	hash_children(md, set, &certs);
	d_free(&set);
	for (size_t i = 0; i < sd->ncrl; i++) {
		D h = d_hash(md, sd->crls[i].p, sd->crls[i].n);
		d_append(&crls, d_octet(h.p, h.n));
		d_free(&h);
	}
	for (size_t i = 0; i < si->nu; i++) {
		if (bad == 3 && i + 1 == si->nu)
			break;
		if (form == ATS_EN319122) {
			hash_attr_values(md, si->uattrs[i], &ua);
		} else {
			D h = d_hash(md, si->uattrs[i].p, si->uattrs[i].n);
			d_append(&ua, d_octet(h.p, h.n));
			d_free(&h);
		}
	}
	if (bad == 4)
		ua.p[ua.n - 1] ^= 0x01; /* the last entry's last octet */
	if (bad == 2) {
		/* an index entry that matches nothing in the SignedData */
		D h = d_hash(md, "not a certificate", 17);
		d_append(&certs, d_octet(h.p, h.n));
		d_free(&h);
	}
	D index = noalg ? SEQ(d_tlv(0x30, certs), d_tlv(0x30, crls), d_tlv(0x30, ua))
			: SEQ(d_algid(md_oid(md), 0), d_tlv(0x30, certs),
			      d_tlv(0x30, crls), d_tlv(0x30, ua));
	md = EVP_sha256(); /* the imprint's algorithm */
	D content_hash = bad == 1 ? d_hash(md, "other content", 13)
				  : d_hash(md, sd->econtent.p, sd->econtent.n);
	D input = CAT(d_oid(sd->ectype), content_hash, si_fields(si),
		      d_dup(index));
	D imprint = d_hash(md, input.p, input.n);
	d_free(&input);
	D hi[2] = { attr(form == ATS_EN319122 ? "0.4.0.19122.1.5"
					      : "0.4.0.1733.2.5", d_dup(index)),
		    d_empty() };
	size_t nhi = 1;
	if (bad == 6) /* a second hash index: which one counts? */
		hi[nhi++] = attr("0.4.0.1733.2.5", d_dup(index));
	d_free(&index);
	D tok = tst_token(k, &k->tsa, imprint.p, imprint.n, gen, tst_serial++,
			  hi, nhi);
	if (nhi == 1)
		d_free(&hi[1]);
	d_free(&imprint);
	si_add_unsigned(si, attr("0.4.0.1733.2.4", tok));
}

/* archive-time-stamp-v2 (TS 101 733 v1.8.3 6.4.1, id-aa-ets-archive
 * TimestampV2, 2.48) and the archive time-stamp v1 (id-aa-ets-archive
 * Timestamp, 2.27) as TS 101 733 v1.5.1 to v1.6.3 define it, identical to
 * v2 when the content is inside encapContentInfo (TS 101 733 v1.7.4
 * 6.4.1 NOTE): imprint over encapContentInfo (whole TLV), the external
 * content when it is detached, certificates and crls fields as encoded, then every
 * SignerInfo field including the unsignedAttrs present before this
 * time-stamp.  `bad`: the imprint over other content. */
void add_ats_v2(pki *k, SD *sd, SI *si, time_t gen, int v1, int bad)
{
	const EVP_MD *md = EVP_sha256();
	D content = bad ? d_raw("other content", 13)
			: d_raw(sd->econtent.p, sd->econtent.n);
	D input;
	if (sd->attached) {
		input = SEQ(d_oid(sd->ectype),
			    d_tlv(0xa0, d_octet(content.p, content.n)));
		d_free(&content);
	} else if (v1) {
		/* v1.5.1-v1.6.3 leave detached content out (the verifier
		 * calls this input undefined) */
		input = SEQ(d_oid(sd->ectype));
		d_free(&content);
	} else {
		/* v2: the external content follows encapContentInfo */
		input = CAT(SEQ(d_oid(sd->ectype)), content);
	}
	if (sd->nc) {
		D c[16];
		for (size_t i = 0; i < sd->nc; i++)
			c[i] = d_x509(sd->certs[i]);
		D set = d_set_sorted(sd->nc, c);
		set.p[0] = 0xa0;
		d_append(&input, set);
	}
	if (sd->ncrl) {
		D c[8];
		for (size_t i = 0; i < sd->ncrl; i++)
			c[i] = d_dup(sd->crls[i]);
		D set = d_set_sorted(sd->ncrl, c);
		set.p[0] = 0xa1;
		d_append(&input, set);
	}
	d_append(&input, si_fields(si));
	if (si->nu) {
		D u[16];
		for (size_t i = 0; i < si->nu; i++)
			u[i] = d_dup(si->uattrs[i]);
		D set = d_set_sorted(si->nu, u);
		set.p[0] = 0xa1;
		d_append(&input, set);
	}
	D imprint = d_hash(md, input.p, input.n);
	d_free(&input);
	D tok = tst_token(k, &k->tsa, imprint.p, imprint.n, gen, tst_serial++,
			  NULL, 0);
	d_free(&imprint);
	si_add_unsigned(si, attr(v1 ? "1.2.840.113549.1.9.16.2.27"
				    : "1.2.840.113549.1.9.16.2.48", tok));
}

/* attrType and attrValues of every unsigned attribute of type `oid`, i.e.
 * the Attribute without its outer SEQUENCE header (TS 101 733 6.3.5
 * NOTE 2), appended to `dst`. */
static void attr_type_values(const SI *si, const char *oid, D *dst)
{
	D o = d_oid(oid);
	for (size_t i = 0; i < si->nu; i++) {
		size_t len, hl = der_hdr(si->uattrs[i].p, &len);
		if (len >= o.n && memcmp(si->uattrs[i].p + hl, o.p, o.n) == 0)
			d_append(dst, d_raw(si->uattrs[i].p + hl, len));
	}
	d_free(&o);
}

/* CAdES-X time-stamps (TS 101 733 v2.2.1 6.3.5 and 6.3.6):
 * type 1, id-aa-ets-escTimeStamp (2.25): the imprint is over the signature
 * value octets, then the signature-time-stamp, complete-certificate-refs
 * and complete-revocation-refs attributes (type and values); type 2,
 * id-aa-ets-certCRLTimestamp (2.26): over the two refs attributes only.
 * `bad`: the imprint leaves complete-revocation-refs out. */
void add_x_timestamp(pki *k, SI *si, int type, time_t gen, int bad)
{
	D input = type == 1 ? d_raw(si->sig.p, si->sig.n) : d_empty();
	if (type == 1)
		attr_type_values(si, "1.2.840.113549.1.9.16.2.14", &input);
	attr_type_values(si, "1.2.840.113549.1.9.16.2.21", &input);
	if (!bad)
		attr_type_values(si, "1.2.840.113549.1.9.16.2.22", &input);
	D h = d_hash(EVP_sha256(), input.p, input.n);
	d_free(&input);
	D tok = tst_token(k, &k->tsa, h.p, h.n, gen, tst_serial++, NULL, 0);
	d_free(&h);
	si_add_unsigned(si, attr(type == 1 ? "1.2.840.113549.1.9.16.2.25"
					   : "1.2.840.113549.1.9.16.2.26", tok));
}

/* countersignature (RFC 5652 11.4): a SignerInfo whose message-digest is
 * over the countersigned signature value; no content-type attribute. */
D countersign(pki *k, const SI *target, ent *e, const EVP_MD *md, time_t t)
{
	(void)k;
	D attrs[3] = { attr_message_digest(md, target->sig.p, target->sig.n),
		       attr_signing_time(t), attr_ess_v2(e->cert, EVP_sha256()) };
	SI cs;
	si_sign(&cs, e, md, 0, attrs, 3, ORDER_DER);
	D r = attr("1.2.840.113549.1.9.6", si_der(&cs));
	si_free(&cs);
	return r;
}
