/*
 * CAdES samples (samples/cades/): positive ones for every level and
 * algorithm, and one file per negative variant of issue #3 with the reason
 * code the verifier must report (contract in samples/README).
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include "cades.h"

const unsigned char TR_POLICY_HASH[32] = {
	0xFF, 0x39, 0xBD, 0x29, 0x46, 0x33, 0x83, 0xF6, 0x9B, 0x20, 0x52,
	0xAC, 0x47, 0x43, 0x9E, 0x06, 0xCE, 0x7C, 0x3B, 0x86, 0x46, 0xE8,
	0x88, 0xB6, 0xE5, 0xAE, 0x3E, 0x46, 0xBA, 0x08, 0x11, 0x7A
};

void co_init(co *o, ent *e, const void *content, size_t n)
{
	memset(o, 0, sizeof *o);
	o->e = e;
	o->md = EVP_sha256();
	o->content = content;
	o->n = n;
	o->attached = 1;
	o->stime = ts(T_SIGNING);
	o->tgen = ts(T_TST);
	o->xl_crl = 1;
}

/* Build one SignerInfo per the options (without archive time-stamps). */
static void build_si(pki *k, co *o, SI *si)
{
	D a[10];
	size_t n = 0;
	const EVP_MD *md = o->md;
	a[n++] = attr_content_type("1.2.840.113549.1.7.1");
	a[n++] = attr_signing_time(o->stime);
	a[n++] = attr_message_digest(md, o->content, o->n);
	switch (o->ess) {
	case ESS_V2: a[n++] = attr_ess_v2(o->e->cert, EVP_sha256()); break;
	case ESS_NONE: break;
	case ESS_V1_SHA256: a[n++] = attr_ess_v1(o->e->cert, EVP_sha256()); break;
	case ESS_V2_OTHER: a[n++] = attr_ess_v2(k->nes_rsa2.cert, EVP_sha256()); break;
	}
	if (o->policy) {
		unsigned char h[32];
		memcpy(h, TR_POLICY_HASH, 32);
		if (o->bad_policy_hash)
			h[31] ^= 0x01;
		a[n++] = attr_policy(o->policy, h);
	}
	if (o->dup == DUP_MD)
		a[n++] = attr_message_digest(md, o->content, o->n);
	else if (o->dup == DUP_STIME)
		a[n++] = attr_signing_time(o->stime);
	if (o->order != ORDER_DER) {
		/* Put the attributes in an order DER would never produce:
		 * reverse the sorted order. */
		D tmp[10];
		for (size_t i = 0; i < n; i++)
			tmp[i] = d_dup(a[i]);
		D s = d_set_sorted(n, tmp);
		/* re-split the sorted SET into elements, reversed */
		size_t off = 2, idx = 0;
		if (s.p[1] & 0x80)
			off = 2 + (s.p[1] & 0x7f);
		D el[10];
		while (off < s.n) {
			const unsigned char *q = s.p + off;
			size_t len, hl = 2;
			if (q[1] & 0x80) {
				size_t nb = q[1] & 0x7f;
				len = 0;
				for (size_t j = 0; j < nb; j++)
					len = (len << 8) | q[2 + j];
				hl = 2 + nb;
			} else {
				len = q[1];
			}
			el[idx++] = d_raw(q, hl + len);
			off += hl + len;
		}
		d_free(&s);
		for (size_t i = 0; i < n; i++) {
			d_free(&a[i]);
			a[i] = el[n - 1 - i];
		}
	}
	si_sign(si, o->e, md, o->pss, a, n, o->order);
	if (o->alter_sig)
		si->sig.p[si->sig.n / 2] ^= 0x5a;
	if (o->level >= LVL_T)
		add_signature_tst(k, si, o->tst_signer ? o->tst_signer : &k->tsa,
				  o->tgen, o->bad_imprint);
	if (o->level >= LVL_XL)
		add_xl(k, si, o->ocsp_kind, o->xl_crl, o->refs_bad);
	if (o->level >= LVL_XL && o->x_type)
		add_x_timestamp(k, si, o->x_type,
				o->x_bad == 2 ? o->tgen - 60 : o->tgen + 1800,
				o->x_bad == 1);
}

static void sd_setup(pki *k, co *o, SD *sd)
{
	memset(sd, 0, sizeof *sd);
	sd->ectype = "1.2.840.113549.1.7.1";
	sd->attached = o->attached;
	if (o->alter_content) {
		unsigned char *c = malloc(o->n);
		memcpy(c, o->content, o->n);
		c[o->n / 2] ^= 0x01;
		sd->econtent = d_raw(c, o->n);
		free(c);
	} else {
		sd->econtent = d_raw(o->content, o->n);
	}
	ent *ca, *root;
	chain_of(k, o->e, &ca, &root);
	if (!o->omit_signer_cert)
		sd->certs[sd->nc++] = o->e->cert;
	sd->certs[sd->nc++] = ca->cert;
	if (o->level < LVL_XL && !o->no_revdata) {
		/* BES/EPES/T samples carry the CRLs of their path in
		 * SignedData.crls (RFC 5652 10.2.1), so revocation can be
		 * checked offline at the MANIFEST time. */
		if (ca == &k->ca_ec) {
			sd->crls[sd->ncrl++] = d_crl(k->crl_ca_ec);
			sd->crls[sd->ncrl++] = d_crl(k->crl_root_ec);
		} else {
			sd->crls[sd->ncrl++] = d_crl(o->crl_wrongkey ? k->crl_ca_rsa_wrongkey
							     : k->crl_ca_rsa);
			sd->crls[sd->ncrl++] = d_crl(k->crl_root_rsa);
		}
	}
}

D cades_build(pki *k, co *o)
{
	SD sd;
	SI si, si2;
	sd_setup(k, o, &sd);
	build_si(k, o, &si);
	sd.sis[sd.nsi++] = &si;
	if (o->parallel) {
		co o2 = *o;
		o2.e = o->parallel;
		o2.parallel = NULL;
		o2.md = EVP_PKEY_is_a(o->parallel->key, "EC") ? EVP_sha256() : o->md;
		build_si(k, &o2, &si2);
		ent *ca, *root;
		chain_of(k, o->parallel, &ca, &root);
		sd.certs[sd.nc++] = o->parallel->cert;
		if (ca->cert != sd.certs[1])
			sd.certs[sd.nc++] = ca->cert;
		sd.sis[sd.nsi++] = &si2;
		if (o->level < LVL_XL && ca == &k->ca_ec && sd.ncrl == 2) {
			sd.crls[sd.ncrl++] = d_crl(k->crl_ca_ec);
			sd.crls[sd.ncrl++] = d_crl(k->crl_root_ec);
		}
	}
	if (o->counter)
		si_add_unsigned(&si, countersign(k, &si, o->counter, EVP_sha256(),
						 o->stime + 600));
	if (o->level >= LVL_A) {
		if (o->ats_v2)
			add_ats_v2(k, &sd, &si, o->tgen + 3600, o->ats_v2 == 2,
				   o->ats_bad);
		else
			add_ats_v3(k, &sd, &si, o->tgen + 3600, o->ats_bad,
				   o->ats_form);
	}
	D r = sd_der(&sd);
	si_free(&si);
	if (o->parallel)
		si_free(&si2);
	sd_free(&sd);
	return r;
}

/* ---- the sample set ---- */
static const char CONTENT[] =
	"T.C. TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi'ne\n"
	"\n"
	"Konu: Yeni Nesil ÖKC mali sertifika başvurusu (TEST)\n"
	"\n"
	"Firmamız TEST Yazarkasa Teknoloji A.Ş. (VKN 4540536920) adına ekteki\n"
	"listede yer alan ÖKC sicil numaraları için mali sertifika talep\n"
	"ederiz.  Bu belge okc-intake test örneğidir; gerçek bir başvuru\n"
	"değildir.\n"
	"\n"
	"Sicil no: FU00022547, JHWE20000079, BCA00001234\n"
	"\n"
	"Saygılarımızla,\n"
	"TEST Ayşe Yılmaz\n";

#define RSA_ANCHOR "pki/root-rsa.pem"
#define EC_ANCHOR "pki/root-ec.pem"

static void emit(const char *out, manifest *m, const char *file, D d,
		 const char *anchors, const char *ind, const char *sub,
		 const char *level, const char *codes, const char *openssl,
		 const char *opts)
{
	write_file(out, file, d.p, d.n);
	d_free(&d);
	manifest_add(m, file, anchors, ind, sub, level, "-", codes, openssl,
		     opts);
}

/* Archive time-stamp forms and CAdES-X time-stamps, with their negatives
 * (OpenSSL judges none of them: it ignores unsigned attributes). */
static void gen_cades_ltvts(pki *k, const char *out, manifest *m, const char *C,
			    size_t CN)
{
	co o;
	/* own token serials, so that the samples after this block keep
	 * theirs */
	long saved_serial = tst_serial;
	tst_serial = 0x7000;
	manifest_comment(m, "CAdES: archive time-stamp forms and CAdES-X "
			    "time-stamps (X-L with an X time-stamp is reported "
			    "as CAdES-XL)");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_A;
	o.ats_form = ATS_TS101733;
	emit(out, m, "cades/a-v3-ts101733-p4-rsa.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts", "-");
	o.ats_form = ATS_EN319122_DEFAULT_ALG;
	emit(out, m, "cades/a-v3-default-alg-p4-rsa.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts", "-");
	o.ats_form = ATS_EN319122;
	o.ats_bad = 6;
	emit(out, m, "cades/neg-ats-v3-two-indexes.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-A",
	     "LTV_ATS_HASH_INDEX_INVALID", "accepts", "-");
	o.ats_bad = 3;
	emit(out, m, "cades/neg-ats-v3-attr-omitted.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-A",
	     "LTV_ATS_HASH_INDEX_INVALID", "accepts", "-");
	o.ats_bad = 4;
	emit(out, m, "cades/neg-ats-v3-attr-changed.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-A",
	     "LTV_ATS_HASH_INDEX_INVALID", "accepts", "-");
	o.ats_bad = 5;
	emit(out, m, "cades/neg-ats-v3-hash-alg.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-A",
	     "LTV_ATS_HASH_INDEX_INVALID", "accepts", "-");
	o.ats_bad = 0;
	o.ats_v2 = 1;
	o.attached = 0;
	emit(out, m, "cades/a-v2-p4-rsa-detached.p7s", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts",
	     "detached=cades/content.txt");
	o.ats_v2 = 2;
	emit(out, m, "cades/a-v1-p4-rsa-detached.p7s", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "-", "CAdES-A", "LTV_TS_UNSUPPORTED",
	     "accepts", "detached=cades/content.txt");
	o.attached = 1;
	emit(out, m, "cades/a-v1-p4-rsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts", "-");
	o.ats_bad = 1;
	emit(out, m, "cades/neg-ats-v1-imprint.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-A",
	     "LTV_ATS_INVALID", "accepts", "-");
	static const char *const xname[2][2] = {
		{ "cades/x1-p4-rsa.imz", "cades/neg-x1-imprint.imz" },
		{ "cades/x2-p4-rsa.imz", "cades/neg-x2-imprint.imz" },
	};
	for (int t = 1; t <= 2; t++) {
		co_init(&o, &k->nes_rsa, C, CN);
		o.policy = OID_P4;
		o.level = LVL_XL;
		o.x_type = t;
		emit(out, m, xname[t - 1][0], cades_build(k, &o), RSA_ANCHOR,
		     "TOTAL_PASSED", "-", "CAdES-XL", "-", "accepts", "-");
		o.x_bad = 1;
		emit(out, m, xname[t - 1][1], cades_build(k, &o), RSA_ANCHOR,
		     "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-XL",
		     "LTV_TST_IMPRINT_MISMATCH", "accepts", "-");
	}
	o.x_type = 1;
	o.x_bad = 2; /* the X time-stamp 1 min before the signature's */
	emit(out, m, "cades/neg-x1-order.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "TIMESTAMP_ORDER_FAILURE", "CAdES-XL",
	     "LTV_X_TS_ORDER", "accepts", "-");
	tst_serial = saved_serial;
}

void gen_cades(pki *k, const char *out, manifest *m)
{
	const char *C = CONTENT;
	size_t CN = sizeof CONTENT - 1;
	co o;
	write_file(out, "cades/content.txt", C, CN);
	manifest_comment(m, "CAdES: positive samples");

	co_init(&o, &k->nes_rsa, C, CN);
	emit(out, m, "cades/bes-rsa-attached.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");
	o.attached = 0;
	emit(out, m, "cades/bes-rsa-detached.p7s", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts",
	     "detached=cades/content.txt");
	co_init(&o, &k->nes_rsa, C, CN);
	o.pss = 1;
	emit(out, m, "cades/bes-rsa-pss.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");
	co_init(&o, &k->nes_ec256, C, CN);
	emit(out, m, "cades/bes-ecdsa-p256.imz", cades_build(k, &o), EC_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");
	co_init(&o, &k->nes_ec384, C, CN);
	o.md = EVP_sha384();
	emit(out, m, "cades/bes-ecdsa-p384.imz", cades_build(k, &o), EC_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");
	o.attached = 0;
	emit(out, m, "cades/bes-ecdsa-p384-detached.p7s", cades_build(k, &o),
	     EC_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts",
	     "detached=cades/content.txt");

	const char *pols[3] = { OID_P2, OID_P3, OID_P4 };
	const char *pnames[3] = { "cades/epes-p2.imz", "cades/epes-p3.imz",
				  "cades/epes-p4.imz" };
	for (int i = 0; i < 3; i++) {
		co_init(&o, &k->nes_rsa, C, CN);
		o.policy = pols[i];
		emit(out, m, pnames[i], cades_build(k, &o), RSA_ANCHOR,
		     "TOTAL_PASSED", "-", "CAdES-EPES", "-", "accepts", "-");
	}
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	emit(out, m, "cades/t-p2-rsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-T", "-", "accepts", "-");
	o.attached = 0;
	emit(out, m, "cades/t-p2-rsa-detached.p7s", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-T", "-", "accepts",
	     "detached=cades/content.txt");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	emit(out, m, "cades/xl-p4-rsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-XL", "-", "accepts", "-");
	co_init(&o, &k->nes_ec384, C, CN);
	o.md = EVP_sha384();
	o.policy = OID_P4;
	o.level = LVL_XL;
	/* the time-stamp tokens chain to root-rsa (the TEST TSA) */
	emit(out, m, "cades/xl-p4-ecdsa-p384.imz", cades_build(k, &o),
	     EC_ANCHOR "," RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-XL", "-", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_A;
	emit(out, m, "cades/a-v3-p4-rsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts", "-");
	o.ats_v2 = 1;
	emit(out, m, "cades/a-v2-p4-rsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-A", "-", "accepts", "-");

	co_init(&o, &k->nes_rsa, C, CN);
	o.parallel = &k->nes_ec256;
	emit(out, m, "cades/parallel-rsa-ecdsa.imz", cades_build(k, &o),
	     RSA_ANCHOR "," EC_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES", "-",
	     "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.parallel = &k->nes_rsa2;
	emit(out, m, "cades/parallel-joint-rsa.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.counter = &k->nes_rsa2;
	emit(out, m, "cades/countersigned.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "-", "accepts", "-");

	gen_cades_ltvts(k, out, m, C, CN);

	manifest_comment(m, "CAdES: valid signatures by certificates that are "
			    "not qualified for an e-signature");
	co_init(&o, &k->nonqual, C, CN);
	emit(out, m, "cades/nonqualified.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "CADES_NOT_QUALIFIED", "accepts", "-");
	co_init(&o, &k->nonr, C, CN);
	emit(out, m, "cades/no-nonrepudiation.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES", "CADES_NOT_QUALIFIED",
	     "accepts", "-");
	co_init(&o, &k->eseal, C, CN);
	emit(out, m, "cades/eseal-qualified.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "CADES_NOT_QUALIFIED", "accepts", "-");
	co_init(&o, &k->malimuhur, C, CN);
	emit(out, m, "cades/mali-muhur.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-BES", "CADES_NOT_QUALIFIED", "accepts", "-");

	manifest_comment(m, "CAdES: negative samples (one defect each)");
	co_init(&o, &k->nes_rsa, C, CN);
	o.alter_content = 1;
	emit(out, m, "cades/neg-content-altered.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "HASH_FAILURE", "CAdES-BES",
	     "CADES_DIGEST_MISMATCH", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.alter_sig = 1;
	emit(out, m, "cades/neg-signature-altered.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "SIG_CRYPTO_FAILURE", "CAdES-BES",
	     "CADES_SIGNATURE_INVALID", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.ess = ESS_V2_OTHER;
	emit(out, m, "cades/neg-ess-other-cert.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND",
	     "CAdES-BES", "CADES_ESS_CERT_MISMATCH", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.ess = ESS_NONE;
	emit(out, m, "cades/neg-ess-missing.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_FAILED", "FORMAT_FAILURE", "-", "CADES_ESS_MISSING",
	     "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.ess = ESS_V1_SHA256;
	emit(out, m, "cades/neg-ess-v1-sha256.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-BES",
	     "CADES_ESS_V1_NOT_SHA1", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.md = EVP_sha1();
	emit(out, m, "cades/neg-sha1-digest.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE", "CAdES-BES",
	     "CADES_DIGEST_ALG_WEAK", "accepts", "-");
	co_init(&o, &k->rsa1024, C, CN);
	emit(out, m, "cades/neg-rsa1024.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE", "CAdES-BES",
	     "CADES_KEY_TOO_SMALL", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.omit_signer_cert = 1;
	emit(out, m, "cades/neg-signer-cert-absent.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND", "-",
	     "CADES_SIGNER_CERT_NOT_FOUND", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.dup = DUP_MD;
	emit(out, m, "cades/neg-duplicate-message-digest.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "-",
	     "CADES_DUPLICATE_SIGNED_ATTR", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.dup = DUP_STIME;
	emit(out, m, "cades/neg-duplicate-signing-time.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "-",
	     "CADES_DUPLICATE_SIGNED_ATTR", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.order = ORDER_GIVEN_SIGN_SORTED;
	emit(out, m, "cades/unsorted-attrs-signed-sorted.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES",
	     "CADES_SIGNED_ATTRS_REORDERED", "rejects", "-");
	o.order = ORDER_AS_GIVEN;
	emit(out, m, "cades/unsorted-attrs-signed-as-received.imz",
	     cades_build(k, &o), RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-BES",
	     "CADES_SIGNED_ATTRS_NOT_DER", "accepts", "-");
	emit(out, m, "cades/neg-placeholder.imz", d_raw("\x01\x02\x03\x04", 4),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "-",
	     "CADES_MALFORMED", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	D full = cades_build(k, &o);
	full.n = full.n * 2 / 3;
	emit(out, m, "cades/neg-truncated.imz", full, RSA_ANCHOR, "TOTAL_FAILED",
	     "FORMAT_FAILURE", "-", "CADES_MALFORMED", "rejects", "-");
	emit(out, m, "cades/neg-not-cms.p7s", d_raw(C, CN), RSA_ANCHOR,
	     "TOTAL_FAILED", "FORMAT_FAILURE", "-", "CADES_MALFORMED", "rejects",
	     "-");
	co_init(&o, &k->rogue_leaf, C, CN);
	emit(out, m, "cades/neg-rogue-root.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND", "CAdES-BES",
	     "CADES_CHAIN_UNTRUSTED", "rejects", "-");
	co_init(&o, &k->expired, C, CN);
	emit(out, m, "cades/neg-cert-expired.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "OUT_OF_BOUNDS_NO_POE", "CAdES-BES",
	     "CADES_CERT_EXPIRED", "rejects", "-");
	co_init(&o, &k->notyet, C, CN);
	emit(out, m, "cades/neg-cert-not-yet-valid.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "NOT_YET_VALID", "CAdES-BES",
	     "CADES_CERT_NOT_YET_VALID", "rejects", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.bad_policy_hash = 1;
	emit(out, m, "cades/neg-policy-hash.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "POLICY_PROCESSING_ERROR", "CAdES-EPES",
	     "CADES_POLICY_HASH_MISMATCH", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.attached = 0;
	emit(out, m, "cades/neg-detached-no-content.p7s", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "SIGNED_DATA_NOT_FOUND", "CAdES-BES",
	     "CADES_DETACHED_CONTENT_MISSING", "rejects", "-");

	manifest_comment(m, "CAdES: time-stamp and revocation negatives "
			    "(needs checks OpenSSL does not make)");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.stime = ts(T_TST) - 3 * 3600;
	emit(out, m, "cades/neg-tst-delay-3h.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-T",
	     "LTV_TST_DELAY_EXCEEDED", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.stime = ts(T_TST) + 1800;
	emit(out, m, "cades/neg-tst-before-signing-time.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "TIMESTAMP_ORDER_FAILURE", "CAdES-T",
	     "LTV_TST_BEFORE_SIGNING_TIME", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.bad_imprint = 1;
	emit(out, m, "cades/neg-tst-imprint.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-T",
	     "LTV_TST_IMPRINT_MISMATCH", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.tst_signer = &k->nes_rsa2;
	emit(out, m, "cades/neg-tst-not-tsa.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "CHAIN_CONSTRAINTS_FAILURE", "CAdES-T",
	     "LTV_TSA_NOT_AUTHORIZED", "accepts", "-");
	co_init(&o, &k->revoked, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.ocsp_kind = XL_OCSP_REVOKED;
	emit(out, m, "cades/neg-revoked-xl.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_FAILED", "REVOKED", "CAdES-XL", "LTV_CERT_REVOKED", "accepts",
	     "-");
	co_init(&o, &k->revoked, C, CN);
	emit(out, m, "cades/neg-revoked-bes.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "REVOKED_NO_POE", "CAdES-BES",
	     "LTV_CERT_REVOKED_NO_POE", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.no_revdata = 1;
	emit(out, m, "cades/neg-revocation-missing.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "TRY_LATER", "CAdES-BES",
	     "LTV_REVOCATION_MISSING", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.ocsp_kind = XL_OCSP_STALE;
	o.xl_crl = 0;
	emit(out, m, "cades/neg-revocation-stale.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "REVOCATION_OUT_OF_BOUNDS_NO_POE",
	     "CAdES-XL", "LTV_REVOCATION_STALE", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.ocsp_kind = XL_OCSP_UNKNOWN;
	o.xl_crl = 0;
	emit(out, m, "cades/neg-ocsp-unknown.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "TRY_LATER", "CAdES-XL", "LTV_OCSP_STATUS_UNKNOWN",
	     "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.crl_wrongkey = 1;
	emit(out, m, "cades/neg-crl-wrong-key.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "TRY_LATER", "CAdES-BES", "LTV_CRL_SIGNATURE_INVALID",
	     "accepts", "-");
	co_init(&o, &k->revoked_later, C, CN);
	o.policy = OID_P2;
	o.level = LVL_T;
	emit(out, m, "cades/revoked-after-tst.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_PASSED", "-", "CAdES-T", "LTV_REVOKED_AFTER_POE", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.refs_bad = 1;
	emit(out, m, "cades/neg-xl-refs-values-mismatch.imz", cades_build(k, &o),
	     RSA_ANCHOR, "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-XL",
	     "LTV_REFS_VALUES_MISMATCH", "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_A;
	o.ats_bad = 1;
	emit(out, m, "cades/neg-ats-imprint.imz", cades_build(k, &o), RSA_ANCHOR,
	     "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-A", "LTV_ATS_INVALID",
	     "accepts", "-");
	o.ats_bad = 2;
	emit(out, m, "cades/neg-ats-hash-index.imz", cades_build(k, &o), RSA_ANCHOR,
	     "TOTAL_FAILED", "FORMAT_FAILURE", "CAdES-A", "LTV_ATS_HASH_INDEX_INVALID",
	     "accepts", "-");
	co_init(&o, &k->nes_rsa, C, CN);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.ocsp_kind = XL_OCSP_WRONGKEY;
	o.xl_crl = 0;
	emit(out, m, "cades/neg-ocsp-wrong-key.imz", cades_build(k, &o),
	     RSA_ANCHOR, "INDETERMINATE", "TRY_LATER", "CAdES-XL",
	     "LTV_OCSP_SIGNATURE_INVALID", "accepts", "-");
}
