/*
 * der.h - a bounded cursor over DER (X.690) input.
 *
 * Every element read is checked against what is left in its parent, so a
 * nested length can never reach past the enclosing one.  Only definite
 * lengths (DER) and low tag numbers (< 31) are accepted; anything else is
 * OKC_EFORMAT.  Used where the exact encoded bytes matter (signed-attribute
 * sorting, ATSHashIndex, CRL indexing) and OpenSSL's parsed form would lose
 * them.
 */
#ifndef OKC_DER_H
#define OKC_DER_H

#include "core/internal.h"

typedef struct okc_der {
	const uint8_t *p;   /* next unread byte */
	size_t len;         /* bytes left */
} okc_der;

typedef struct okc_der_tlv {
	uint8_t tag;        /* identifier octet: class | constructed | number */
	const uint8_t *tlv; /* start of the whole element */
	size_t tlv_len;     /* header + content */
	const uint8_t *val; /* start of the content */
	size_t val_len;
} okc_der_tlv;

#define OKC_DER_SEQUENCE 0x30
#define OKC_DER_SET      0x31
#define OKC_DER_OID      0x06
#define OKC_DER_INTEGER  0x02
#define OKC_DER_OCTETS   0x04

static inline okc_der okc__der_init(const void *p, size_t len)
{
	okc_der d = { (const uint8_t *)p, len };
	return d;
}

/** Read the next element.  OKC_ENOTFOUND at the end, OKC_EFORMAT if bad. */
int okc__der_next(okc_der *cur, okc_der_tlv *out);

/** Read the next element and require its tag. */
int okc__der_expect(okc_der *cur, uint8_t tag, okc_der_tlv *out);

/** A cursor over the content of a constructed element. */
static inline okc_der okc__der_enter(const okc_der_tlv *t)
{
	return okc__der_init(t->val, t->val_len);
}

/** Whole element must fill `p..p+len` exactly (no trailing bytes). */
int okc__der_single(const void *p, size_t len, okc_der_tlv *out);

/** Compare two TLVs as X.690 11.6 orders SET OF members. */
int okc__der_cmp(const okc_der_tlv *a, const okc_der_tlv *b);

#endif /* OKC_DER_H */
