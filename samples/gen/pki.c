/*
 * The okc-intake TEST PKI, modelled on the Turkish NES profile
 * (BTK "NES, SİL ve OCSP Profilleri"; see doc notes in samples/README).
 * Keys are read from pki/keys/ (committed, test-only) and generated only
 * when missing, so certificates and RSA signatures come out identical on
 * every run; ECDSA signatures differ per run (OpenSSL 3.0 has no RFC 6979).
 */
#define _GNU_SOURCE
/* The deterministic ECDSA below needs ECDSA_do_sign_ex (deprecated in
 * OpenSSL 3.0, which has no RFC 6979 mode). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "gen.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#define URL "http://127.0.0.1:" PORT

static const char QC_NES_TEXT[] =
	"Bu sertifika, 5070 sayılı Elektronik İmza Kanununa göre nitelikli "
	"elektronik sertifikadır. TEST amaçlıdır, gerçek işlemlerde "
	"kullanılamaz!";
static const char QC_SEAL_TEXT[] =
	"Bu sertifika, güvenli elektronik imza oluşturmak amacıyla "
	"kullanılamaz. TEST amaçlıdır.";

static EVP_PKEY *load_or_make_key(const char *outdir, const char *name,
				  const char *type, int bits,
				  const char *curve)
{
	char rel[256];
	snprintf(rel, sizeof rel, "pki/keys/%s.key", name);
	char *path = path_join(outdir, rel);
	EVP_PKEY *k = NULL;
	FILE *f = fopen(path, "r");
	if (f) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
		if (!k)
			die("cannot read %s", path);
	} else {
		if (curve)
			k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
		else
			k = EVP_PKEY_Q_keygen(NULL, NULL, type, (size_t)bits);
		if (!k)
			die("keygen %s", name);
		BIO *b = BIO_new(BIO_s_mem());
		if (!PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL))
			die("write key");
		char *p;
		long n = BIO_get_mem_data(b, &p);
		write_file(outdir, rel, p, (size_t)n);
		BIO_free(b);
	}
	free(path);
	return k;
}

static void add_raw_ext(X509 *x, const char *oid, int crit, D value)
{
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	ASN1_OCTET_STRING_set(os, value.p, (int)value.n);
	X509_EXTENSION *e = X509_EXTENSION_create_by_OBJ(NULL, o, crit, os);
	if (!e || !X509_add_ext(x, e, -1))
		die("add ext %s", oid);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(o);
	d_free(&value);
}

static void add_conf_ext(X509 *x, X509 *issuer, int nid, const char *val)
{
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, val);
	if (!e || !X509_add_ext(x, e, -1))
		die("ext %s=%s", OBJ_nid2sn(nid), val);
	X509_EXTENSION_free(e);
}

/* certificatePolicies with a CPS pointer (RFC 5280 4.2.1.4). */
static D policies(const char *oid)
{
	return SEQ(SEQ(d_oid(oid),
		       SEQ(SEQ(d_oid("1.3.6.1.5.5.7.2.1"),
			       d_str(0x16, URL "/ilke/test-nes-sue")))));
}

/* qcStatements (RFC 3739 / ETSI EN 319 412-5) as the Turkish NES profile
 * carries them; QcLimitValue as in the Kamu SM leaves: TRY, 0, 0. */
static D qc_nes(void)
{
	return SEQ(SEQ(d_oid("0.4.0.1862.1.1")),
		   SEQ(d_oid("2.16.792.1.61.0.1.5070.1.1"),
		       d_str(0x0c, QC_NES_TEXT)),
		   SEQ(d_oid("0.4.0.1862.1.2"),
		       SEQ(d_str(0x13, "TRY"), d_int(0), d_int(0))));
}

static D qc_seal(void)
{
	return SEQ(SEQ(d_oid("0.4.0.1862.1.1")),
		   SEQ(d_oid("2.16.792.1.61.0.1.5070.2.1")),
		   SEQ(d_oid("2.16.792.1.61.0.1.5070.2.2"),
		       d_str(0x0c, QC_SEAL_TEXT)));
}

D sign_raw(EVP_PKEY *key, const EVP_MD *md, int pss, D tbs);

static D algor_der(const X509_ALGOR *a)
{
	unsigned char *p = NULL;
	int n = i2d_X509_ALGOR(a, &p);
	if (n <= 0)
		die("algor");
	D d = d_raw(p, (size_t)n);
	OPENSSL_free(p);
	return d;
}

/* X509_sign/X509_CRL_sign set the algorithm fields; the signature is then
 * replaced by sign_raw()'s deterministic one (same bytes on every run). */
static X509 *resign_cert(X509 *x, EVP_PKEY *key, const EVP_MD *md)
{
	unsigned char *p = NULL;
	int n = i2d_re_X509_tbs(x, &p);
	D tbs = d_raw(p, (size_t)n);
	OPENSSL_free(p);
	const X509_ALGOR *alg;
	X509_get0_signature(NULL, &alg, x);
	D sig = sign_raw(key, md, 0, d_dup(tbs));
	D der = SEQ(tbs, algor_der(alg), d_bits(sig.p, sig.n));
	d_free(&sig);
	const unsigned char *q = der.p;
	X509 *y = d2i_X509(NULL, &q, (long)der.n);
	if (!y)
		die("resign cert");
	d_free(&der);
	X509_free(x);
	return y;
}

static X509_CRL *resign_crl(X509_CRL *c, EVP_PKEY *key, const EVP_MD *md)
{
	unsigned char *p = NULL;
	int n = i2d_re_X509_CRL_tbs(c, &p);
	D tbs = d_raw(p, (size_t)n);
	OPENSSL_free(p);
	const X509_ALGOR *alg;
	X509_CRL_get0_signature(c, NULL, &alg);
	D sig = sign_raw(key, md, 0, d_dup(tbs));
	D der = SEQ(tbs, algor_der(alg), d_bits(sig.p, sig.n));
	d_free(&sig);
	const unsigned char *q = der.p;
	X509_CRL *y = d2i_X509_CRL(NULL, &q, (long)der.n);
	if (!y)
		die("resign crl");
	d_free(&der);
	X509_CRL_free(c);
	return y;
}

enum prof {
	P_ROOT, P_CA, P_NES, P_NONQUAL, P_ESEAL, P_MALI, P_NES_NONR, P_TSA,
	P_OCSP
};

static X509_NAME *mkname(const char *c, const char *o, const char *sn,
			 const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	if (c)
		X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8,
					   (const unsigned char *)c, -1, -1, 0);
	if (o)
		X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
					   (const unsigned char *)o, -1, -1, 0);
	if (sn)
		X509_NAME_add_entry_by_txt(n, "serialNumber", MBSTRING_UTF8,
					   (const unsigned char *)sn, -1, -1, 0);
	if (!X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
					(const unsigned char *)cn, -1, -1, 0))
		die("name %s", cn);
	return n;
}

static void mkcert(const char *outdir, ent *e, ent *iss, X509_NAME *subj,
		   long serial, const char *nb, const char *na, enum prof p,
		   const char *crl_stem)
{
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_set_subject_name(x, subj);
	X509_set_issuer_name(x, iss ? X509_get_subject_name(iss->cert) : subj);
	ASN1_TIME *t = ASN1_TIME_set(NULL, ts(nb));
	X509_set1_notBefore(x, t);
	ASN1_TIME_set(t, ts(na));
	X509_set1_notAfter(x, t);
	ASN1_TIME_free(t);
	X509_set_pubkey(x, e->key);
	X509 *ic = iss ? iss->cert : x;
	add_conf_ext(x, ic, NID_subject_key_identifier, "hash");
	if (iss)
		add_conf_ext(x, ic, NID_authority_key_identifier, "keyid");
	char buf[512];
	switch (p) {
	case P_ROOT:
		add_conf_ext(x, ic, NID_basic_constraints, "critical,CA:TRUE");
		add_conf_ext(x, ic, NID_key_usage, "critical,keyCertSign,cRLSign");
		break;
	case P_CA:
		add_conf_ext(x, ic, NID_basic_constraints,
			     "critical,CA:TRUE,pathlen:0");
		add_conf_ext(x, ic, NID_key_usage, "critical,keyCertSign,cRLSign");
		add_raw_ext(x, "2.5.29.32", 0, policies("2.5.29.32.0"));
		break;
	case P_NES:
	case P_NONQUAL:
	case P_NES_NONR:
	case P_ESEAL:
		add_conf_ext(x, ic, NID_basic_constraints, "critical,CA:FALSE");
		add_conf_ext(x, ic, NID_key_usage,
			     p == P_NES_NONR ? "critical,digitalSignature"
					     : "critical,digitalSignature,nonRepudiation");
		add_raw_ext(x, "2.5.29.32", 0,
			    policies(p == P_ESEAL ? "2.16.792.1.2.1.1.5.7.1.10"
				     : p == P_NONQUAL ? "2.16.792.1.2.1.1.5.7.1.4.1"
						      : "2.16.792.1.2.1.1.5.7.1.1"));
		if (p == P_NES || p == P_NES_NONR)
			add_raw_ext(x, "1.3.6.1.5.5.7.1.3", 0, qc_nes());
		else if (p == P_ESEAL)
			add_raw_ext(x, "1.3.6.1.5.5.7.1.3", 0, qc_seal());
		break;
	case P_MALI:
		/* Mali Mühür: digitalSignature only, no qcStatements, policy
		 * 5.7.4.1 and the Kamu SM mali mühür EKU. */
		add_conf_ext(x, ic, NID_basic_constraints, "critical,CA:FALSE");
		add_conf_ext(x, ic, NID_key_usage, "critical,digitalSignature");
		add_conf_ext(x, ic, NID_ext_key_usage, "2.16.792.1.2.1.1.5.7.50.1");
		add_raw_ext(x, "2.5.29.32", 0, policies("2.16.792.1.2.1.1.5.7.4.1"));
		break;
	case P_TSA:
		add_conf_ext(x, ic, NID_basic_constraints, "critical,CA:FALSE");
		add_conf_ext(x, ic, NID_key_usage,
			     "critical,digitalSignature,nonRepudiation");
		add_conf_ext(x, ic, NID_ext_key_usage, "critical,timeStamping");
		break;
	case P_OCSP:
		add_conf_ext(x, ic, NID_basic_constraints, "critical,CA:FALSE");
		add_conf_ext(x, ic, NID_key_usage, "critical,digitalSignature");
		add_conf_ext(x, ic, NID_ext_key_usage, "OCSPSigning");
		add_raw_ext(x, "1.3.6.1.5.5.7.48.1.5", 0, d_null());
		break;
	}
	if (iss && crl_stem) {
		snprintf(buf, sizeof buf, "URI:" URL "/crl/%s.crl", crl_stem);
		add_conf_ext(x, ic, NID_crl_distribution_points, buf);
		if (p != P_CA) {
			snprintf(buf, sizeof buf,
				 "OCSP;URI:" URL "/ocsp/%s,caIssuers;URI:" URL
				 "/ca/%s.crt", crl_stem, crl_stem);
			add_conf_ext(x, ic, NID_info_access, buf);
		}
	}
	EVP_PKEY *sk = iss ? iss->key : e->key;
	const EVP_MD *md = EVP_PKEY_is_a(sk, "EC") ? EVP_sha384() : EVP_sha256();
	if (!X509_sign(x, sk, md))
		die("sign %s", e->name);
	x = resign_cert(x, sk, md);
	X509_NAME_free(subj);
	e->cert = x;
	char rel[256];
	snprintf(rel, sizeof rel, "pki/%s.pem", e->name);
	BIO *b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	char *pp;
	long n = BIO_get_mem_data(b, &pp);
	write_file(outdir, rel, pp, (size_t)n);
	BIO_free(b);
}

static void mkkey(const char *outdir, ent *e, const char *name,
		  const char *curve, int bits)
{
	e->name = name;
	e->key = load_or_make_key(outdir, name, "RSA", bits, curve);
}

/* ---- CRLs (RFC 5280 5) ---- */
static X509_CRL *mkcrl(const char *outdir, ent *iss, const char *stem,
		       long number, const long *serials, const char *const *revtime,
		       size_t nrev)
{
	X509_CRL *c = X509_CRL_new();
	X509_CRL_set_version(c, 1);
	X509_CRL_set_issuer_name(c, X509_get_subject_name(iss->cert));
	ASN1_TIME *t = ASN1_TIME_set(NULL, ts(T_REVINFO));
	X509_CRL_set1_lastUpdate(c, t);
	ASN1_TIME_set(t, ts(T_REVINFO) + 7 * 86400);
	X509_CRL_set1_nextUpdate(c, t);
	for (size_t i = 0; i < nrev; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *s = ASN1_INTEGER_new();
		ASN1_INTEGER_set(s, serials[i]);
		X509_REVOKED_set_serialNumber(r, s);
		ASN1_INTEGER_free(s);
		ASN1_TIME_set(t, ts(revtime[i]));
		X509_REVOKED_set_revocationDate(r, t);
		ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
		ASN1_ENUMERATED_set(reason, 1); /* keyCompromise */
		X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason, 0, 0);
		ASN1_ENUMERATED_free(reason);
		X509_CRL_add0_revoked(c, r);
	}
	ASN1_TIME_free(t);
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	ASN1_INTEGER_set(num, number);
	X509_CRL_add1_ext_i2d(c, NID_crl_number, num, 0, 0);
	ASN1_INTEGER_free(num);
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, iss->cert, NULL, NULL, c, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx,
						NID_authority_key_identifier,
						"keyid");
	if (!e || !X509_CRL_add_ext(c, e, -1))
		die("crl aki");
	X509_EXTENSION_free(e);
	X509_CRL_sort(c);
	const EVP_MD *md = EVP_PKEY_is_a(iss->key, "EC") ? EVP_sha384()
							: EVP_sha256();
	if (!X509_CRL_sign(c, iss->key, md))
		die("crl sign");
	c = resign_crl(c, iss->key, md);
	char rel[256];
	snprintf(rel, sizeof rel, "pki/crl/%s.crl", stem);
	D d = d_crl(c);
	write_file(outdir, rel, d.p, d.n);
	d_free(&d);
	return c;
}

/* ---- OCSP (RFC 6960 4.2) written by hand so producedAt is fixed. ---- */
enum { OCSP_GOOD, OCSP_REVOKED, OCSP_UNKNOWN };

static D certid(X509 *issuer, X509 *subject)
{
	unsigned char nh[20], kh[20];
	unsigned int l = 0;
	if (!X509_NAME_digest(X509_get_subject_name(issuer), EVP_sha1(), nh, &l))
		die("name digest");
	if (!X509_pubkey_digest(issuer, EVP_sha1(), kh, &l))
		die("key digest");
	const ASN1_INTEGER *s = X509_get0_serialNumber(subject);
	return SEQ(d_algid("1.3.14.3.2.26", 1), d_octet(nh, 20),
		   d_octet(kh, 20), d_int_bytes(s->data, (size_t)s->length));
}

/* ECDSA with k = HMAC-SHA-512(private key, H(m)) mod n: not RFC 6979, but
 * deterministic, so regenerating the samples gives identical files.  Test
 * keys only: a per-message deterministic k is safe, a reused one is not. */
static D det_ecdsa(EVP_PKEY *key, const EVP_MD *md, D tbs)
{
	EC_KEY *ec = EVP_PKEY_get1_EC_KEY(key);
	const EC_GROUP *g = EC_KEY_get0_group(ec);
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *order = BN_new(), *k = NULL, *x = BN_new(), *kinv = NULL;
	EC_GROUP_get_order(g, order, bc);
	D h = d_hash(md, tbs.p, tbs.n);
	unsigned char pb[80], mac[64];
	unsigned int ml = 0;
	int pl = BN_bn2binpad(EC_KEY_get0_private_key(ec), pb,
			      (BN_num_bits(order) + 7) / 8);
	if (pl <= 0 || !HMAC(EVP_sha512(), pb, pl, h.p, h.n, mac, &ml))
		die("ecdsa k");
	k = BN_bin2bn(mac, (int)ml, NULL);
	BN_mod(k, k, order, bc);
	EC_POINT *R = EC_POINT_new(g);
	if (BN_is_zero(k) || !EC_POINT_mul(g, R, k, NULL, NULL, bc) ||
	    !EC_POINT_get_affine_coordinates(g, R, x, NULL, bc) ||
	    !BN_nnmod(x, x, order, bc) ||
	    !(kinv = BN_mod_inverse(NULL, k, order, bc)))
		die("ecdsa setup");
	ECDSA_SIG *sig = ECDSA_do_sign_ex(h.p, (int)h.n, kinv, x, ec);
	if (!sig)
		die("ecdsa sign");
	unsigned char *der = NULL;
	int n = i2d_ECDSA_SIG(sig, &der);
	D r = d_raw(der, (size_t)n);
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EC_POINT_free(R);
	BN_free(order);
	BN_free(k);
	BN_free(x);
	BN_free(kinv);
	BN_CTX_free(bc);
	EC_KEY_free(ec);
	d_free(&h);
	d_free(&tbs);
	return r;
}

/* RSASSA-PSS (RFC 8017 9.1.1 EMSA-PSS-ENCODE, MGF1 with the same hash,
 * salt length = hash length) with the salt derived from the message hash
 * instead of random, then the raw RSA private operation. */
static D det_pss(EVP_PKEY *key, const EVP_MD *md, D tbs)
{
	size_t hl = (size_t)EVP_MD_get_size(md);
	size_t embits = (size_t)EVP_PKEY_get_bits(key) - 1;
	size_t emlen = (embits + 7) / 8, klen = (size_t)EVP_PKEY_get_size(key);
	D mh = d_hash(md, tbs.p, tbs.n);
	D sd = CAT(d_raw("okc-samplegen PSS salt", 22), d_dup(mh));
	D salt = d_hash(md, sd.p, sd.n);
	D mp = CAT(d_raw("\0\0\0\0\0\0\0\0", 8), d_dup(mh), d_dup(salt));
	D H = d_hash(md, mp.p, mp.n);
	size_t dblen = emlen - hl - 1;
	unsigned char *db = calloc(1, dblen), *em = calloc(1, klen);
	db[dblen - hl - 1] = 0x01;
	memcpy(db + dblen - hl, salt.p, hl);
	for (size_t off = 0, c = 0; off < dblen; c++) {
		unsigned char cb[4] = { (unsigned char)(c >> 24), (unsigned char)(c >> 16),
					(unsigned char)(c >> 8), (unsigned char)c };
		D in = CAT(d_dup(H), d_raw(cb, 4));
		D mask = d_hash(md, in.p, in.n);
		for (size_t i = 0; i < mask.n && off < dblen; i++)
			db[off++] ^= mask.p[i];
		d_free(&in);
		d_free(&mask);
	}
	db[0] &= (unsigned char)(0xff >> (8 * emlen - embits));
	memcpy(em + klen - emlen, db, dblen);
	memcpy(em + klen - emlen + dblen, H.p, hl);
	em[klen - 1] = 0xbc;
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(key, NULL);
	size_t sl = klen;
	unsigned char *sig = malloc(klen);
	if (!pc || EVP_PKEY_sign_init(pc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) <= 0 ||
	    EVP_PKEY_sign(pc, sig, &sl, em, klen) <= 0)
		die("pss raw sign");
	D r = d_raw(sig, sl);
	free(sig);
	free(db);
	free(em);
	EVP_PKEY_CTX_free(pc);
	d_free(&mh);
	d_free(&sd);
	d_free(&salt);
	d_free(&mp);
	d_free(&H);
	d_free(&tbs);
	return r;
}

D sign_raw(EVP_PKEY *key, const EVP_MD *md, int pss, D tbs)
{
	if (EVP_PKEY_is_a(key, "EC"))
		return det_ecdsa(key, md, tbs);
	if (pss)
		return det_pss(key, md, tbs);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!EVP_DigestSignInit(c, NULL, md, NULL, key))
		die("sign init");
	size_t n = 0;
	if (!EVP_DigestSign(c, NULL, &n, tbs.p, tbs.n))
		die("sign size");
	unsigned char *b = OPENSSL_malloc(n);
	if (!EVP_DigestSign(c, b, &n, tbs.p, tbs.n))
		die("sign");
	D r = d_raw(b, n);
	OPENSSL_free(b);
	EVP_MD_CTX_free(c);
	d_free(&tbs);
	return r;
}


static D mkocsp(ent *responder, EVP_PKEY *signkey, X509 *issuer,
		X509 *subject, int status, const char *this_upd,
		const char *next_upd, const char *revtime)
{
	unsigned char kh[20];
	unsigned int l = 0;
	if (!X509_pubkey_digest(responder->cert, EVP_sha1(), kh, &l))
		die("rid");
	D st;
	if (status == OCSP_GOOD)
		st = d_tlv(0x80, d_empty());
	else if (status == OCSP_UNKNOWN)
		st = d_tlv(0x82, d_empty());
	else
		st = d_tlv(0xa1, CAT(d_gentime(ts(revtime)),
				     d_tlv(0xa0, d_tlv(0x0a, d_raw("\x01", 1)))));
	D single = SEQ(certid(issuer, subject), st, d_gentime(ts(this_upd)),
		       d_tlv(0xa0, d_gentime(ts(next_upd))));
	D tbs = SEQ(d_tlv(0xa2, d_octet(kh, 20)), d_gentime(ts(this_upd)),
		    SEQ(single));
	const EVP_MD *md = EVP_PKEY_is_a(signkey, "EC") ? EVP_sha384()
						       : EVP_sha256();
	D sig = sign_raw(signkey, md, 0, d_dup(tbs));
	D basic = SEQ(tbs, sigalg_for(signkey, md, 0),
		      d_bits(sig.p, sig.n),
		      d_tlv(0xa0, SEQ(d_x509(responder->cert))));
	d_free(&sig);
	return SEQ(d_tlv(0x0a, d_raw("\x00", 1)),
		   d_tlv(0xa0, SEQ(d_oid("1.3.6.1.5.5.7.48.1.1"),
				   d_octet(basic.p, basic.n))));
}

/* A BasicOCSPResponse about `subj` for CAdES revocation-values: good /
 * revoked / stale / signed by the wrong key.  Leaves of ca-ec are answered
 * by ca-ec itself, the others by the ocsp responder. */
D ocsp_basic_for(pki *k, ent *subj, int kind, ent **responder)
{
	int ec = subj == &k->nes_ec256 || subj == &k->nes_ec384;
	ent *r = ec ? &k->ca_ec : &k->ocsp;
	X509 *issuer = ec ? k->ca_ec.cert : k->ca_rsa.cert;
	EVP_PKEY *key = kind == XL_OCSP_WRONGKEY ? k->wrong_key : r->key;
	D resp;
	if (kind == XL_OCSP_STALE)
		resp = mkocsp(r, key, issuer, subj->cert, OCSP_GOOD,
			      "20260401110000", "20260402110000", NULL);
	else if (kind == XL_OCSP_REVOKED || subj == &k->revoked)
		resp = mkocsp(r, key, issuer, subj->cert, OCSP_REVOKED,
			      T_REVINFO, "20260602110000", "20260515090000");
	else if (kind == XL_OCSP_UNKNOWN)
		resp = mkocsp(r, key, issuer, subj->cert, OCSP_UNKNOWN,
			      T_REVINFO, "20260602110000", NULL);
	else
		resp = mkocsp(r, key, issuer, subj->cert, OCSP_GOOD, T_REVINFO,
			      "20260602110000", NULL);
	*responder = r;
	D b = ocsp_basic_of(resp);
	d_free(&resp);
	return b;
}

/* The BasicOCSPResponse inside an OCSPResponse (what CAdES
 * revocation-values carries, ETSI TS 101 733 6.3.4). */
D ocsp_basic_of(D resp)
{
	OCSP_RESPONSE *r = NULL;
	const unsigned char *p = resp.p;
	if (!d2i_OCSP_RESPONSE(&r, &p, (long)resp.n))
		die("ocsp parse");
	OCSP_BASICRESP *b = OCSP_response_get1_basic(r);
	unsigned char *q = NULL;
	int n = i2d_OCSP_BASICRESP(b, &q);
	if (n <= 0)
		die("ocsp basic");
	D d = d_raw(q, (size_t)n);
	OPENSSL_free(q);
	OCSP_BASICRESP_free(b);
	OCSP_RESPONSE_free(r);
	return d;
}

static D save_ocsp(const char *outdir, const char *stem, D resp)
{
	char rel[256];
	snprintf(rel, sizeof rel, "pki/ocsp/%s.der", stem);
	write_file(outdir, rel, resp.p, resp.n);
	return resp;
}

#define VALID_FROM "20250101000000"
#define VALID_TO "20350101000000"
#define CA_TO "20330101000000"
#define LEAF_FROM "20250601000000"
#define LEAF_TO "20270601000000"

void pki_build(pki *k, const char *out)
{
	const char *O = "okc-intake TEST PKI";
	mkkey(out, &k->root_ec, "root-ec", "P-384", 0);
	mkkey(out, &k->root_rsa, "root-rsa", NULL, 2048);
	mkkey(out, &k->rogue_root, "rogue-root", NULL, 2048);
	mkkey(out, &k->ca_ec, "ca-ec", "P-384", 0);
	mkkey(out, &k->ca_rsa, "ca-rsa", NULL, 2048);
	mkkey(out, &k->rogue_ca, "rogue-ca", NULL, 2048);
	mkkey(out, &k->rogue_leaf, "rogue-leaf", NULL, 2048);
	mkkey(out, &k->nes_rsa, "nes-rsa", NULL, 2048);
	mkkey(out, &k->nes_rsa2, "nes-rsa2", NULL, 2048);
	mkkey(out, &k->nes_ec256, "nes-ec256", "P-256", 0);
	mkkey(out, &k->nes_ec384, "nes-ec384", "P-384", 0);
	mkkey(out, &k->nonqual, "nonqual", NULL, 2048);
	mkkey(out, &k->eseal, "eseal", NULL, 2048);
	mkkey(out, &k->malimuhur, "malimuhur", NULL, 2048);
	mkkey(out, &k->expired, "expired", NULL, 2048);
	mkkey(out, &k->notyet, "notyet", NULL, 2048);
	mkkey(out, &k->revoked, "revoked", NULL, 2048);
	mkkey(out, &k->revoked_later, "revoked-later", NULL, 2048);
	mkkey(out, &k->rsa1024, "rsa1024", NULL, 1024);
	mkkey(out, &k->nonr, "nonr", NULL, 2048);
	mkkey(out, &k->tsa, "tsa", NULL, 2048);
	mkkey(out, &k->ocsp, "ocsp", NULL, 2048);
	k->wrong_key = load_or_make_key(out, "wrong-ocsp", "RSA", 2048, NULL);

	const char *root_rsa_cn =
		"TEST Kök Sertifika Hizmet Sağlayıcısı - RSA - TEST";
	const char *ca_rsa_cn =
		"TEST RSA Elektronik Sertifika Hizmet Sağlayıcısı - TEST";
	mkcert(out, &k->root_ec, NULL,
	       mkname("TR", O, NULL,
		      "TEST Kök Sertifika Hizmet Sağlayıcısı - EC - TEST"),
	       0x01, VALID_FROM, VALID_TO, P_ROOT, NULL);
	mkcert(out, &k->root_rsa, NULL, mkname("TR", O, NULL, root_rsa_cn),
	       0x02, VALID_FROM, VALID_TO, P_ROOT, NULL);
	mkcert(out, &k->rogue_root, NULL, mkname("TR", O, NULL, root_rsa_cn),
	       0x02, VALID_FROM, VALID_TO, P_ROOT, NULL);
	mkcert(out, &k->ca_ec, &k->root_ec,
	       mkname("TR", O, NULL,
		      "TEST EC Elektronik Sertifika Hizmet Sağlayıcısı - TEST"),
	       0x11, VALID_FROM, CA_TO, P_CA, "root-ec");
	mkcert(out, &k->ca_rsa, &k->root_rsa, mkname("TR", O, NULL, ca_rsa_cn),
	       0x12, VALID_FROM, CA_TO, P_CA, "root-rsa");
	mkcert(out, &k->rogue_ca, &k->rogue_root,
	       mkname("TR", O, NULL, ca_rsa_cn), 0x12, VALID_FROM, CA_TO, P_CA,
	       "root-rsa");

	/* Leaves.  TC Kimlik No and VKN values pass their checksums. */
	mkcert(out, &k->nes_rsa, &k->ca_rsa,
	       mkname("TR", NULL, "10000000146", "TEST Ayşe Yılmaz"), 0x1001,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->rogue_leaf, &k->rogue_ca,
	       mkname("TR", NULL, "10000000146", "TEST Ayşe Yılmaz"), 0x1001,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->nes_rsa2, &k->ca_rsa,
	       mkname("TR", NULL, "17291716060", "TEST Mehmet Öztürk"), 0x1002,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->nes_ec256, &k->ca_ec,
	       mkname("TR", NULL, "23456789060", "TEST Zeynep Çelik"), 0x2001,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-ec");
	mkcert(out, &k->nes_ec384, &k->ca_ec,
	       mkname("TR", NULL, "34567890170", "TEST Emre Şahin"), 0x2002,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-ec");
	mkcert(out, &k->nonqual, &k->ca_rsa,
	       mkname("TR", NULL, "45678901280", "TEST Can Doğan"), 0x1003,
	       LEAF_FROM, LEAF_TO, P_NONQUAL, "ca-rsa");
	mkcert(out, &k->eseal, &k->ca_rsa,
	       mkname("TR", "TEST Yazarkasa Teknoloji A.Ş.", "4540536920",
		      "TEST Yazarkasa Teknoloji A.Ş. Elektronik Mühür"),
	       0x1004, LEAF_FROM, LEAF_TO, P_ESEAL, "ca-rsa");
	mkcert(out, &k->malimuhur, &k->ca_rsa,
	       mkname("TR", NULL, "4540536920",
		      "TEST Yazarkasa Teknoloji Anonim Şirketi"),
	       0x1005, LEAF_FROM, LEAF_TO, P_MALI, "ca-rsa");
	mkcert(out, &k->expired, &k->ca_rsa,
	       mkname("TR", NULL, "56789012390", "TEST Süresi Dolmuş Kişi"),
	       0x1006, "20250301000000", "20260301000000", P_NES, "ca-rsa");
	mkcert(out, &k->notyet, &k->ca_rsa,
	       mkname("TR", NULL, "67890123400", "TEST Henüz Geçerli Değil"),
	       0x1007, "20260901000000", "20280901000000", P_NES, "ca-rsa");
	mkcert(out, &k->revoked, &k->ca_rsa,
	       mkname("TR", NULL, "78901234510", "TEST İptal Edilmiş Kişi"),
	       0x1008, LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->revoked_later, &k->ca_rsa,
	       mkname("TR", NULL, "37654321922", "TEST Sonradan İptal Edilmiş"),
	       0x100d, LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->rsa1024, &k->ca_rsa,
	       mkname("TR", NULL, "19876543238", "TEST Kısa Anahtar"), 0x1009,
	       LEAF_FROM, LEAF_TO, P_NES, "ca-rsa");
	mkcert(out, &k->nonr, &k->ca_rsa,
	       mkname("TR", NULL, "28765432164", "TEST İnkar Edilemezlik Yok"),
	       0x100a, LEAF_FROM, LEAF_TO, P_NES_NONR, "ca-rsa");
	mkcert(out, &k->tsa, &k->ca_rsa,
	       mkname("TR", O, NULL, "TEST Zaman Damgası Sunucusu - TEST"),
	       0x100b, LEAF_FROM, "20300101000000", P_TSA, "ca-rsa");
	mkcert(out, &k->ocsp, &k->ca_rsa,
	       mkname("TR", O, NULL, "TEST OCSP Sunucusu - TEST"), 0x100c,
	       LEAF_FROM, LEAF_TO, P_OCSP, "ca-rsa");

	/* `revoked` since 2026-05-15 (before any signature time-stamp);
	 * `revoked-later` at 10:30, after the 10:05 time-stamp. */
	long rev[2] = { 0x1008, 0x100d };
	const char *revt[2] = { "20260515090000", "20260601103000" };
	k->crl_ca_rsa = mkcrl(out, &k->ca_rsa, "ca-rsa", 7, rev, revt, 2);
	ent fake = { "ca-rsa", k->wrong_key, k->ca_rsa.cert };
	k->crl_ca_rsa_wrongkey = mkcrl(out, &fake, "ca-rsa-wrong-key", 7, rev,
				       revt, 2);
	k->crl_ca_ec = mkcrl(out, &k->ca_ec, "ca-ec", 3, NULL, NULL, 0);
	k->crl_root_rsa = mkcrl(out, &k->root_rsa, "root-rsa", 1, NULL, NULL, 0);
	k->crl_root_ec = mkcrl(out, &k->root_ec, "root-ec", 1, NULL, NULL, 0);

	k->ocsp_good = save_ocsp(out, "good",
		mkocsp(&k->ocsp, k->ocsp.key, k->ca_rsa.cert, k->nes_rsa.cert,
		       OCSP_GOOD, T_REVINFO, "20260602110000", NULL));
	k->ocsp_revoked = save_ocsp(out, "revoked",
		mkocsp(&k->ocsp, k->ocsp.key, k->ca_rsa.cert, k->revoked.cert,
		       OCSP_REVOKED, T_REVINFO, "20260602110000",
		       "20260515090000"));
	k->ocsp_unknown = save_ocsp(out, "unknown",
		mkocsp(&k->ocsp, k->ocsp.key, k->ca_rsa.cert, k->rogue_leaf.cert,
		       OCSP_UNKNOWN, T_REVINFO, "20260602110000", NULL));
	k->ocsp_stale = save_ocsp(out, "stale",
		mkocsp(&k->ocsp, k->ocsp.key, k->ca_rsa.cert, k->nes_rsa.cert,
		       OCSP_GOOD, "20260401110000", "20260402110000", NULL));
	k->ocsp_wrongkey = save_ocsp(out, "wrong-key",
		mkocsp(&k->ocsp, k->wrong_key, k->ca_rsa.cert, k->nes_rsa.cert,
		       OCSP_GOOD, T_REVINFO, "20260602110000", NULL));
	k->ocsp_good_ec = save_ocsp(out, "good-ec384",
		mkocsp(&k->ca_ec, k->ca_ec.key, k->ca_ec.cert, k->nes_ec384.cert,
		       OCSP_GOOD, T_REVINFO, "20260602110000", NULL));
}

/* A CRL of n revoked serials for benchmarks, encoded in one pass so that a
 * million entries stay within a few tens of MB. */
int big_crl(const char *dir, long n, const char *out)
{
	pki k;
	memset(&k, 0, sizeof k);
	mkkey(dir, &k.ca_rsa, "ca-rsa", NULL, 2048);
	char *pem = path_join(dir, "pki/ca-rsa.pem");
	FILE *f = fopen(pem, "r");
	if (!f)
		die("%s missing: run `okc-samplegen all` first", pem);
	k.ca_rsa.cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	free(pem);
	D entries = d_empty();
	size_t cap = (size_t)n * 40 + 64, len = 0;
	unsigned char *buf = malloc(cap);
	if (!buf)
		die("oom");
	D rt = d_utctime(ts("20260515090000"));
	for (long i = 0; i < n; i++) {
		unsigned char s[8];
		long v = 0x100000 + i;
		for (int j = 7; j >= 0; j--) {
			s[j] = (unsigned char)(v & 0xff);
			v >>= 8;
		}
		D e = SEQ(d_int_bytes(s, 8), d_dup(rt));
		memcpy(buf + len, e.p, e.n);
		len += e.n;
		d_free(&e);
	}
	d_free(&rt);
	d_free(&entries);
	D list = d_tlv(0x30, d_raw(buf, len));
	free(buf);
	D tbs = SEQ(d_int(1), sigalg_for(k.ca_rsa.key, EVP_sha256(), 0),
		    d_name(X509_get_subject_name(k.ca_rsa.cert)),
		    d_utctime(ts(T_REVINFO)), d_utctime(ts(T_REVINFO) + 7 * 86400),
		    list,
		    d_tlv(0xa0, SEQ(SEQ(d_oid("2.5.29.20"), d_octet("\x02\x01\x63", 3)))));
	D sig = sign_raw(k.ca_rsa.key, EVP_sha256(), 0, d_dup(tbs));
	D crl = SEQ(tbs, sigalg_for(k.ca_rsa.key, EVP_sha256(), 0),
		    d_bits(sig.p, sig.n));
	d_free(&sig);
	FILE *o = fopen(out, "wb");
	if (!o || fwrite(crl.p, 1, crl.n, o) != crl.n || fclose(o))
		die("write %s", out);
	d_free(&crl);
	EVP_PKEY_free(k.ca_rsa.key);
	X509_free(k.ca_rsa.cert);
	return 0;
}

/* ---- for the ltvrev samples (samples/gen/ltvrev.c) ---- */

void pki_extra_tsa(const char *out, ent *e, const char *name, const char *cn,
		   ent *iss, long serial)
{
	mkkey(out, e, name, NULL, 2048);
	mkcert(out, e, iss, mkname("TR", "okc-intake TEST PKI", NULL, cn), serial,
	       LEAF_FROM, "20300101000000", P_TSA, iss->name);
}

X509_CRL *pki_extra_crl(const char *out, ent *iss, const char *stem, long number,
			const long *serials, const char *const *revtime, size_t n)
{
	return mkcrl(out, iss, stem, number, serials, revtime, n);
}

D pki_extra_ocsp(const char *out, const char *stem, ent *responder, X509 *issuer,
		 X509 *subject, const char *revtime)
{
	return save_ocsp(out, stem,
		mkocsp(responder, responder->key, issuer, subject,
		       revtime ? OCSP_REVOKED : OCSP_GOOD, T_REVINFO,
		       "20260602110000", revtime));
}
