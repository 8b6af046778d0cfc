/*
 * attrs.c - signed attributes of a SignerInfo: parsing, DER re-sorting,
 * duplicates, content-type, signing-time and the ESS signing-certificate
 * binding (RFC 5652 5.3/11, RFC 2634 5.4, RFC 5035 5.4, EN 319 122-1 5.2).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cades/cades.h"

bool okc__cades_oid_text(const okc_der_tlv *t, char *buf, size_t len)
{
	/* X.690 8.19: base-128 arcs, the first octet(s) hold 40*X+Y.  Arcs
	 * larger than 64 bits or non-minimal encodings are refused. */
	size_t pos = 0;
	bool first = true;
	uint64_t v = 0;
	size_t nbytes = 0;
	if (t->tag != OKC_DER_OID || t->val_len == 0 || len < 2)
		return false;
	buf[0] = '\0';
	for (size_t i = 0; i < t->val_len; i++) {
		uint8_t b = t->val[i];
		if (nbytes == 0 && b == 0x80)
			return false;
		if (++nbytes > 9 || v > (UINT64_MAX >> 7))
			return false;
		v = (v << 7) | (b & 0x7f);
		if (b & 0x80)
			continue;
		int n;
		if (first) {
			unsigned x = v < 40 ? 0 : v < 80 ? 1 : 2;
			n = snprintf(buf + pos, len - pos, "%u.%llu", x,
			             (unsigned long long)(v - 40u * x));
			first = false;
		} else {
			n = snprintf(buf + pos, len - pos, ".%llu",
			             (unsigned long long)v);
		}
		if (n < 0 || (size_t)n >= len - pos)
			return false;
		pos += (size_t)n;
		v = 0;
		nbytes = 0;
	}
	return nbytes == 0; /* the last arc must be complete */
}

bool okc__cades_alg_oid(const okc_der_tlv *alg, char *buf, size_t len,
                        okc_der_tlv *params)
{
	okc_der d = okc__der_enter(alg);
	okc_der_tlv oid;
	if (alg->tag != OKC_DER_SEQUENCE ||
	    okc__der_expect(&d, OKC_DER_OID, &oid) < 0 ||
	    !okc__cades_oid_text(&oid, buf, len))
		return false;
	okc_der_tlv p;
	int rc = okc__der_next(&d, &p);
	if (rc == OKC_ENOTFOUND) {
		if (params)
			memset(params, 0, sizeof(*params));
		return true;
	}
	if (rc < 0 || d.len != 0)
		return false;
	if (params)
		*params = p;
	return true;
}

int okc__cades_parse_attrs(const okc_der_tlv *set, okc__cades_attr **out,
                           size_t *n, size_t max)
{
	okc_der d = okc__der_enter(set);
	okc__cades_attr *v = NULL;
	size_t cap = 0, cnt = 0;
	okc_der_tlv t;
	int rc;
	while ((rc = okc__der_next(&d, &t)) == OKC_OK) {
		if (t.tag != OKC_DER_SEQUENCE || cnt >= max) {
			rc = OKC_EFORMAT;
			break;
		}
		if (okc__grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0) {
			rc = OKC_ENOMEM;
			break;
		}
		okc__cades_attr *a = &v[cnt];
		memset(a, 0, sizeof(*a));
		a->tlv = t;
		okc_der in = okc__der_enter(&t);
		okc_der_tlv oid;
		if (okc__der_expect(&in, OKC_DER_OID, &oid) < 0 ||
		    !okc__cades_oid_text(&oid, a->oid, sizeof(a->oid)) ||
		    okc__der_expect(&in, OKC_DER_SET, &a->values) < 0 ||
		    in.len != 0) {
			rc = OKC_EFORMAT;
			break;
		}
		okc_der vals = okc__der_enter(&a->values);
		okc_der_tlv one;
		int vr;
		while ((vr = okc__der_next(&vals, &one)) == OKC_OK) {
			if (a->n_values == 0)
				a->first = one;
			a->n_values++;
		}
		/* RFC 5652 5.3: attrValues has at least one value. */
		if (vr != OKC_ENOTFOUND || a->n_values == 0) {
			rc = OKC_EFORMAT;
			break;
		}
		cnt++;
	}
	if (rc != OKC_ENOTFOUND) {
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	return OKC_OK;
}

const okc__cades_attr *okc__cades_find_attr(const okc__cades_attr *a,
                                            size_t n, const char *oid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].oid, oid) == 0)
			return &a[i];
	return NULL;
}

static int cmp_attr(const void *x, const void *y)
{
	const okc__cades_attr *a = x, *b = y;
	return okc__der_cmp(&a->tlv, &b->tlv);
}

int okc__cades_sorted_attrs(const okc__cades_signer *s, unsigned char **out,
                            size_t *len, bool *changed)
{
	size_t body = s->si.signed_attrs.val_len;
	size_t hdr = body < 0x80 ? 2 : body < 0x100 ? 3 : body < 0x10000 ? 4
	             : body < 0x1000000 ? 5 : 6;
	okc__cades_attr *copy = NULL;
	unsigned char *buf = NULL;
	size_t total;
	if (okc__add_overflows(body, hdr, &total))
		return OKC_ETOOLARGE;
	if (s->n_sattrs > 0) {
		copy = malloc(s->n_sattrs * sizeof(*copy));
		if (copy == NULL)
			return OKC_ENOMEM;
		memcpy(copy, s->sattrs, s->n_sattrs * sizeof(*copy));
		/* X.690 11.6: a DER SET OF is sorted by the encodings of its
		 * members. */
		qsort(copy, s->n_sattrs, sizeof(*copy), cmp_attr);
	}
	buf = malloc(total);
	if (buf == NULL) {
		free(copy);
		return OKC_ENOMEM;
	}
	size_t p = 0;
	buf[p++] = OKC_DER_SET;
	if (body < 0x80) {
		buf[p++] = (unsigned char)body;
	} else {
		size_t nb = hdr - 2;
		buf[p++] = (unsigned char)(0x80 | nb);
		for (size_t i = nb; i > 0; i--)
			buf[p++] = (unsigned char)(body >> (8 * (i - 1)));
	}
	*changed = false;
	for (size_t i = 0; i < s->n_sattrs; i++) {
		memcpy(buf + p, copy[i].tlv.tlv, copy[i].tlv.tlv_len);
		p += copy[i].tlv.tlv_len;
		if (copy[i].tlv.tlv != s->sattrs[i].tlv.tlv)
			*changed = true;
	}
	free(copy);
	if (p != total) { /* the attributes must fill the SET exactly */
		free(buf);
		return OKC_EFORMAT;
	}
	*out = buf;
	*len = total;
	return OKC_OK;
}

/* ---- time ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01, proleptic
	 * Gregorian calendar. */
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

okc_time okc__cades_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return days_from_civil((int64_t)tm.tm_year + 1900,
	                       (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) *
	               86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* ---- ESS signing-certificate ---- */

/* IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
 * (RFC 5035).  True when it names `cert`. */
static bool issuer_serial_matches(const okc_der_tlv *is, X509 *cert)
{
	okc_der d = okc__der_enter(is);
	okc_der_tlv names, serial;
	unsigned char *iss = NULL, *ser = NULL;
	bool found = false;
	if (okc__der_expect(&d, OKC_DER_SEQUENCE, &names) < 0 ||
	    okc__der_expect(&d, OKC_DER_INTEGER, &serial) < 0)
		return false;
	int il = i2d_X509_NAME(X509_get_issuer_name(cert), &iss);
	int sl = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &ser);
	if (il > 0 && sl > 0 && (size_t)sl == serial.tlv_len &&
	    memcmp(ser, serial.tlv, (size_t)sl) == 0) {
		okc_der g = okc__der_enter(&names);
		okc_der_tlv gn;
		while (okc__der_next(&g, &gn) == OKC_OK) {
			/* directoryName [4] EXPLICIT Name */
			if (gn.tag != 0xa4)
				continue;
			okc_der_tlv name;
			if (okc__der_single(gn.val, gn.val_len, &name) == OKC_OK &&
			    name.tlv_len == (size_t)il &&
			    memcmp(name.tlv, iss, (size_t)il) == 0)
				found = true;
		}
	}
	OPENSSL_free(iss);
	OPENSSL_free(ser);
	return found;
}

/*
 * Check the first ESSCertID(v2) of a signing-certificate(-v2) value against
 * the signer certificate (RFC 5035 5.4: the first one identifies the
 * signing certificate).  Returns OKC_OK and sets *ok, or adds a reason.
 */
static int check_ess(okc__cades_signer *s, const okc__cades_attr *a, bool v2,
                     bool *ok)
{
	okc_der d = okc__der_enter(&a->first);
	okc_der_tlv certs, id, hash, alg, is;
	const EVP_MD *md = EVP_sha256();  /* ESSCertIDv2 default */
	char oid[64];
	const char *name = v2 ? "signing-certificate-v2" : "signing-certificate";
	*ok = false;
	if (a->n_values != 1 || a->first.tag != OKC_DER_SEQUENCE ||
	    okc__der_expect(&d, OKC_DER_SEQUENCE, &certs) < 0)
		goto malformed;
	okc_der c = okc__der_enter(&certs);
	if (okc__der_expect(&c, OKC_DER_SEQUENCE, &id) < 0)
		goto malformed;
	okc_der e = okc__der_enter(&id);
	if (v2 && okc__der_expect(&e, OKC_DER_SEQUENCE, &alg) == OKC_OK) {
		if (!okc__cades_alg_oid(&alg, oid, sizeof(oid), NULL))
			goto malformed;
		md = okc__cades_digest_alg(s, &alg, name);
		if (md == NULL)
			return OKC_OK; /* reason added */
	}
	if (okc__der_expect(&e, OKC_DER_OCTETS, &hash) < 0)
		goto malformed;
	if (!v2) {
		/* ESSCertID has no algorithm field: the hash is SHA-1 by
		 * definition (RFC 2634 5.4.1).  A value of another length was
		 * made with another hash. */
		if (hash.val_len != 20)
			return okc__signature_add_reason(s->sig,
				OKC_R_CADES_ESS_V1_NOT_SHA1,
				"certHash is %zu bytes, SHA-1 has 20", hash.val_len);
		md = EVP_sha1();
	}
	unsigned char dg[EVP_MAX_MD_SIZE];
	unsigned int dl = 0;
	if (X509_digest(s->cert, md, dg, &dl) != 1)
		return okc__error_ossl(s->ctx, OKC_ECRYPTO, "certificate digest");
	if (dl != hash.val_len || memcmp(dg, hash.val, dl) != 0)
		return okc__signature_add_reason(s->sig,
			OKC_R_CADES_ESS_CERT_MISMATCH,
			"%s: the %s hash is not that of the signer certificate",
			name, EVP_MD_get0_name(md));
	int rc = okc__der_next(&e, &is);
	if (rc == OKC_OK) {
		if (is.tag != OKC_DER_SEQUENCE || e.len != 0)
			goto malformed;
		if (!issuer_serial_matches(&is, s->cert))
			return okc__signature_add_reason(s->sig,
				OKC_R_CADES_ESS_CERT_MISMATCH,
				"%s: issuerSerial does not name the signer "
				"certificate", name);
	} else if (rc != OKC_ENOTFOUND) {
		goto malformed;
	}
	*ok = true;
	return OKC_OK;
malformed:
	return okc__signature_add_reason(s->sig, OKC_R_CADES_ESS_MALFORMED,
	                                 "%s", name);
}

static int check_content_hints(okc__cades_signer *s, const okc__cades_attr *a)
{
	okc_der_tlv desc = { 0 }, type;
	char oid[64];
	bool ok = a->n_values == 1 && a->first.tag == OKC_DER_SEQUENCE;
	if (ok) {
		okc_der in = okc__der_enter(&a->first);
		okc_der_tlv t;
		ok = okc__der_next(&in, &t) == OKC_OK;
		if (ok && t.tag == 0x0c) {   /* UTF8String description */
			desc = t;
			ok = desc.val_len > 0 && okc__der_next(&in, &t) == OKC_OK;
		}
		type = t;
		ok = ok && type.tag == OKC_DER_OID && in.len == 0 &&
		     okc__cades_oid_text(&type, oid, sizeof(oid));
	}
	if (!ok) {
		s->format_ok = false;
		return okc__signature_add_reason(s->sig, OKC_R_CADES_ATTR_MALFORMED,
		                                 "content-hints cannot be read");
	}
	json_t *o = json_pack("{s:s%, s:s}",
	                      "description", desc.val ? (const char *)desc.val : "",
	                      desc.val_len, "content_type", oid);
	if (o != NULL && desc.val == NULL)
		json_object_set_new(o, "description", json_null());
	return okc__signature_set_section(s->sig, "content_hints", o);
}

int okc__cades_check_signed_attrs(okc__cades_signer *s,
                                  const unsigned char *ct, size_t ct_len,
                                  bool *ess_ok)
{
	int rc = OKC_OK;
	*ess_ok = false;
	/* RFC 5652 5.3 / EN 319 122-1 5.2: each attribute type at most once
	 * among the signed attributes of this profile. */
	for (size_t i = 0; i < s->n_sattrs; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->sattrs[i].oid, s->sattrs[j].oid) == 0) {
				OKC_GUARD(okc__signature_add_reason(s->sig,
					OKC_R_CADES_DUPLICATE_SIGNED_ATTR,
					"%s", s->sattrs[i].oid));
				s->format_ok = false;
				break;
			}

	/* content-type: must be there (not for a countersignature, RFC 5652
	 * 11.1) and equal eContentType. */
	const okc__cades_attr *a = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                OKC_OID_CONTENT_TYPE);
	if (s->is_counter) {
		if (a != NULL) {
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_CONTENT_TYPE_MISMATCH,
				"a countersignature must not carry content-type "
				"(RFC 5652 11.1)"));
			s->format_ok = false;
		}
	} else if (a == NULL) {
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_ATTR_MALFORMED, "content-type is missing"));
		s->format_ok = false;
	} else if (a->n_values != 1 || a->first.tag != OKC_DER_OID ||
	           ct == NULL || a->first.tlv_len != ct_len ||
	           memcmp(a->first.tlv, ct, ct_len) != 0) {
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_CONTENT_TYPE_MISMATCH, NULL));
		s->format_ok = false;
	}

	/* signing-time (RFC 5652 11.3): a claim of the signer. */
	a = okc__cades_find_attr(s->sattrs, s->n_sattrs, OKC_OID_SIGNING_TIME);
	if (a != NULL) {
		const unsigned char *p = a->first.tlv;
		ASN1_TIME *t = NULL;
		if (a->n_values == 1 &&
		    (a->first.tag == 0x17 || a->first.tag == 0x18))
			t = d2i_ASN1_TIME(NULL, &p, (long)a->first.tlv_len);
		s->signing_time = okc__cades_asn1_time(t);
		ASN1_TIME_free(t);
		if (s->signing_time == 0) {
			OKC_GUARD(okc__signature_add_reason(s->sig,
				OKC_R_CADES_ATTR_MALFORMED,
				"signing-time cannot be read"));
			s->format_ok = false;
		}
	}

	/* content-hints (RFC 2634 2.9, EN 319 122-1 5.2.4.1): what the signed
	 * content is, for a person; reported, and refused when malformed.
	 * ContentHints ::= SEQUENCE { contentDescription UTF8String OPTIONAL,
	 *                             contentType OBJECT IDENTIFIER } */
	a = okc__cades_find_attr(s->sattrs, s->n_sattrs, OKC_OID_CONTENT_HINTS);
	if (a != NULL)
		OKC_GUARD(check_content_hints(s, a));

	/* ESS binding: the signer certificate is protected by the signature
	 * (EN 319 122-1 5.2.2); v2 preferred, v1 only with SHA-1. */
	const okc__cades_attr *v2 = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                 OKC_OID_SIGNING_CERT_V2);
	const okc__cades_attr *v1 = okc__cades_find_attr(s->sattrs, s->n_sattrs,
	                                                 OKC_OID_SIGNING_CERT);
	if (v1 == NULL && v2 == NULL) {
		OKC_GUARD(okc__signature_add_reason(s->sig,
			OKC_R_CADES_ESS_MISSING, NULL));
		s->format_ok = false;
	} else if (s->cert != NULL) {
		bool ok1 = true, ok2 = true;
		if (v2 != NULL)
			OKC_GUARD(check_ess(s, v2, true, &ok2));
		if (v1 != NULL)
			OKC_GUARD(check_ess(s, v1, false, &ok1));
		*ess_ok = ok1 && ok2;
	}
out:
	return rc;
}
