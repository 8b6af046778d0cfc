/*
 * Samples for the revocation side of long-term validation (issue #5,
 * session 2): a revoked time-stamping authority (its CRL in SignedData, in
 * revocation-values, or only in the cache), a later archive time-stamp
 * that keeps such a time-stamp valid, and profile P4's "OCSP required for
 * the signer" rule.  Everything here is added to the test PKI; no existing
 * file changes.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <string.h>

#include "cades.h"

#define RSA_ANCHOR "pki/root-rsa.pem"
#define BOTH_ANCHORS "pki/root-ec.pem,pki/root-rsa.pem"
/* the TSA below is revoked at 11:30, after the 10:05 time-stamp and the
 * 11:05 archive time-stamp, before the 12:00 validation time */
#define T_TSA_REVOKED "20260601113000"

static const char TEXT[] =
	"okc-intake TEST: zaman damgası sunucusu iptal edilmiş imza örneği.\n";

static void put(const char *out, manifest *m, const char *file, D d,
		const char *anchors, const char *ind, const char *sub,
		const char *level, const char *codes)
{
	write_file(out, file, d.p, d.n);
	d_free(&d);
	manifest_add(m, file, anchors, ind, sub, level, "-", codes, "accepts", "-");
}

void gen_ltvrev(pki *k, const char *out, manifest *m)
{
	static ent tsa_rev;
	co o;
	size_t n = sizeof TEXT - 1;

	pki_extra_tsa(out, &tsa_rev, "tsa-revoked",
		      "TEST Zaman Damgası Sunucusu (iptal) - TEST", &k->ca_rsa,
		      0x100e);
	/* ca-rsa's next CRL: the two revoked leaves and now the TSA */
	long rev[3] = { 0x1008, 0x100d, 0x100e };
	const char *revt[3] = { "20260515090000", "20260601103000", T_TSA_REVOKED };
	X509_CRL *crl8 = pki_extra_crl(out, &k->ca_rsa, "ca-rsa-8", 8, rev, revt, 3);
	D ocsp = pki_extra_ocsp(out, "tsa-revoked", &k->ocsp, k->ca_rsa.cert,
				tsa_rev.cert, T_TSA_REVOKED);
	d_free(&ocsp);

	manifest_comment(m, "CAdES: revocation of the TSA and P4's OCSP rule "
			    "(ltvrev; needs checks OpenSSL does not make)");
	/* The samples below carry CRL 8 of ca-rsa wherever the others carry
	 * CRL 7 (SignedData.crls or revocation-values). */
	X509_CRL *crl7 = k->crl_ca_rsa;
	k->crl_ca_rsa = crl8;

	co_init(&o, &k->nes_rsa, TEXT, n);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.tst_signer = &tsa_rev;
	put(out, m, "cades/neg-tsa-revoked.imz", cades_build(k, &o), RSA_ANCHOR,
	    "INDETERMINATE", "REVOKED_NO_POE", "CAdES-T", "LTV_TSA_REVOKED");

	co_init(&o, &k->nes_rsa, TEXT, n);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.tst_signer = &tsa_rev;
	put(out, m, "cades/neg-tsa-revoked-xl.imz", cades_build(k, &o),
	    RSA_ANCHOR, "INDETERMINATE", "REVOKED_NO_POE", "CAdES-XL",
	    "LTV_TSA_REVOKED");

	/* the archive time-stamp (11:05, another TSA) proves the signature
	 * time-stamp existed before its TSA was revoked (11:30) */
	o.level = LVL_A;
	put(out, m, "cades/tsa-revoked-after-ats.imz", cades_build(k, &o),
	    RSA_ANCHOR, "TOTAL_PASSED", "-", "CAdES-A", "LTV_TST_OK");
	k->crl_ca_rsa = crl7;

	/* an EC signer: nothing embedded covers the TSA's path (ca-rsa);
	 * okc-trust.sh adds pki/ocsp/tsa-revoked.der to a cache */
	co_init(&o, &k->nes_ec256, TEXT, n);
	o.policy = OID_P2;
	o.level = LVL_T;
	o.tst_signer = &tsa_rev;
	put(out, m, "cades/neg-tsa-revocation-missing.imz", cades_build(k, &o),
	    BOTH_ANCHORS, "INDETERMINATE", "TRY_LATER", "CAdES-T",
	    "LTV_TSA_REVOCATION_MISSING");

	/* P4: the signer's status proven by a CRL only */
	co_init(&o, &k->nes_rsa, TEXT, n);
	o.policy = OID_P4;
	o.level = LVL_XL;
	o.ocsp_kind = XL_OCSP_NONE;
	put(out, m, "cades/neg-p4-crl-only-xl.imz", cades_build(k, &o),
	    RSA_ANCHOR, "INDETERMINATE", "SIG_CONSTRAINTS_FAILURE", "CAdES-XL",
	    "LTV_P4_OCSP_REQUIRED");
	/* the same below CAdES-X-L (a P4 signature still being built): an
	 * info note */
	o.level = LVL_T;
	put(out, m, "cades/p4-t-crl-only.imz", cades_build(k, &o), RSA_ANCHOR,
	    "TOTAL_PASSED", "-", "CAdES-T", "LTV_P4_OCSP_REQUIRED");
}
