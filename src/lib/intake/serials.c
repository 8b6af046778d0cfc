/*
 * serials.c - ÖKC serial numbers ("mali sicil no"): normalisation, form,
 * prefix lookup and ownership.
 *
 * The number is a prefix assigned by GİB per approved device model followed
 * by digits, with no known check digit (okc-domain.md section 1).  Prefixes
 * are two letters (FU), three letters (BCA) or a digit and a letter (2A).
 * The longest known prefix wins, so BCA and BCM are told apart and a
 * three-letter prefix is never read as a two-letter one plus junk.  How
 * many digits follow is not documented; we accept 6 to 12
 * (OKC__SERIAL_MIN_DIGITS..MAX), which covers every example seen (FU +
 * 8 digits) with room on both sides.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

int okc__serial_normalize(const char *cell, char *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)cell;
	size_t o = 0;
	if (outlen == 0)
		return -1;
	for (size_t i = 0; p[i]; i++) {
		unsigned char c = p[i];
		/* Blanks anywhere (people type "FU 0002 2547"), hyphens, and
		 * the no-break / zero-width spaces spreadsheets leave behind. */
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\v' || c == '\f' || c == '-')
			continue;
		if (c == 0xc2 && p[i + 1] == 0xa0) {
			i++;
			continue;
		}
		if (c == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x8b || p[i + 2] == 0xaf)) {
			i += 2;
			continue;
		}
		if (c == 0xef && p[i + 1] == 0xbb && p[i + 2] == 0xbf) {
			i += 2;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (o + 1 >= outlen)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

static bool is_up(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_dig(char c) { return c >= '0' && c <= '9'; }

static bool digits_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!is_dig(s[n]))
			return false;
	return n >= OKC__SERIAL_MIN_DIGITS && n <= OKC__SERIAL_MAX_DIGITS;
}

okc__serial_form okc__serial_check(const char *s, const okc__prefixes *tab,
                                   const okc__prefix **entry, char pfx[4])
{
	size_t n = strlen(s);
	bool digit = false;
	*entry = NULL;
	pfx[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!is_up(s[i]) && !is_dig(s[i]))
			return OKC__SERIAL_JUNK;
		digit |= is_dig(s[i]);
	}
	if (n == 0 || !digit)
		return OKC__SERIAL_JUNK;
	if (tab != NULL)
		for (size_t l = 3; l >= 2; l--) {
			if (n <= l)
				continue;
			char p[4];
			memcpy(p, s, l);
			p[l] = '\0';
			const okc__prefix *e = okc__prefixes_find(tab, p);
			if (e != NULL && digits_ok(s + l)) {
				*entry = e;
				memcpy(pfx, p, l + 1);
				return OKC__SERIAL_KNOWN;
			}
		}
	/* Well-formed with a prefix we do not know: letters (2-3) or a
	 * digit and a letter, then the digits. */
	size_t a = 0;
	while (a < n && is_up(s[a]))
		a++;
	size_t pl = 0;
	if (a >= 2 && a <= 3)
		pl = a;
	else if (a == 0 && n > 2 && is_dig(s[0]) && is_up(s[1]))
		pl = 2;
	if (pl != 0 && digits_ok(s + pl)) {
		memcpy(pfx, s, pl);
		pfx[pl] = '\0';
		return OKC__SERIAL_UNKNOWN_PREFIX;
	}
	return OKC__SERIAL_MALFORMED;
}

/*
 * Ownership is decided by VKN only: the prefix table names companies by
 * trade name ("HUGIN", "E-DATA") while applicants sign with their legal
 * title, and a near-match of names is not evidence either way.  Where the
 * installed table carries the owner's VKN the check is exact; elsewhere the
 * owner is unknown and no serial is called foreign.
 */
int okc__prefix_owned_by(const okc__prefix *e, const char *app_name,
                         const char *app_vkn)
{
	(void)app_name;
	if (e->vkn == NULL || app_vkn == NULL)
		return -1;
	return strcmp(e->vkn, app_vkn) == 0;
}
