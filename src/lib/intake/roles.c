/*
 * roles.c - what each document of an application is for, from its kind and
 * its (Turkish) name.
 *
 * Companies name their files the way people type: "İMZA SİRKÜLERİ.pdf",
 * "imza_sirkusu.PDF", "Imza Sirkuleri (2).pdf".  Names are therefore folded
 * to ASCII without case and diacritics before matching: the Turkish dotted
 * and dotless i (İ i I ı) all become "i", ş ğ ü ö ç become s g u o c, and
 * every run of other characters becomes one space, so that phrases match on
 * word boundaries whatever the separators.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

/* Decode one UTF-8 sequence; returns its length, 0 for an invalid byte. */
static size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t need;
	uint32_t c, min;
	if ((p[0] & 0xe0) == 0xc0) {
		need = 2; c = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		need = 3; c = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		need = 4; c = p[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need;
}

/* The folded letter for a code point: 0 = separator, 1 = drop silently. */
static char fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return (char)c;
	switch (c) {
	case 0x130: case 0x131: case 0xce: case 0xee: case 0xcc: case 0xec:
	case 0xcd: case 0xed:
		return 'i';
	case 0x15e: case 0x15f: return 's';
	case 0x11e: case 0x11f: return 'g';
	case 0xdc: case 0xfc: case 0xdb: case 0xfb: case 0xd9: case 0xf9:
	case 0xda: case 0xfa:
		return 'u';
	case 0xd6: case 0xf6: case 0xd4: case 0xf4: case 0xd2: case 0xf2:
	case 0xd3: case 0xf3:
		return 'o';
	case 0xc7: case 0xe7: return 'c';
	case 0xc2: case 0xe2: case 0xc4: case 0xe4: case 0xc0: case 0xe0:
	case 0xc1: case 0xe1:
		return 'a';
	case 0xc9: case 0xe9: case 0xc8: case 0xe8: case 0xca: case 0xea:
		return 'e';
	/* COMBINING DOT ABOVE: "i̇" (i + U+0307) is what lower-casing İ
	 * gives in non-Turkish locales; the dot carries no meaning here. */
	case 0x307:
		return 1;
	default:
		return 0;
	}
}

char *okc__tr_fold(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(len + 1);
	size_t o = 0;
	bool sep = false;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t k = utf8_next(p + i, len - i, &cp);
		char f;
		if (k == 0) {
			f = 0;
			k = 1;
		} else {
			f = fold_cp(cp);
		}
		i += k;
		if (f == 1)
			continue;
		if (f == 0) {
			sep = o > 0;
			continue;
		}
		if (sep) {
			out[o++] = ' ';
			sep = false;
		}
		out[o++] = f;
	}
	out[o] = '\0';
	return out;
}

/* `phrase` occurs in `folded` starting at a word start; when `whole` it must
 * also end at a word end.  A phrase ending in '*' matches a word prefix. */
int okc__tr_has_phrase(const char *folded, const char *phrase)
{
	size_t pl = strlen(phrase);
	bool prefix = pl > 0 && phrase[pl - 1] == '*';
	if (prefix)
		pl--;
	if (pl == 0)
		return 0;
	for (const char *q = folded; *q; q++) {
		if ((q != folded && q[-1] != ' ') || strncmp(q, phrase, pl) != 0)
			continue;
		if (prefix || q[pl] == '\0' || q[pl] == ' ')
			return 1;
	}
	return 0;
}

static const char *const role_names[OKC__ROLE_COUNT_] = {
	[OKC__ROLE_OTHER] = "other",
	[OKC__ROLE_SIGNED_CONTAINER] = "signed_container",
	[OKC__ROLE_APPLICATION_LIST] = "application_list",
	[OKC__ROLE_SIGNATURE_CIRCULAR] = "signature_circular",
	[OKC__ROLE_REQUEST_FORM] = "request_form",
	[OKC__ROLE_CONTRACT] = "contract",
	[OKC__ROLE_GIB_APPROVAL] = "gib_approval",
	[OKC__ROLE_SECURE_AREA_AUDIT] = "secure_area_audit",
};

const char *okc__role_name(okc__role role)
{
	if ((int)role < 0 || role >= OKC__ROLE_COUNT_)
		return "other";
	return role_names[role];
}

/*
 * Name phrases per role, in the order they are tried (a "talep formu" that
 * mentions "liste" is still a form).  '*' ends a word-prefix match:
 * "sirk*" takes sirküler, sirkü, sirküleri, sirkusu.
 */
static const struct {
	okc__role role;
	const char *phrases[12];
} name_rules[] = {
	{ OKC__ROLE_SIGNATURE_CIRCULAR, { "sirk*", "imza beyannamesi",
	  "signature circular", "circular", NULL } },
	{ OKC__ROLE_SECURE_AREA_AUDIT, { "guvenli alan*", "guvenli oda*",
	  "alan denetim*", "oda denetim*", "secure area*", "audit*", NULL } },
	{ OKC__ROLE_GIB_APPROVAL, { "gib", "onay yazi*", "uygunluk yazi*",
	  "gelir idaresi*", "approval*", "onay*", NULL } },
	{ OKC__ROLE_CONTRACT, { "sozlesme*", "contract*", "sozles*", NULL } },
	{ OKC__ROLE_REQUEST_FORM, { "talep form*", "basvuru form*",
	  "request form*", "talep*", NULL } },
	{ OKC__ROLE_APPLICATION_LIST, { "list*", "seri no*", "seri numara*",
	  "sicil*", "serial*", "sirasiz*", NULL } },
};

static okc__role role_from_text(const char *folded)
{
	for (size_t i = 0; i < sizeof(name_rules) / sizeof(name_rules[0]); i++)
		for (size_t j = 0; name_rules[i].phrases[j] != NULL; j++)
			if (okc__tr_has_phrase(folded, name_rules[i].phrases[j]))
				return name_rules[i].role;
	return OKC__ROLE_OTHER;
}

static bool is_container_kind(okc_doc_kind k)
{
	return k == OKC_KIND_CMS || k == OKC_KIND_EYP || k == OKC_KIND_EYPS ||
	       k == OKC_KIND_EYPG;
}

/* Bytes of a PDF or text document looked at for title words. */
#define CONTENT_WINDOW 65536u

okc__role okc__role_of(const okc_classification *cls, const char *name,
                       const unsigned char *data, size_t len)
{
	okc__role by_name = OKC__ROLE_OTHER;
	if (is_container_kind(cls->kind))
		return OKC__ROLE_SIGNED_CONTAINER;
	/* A file named .imz/.eyp that is not recognisably one is still the
	 * sender's signed container: it goes to verification, which says
	 * precisely what is wrong with it. */
	if (is_container_kind(cls->name_kind) &&
	    (cls->kind == OKC_KIND_UNKNOWN || cls->kind == OKC_KIND_TEXT ||
	     cls->kind == OKC_KIND_ZIP || cls->kind == OKC_KIND_EMPTY ||
	     cls->kind == OKC_KIND_XML))
		return OKC__ROLE_SIGNED_CONTAINER;
	if (name != NULL) {
		char *f = okc__tr_fold(name, strlen(name));
		if (f != NULL) {
			by_name = role_from_text(f);
			free(f);
		}
	}
	switch (cls->kind) {
	case OKC_KIND_XLSX:
	case OKC_KIND_ODS:
	case OKC_KIND_CSV:
	case OKC_KIND_XLS:
		/* A spreadsheet is the list unless its name says it is one
		 * of the other documents (a form kept as a sheet). */
		return by_name == OKC__ROLE_OTHER ? OKC__ROLE_APPLICATION_LIST
		                                  : by_name;
	case OKC_KIND_TEXT:
		return by_name == OKC__ROLE_OTHER ? OKC__ROLE_APPLICATION_LIST
		                                  : by_name;
	case OKC_KIND_PDF:
		if (by_name == OKC__ROLE_OTHER && data != NULL && len > 0) {
			/* Uncompressed PDFs (and metadata) carry the title in
			 * clear text; compressed ones simply do not match. */
			char *f = okc__tr_fold((const char *)data,
			                       len < CONTENT_WINDOW ? len
			                                            : CONTENT_WINDOW);
			if (f != NULL) {
				if (okc__tr_has_phrase(f, "imza sirk*"))
					by_name = OKC__ROLE_SIGNATURE_CIRCULAR;
				free(f);
			}
		}
		return by_name;
	default:
		return by_name;
	}
}

unsigned okc__hints_of(const char *text)
{
	unsigned h = 0;
	if (text == NULL)
		return 0;
	char *f = okc__tr_fold(text, strlen(text));
	if (f == NULL)
		return 0;
	static const char *const initial[] = { "ilk basvuru*", "yeni basvuru*",
		"initial application*", "initial", NULL };
	static const char *const additional[] = { "ek basvuru*", "ilave*",
		"ek liste*", "ek sertifika*", "additional*", NULL };
	static const char *const soft[] = { "soft", "yazilimsal", "soft sertifika*",
		"software certificate*", NULL };
	static const char *const hard[] = { "hard", "donanimsal", "hard sertifika*",
		"hardware certificate*", NULL };
	for (size_t i = 0; initial[i]; i++)
		if (okc__tr_has_phrase(f, initial[i]))
			h |= OKC__HINT_INITIAL;
	for (size_t i = 0; additional[i]; i++)
		if (okc__tr_has_phrase(f, additional[i]))
			h |= OKC__HINT_ADDITIONAL;
	for (size_t i = 0; soft[i]; i++)
		if (okc__tr_has_phrase(f, soft[i]))
			h |= OKC__HINT_SOFT;
	for (size_t i = 0; hard[i]; i++)
		if (okc__tr_has_phrase(f, hard[i]))
			h |= OKC__HINT_HARD;
	free(f);
	return h;
}
