/*
 * digests.c - PaketOzeti, ParafOzeti and NihaiOzet (eyp-format.md §2).
 *
 * A digest file lists References (URI, Type, DigestMethod/DigestValue in
 * v1; exactly two DigestItems in v2).  The digest is over the raw,
 * uncompressed part bytes, BOM included, no canonicalisation.  Every
 * internal reference must resolve to a part whose digests all match; every
 * component the version requires must be referenced; ImzasizEkler never.
 *
 * Hashing uses libcrypto's EVP interface directly: these are plain message
 * digests of package parts, not signature processing (which lives in the
 * CAdES module).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "eyp/eyp.h"

#define TYPE_DAHILI "http://eyazisma.dpt/bilesen#dahili"
#define TYPE_HARICI "http://eyazisma.dpt/bilesen#harici"

enum alg { A_UNKNOWN, A_SHA1, A_SHA256, A_SHA384, A_SHA512, A_RIPEMD160 };

static const struct {
	enum alg alg;
	const char *uri;
	const char *evp;
	size_t len;
} algs[] = {
	{ A_SHA1, "http://www.w3.org/2000/09/xmldsig#sha1", "SHA1", 20 },
	{ A_SHA256, "http://www.w3.org/2001/04/xmlenc#sha256", "SHA256", 32 },
	{ A_SHA384, "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA384", 48 },
	{ A_SHA512, "http://www.w3.org/2001/04/xmlenc#sha512", "SHA512", 64 },
	{ A_RIPEMD160, "http://www.w3.org/2001/04/xmlenc#ripemd160", "RIPEMD160", 20 },
};

static int alg_index(const char *uri)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (uri != NULL && strcmp(uri, algs[i].uri) == 0)
			return (int)i;
	return -1;
}

void okc__eyp_part_hash(okc__eyp *e, const okc__opc_part *p,
                        const char *alg_uri, unsigned char *out, size_t *len)
{
	int i = alg_index(alg_uri);
	unsigned char h[EVP_MAX_MD_SIZE];
	*len = 0;
	if (i < 0)
		return;
	/* SHA-256/384/512 were computed in the one pass that read and
	 * checked the part; other algorithms read it once more */
	okc__zip_digest(e->opc->zip, p->entry, algs[i].evp, h, len);
	if (*len > 64)
		*len = 0;
	memcpy(out, h, *len);
}

static int b64v(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool okc__eyp_b64(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	/* XML Schema base64Binary allows whitespace between characters. */
	uint32_t acc = 0;
	int bits = 0, pad = 0;
	size_t o = 0, nch = 0;
	for (; *s; s++) {
		int c = (unsigned char)*s;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		nch++;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = b64v(c);
		if (v < 0 || pad)
			return false;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return false;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (nch % 4 != 0 || pad > 2 || (acc & ((1u << bits) - 1)) != 0)
		return false;
	*len = o;
	return true;
}

static bool is_prefix_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < n; i++) {
		int a = (unsigned char)s[i], b = (unsigned char)prefix[i];
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (a != b)
			return false;
	}
	return true;
}

static const char *const file_names[] = { "PaketOzeti", "ParafOzeti",
                                          "NihaiOzet" };

/* Is the ek with this part name listed as not enclosed? */
static bool ek_not_enclosed(const okc__eyp *e, const char *part)
{
	for (size_t i = 0; i < e->n_ek; i++) {
		const okc__eyp_ek *k = &e->ek[i];
		if (!k->not_enclosed || k->dosya_adi == NULL)
			continue;
		if (is_prefix_ci(part, "/Ekler/") &&
		    okc__strcasecmp_ascii(part + 7, k->dosya_adi) == 0)
			return true;
	}
	return false;
}

/* One Reference: the digests of an internal part. */
static int check_reference(okc__eyp *e, int which, xmlNode *ref,
                           const char *uri, size_t *bad)
{
	int rc;
	const char *fname = file_names[which];
	const char *rns = okc__xml_ns(ref);
	bool enomem;
	char *pname = okc__opc_resolve("/", uri, &enomem);
	if (pname == NULL)
		return enomem ? OKC_ENOMEM
		              : okc__eyp_find(e, OKC_R_EYP_DIGEST_PART_MISSING,
		                              "%s: \"%.120s\" is not a part name",
		                              fname, uri);
	okc__opc_part *part = okc__opc_part_find(e->opc, pname);
	if (is_prefix_ci(pname, "/ImzasizEkler/")) {
		rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_UNSIGNED_REFERENCED,
		                   "%s references %s", fname, pname);
		free(pname);
		return rc;
	}
	if (part == NULL) {
		/* A not-enclosed ek and a stripped paraf signature are
		 * absences the guide allows (eyp-format.md §4 rule 5). */
		if (ek_not_enclosed(e, pname) ||
		    okc__strcasecmp_ascii(pname, "/Paraflar/ParafImzaCades.imz") == 0)
			rc = OKC_OK;
		else
			rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_PART_MISSING,
			                   "%s references %s", fname, pname);
		free(pname);
		return rc;
	}
	free(pname);
	okc__eyp_partinfo *pi = &e->pi[okc__eyp_part_index(e, part)];
	if (pi->digested & (1u << which))
		return okc__eyp_find(e, OKC_R_EYP_DIGEST_REFERENCE_DUPLICATE,
		                     "%s references %s twice", fname, part->name);
	pi->digested |= 1u << which;

	/* collect the (method, value) pairs */
	xmlNode *meth[4], *val[4];
	size_t n = 0;
	if (e->version >= 2) {
		for (xmlNode *it = okc__xml_child(ref, rns, "DigestItem");
		     it != NULL; it = okc__xml_next(it, rns, "DigestItem")) {
			if (n < 4) {
				meth[n] = okc__xml_child(it, rns, "DigestMethod");
				val[n] = okc__xml_child(it, rns, "DigestValue");
			}
			n++;
		}
	} else {
		meth[0] = okc__xml_child(ref, rns, "DigestMethod");
		val[0] = okc__xml_child(ref, rns, "DigestValue");
		n = (meth[0] || val[0]) ? 1 : 0;
		if (okc__xml_count(ref, rns, "DigestMethod") > 1 ||
		    okc__xml_count(ref, rns, "DigestValue") > 1)
			return okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
			                     "%s: %s has several digests", fname,
			                     part->name);
	}
	if (e->version >= 2 && n != 2) {
		pi->digest_state = 0;
		(*bad)++;
		return okc__eyp_find(e, OKC_R_EYP_DIGEST_ITEMS,
		                     "%s: %s has %zu DigestItems", fname,
		                     part->name, n);
	}
	if (n == 0) {
		pi->digest_state = 0;
		(*bad)++;
		return okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
		                     "%s: %s has no digest", fname, part->name);
	}
	int seen[2] = { -1, -1 };
	bool all_ok = true, sha512 = false;
	for (size_t i = 0; i < n && i < 4; i++) {
		char *alg = meth[i] ? okc__xml_attr(meth[i], "Algorithm") : NULL;
		char *b64 = val[i] ? okc__xml_text(val[i]) : NULL;
		int ai = alg_index(alg);
		rc = OKC_OK;
		if (meth[i] == NULL || val[i] == NULL) {
			rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
			                   "%s: %s: DigestMethod or DigestValue "
			                   "missing", fname, part->name);
			all_ok = false;
		} else if (ai < 0 ||
		           (e->version == 1 && algs[ai].alg == A_SHA384)) {
			/* v1 schema lists SHA-1, SHA-256, SHA-512 and
			 * RIPEMD-160 only; SHA-384 came with v2. */
			rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_ALG_FORBIDDEN,
			                   "%s: %s: \"%.100s\" in version %d",
			                   fname, part->name, alg ? alg : "",
			                   e->version);
			all_ok = false;
		} else {
			if (algs[ai].alg == A_SHA1 || algs[ai].alg == A_RIPEMD160)
				rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_ALG_WEAK,
				                   "%s: %s: %s", fname,
				                   part->name, algs[ai].evp);
			if (algs[ai].alg == A_SHA512)
				sha512 = true;
			if (i < 2)
				seen[i] = ai;
			unsigned char want[64], got[64];
			size_t wl = 0, gl = 0;
			if (rc >= 0 && (b64 == NULL ||
			                !okc__eyp_b64(b64, want, sizeof(want), &wl) ||
			                wl != algs[ai].len)) {
				rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_VALUE_INVALID,
				                   "%s: %s: %s value", fname,
				                   part->name, algs[ai].evp);
				all_ok = false;
			} else if (rc >= 0) {
				okc__eyp_part_hash(e, part, algs[ai].uri, got,
				                   &gl);
				if (gl != wl) {
					rc = okc__eyp_find(e,
						OKC_R_EYP_DIGEST_ALG_FORBIDDEN,
						"%s: %s: %s is not available",
						fname, part->name, algs[ai].evp);
					all_ok = false;
				} else if (memcmp(got, want, gl) != 0) {
					rc = okc__eyp_find(e,
						OKC_R_EYP_DIGEST_MISMATCH,
						"%s: %s (%s)", fname, part->name,
						algs[ai].evp);
					all_ok = false;
				}
			}
		}
		free(alg);
		free(b64);
		if (rc < 0)
			return rc;
	}
	if (e->version >= 2 && (seen[0] == seen[1] || !sha512)) {
		all_ok = false;
		if ((rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_ITEMS,
		                        "%s: %s: algorithms must differ and "
		                        "one must be SHA-512", fname,
		                        part->name)) < 0)
			return rc;
	}
	if (!all_ok) {
		pi->digest_state = 0;
		(*bad)++;
	} else if (pi->digest_state != 0) {
		pi->digest_state = 1;
	}
	return OKC_OK;
}

/* The components each digest file must cover (eyp-format.md §2). */
static bool must_cover(const okc__eyp *e, int which, int comp)
{
	bool eypg = e->kind == OKC_KIND_EYPG;
	if (eypg)
		return which == EYP_OZ_NIHAI &&
		       (comp == EC_GUNCELLEME || comp == EC_ORIJINAL ||
		        comp == EC_CORE);
	bool base = comp == EC_USTVERI || comp == EC_USTYAZI || comp == EC_EK;
	switch (which) {
	case EYP_OZ_PARAF:
		return base;
	case EYP_OZ_PAKET:
		if (e->version == 1)
			return base || comp == EC_BELGEHEDEF;
		return base || comp == EC_PARAFOZETI || comp == EC_PARAFIMZA;
	case EYP_OZ_NIHAI:
		if (must_cover(e, EYP_OZ_PAKET, comp))
			return true;
		if (e->version == 1)
			return comp == EC_BELGEIMZA || comp == EC_PAKETOZETI ||
			       comp == EC_IMZA || comp == EC_CORE;
		return comp == EC_PAKETOZETI || comp == EC_IMZA ||
		       comp == EC_NIHAIUSTVERI || comp == EC_CORE;
	default:
		return false;
	}
}

int okc__eyp_check_digests(okc__eyp *e, int which)
{
	static const int comps[] = { EC_PAKETOZETI, EC_PARAFOZETI, EC_NIHAIOZET };
	static const char *const root_names[] = { "PaketOzeti", "ParafOzeti",
	                                          "NihaiOzet" };
	const char *fname = file_names[which];
	okc__opc_part *dp = e->comp[comps[which]];
	xmlDoc *doc = NULL;
	int rc = OKC_OK;
	size_t bad = 0;
	char ns_root[80], ns_ref[80];

	static const char *const rules[] = { "digests.PaketOzeti",
	                                     "digests.ParafOzeti",
	                                     "digests.NihaiOzet" };
	if (dp == NULL)
		return OKC_OK;
	/* rule names are kept by pointer: static strings only */
	OKC_GUARD(okc__eyp_begin(e, rules[which]));
	rc = okc__eyp_parse_part(e, dp, &doc);
	if (rc < 0 || doc == NULL)
		goto out;
	int v = e->version ? e->version : 1;
	snprintf(ns_root, sizeof(ns_root), EYP_NS "%s-%d", root_names[which], v);
	snprintf(ns_ref, sizeof(ns_ref), EYP_NS "PaketOzeti-%d", v);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!okc__xml_is(root, ns_root, root_names[which])) {
		rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
		                   "%s: root is {%s}%s, expected {%s}%s", fname,
		                   okc__xml_ns(root), (const char *)root->name,
		                   ns_root, root_names[which]);
		goto out;
	}
	char *id = okc__xml_attr(root, "Id");
	if (e->belge_id != NULL &&
	    (id == NULL || okc__strcasecmp_ascii(id, e->belge_id) != 0))
		rc = okc__eyp_find(e, OKC_R_EYP_DIGEST_ID_MISMATCH,
		                   "%s Id \"%.60s\", BelgeId \"%.60s\"", fname,
		                   id ? id : "", e->belge_id);
	free(id);
	OKC_GUARD(rc);

	for (xmlNode *ref = root->children; ref != NULL; ref = ref->next) {
		if (ref->type != XML_ELEMENT_NODE)
			continue;
		/* NihaiOzet and ParafOzeti put their References in the
		 * PaketOzeti namespace; accept the root's namespace too. */
		if (!okc__xml_is(ref, ns_ref, "Reference") &&
		    !okc__xml_is(ref, ns_root, "Reference")) {
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
			          "%s: unexpected element {%s}%s", fname,
			          okc__xml_ns(ref), (const char *)ref->name));
			continue;
		}
		char *uri = okc__xml_attr(ref, "URI");
		char *type = okc__xml_attr(ref, "Type");
		if (uri == NULL || uri[0] == '\0') {
			rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
			                   "%s: Reference without URI", fname);
		} else if (type != NULL && strcmp(type, TYPE_HARICI) == 0) {
			rc = which == EYP_OZ_NIHAI
			     ? okc__eyp_find(e, OKC_R_EYP_DIGEST_EXTERNAL_FORBIDDEN,
			                     "%.200s", uri)
			     : okc__eyp_find(e, OKC_R_EYP_DIGEST_EXTERNAL,
			                     "%s: %.200s", fname, uri);
		} else if (type != NULL && strcmp(type, TYPE_DAHILI) != 0) {
			rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
			                   "%s: Reference Type \"%.100s\"", fname,
			                   type);
		} else {
			rc = check_reference(e, which, ref, uri, &bad);
		}
		free(uri);
		free(type);
		OKC_GUARD(rc);
	}
	/* Every required component that is present must be referenced. */
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		okc__eyp_partinfo *pi = &e->pi[i];
		if (pi->comp < 0 || !must_cover(e, which, pi->comp))
			continue;
		if (!(pi->digested & (1u << which)))
			OKC_GUARD(okc__eyp_find(e,
				OKC_R_EYP_DIGEST_REFERENCE_MISSING,
				"%s does not cover %s", fname,
				e->opc->parts[i].name));
	}
out:
	xmlFreeDoc(doc);
	return rc;
}
