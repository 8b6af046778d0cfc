/*
 * der.c - bounded DER cursor (X.690 8.1 and 10.1).
 */
#include "config.h"

#include <string.h>

#include "core/der.h"

int okc__der_next(okc_der *cur, okc_der_tlv *out)
{
	const uint8_t *p = cur->p;
	size_t left = cur->len;
	size_t hdr = 2, vlen;

	if (left == 0)
		return OKC_ENOTFOUND;
	if (left < 2)
		return OKC_EFORMAT;
	if ((p[0] & 0x1f) == 0x1f) /* high tag numbers: not used by CMS/X.509 here */
		return OKC_EFORMAT;
	uint8_t l0 = p[1];
	if (l0 < 0x80) {
		vlen = l0;
	} else if (l0 == 0x80) {
		return OKC_EFORMAT;   /* indefinite length is BER, not DER */
	} else {
		size_t n = l0 & 0x7f;
		if (n > sizeof(size_t) || n > 4 || left - 2 < n)
			return OKC_EFORMAT;
		vlen = 0;
		for (size_t i = 0; i < n; i++)
			vlen = (vlen << 8) | p[2 + i];
		/* X.690 10.1: the shortest length form is mandatory. */
		if (vlen < 0x80 || p[2] == 0)
			return OKC_EFORMAT;
		hdr += n;
	}
	if (vlen > left - hdr)
		return OKC_EFORMAT;
	out->tag = p[0];
	out->tlv = p;
	out->tlv_len = hdr + vlen;
	out->val = p + hdr;
	out->val_len = vlen;
	cur->p += out->tlv_len;
	cur->len -= out->tlv_len;
	return OKC_OK;
}

int okc__der_expect(okc_der *cur, uint8_t tag, okc_der_tlv *out)
{
	okc_der save = *cur;
	int rc = okc__der_next(cur, out);
	if (rc < 0)
		return rc == OKC_ENOTFOUND ? OKC_EFORMAT : rc;
	if (out->tag != tag) {
		*cur = save;
		return OKC_EFORMAT;
	}
	return OKC_OK;
}

int okc__der_single(const void *p, size_t len, okc_der_tlv *out)
{
	okc_der d = okc__der_init(p, len);
	int rc = okc__der_next(&d, out);
	if (rc < 0)
		return rc == OKC_ENOTFOUND ? OKC_EFORMAT : rc;
	return d.len == 0 ? OKC_OK : OKC_EFORMAT;
}

int okc__der_cmp(const okc_der_tlv *a, const okc_der_tlv *b)
{
	/* X.690 11.6: SET OF components are ordered as octet strings, the
	 * shorter one padded at its end with zero octets. */
	size_t n = a->tlv_len < b->tlv_len ? a->tlv_len : b->tlv_len;
	int c = memcmp(a->tlv, b->tlv, n);
	if (c != 0)
		return c;
	const okc_der_tlv *longer = a->tlv_len > b->tlv_len ? a : b;
	for (size_t i = n; i < longer->tlv_len; i++)
		if (longer->tlv[i] != 0)
			return longer == a ? 1 : -1;
	return a->tlv_len == b->tlv_len ? 0 : (a->tlv_len < b->tlv_len ? -1 : 1);
}
