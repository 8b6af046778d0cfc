/*
 * qc.c - who signed, and with what kind of certificate.
 *
 * The subject is parsed into a name, TC Kimlik No or VKN (serialNumber
 * attribute, X.520; Kamu SM leaves carry the bare 11 digits, some
 * providers prefix "TR").  A personal qualified e-signature (NES,
 * 5070 sayılı Kanun) needs, on the leaf: the QcCompliance statement
 * 0.4.0.1862.1.1 (ETSI EN 319 412-5), the BTK NES statement
 * 2.16.792.1.61.0.1.5070.1.1, keyUsage nonRepudiation, and neither an
 * e-seal statement (5070.2.x) nor the usage restriction 5070.1.3 (see
 * tr-pki.md §2).  A seal (role "seal") is judged as a qualified electronic
 * seal instead: QcCompliance and 5070.2.1.  The statements alone do not make a certificate qualified
 * (test certificates carry them too): the path to a trusted root decides,
 * so without a validated path the answer is "not determined".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "cades/cades.h"

#define OID_QC_COMPLIANCE "0.4.0.1862.1.1"
#define OID_BTK_NES       "2.16.792.1.61.0.1.5070.1.1"
#define OID_BTK_RESTRICT  "2.16.792.1.61.0.1.5070.1.3"
#define OID_BTK_SEAL_ARC  "2.16.792.1.61.0.1.5070.2."

static char *name_text(const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *out = NULL, *p;
	if (b == NULL)
		return NULL;
	/* RFC 2253 order and escaping, but UTF-8 kept as is (Turkish
	 * letters must stay readable). */
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		long l = BIO_get_mem_data(b, &p);
		if (l >= 0 && (out = malloc((size_t)l + 1)) != NULL) {
			memcpy(out, p, (size_t)l);
			out[l] = '\0';
		}
	}
	BIO_free(b);
	return out;
}

static char *name_entry(const X509_NAME *n, int nid)
{
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	unsigned char *u = NULL;
	char *out = NULL;
	if (i < 0)
		return NULL;
	const X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
	int l = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(e));
	if (l >= 0 && (out = malloc((size_t)l + 1)) != NULL) {
		memcpy(out, u, (size_t)l);
		out[l] = '\0';
	}
	OPENSSL_free(u);
	return out;
}

/* QCStatements ::= SEQUENCE OF QCStatement; QCStatement ::= SEQUENCE {
 * statementId OID, statementInfo ANY OPTIONAL } (RFC 3739 3.2.6). */
static void qc_statements(X509 *cert, bool *compliance, bool *nes,
                          bool *seal, bool *sealq, bool *restricted)
{
	*compliance = *nes = *seal = *sealq = *restricted = false;
	int i = X509_get_ext_by_NID(cert, NID_qcStatements, -1);
	if (i < 0)
		return;
	const ASN1_OCTET_STRING *os =
		X509_EXTENSION_get_data(X509_get_ext(cert, i));
	okc_der_tlv seq, st, oid;
	if (okc__der_single(ASN1_STRING_get0_data(os),
	                    (size_t)ASN1_STRING_length(os), &seq) < 0 ||
	    seq.tag != OKC_DER_SEQUENCE)
		return;
	okc_der d = okc__der_enter(&seq);
	while (okc__der_next(&d, &st) == OKC_OK) {
		char txt[64];
		okc_der in = okc__der_enter(&st);
		if (st.tag != OKC_DER_SEQUENCE ||
		    okc__der_expect(&in, OKC_DER_OID, &oid) < 0 ||
		    !okc__cades_oid_text(&oid, txt, sizeof(txt)))
			continue;
		if (strcmp(txt, OID_QC_COMPLIANCE) == 0)
			*compliance = true;
		else if (strcmp(txt, OID_BTK_NES) == 0)
			*nes = true;
		else if (strcmp(txt, OID_BTK_RESTRICT) == 0)
			*restricted = true;
		else if (strcmp(txt, OID_BTK_SEAL_ARC "1") == 0)
			*seal = *sealq = true;
		else if (strncmp(txt, OID_BTK_SEAL_ARC,
		                 strlen(OID_BTK_SEAL_ARC)) == 0)
			*seal = true;
	}
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

void okc__cades_ident_free(okc__cades_ident *id)
{
	if (id == NULL)
		return;
	free(id->subject);
	free(id->cn);
	free(id->tckn);
	free(id->vkn);
	free(id->serial);
	free(id->issuer);
	memset(id, 0, sizeof(*id));
}

int okc__cades_ident_get(X509 *cert, bool chain_ok, bool seal,
                         okc__cades_ident *id)
{
	memset(id, 0, sizeof(*id));
	id->qualified = -1;
	id->subject = name_text(X509_get_subject_name(cert));
	id->issuer = name_text(X509_get_issuer_name(cert));
	id->cn = name_entry(X509_get_subject_name(cert), NID_commonName);
	char *sn = name_entry(X509_get_subject_name(cert), NID_serialNumber);
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	BN_free(bn);
	id->serial = okc__strdup(hex);
	OPENSSL_free(hex);
	unsigned char md[32];
	unsigned int ml = 0;
	if (X509_digest(cert, EVP_sha256(), md, &ml) == 1 && ml == 32)
		okc__hex(id->fingerprint, md, 32, true);
	ERR_clear_error();
	if (id->subject == NULL || id->issuer == NULL || id->serial == NULL) {
		free(sn);
		okc__cades_ident_free(id);
		return OKC_ENOMEM;
	}
	if (sn != NULL) {
		const char *v = sn;
		if ((v[0] == 'T' || v[0] == 't') && (v[1] == 'R' || v[1] == 'r'))
			v += 2;
		if (all_digits(v, 11)) {
			if (okc_tckn_valid(v))
				id->tckn = okc__strdup(v);
			else
				snprintf(id->bad_id, sizeof(id->bad_id),
				         "TC Kimlik No %s", v);
		} else if (all_digits(v, 10)) {
			if (okc_vkn_valid(v))
				id->vkn = okc__strdup(v);
			else
				snprintf(id->bad_id, sizeof(id->bad_id),
				         "VKN %s", v);
		}
		free(sn);
	}

	bool qc, nes, sealst, sealq, restricted;
	qc_statements(cert, &qc, &nes, &sealst, &sealq, &restricted);
	bool nonrep = (X509_get_extension_flags(cert) & EXFLAG_KUSAGE) &&
	              (X509_get_key_usage(cert) & KU_NON_REPUDIATION);
	const char *why = NULL;
	if (seal) {
		/* An institution's seal (e.g. MuhurCades in an .eyp) is judged
		 * as a qualified electronic seal: QcCompliance + 5070.2.1. */
		if (!qc)
			why = "no QcCompliance statement (0.4.0.1862.1.1)";
		else if (!sealq)
			why = "not a qualified electronic seal certificate "
			      "(5070.2.1)";
	} else if (!qc)
		why = "no QcCompliance statement (0.4.0.1862.1.1)";
	else if (!nes)
		why = "no BTK NES statement (5070.1.1)";
	else if (sealst)
		why = "an electronic seal certificate (5070.2.x), not a "
		      "person's signature certificate";
	else if (restricted)
		why = "a usage-restricted certificate (5070.1.3)";
	else if (!nonrep)
		why = "keyUsage lacks nonRepudiation";
	if (why != NULL) {
		id->qualified = 0;
		snprintf(id->why_not, sizeof(id->why_not), "%s", why);
	} else {
		id->qualified = chain_ok ? 1 : -1;
	}
	return OKC_OK;
}

int okc__cades_signer_identity(okc__cades_signer *s)
{
	okc__cades_ident id;
	bool seal = s->role != NULL && strcmp(s->role, "seal") == 0;
	int rc = okc__cades_ident_get(s->cert, s->chain_ok, seal, &id);
	if (rc < 0)
		return rc;
	okc_signer_info si = {
		.subject = id.subject, .common_name = id.cn, .tckn = id.tckn,
		.vkn = id.vkn, .serial = id.serial, .issuer = id.issuer,
		.fingerprint_sha256 = id.fingerprint[0] ? id.fingerprint : NULL,
		.qualified = id.qualified,
	};
	OKC_GUARD(okc__signature_set_signer(s->sig, &si));
	if (id.qualified == 0)
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_NOT_QUALIFIED, "%s", id.why_not));
	if (id.bad_id[0])
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_SUBJECT_ID_INVALID, "%s", id.bad_id));
out:
	okc__cades_ident_free(&id);
	return rc;
}
