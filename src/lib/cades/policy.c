/*
 * policy.c - signature policy (EPES, EN 319 122-1 5.2.9), the Turkish
 * signature profiles P1-P4 (Elektronik İmza Kullanım Profilleri Rehberi
 * v1.0, 2012; tr-pki.md §3) and the detected CAdES level.
 *
 * The profile OIDs exist on two arcs: the BTK arc 2.16.792.1.61.0.1.5070.3
 * (the guide) and the Kamu SM arc 2.16.792.1.2.1.1.5.7.5 (MA3's policy
 * XMLs).  Both are accepted.  MA3 puts the SHA-256 of the guide PDF in
 * SigPolicyHash for every profile, so that is the value checked.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cades/cades.h"

static const struct {
	const char *oid;
	int profile;
} profiles[] = {
	{ "2.16.792.1.61.0.1.5070.3.1.1", 2 },
	{ "2.16.792.1.61.0.1.5070.3.2.1", 3 },
	{ "2.16.792.1.61.0.1.5070.3.3.1", 4 },
	{ "2.16.792.1.2.1.1.5.7.5.1.1", 2 },
	{ "2.16.792.1.2.1.1.5.7.5.2.1", 3 },
	{ "2.16.792.1.2.1.1.5.7.5.3.1", 4 },
};

/* SHA-256 of the profile guide PDF (tr-pki.md §3). */
static const unsigned char guide_sha256[32] = {
	0xFF, 0x39, 0xBD, 0x29, 0x46, 0x33, 0x83, 0xF6,
	0x9B, 0x20, 0x52, 0xAC, 0x47, 0x43, 0x9E, 0x06,
	0xCE, 0x7C, 0x3B, 0x86, 0x46, 0xE8, 0x88, 0xB6,
	0xE5, 0xAE, 0x3E, 0x46, 0xBA, 0x08, 0x11, 0x7A,
};

#define OID_SHA256 "2.16.840.1.101.3.4.2.1"

static const char *const level_names[] = {
	"CMS", "CAdES-BES", "CAdES-EPES", "CAdES-T", "CAdES-C", "CAdES-X",
	"CAdES-XL", "CAdES-A",
};

const char *okc__cades_level_name(okc__cades_level l)
{
	return (unsigned)l < sizeof(level_names) / sizeof(level_names[0])
	       ? level_names[l] : "CMS";
}

static bool has_u(const okc__cades_signer *s, const char *oid)
{
	return okc__cades_find_attr(s->uattrs, s->n_uattrs, oid) != NULL;
}

static okc__cades_level detect_level(const okc__cades_signer *s, bool epes)
{
	/* TS 101 733 / EN 319 122-1 annex: each level adds unsigned
	 * attributes to the one below.  "XL" includes X-Long (C + values
	 * without the X time-stamps), as MA3 produces for profile P4. */
	bool t = has_u(s, OKC_OID_SIG_TIMESTAMP);
	bool c = has_u(s, OKC_OID_CERT_REFS) && has_u(s, OKC_OID_REV_REFS);
	bool x = has_u(s, OKC_OID_ESC_TIMESTAMP) || has_u(s, OKC_OID_CERT_CRL_TS);
	bool xl = has_u(s, OKC_OID_CERT_VALUES) && has_u(s, OKC_OID_REV_VALUES);
	bool a = has_u(s, OKC_OID_ARCHIVE_TS) || has_u(s, OKC_OID_ARCHIVE_TS_V2) ||
	         has_u(s, OKC_OID_ARCHIVE_TS_V3);
	if (t && a)
		return OKC_CADES_A;
	if (t && c && xl)
		return OKC_CADES_XL;
	if (t && c && x)
		return OKC_CADES_X;
	if (t && c)
		return OKC_CADES_C;
	if (t)
		return OKC_CADES_T;
	return epes ? OKC_CADES_EPES : OKC_CADES_BES;
}

/* The first ESSCertIDv2 uses SHA-256 (explicitly or by default). */
static bool ess_v2_sha256(const okc__cades_attr *a)
{
	okc_der d = okc__der_enter(&a->first);
	okc_der_tlv certs, id, alg;
	char oid[64];
	if (okc__der_expect(&d, OKC_DER_SEQUENCE, &certs) < 0)
		return false;
	okc_der c = okc__der_enter(&certs);
	if (okc__der_expect(&c, OKC_DER_SEQUENCE, &id) < 0)
		return false;
	okc_der e = okc__der_enter(&id);
	if (okc__der_expect(&e, OKC_DER_SEQUENCE, &alg) < 0)
		return true; /* DEFAULT id-sha256 */
	return okc__cades_alg_oid(&alg, oid, sizeof(oid), NULL) &&
	       strcmp(oid, OID_SHA256) == 0;
}

static int profile_rules(okc__cades_signer *s)
{
	int rc = OKC_OK;
	char missing[256] = "";
#define NEED(cond, what)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			size_t l_ = strlen(missing);                           \
			snprintf(missing + l_, sizeof(missing) - l_, "%s%s",   \
			         l_ ? ", " : "", (what));                      \
		}                                                              \
	} while (0)
	const okc__cades_attr *v2 = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                 OKC_OID_SIGNING_CERT_V2);
	NEED(okc__cades_find_attr(s->sattrs, s->n_sattrs, OKC_OID_SIGNING_TIME),
	     "signing-time");
	NEED(v2 != NULL, "signing-certificate-v2");
	NEED(v2 == NULL || ess_v2_sha256(v2),
	     "SHA-256 in signing-certificate-v2");
	NEED(s->cert == NULL || s->cert_from_signed_data,
	     "signer certificate in SignedData.certificates");
	/* The unsigned attributes the profile demands (signature-time-stamp,
	 * and for P4 the XL values) and the 2-hour window are judged with
	 * the time-stamp by the ltv module: an EPES without them is a
	 * signature still being built, not a broken one. */
#undef NEED
	if (missing[0])
		rc = okc__signature_add_reason(s->sig,
			OKC_R_CADES_PROFILE_VIOLATION, "P%d needs: %s",
			s->profile, missing);
	return rc;
}

int okc__cades_check_policy_and_level(okc__cades_signer *s)
{
	int rc = OKC_OK;
	char oid[64] = "", halg[64] = "";
	const char *profile = NULL;
	int hash_ok = -1;
	json_t *info = NULL;
	const okc__cades_attr *a = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                OKC_OID_SIG_POLICY_ID);
	s->profile = 0;
	if (a == NULL) {
		/* P1 is a BES without a policy. */
		s->level = detect_level(s, false);
		s->profile = 1;
		OKC_GUARD(okc__signature_set_policy(s->sig, NULL, "P1", -1));
		goto level;
	}
	s->level = detect_level(s, true);
	if (a->n_values == 1 && a->first.tag == 0x05 && a->first.val_len == 0) {
		/* signaturePolicyImplied: the policy is given by context. */
		OKC_GUARD(okc__signature_set_policy(s->sig, NULL, NULL, -1));
		goto level;
	}
	/* SignaturePolicyId ::= SEQUENCE { sigPolicyId, sigPolicyHash
	 * OtherHashAlgAndValue, sigPolicyQualifiers SEQUENCE OF OPTIONAL } */
	okc_der d = okc__der_enter(&a->first);
	okc_der_tlv id, hash, alg, value, quals;
	if (a->n_values != 1 || a->first.tag != OKC_DER_SEQUENCE ||
	    okc__der_expect(&d, OKC_DER_OID, &id) < 0 ||
	    !okc__cades_oid_text(&id, oid, sizeof(oid)) ||
	    okc__der_expect(&d, OKC_DER_SEQUENCE, &hash) < 0) {
		s->format_ok = false;
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_POLICY_MALFORMED, NULL));
		goto level;
	}
	okc_der h = okc__der_enter(&hash);
	if (okc__der_expect(&h, OKC_DER_SEQUENCE, &alg) < 0 ||
	    !okc__cades_alg_oid(&alg, halg, sizeof(halg), NULL) ||
	    okc__der_expect(&h, OKC_DER_OCTETS, &value) < 0 || h.len != 0) {
		s->format_ok = false;
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_POLICY_MALFORMED, "sigPolicyHash"));
		goto level;
	}
	char uri[512] = "";
	if (okc__der_expect(&d, OKC_DER_SEQUENCE, &quals) == OKC_OK) {
		okc_der q = okc__der_enter(&quals);
		okc_der_tlv qi;
		while (okc__der_next(&q, &qi) == OKC_OK) {
			okc_der in = okc__der_enter(&qi);
			okc_der_tlv qid, qv;
			char qoid[64];
			if (qi.tag == OKC_DER_SEQUENCE &&
			    okc__der_expect(&in, OKC_DER_OID, &qid) == OKC_OK &&
			    okc__cades_oid_text(&qid, qoid, sizeof(qoid)) &&
			    strcmp(qoid, OKC_OID_SPURI) == 0 &&
			    okc__der_expect(&in, 0x16, &qv) == OKC_OK &&
			    qv.val_len < sizeof(uri)) {
				for (size_t i = 0; i < qv.val_len; i++)
					uri[i] = (qv.val[i] >= 0x20 && qv.val[i] < 0x7f)
					         ? (char)qv.val[i] : '?';
				uri[qv.val_len] = '\0';
			}
		}
	}
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i].oid, oid) == 0)
			s->profile = profiles[i].profile;
	if (s->profile >= 2) {
		static const char *const names[] = { "", "P1", "P2", "P3", "P4" };
		profile = names[s->profile];
		if (strcmp(halg, OID_SHA256) != 0) {
			hash_ok = 0;
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_POLICY_HASH_MISMATCH,
				"the policy hash must be SHA-256, it is %s", halg));
		} else if (value.val_len != 32 ||
		           memcmp(value.val, guide_sha256, 32) != 0) {
			hash_ok = 0;
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_POLICY_HASH_MISMATCH,
				"expected the SHA-256 of the profile guide"));
		} else {
			hash_ok = 1;
		}
		OKC_GUARD(profile_rules(s));
	} else {
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_POLICY_UNKNOWN, "%s", oid));
	}
	OKC_GUARD(okc__signature_set_policy(s->sig, oid, profile, hash_ok));
	char hex[2 * 64 + 1] = "";
	if (value.val_len <= 64)
		okc__hex(hex, value.val, value.val_len, true);
	info = json_pack("{s:s, s:s, s:s?}", "hash_algorithm", halg,
	                 "hash", hex, "uri", uri[0] ? uri : NULL);
	OKC_ENSURE(s->ctx, info != NULL, OKC_ENOMEM, "out of memory");
	rc = okc__signature_set_section(s->sig, "policy_details", info);
	info = NULL;
	OKC_GUARD(rc);
level:
	OKC_GUARD(okc__signature_set_level(s->sig,
	                                   okc__cades_level_name(s->level)));
out:
	json_decref(info);
	return rc;
}
