/*
 * okc-samplegen: an independent generator of the okc-intake test PKI and of
 * signed samples.  It uses OpenSSL 3 and libzip directly and never libokc,
 * so the tests that read its output are not circular.
 *
 * Everything here is TEST material: the keys are committed on purpose and
 * must never be trusted outside the test suite.
 */
#ifndef OKC_SAMPLEGEN_H
#define OKC_SAMPLEGEN_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* ---- DER builder (X.690): every function returns an owned buffer and the
 * combinators consume their arguments, so nested expressions do not leak. */
typedef struct {
	unsigned char *p;
	size_t n;
} D;

void die(const char *fmt, ...);
D d_raw(const void *p, size_t n);
D d_empty(void);
void d_free(D *d);
D d_tlv(unsigned tag, D content);
D d_cat(size_t k, D *parts);
D d_set_sorted(size_t k, D *parts);
#define D_N(...) (sizeof((D[]){ __VA_ARGS__ }) / sizeof(D))
#define CAT(...) d_cat(D_N(__VA_ARGS__), (D[]){ __VA_ARGS__ })
#define SEQ(...) d_tlv(0x30, CAT(__VA_ARGS__))
#define SETS(...) d_set_sorted(D_N(__VA_ARGS__), (D[]){ __VA_ARGS__ })
D d_oid(const char *dotted);
D d_int(long v);
D d_int_bytes(const unsigned char *p, size_t n);
D d_octet(const void *p, size_t n);
D d_bits(const void *p, size_t n);
D d_null(void);
D d_str(unsigned tag, const char *s);
D d_utctime(time_t t);
D d_gentime(time_t t);
D d_x509(const X509 *x);
D d_name(const X509_NAME *n);
D d_crl(const X509_CRL *c);
D d_algid(const char *oid, int null_params);
D d_hash(const EVP_MD *md, const void *p, size_t n);
D d_dup(D d);
/* Append one DER item in place (used where lists are built in loops). */
void d_append(D *dst, D src);
const char *md_oid(const EVP_MD *md);

time_t ts(const char *yyyymmddhhmmss);
void write_file(const char *dir, const char *rel, const void *p, size_t n);
unsigned char *read_file(const char *path, size_t *len);
int file_exists(const char *path);
char *path_join(const char *a, const char *b);

/* ---- the test PKI ---- */
enum { XL_OCSP_GOOD, XL_OCSP_REVOKED, XL_OCSP_STALE, XL_OCSP_WRONGKEY,
       XL_OCSP_UNKNOWN, XL_OCSP_NONE };
typedef struct {
	const char *name; /* file stem under pki/ */
	EVP_PKEY *key;
	X509 *cert;
} ent;

typedef struct {
	ent root_ec, root_rsa, ca_ec, ca_rsa, rogue_root, rogue_ca, rogue_leaf;
	ent nes_rsa, nes_rsa2, nes_ec256, nes_ec384, nonqual, eseal, malimuhur;
	ent expired, notyet, revoked, revoked_later, rsa1024, nonr, tsa, ocsp;
	EVP_PKEY *wrong_key;
	X509_CRL *crl_ca_rsa, *crl_root_rsa, *crl_ca_ec, *crl_root_ec;
	X509_CRL *crl_ca_rsa_wrongkey;
	D ocsp_good, ocsp_revoked, ocsp_unknown, ocsp_stale, ocsp_wrongkey,
	    ocsp_good_ec;
} pki;

void pki_build(pki *k, const char *outdir);
D ocsp_basic_of(D resp);
D ocsp_basic_for(pki *k, ent *subj, int kind, ent **responder);
int big_crl(const char *outdir, long n, const char *out);
int bench_cli_main(int argc, char **argv); /* bench_cli.c */
int bench_cades_main(int argc, char **argv); /* bench_cades.c */

/* Fixed clock of the samples (see README). */
#define T_VALIDATION "20260601120000"
#define T_SIGNING "20260601100000"
#define T_TST "20260601100500"
#define T_REVINFO "20260601110000"
#define PORT "18080"

/* ---- CMS / CAdES construction ---- */
D sigalg_for(EVP_PKEY *key, const EVP_MD *md, int pss);
D sign_raw(EVP_PKEY *key, const EVP_MD *md, int pss, D tbs);
enum { ORDER_DER = 0, ORDER_AS_GIVEN = 1, ORDER_GIVEN_SIGN_SORTED = 2 };

typedef struct {
	ent *e;
	const EVP_MD *md;
	int pss;
	D sattrs_emit; /* SET OF Attribute as emitted, tag 0x31 */
	D sig;
	D uattrs[16];
	size_t nu;
} SI;

typedef struct {
	const char *ectype;
	D econtent;    /* eContent octets (also the signed data when detached) */
	int attached;
	X509 *certs[16];
	size_t nc;
	D crls[8];
	size_t ncrl;
	SI *sis[8];
	size_t nsi;
} SD;

D attr(const char *oid, D value);
D attr_content_type(const char *oid);
D attr_message_digest(const EVP_MD *md, const void *p, size_t n);
D attr_signing_time(time_t t);
D attr_ess_v2(const X509 *x, const EVP_MD *md);
D attr_ess_v1(const X509 *x, const EVP_MD *md);
D attr_policy(const char *policy_oid, const unsigned char *hash32);
void si_sign(SI *si, ent *e, const EVP_MD *md, int pss, D *attrs, size_t n,
	     int order);
void si_add_unsigned(SI *si, D a);
void si_free(SI *si);
D si_der(const SI *si);
D sd_der(const SD *sd);
void sd_free(SD *sd);
D tst_token(pki *k, ent *signer, const unsigned char *dg, size_t dglen,
	    time_t gen, long serial, D *uattrs, size_t nu);
/* Serial number of the next time-stamp token. */
extern long tst_serial;
void add_signature_tst(pki *k, SI *si, ent *tsa, time_t gen, int bad_imprint);
void add_xl(pki *k, SI *si, int ocsp_kind, int with_crl, int refs_bad);
enum { ATS_EN319122 = 0, ATS_TS101733 = 1, ATS_EN319122_DEFAULT_ALG = 2 };
void add_ats_v3(pki *k, SD *sd, SI *si, time_t gen, int bad, int form);
void add_ats_v2(pki *k, SD *sd, SI *si, time_t gen, int v1, int bad);
void add_x_timestamp(pki *k, SI *si, int type, time_t gen, int bad);
D countersign(pki *k, const SI *target, ent *e, const EVP_MD *md, time_t t);
void chain_of(pki *k, const ent *e, ent **ca, ent **root);

/* ---- sample sets ---- */
typedef struct manifest manifest;
void manifest_add(manifest *m, const char *file, const char *anchors,
		  const char *indication, const char *sub, const char *level,
		  const char *decision, const char *codes, const char *openssl,
		  const char *options);
void manifest_comment(manifest *m, const char *text);

void gen_cades(pki *k, const char *out, manifest *m);
void gen_eyp(pki *k, const char *out, manifest *m);
void gen_mail(pki *k, const char *out, manifest *m);
int bench_eyp(int argc, char **argv); /* bench_eyp.c (issue #9) */
/* TSA revocation, P4's OCSP rule (samples/gen/ltvrev.c) */
void gen_ltvrev(pki *k, const char *out, manifest *m);
void pki_extra_tsa(const char *out, ent *e, const char *name, const char *cn,
		   ent *iss, long serial);
X509_CRL *pki_extra_crl(const char *out, ent *iss, const char *stem, long number,
			const long *serials, const char *const *revtime, size_t n);
D pki_extra_ocsp(const char *out, const char *stem, ent *responder, X509 *issuer,
		 X509 *subject, const char *revtime);

/* Document builders shared by the .eyp and mail samples. */
D pdf_text(const char *title, const char *const *lines, size_t n);
D pdf_jpeg(D jpeg, int w, int h);
D jpeg_circular(int *w, int *h);
D xlsx_list(const char *const *serials, size_t n);
D csv_list(const char *const *serials, size_t n);
char **make_serials(size_t n, unsigned seed);
D b64(const void *p, size_t n);
D zip_from_parts(const char *const *names, D *datas, size_t n);

/* Helpers shared by the sample sets. */
D cades_sign(pki *k, const char *profile, ent *e, const EVP_MD *md, int pss,
	     const void *content, size_t n, int attached, const char *policy);
extern const unsigned char TR_POLICY_HASH[32];
#define OID_P2 "2.16.792.1.61.0.1.5070.3.1.1"
#define OID_P3 "2.16.792.1.61.0.1.5070.3.2.1"
#define OID_P4 "2.16.792.1.61.0.1.5070.3.3.1"

#endif
