/*
 * eyp.c - e-Yazışma packages (.eyp, .eyps, .eypg): loading, structural
 * rules, the verifier registered for OKC_KIND_EYP/EYPS/EYPG and the
 * extractor of the cover letter and attachments.
 *
 * Sources: CBDDO e-Yazışma Teknik Rehberi 1.3 / 2.0 / 2.1 as implemented
 * by the official .NET API and the public libraries summarised in
 * docs/eyp-format.md; ISO/IEC 29500-2 for the container.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/der.h"
#include "eyp/eyp.h"

#define NS_CP "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"

enum { SRC_PKG, SRC_PAKET, SRC_PARAF, SRC_NIHAI };

/* Components: relationship type (after EYP_REL, compared
 * case-insensitively), the source of the relationship, and the prescribed
 * location (a folder when it ends in '/'). */
static const struct {
	const char *name;
	const char *rel;
	int source;
	const char *loc;
} comp_def[EC_COUNT_] = {
	[EC_USTYAZI] = { "UstYazi", "ustyazi", SRC_PKG, "/UstYazi/" },
	[EC_USTVERI] = { "Ustveri", "ustveri", SRC_PKG, "/Ustveri/Ustveri.xml" },
	[EC_EK] = { "Ek", "ek", SRC_PKG, "/Ekler/" },
	[EC_IMZASIZ_EK] = { "ImzasizEk", "imzasizek", SRC_PKG, "/ImzasizEkler/" },
	[EC_BELGEHEDEF] = { "BelgeHedef", "belgehedef", SRC_PKG,
	                    "/BelgeHedef/BelgeHedef.xml" },
	[EC_BELGEIMZA] = { "BelgeImza", "belgeimza", SRC_PKG,
	                   "/Imzalar/BelgeImza.xml" },
	[EC_NIHAIUSTVERI] = { "NihaiUstveri", "nihaiustveri", SRC_PKG,
	                      "/NihaiUstveri/NihaiUstveri.xml" },
	[EC_PARAFOZETI] = { "ParafOzeti", "parafozeti", SRC_PKG,
	                    "/ParafOzeti/ParafOzeti.xml" },
	[EC_PARAFIMZA] = { "ParafImzaCades", "parafimzacades", SRC_PARAF,
	                   "/Paraflar/ParafImzaCades.imz" },
	[EC_PAKETOZETI] = { "PaketOzeti", "paketozeti", SRC_PKG,
	                    "/PaketOzeti/PaketOzeti.xml" },
	[EC_IMZA] = { "ImzaCades", "imzacades", SRC_PAKET,
	              "/Imzalar/ImzaCades.imz" },
	[EC_NIHAIOZET] = { "NihaiOzet", "nihaiozet", SRC_PKG,
	                   "/NihaiOzet/NihaiOzet.xml" },
	[EC_MUHUR] = { "MuhurCades", "muhurcades", SRC_NIHAI, NULL },
	[EC_CORE] = { "CoreProperties", NULL, SRC_PKG, NULL },
	[EC_SIFRELI_ICERIK] = { "SifreliIcerik", "sifreliicerik", SRC_PKG,
	                        "/SifreliIcerik/" },
	[EC_SIFRELI_BILGI] = { "SifreliIcerikBilgisi", "sifreliicerikbilgisi",
	                       SRC_PKG,
	                       "/SifreliIcerikBilgisi/SifreliIcerikBilgisi.xml" },
	[EC_GUNCELLEME] = { "GuncellemeBilgisi", "guncellemebilgisi", SRC_PKG,
	                    "/GuncellemeBilgisi/GuncellemeBilgisi.xml" },
	[EC_ORIJINAL] = { "OrijinalPaket", "orijinalpaket", SRC_PKG,
	                  "/OrijinalPaket/OrijinalPaket.eyp" },
};

const char *okc__eyp_comp_name(int comp)
{
	return comp >= 0 && comp < EC_COUNT_ ? comp_def[comp].name : "";
}

/* ---- findings and rules ---- */

int okc__eyp_begin(okc__eyp *e, const char *name)
{
	for (size_t i = 0; i < e->n_rules; i++)
		if (strcmp(e->rules[i].name, name) == 0) {
			e->cur_rule = i;
			return OKC_OK;
		}
	if (okc__grow((void **)&e->rules, &e->cap_rules, e->n_rules + 1,
	              sizeof(*e->rules)) < 0)
		return OKC_ENOMEM;
	e->rules[e->n_rules].name = name;
	e->rules[e->n_rules].applied = true;
	e->cur_rule = e->n_rules++;
	return OKC_OK;
}

static int find_v(okc__eyp *e, okc_reason_id id, int sev, const char *fmt,
                  va_list ap) __attribute__((format(printf, 4, 0)));

static int find_v(okc__eyp *e, okc_reason_id id, int sev, const char *fmt,
                  va_list ap)
{
	char buf[512];
	if (okc__grow((void **)&e->f, &e->cap_f, e->n_f + 1, sizeof(*e->f)) < 0)
		return OKC_ENOMEM;
	buf[0] = '\0';
	if (fmt != NULL)
		vsnprintf(buf, sizeof(buf), fmt, ap);
	okc__eyp_finding *f = &e->f[e->n_f];
	f->id = id;
	f->sev = sev;
	f->rule = e->cur_rule;
	if ((f->detail = strdup(buf)) == NULL)
		return OKC_ENOMEM;
	e->n_f++;
	return OKC_OK;
}

int okc__eyp_find(okc__eyp *e, okc_reason_id id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = find_v(e, id, -1, fmt, ap);
	va_end(ap);
	return rc;
}

int okc__eyp_find_sev(okc__eyp *e, okc_reason_id id, int sev,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = find_v(e, id, sev, fmt, ap);
	va_end(ap);
	return rc;
}

size_t okc__eyp_part_index(const okc__eyp *e, const okc__opc_part *p)
{
	return (size_t)(p - e->opc->parts);
}

int okc__eyp_load_part(okc__eyp *e, const okc__opc_part *p)
{
	okc__zip_fault f;
	return okc__zip_load(e->opc->zip, p->entry, &f);
}

int okc__eyp_parse_part(okc__eyp *e, const okc__opc_part *p, xmlDoc **doc)
{
	okc__zip_fault f;
	*doc = NULL;
	int rc = okc__zip_load(e->opc->zip, p->entry, &f);
	if (rc == OKC_OK) {
		rc = okc__xml_parse(doc, e->ctx, p->entry->data, p->entry->usize,
		                    p->name, &f);
		/* the tree is all we need now; a large part is read again only
		 * if its bytes are needed (a signed digest file, once) */
		okc__zip_release(e->opc->zip, p->entry);
	}
	if (rc == OKC_ENOMEM || rc == OKC_OK)
		return rc;
	/* an unreadable part is a finding of the current rule, not an error */
	*doc = NULL;
	return okc__eyp_find(e, f.reason, "%s", f.detail);
}

void okc__eyp_free(okc__eyp *e)
{
	if (e == NULL)
		return;
	okc__opc_free(e->opc);
	free(e->pi);
	free(e->core_version);
	free(e->belge_id);
	free(e->konu);
	free(e->tarih);
	free(e->belge_no);
	free(e->dosya_adi);
	free(e->core_identifier);
	free(e->core_subject);
	free(e->core_creator);
	free(e->core_created);
	free(e->core_category);
	free(e->core_content_type);
	json_decref(e->creator);
	for (size_t i = 0; i < e->n_ek; i++) {
		okc__eyp_ek *k = &e->ek[i];
		free(k->id);
		free(k->tur);
		free(k->dosya_adi);
		free(k->mime);
		free(k->ad);
		free(k->sira_no);
		free(k->ozet_alg);
		free(k->ozet_b64);
	}
	free(e->ek);
	for (size_t i = 0; i < e->n_konulmamis; i++)
		free(e->konulmamis[i]);
	free(e->konulmamis);
	for (size_t i = 0; i < e->n_f; i++)
		free(e->f[i].detail);
	free(e->f);
	free(e->rules);
	free(e);
}

/* ---- components ---- */

static int comp_of_rel(const char *type)
{
	if (okc__strcasecmp_ascii(type, EYP_REL_CORE) == 0)
		return EC_CORE;
	size_t pl = strlen(EYP_REL);
	if (strlen(type) <= pl)
		return -1;
	/* the prefix too is compared case-insensitively: producers differ
	 * in the case of the whole URI (eyp-format.md §1) */
	char head[64];
	snprintf(head, sizeof(head), "%.*s", (int)pl, type);
	if (okc__strcasecmp_ascii(head, EYP_REL) != 0)
		return -1;
	for (int c = 0; c < EC_COUNT_; c++)
		if (comp_def[c].rel != NULL &&
		    okc__strcasecmp_ascii(type + pl, comp_def[c].rel) == 0)
			return c;
	return -1;
}

static int add_rels(okc__eyp *e, const okc__opc_rel *rels, size_t n,
                    int source, const char *from)
{
	int rc;
	for (size_t i = 0; i < n; i++) {
		int c = comp_of_rel(rels[i].type);
		if (c < 0 || comp_def[c].source != source)
			continue;
		if (rels[i].external) {
			if ((rc = okc__eyp_find(e, OKC_R_EYP_COMPONENT_LOCATION,
			                        "%s is an external target",
			                        comp_def[c].name)) < 0)
				return rc;
			continue;
		}
		okc__opc_part *p = okc__opc_part_find(e->opc, rels[i].target);
		if (p == NULL) {
			/* decided after the Üstveri is read (KonulmamisEk)
			 * for attachments; a stripped paraf signature is
			 * allowed by the guide */
			if (c == EC_EK || c == EC_PARAFIMZA)
				continue;
			if ((rc = okc__eyp_find(e, OKC_R_OPC_REL_TARGET_MISSING,
			                        "%s: %s -> %s", from,
			                        comp_def[c].name,
			                        rels[i].target)) < 0)
				return rc;
			continue;
		}
		okc__eyp_partinfo *pi = &e->pi[okc__eyp_part_index(e, p)];
		if (pi->comp >= 0 && pi->comp != c) {
			if ((rc = okc__eyp_find(e, OKC_R_EYP_COMPONENT_DUPLICATE,
			                        "%s is both %s and %s", p->name,
			                        comp_def[pi->comp].name,
			                        comp_def[c].name)) < 0)
				return rc;
			continue;
		}
		if (pi->comp == c)
			continue;   /* two relationships to one part */
		pi->comp = c;
		if (e->comp[c] == NULL)
			e->comp[c] = p;
		e->comp_count[c]++;
	}
	return OKC_OK;
}

static int discover(okc__eyp *e)
{
	static const struct {
		int comp, source;
	} chained[] = {
		{ EC_PAKETOZETI, SRC_PAKET },
		{ EC_PARAFOZETI, SRC_PARAF },
		{ EC_NIHAIOZET, SRC_NIHAI },
	};
	int rc;
	OKC_GUARD(okc__eyp_begin(e, "relationships"));
	OKC_GUARD(add_rels(e, e->opc->rels, e->opc->n_rels, SRC_PKG,
	                   "_rels/.rels"));
	for (size_t i = 0; i < 3; i++) {
		okc__opc_part *src = e->comp[chained[i].comp];
		okc__opc_rel *rels = NULL;
		size_t n = 0;
		okc__zip_fault f;
		if (src == NULL)
			continue;
		rc = okc__opc_part_rels(e->opc, e->ctx, src->name, &rels, &n, &f);
		if (rc == OKC_ENOMEM)
			goto out;
		if (rc < 0) {
			OKC_GUARD(okc__eyp_find(e, f.reason, "%s", f.detail));
			continue;
		}
		rc = add_rels(e, rels, n, chained[i].source, src->name);
		okc__opc_rels_free(rels, n);
		OKC_GUARD(rc);
	}
	rc = OKC_OK;
out:
	return rc;
}

/* ---- core properties (ISO/IEC 29500-2 §11) ---- */

static int read_core(okc__eyp *e)
{
	int rc = OKC_OK;
	xmlDoc *doc = NULL;
	okc__opc_part *p = e->comp[EC_CORE];
	OKC_GUARD(okc__eyp_begin(e, "core_properties"));
	if (p == NULL)
		return OKC_OK;   /* reported with the components */
	rc = okc__eyp_parse_part(e, p, &doc);
	if (rc < 0 || doc == NULL)
		goto out;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!okc__xml_is(root, NS_CP, "coreProperties")) {
		rc = okc__eyp_find(e, OKC_R_EYP_CORE_INVALID,
		                   "root is not cp:coreProperties");
		goto out;
	}
	e->core_identifier = okc__xml_child_text(root, NS_DC, "identifier");
	e->core_subject = okc__xml_child_text(root, NS_DC, "subject");
	e->core_creator = okc__xml_child_text(root, NS_DC, "creator");
	e->core_created = okc__xml_child_text(root, NS_DCTERMS, "created");
	e->core_category = okc__xml_child_text(root, NS_CP, "category");
	e->core_content_type = okc__xml_child_text(root, NS_CP, "contentType");
	e->core_version = okc__xml_child_text(root, NS_CP, "version");
out:
	xmlFreeDoc(doc);
	return rc;
}

/* ---- Üstveri ---- */

static int read_party(okc__eyp *e, xmlNode *olusturan, const char *tns)
{
	json_t *c = json_object();
	int rc = OKC_OK;
	if (c == NULL)
		return OKC_ENOMEM;
	xmlNode *kk = okc__xml_child(olusturan, tns, "KurumKurulus");
	xmlNode *ts = okc__xml_child(olusturan, tns, "TuzelSahis");
	xmlNode *gs = okc__xml_child(olusturan, tns, "GercekSahis");
	char *name = NULL, *a = NULL, *b = NULL;
	if (kk != NULL) {
		name = okc__xml_child_text(kk, tns, "Adi");
		a = okc__xml_child_text(kk, tns, "KKK");
		json_object_set_new(c, "type", json_string("KurumKurulus"));
		if (a)
			json_object_set_new(c, "kkk", json_string(a));
	} else if (ts != NULL) {
		name = okc__xml_child_text(ts, tns, "Adi");
		xmlNode *id = okc__xml_child(ts, tns, "Id");
		a = id ? okc__xml_text(id) : NULL;
		b = id ? okc__xml_attr(id, "schemeID") : NULL;
		json_object_set_new(c, "type", json_string("TuzelSahis"));
		if (a && b && okc__strcasecmp_ascii(b, "MERSIS") == 0) {
			json_object_set_new(c, "mersis", json_string(a));
			if (!okc_mersis_plausible(a, NULL))
				rc = okc__eyp_find(e, OKC_R_EYP_METADATA_WARNING,
				                   "creator MERSİS number \"%.40s\" "
				                   "is not plausible", a);
		} else if (a && b && okc__strcasecmp_ascii(b, "VKN") == 0) {
			json_object_set_new(c, "vkn", json_string(a));
			if (!okc_vkn_valid(a))
				rc = okc__eyp_find(e, OKC_R_EYP_METADATA_WARNING,
				                   "creator VKN \"%.40s\" is not "
				                   "valid", a);
		} else if (a) {
			json_object_set_new(c, "id", json_string(a));
		}
	} else if (gs != NULL) {
		xmlNode *kisi = okc__xml_child(gs, tns, "Kisi");
		char *ilk = okc__xml_child_text(kisi, tns, "IlkAdi");
		char *soy = okc__xml_child_text(kisi, tns, "Soyadi");
		size_t nl = (ilk ? strlen(ilk) : 0) + (soy ? strlen(soy) : 0) + 2;
		name = malloc(nl);
		if (name != NULL)
			snprintf(name, nl, "%s%s%s", ilk ? ilk : "",
			         ilk && soy ? " " : "", soy ? soy : "");
		free(ilk);
		free(soy);
		a = okc__xml_child_text(gs, tns, "TCKN");
		json_object_set_new(c, "type", json_string("GercekSahis"));
		if (a) {
			json_object_set_new(c, "tckn", json_string(a));
			if (!okc_tckn_valid(a))
				rc = okc__eyp_find(e, OKC_R_EYP_METADATA_WARNING,
				                   "creator TCKN is not valid");
		}
	} else {
		rc = okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                   "Olusturan names no KurumKurulus, TuzelSahis "
		                   "or GercekSahis");
	}
	if (name != NULL && name[0])
		json_object_set_new(c, "name", json_string(name));
	free(name);
	free(a);
	free(b);
	json_decref(e->creator);
	e->creator = c;
	return rc;
}

static int cmp_ek_id(const void *a, const void *b)
{
	const okc__eyp_ek *x = *(okc__eyp_ek *const *)a,
	                  *y = *(okc__eyp_ek *const *)b;
	return okc__strcasecmp_ascii(x->id, y->id);
}

static int cmp_ek_sira(const void *a, const void *b)
{
	const okc__eyp_ek *x = *(okc__eyp_ek *const *)a,
	                  *y = *(okc__eyp_ek *const *)b;
	return strcmp(x->sira_no, y->sira_no);
}

/* Ek Ids (case-insensitively) and SiraNo values are unique (K.61): sorted,
 * so that 10,000 attachments are not compared pairwise. */
static int check_ek_unique(okc__eyp *e)
{
	int rc = OKC_OK;
	size_t n = 0;
	okc__eyp_ek **v = malloc((e->n_ek ? e->n_ek : 1) * sizeof(*v));
	if (v == NULL)
		return OKC_ENOMEM;
	for (size_t i = 0; i < e->n_ek; i++)
		if (e->ek[i].id != NULL && e->ek[i].tur != NULL &&
		    e->ek[i].sira_no != NULL)
			v[n++] = &e->ek[i];
	qsort(v, n, sizeof(*v), cmp_ek_id);
	for (size_t i = 1; i < n; i++)
		if (okc__strcasecmp_ascii(v[i - 1]->id, v[i]->id) == 0)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
			          "Ek Id \"%.60s\" used twice", v[i]->id));
	qsort(v, n, sizeof(*v), cmp_ek_sira);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1]->sira_no, v[i]->sira_no) == 0)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
			          "Ek SiraNo %.20s used twice", v[i]->sira_no));
out:
	free(v);
	return rc;
}

static int read_ekler(okc__eyp *e, xmlNode *root, const char *tns)
{
	int rc = OKC_OK;
	xmlNode *ekler = okc__xml_child(root, tns, "Ekler");
	size_t n = okc__xml_count(ekler, tns, "Ek");
	if (n == 0)
		return OKC_OK;
	if ((e->ek = calloc(n, sizeof(*e->ek))) == NULL)
		return OKC_ENOMEM;
	for (xmlNode *k = okc__xml_child(ekler, tns, "Ek"); k != NULL;
	     k = okc__xml_next(k, tns, "Ek")) {
		okc__eyp_ek *ek = &e->ek[e->n_ek++];
		xmlNode *id = okc__xml_child(k, tns, "Id");
		ek->id = id ? okc__xml_attr(id, "Value") : NULL;
		ek->tur = okc__xml_child_text(k, tns, "Tur");
		ek->dosya_adi = okc__xml_child_text(k, tns, "DosyaAdi");
		ek->mime = okc__xml_child_text(k, tns, "MimeTuru");
		ek->ad = okc__xml_child_text(k, tns, "Ad");
		ek->sira_no = okc__xml_child_text(k, tns, "SiraNo");
		xmlNode *oz = okc__xml_child(k, tns, "Ozet");
		if (oz != NULL) {
			xmlNode *alg = okc__xml_child(oz, tns, "OzetAlgoritmasi");
			ek->ozet_alg = alg ? okc__xml_attr(alg, "Algorithm") : NULL;
			ek->ozet_b64 = okc__xml_child_text(oz, tns, "OzetDegeri");
		}
		if (ek->id == NULL || ek->tur == NULL || ek->sira_no == NULL) {
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
			          "Ek %zu lacks Id, Tur or SiraNo", e->n_ek));
			continue;
		}
		/* K.80: identifiers are upper-case GUIDs */
		for (const char *p = ek->id; *p; p++)
			if (*p >= 'a' && *p <= 'z') {
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_METADATA_WARNING,
					"Ek Id \"%.60s\" is not upper case",
					ek->id));
				break;
			}
	}
	OKC_GUARD(check_ek_unique(e));
out:
	return rc;
}

static int read_konulmamis(okc__eyp *e, xmlNode *root, const char *tns)
{
	xmlNode *dl = okc__xml_child(root, tns, "DagitimListesi");
	for (xmlNode *d = okc__xml_child(dl, tns, "Dagitim"); d != NULL;
	     d = okc__xml_next(d, tns, "Dagitim")) {
		xmlNode *kl = okc__xml_child(d, tns, "KonulmamisEkListesi");
		for (xmlNode *k = okc__xml_child(kl, tns, "KonulmamisEk");
		     k != NULL; k = okc__xml_next(k, tns, "KonulmamisEk")) {
			char *id = okc__xml_child_text(k, tns, "EkId");
			if (id == NULL)
				continue;
			size_t cap = e->n_konulmamis;
			if (okc__grow((void **)&e->konulmamis, &cap,
			              e->n_konulmamis + 1, sizeof(char *)) < 0) {
				free(id);
				return OKC_ENOMEM;
			}
			e->konulmamis[e->n_konulmamis++] = id;
		}
	}
	return OKC_OK;
}

static int read_ustveri(okc__eyp *e, int *ns_version)
{
	int rc = OKC_OK;
	xmlDoc *doc = NULL;
	okc__opc_part *p = e->comp[EC_USTVERI];
	*ns_version = 0;
	OKC_GUARD(okc__eyp_begin(e, "metadata"));
	if (p == NULL)
		return OKC_OK;
	rc = okc__eyp_parse_part(e, p, &doc);
	if (rc < 0 || doc == NULL)
		goto out;
	xmlNode *root = xmlDocGetRootElement(doc);
	/* v1 root Ustveri in Ustveri-1, v2 root UstVeri in Ustveri-2 */
	if (okc__xml_is(root, EYP_NS "Ustveri-1", "Ustveri"))
		*ns_version = 1;
	else if (okc__xml_is(root, EYP_NS "Ustveri-2", "UstVeri"))
		*ns_version = 2;
	else {
		rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
		                   "Üstveri root is {%s}%s", okc__xml_ns(root),
		                   (const char *)root->name);
		goto out;
	}
	const char *tns = *ns_version == 1 ? EYP_NS "Tipler-1"
	                                   : EYP_NS "Tipler-2";
	e->belge_id = okc__xml_child_text(root, tns, "BelgeId");
	e->konu = okc__xml_child_text(root, tns, "Konu");
	e->dosya_adi = okc__xml_child_text(root, tns, "DosyaAdi");
	if (*ns_version == 1) {
		e->tarih = okc__xml_child_text(root, tns, "Tarih");
		e->belge_no = okc__xml_child_text(root, tns, "BelgeNo");
		if (e->tarih == NULL)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
			                        "Üstveri has no Tarih"));
	}
	if (e->belge_id == NULL || e->belge_id[0] == '\0')
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "Üstveri has no BelgeId"));
	if (e->konu == NULL || e->konu[0] == '\0')
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "Üstveri has no Konu"));
	xmlNode *ol = okc__xml_child(root, tns, "Olusturan");
	if (ol == NULL)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "Üstveri has no Olusturan"));
	else
		OKC_GUARD(read_party(e, ol, tns));
	if (okc__xml_count(okc__xml_child(root, tns, "DagitimListesi"), tns,
	                   "Dagitim") == 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "Üstveri has no Dagitim"));
	OKC_GUARD(read_konulmamis(e, root, tns));
	OKC_GUARD(read_ekler(e, root, tns));
out:
	xmlFreeDoc(doc);
	return rc;
}

static int read_nihai_ustveri(okc__eyp *e)
{
	int rc = OKC_OK;
	xmlDoc *doc = NULL;
	okc__opc_part *p = e->comp[EC_NIHAIUSTVERI];
	if (p == NULL || e->version < 2)
		return OKC_OK;
	OKC_GUARD(okc__eyp_begin(e, "metadata"));
	rc = okc__eyp_parse_part(e, p, &doc);
	if (rc < 0 || doc == NULL)
		goto out;
	xmlNode *root = xmlDocGetRootElement(doc);
	const char *tns = EYP_NS "Tipler-2";
	if (!okc__xml_is(root, EYP_NS "NihaiUstveri-2", "NihaiUstVeri")) {
		rc = okc__eyp_find(e, OKC_R_EYP_XML_INVALID,
		                   "NihaiÜstveri root is {%s}%s",
		                   okc__xml_ns(root), (const char *)root->name);
		goto out;
	}
	e->tarih = okc__xml_child_text(root, tns, "Tarih");
	e->belge_no = okc__xml_child_text(root, tns, "BelgeNo");
	if (e->tarih == NULL || e->belge_no == NULL || e->belge_no[0] == '\0')
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "NihaiÜstveri lacks Tarih or BelgeNo"));
	/* K.85: at least one signer is listed */
	if (okc__xml_count(okc__xml_child(root, tns, "BelgeImzalar"), tns,
	                   "Imza") == 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_INVALID,
		                        "NihaiÜstveri lists no Imza"));
out:
	xmlFreeDoc(doc);
	return rc;
}

/* ---- rules on components ---- */

static bool in_folder(const char *name, const char *folder)
{
	size_t fl = strlen(folder);
	if (strlen(name) <= fl)
		return false;
	char head[64];
	snprintf(head, sizeof(head), "%.*s", (int)fl, name);
	return okc__strcasecmp_ascii(head, folder) == 0 &&
	       strchr(name + fl, '/') == NULL;
}

static int check_components(okc__eyp *e)
{
	int rc = OKC_OK;
	/* 1 = exactly one, 2 = at most one, 0 = not defined (warn if
	 * present), 3 = any number */
	unsigned char need[EC_COUNT_];
	memset(need, 0, sizeof(need));
	need[EC_CORE] = 1;
	switch (e->kind) {
	case OKC_KIND_EYPS:
		need[EC_SIFRELI_ICERIK] = 1;
		need[EC_SIFRELI_BILGI] = 1;
		need[EC_BELGEHEDEF] = 2;
		need[e->version >= 2 ? EC_NIHAIOZET : EC_PAKETOZETI] = 2;
		break;
	case OKC_KIND_EYPG:
		need[EC_GUNCELLEME] = 1;
		need[EC_ORIJINAL] = 1;
		need[EC_NIHAIOZET] = 1;
		need[EC_MUHUR] = 1;
		break;
	default:
		need[EC_USTYAZI] = need[EC_USTVERI] = need[EC_PAKETOZETI] = 1;
		need[EC_IMZA] = 1;
		need[EC_EK] = need[EC_IMZASIZ_EK] = 3;
		if (e->version == 1) {
			need[EC_BELGEHEDEF] = 1;
			need[EC_BELGEIMZA] = need[EC_NIHAIOZET] = 2;
			need[EC_MUHUR] = 2;
		} else {
			need[EC_NIHAIUSTVERI] = need[EC_NIHAIOZET] = 1;
			need[EC_MUHUR] = 1;
			need[EC_PARAFOZETI] = need[EC_PARAFIMZA] = 2;
		}
	}
	OKC_GUARD(okc__eyp_begin(e, "components"));
	for (int c = 0; c < EC_COUNT_; c++) {
		unsigned k = e->comp_count[c];
		if (need[c] == 1 && k == 0)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_COMPONENT_MISSING,
			                        "%s", comp_def[c].name));
		if ((need[c] == 1 || need[c] == 2) && k > 1)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_COMPONENT_DUPLICATE,
			                        "%u × %s", k, comp_def[c].name));
		if (need[c] == 0 && k > 0)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_COMPONENT_NOT_ALLOWED,
			                        "%s in a version %d %s package",
			                        comp_def[c].name, e->version,
			                        okc_doc_kind_name((okc_doc_kind)e->kind)));
	}
	if (e->comp[EC_PARAFOZETI] != NULL && e->comp[EC_PARAFIMZA] == NULL)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_PARAF_SIGNATURE_ABSENT, NULL));
	/* Locations (K.4, K.12, K.18/28/38/84) and content types. */
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		int c = e->pi[i].comp;
		const okc__opc_part *p = &e->opc->parts[i];
		if (c < 0)
			continue;
		const char *loc = comp_def[c].loc;
		if (c == EC_MUHUR)
			loc = e->version == 1 ? "/Muhurler/MuhurCades.imz"
			                      : "/Muhur/MuhurCades.imz";
		bool ok = true;
		if (loc != NULL && loc[strlen(loc) - 1] == '/')
			ok = in_folder(p->name, loc);
		else if (loc != NULL)
			ok = okc__strcasecmp_ascii(p->name, loc) == 0;
		if (!ok)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_COMPONENT_LOCATION,
			                        "%s at %s, expected %s",
			                        comp_def[c].name, p->name, loc));
		if (c == EC_USTYAZI && strchr(p->name, ' ') != NULL)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_METADATA_WARNING,
			                        "UstYazi name contains a space "
			                        "(K.5)"));
		if (okc__has_suffix_ci(p->name, ".xml") && p->content_type &&
		    !okc__has_suffix_ci(p->content_type, "xml"))
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CONTENT_TYPE,
			                        "%s is %s", p->name,
			                        p->content_type));
	}
out:
	return rc;
}

static int check_version(okc__eyp *e, int ns_version)
{
	int rc = OKC_OK;
	int core = 0;
	OKC_GUARD(okc__eyp_begin(e, "version"));
	if (e->core_version != NULL && (e->core_version[0] == '1' ||
	                                e->core_version[0] == '2') &&
	    (e->core_version[1] == '\0' || e->core_version[1] == '.'))
		core = e->core_version[0] - '0';
	if (core && ns_version && core != ns_version)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_VERSION_MISMATCH,
		                        "core properties say %s, Üstveri "
		                        "namespace says %d", e->core_version,
		                        ns_version));
	/* The namespace is what the XML parts are actually written in. */
	e->version = ns_version ? ns_version : core;
	if (e->version == 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_VERSION_UNKNOWN,
		                        "core version \"%.20s\"",
		                        e->core_version ? e->core_version : ""));
out:
	return rc;
}

static int check_core(okc__eyp *e)
{
	int rc = OKC_OK;
	static const char *const cat[] = { "RESMIYAZISMA",
	                                   "RESMIYAZISMA/SIFRELI",
	                                   "RESMIYAZISMA/GUNCELLEME" };
	if (e->comp[EC_CORE] == NULL)
		return OKC_OK;
	OKC_GUARD(okc__eyp_begin(e, "core_properties"));
	const char *want = cat[e->kind == OKC_KIND_EYPS ? 1
	                       : e->kind == OKC_KIND_EYPG ? 2 : 0];
	if (e->core_category == NULL || strcmp(e->core_category, want) != 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CORE_INVALID,
		                        "category \"%.60s\", expected %s (K.71)",
		                        e->core_category ? e->core_category : "",
		                        want));
	if (e->core_content_type == NULL ||
	    strcmp(e->core_content_type, "application/eyazisma") != 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CORE_INVALID,
		                        "contentType \"%.60s\" (K.73)",
		                        e->core_content_type
		                        ? e->core_content_type : ""));
	/* The official API writes no identifier/created in the outer
	 * core properties of an .eyps (the inner package has them). */
	if (e->core_version == NULL ||
	    (e->kind != OKC_KIND_EYPS &&
	     (e->core_identifier == NULL || e->core_created == NULL)))
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CORE_INVALID,
		                        "identifier, created or version missing"));
	if (e->kind == OKC_KIND_EYP && e->belge_id != NULL &&
	    e->core_identifier != NULL &&
	    okc__strcasecmp_ascii(e->belge_id, e->core_identifier) != 0)
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CORE_MISMATCH,
		                        "identifier \"%.60s\", BelgeId \"%.60s\" "
		                        "(K.68)", e->core_identifier,
		                        e->belge_id));
	if (e->kind == OKC_KIND_EYP && e->konu != NULL &&
	    (e->core_subject == NULL || strcmp(e->konu, e->core_subject) != 0))
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_CORE_MISMATCH,
		                        "subject differs from Konu (K.69)"));
out:
	return rc;
}

static int cmp_ci(const void *a, const void *b)
{
	return okc__strcasecmp_ascii(*(const char *const *)a,
	                             *(const char *const *)b);
}

/* e->konulmamis is sorted (check_attachments) */
static bool konulmamis(const okc__eyp *e, const char *id)
{
	return e->n_konulmamis > 0 &&
	       bsearch(&id, e->konulmamis, e->n_konulmamis, sizeof(char *),
	               cmp_ci) != NULL;
}

/* Relationships by case-folded Id, then position: a package with 10,000
 * attachments is matched in O(n log n), not by comparing every declared
 * attachment with every relationship. */
struct relkey {
	const char *id;
	size_t r;
};

static int cmp_relkey(const void *a, const void *b)
{
	const struct relkey *x = a, *y = b;
	int c = okc__strcasecmp_ascii(x->id, y->id);
	return c != 0 ? c : (x->r > y->r) - (x->r < y->r);
}

/* The last relationship (in document order) with Id `id` and component
 * `comp`, or SIZE_MAX. */
static size_t rel_lookup(const struct relkey *keys, size_t n, const int *comp,
                         const char *id, int want)
{
	size_t lo = 0, hi = n, best = SIZE_MAX;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (okc__strcasecmp_ascii(keys[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && okc__strcasecmp_ascii(keys[lo].id, id) == 0; lo++)
		if (comp[keys[lo].r] == want)
			best = keys[lo].r;
	return best;
}

/* Üstveri Ekler ⇔ /Ekler/ files (K.23/K.24), declared digests. */
static int check_attachments(okc__eyp *e)
{
	int rc = OKC_OK;
	int *rel_comp = NULL;
	struct relkey *keys = NULL;
	unsigned char *declared = NULL;
	if (e->kind != OKC_KIND_EYP || e->comp[EC_USTVERI] == NULL)
		return OKC_OK;
	OKC_GUARD(okc__eyp_begin(e, "attachments"));
	size_t nr = e->opc->n_rels, nk = 0;
	rel_comp = malloc((nr ? nr : 1) * sizeof(*rel_comp));
	keys = malloc((nr ? nr : 1) * sizeof(*keys));
	declared = calloc(e->opc->n_parts ? e->opc->n_parts : 1, 1);
	if (rel_comp == NULL || keys == NULL || declared == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t r = 0; r < nr; r++) {
		const okc__opc_rel *rel = &e->opc->rels[r];
		rel_comp[r] = comp_of_rel(rel->type);
		if (!rel->external &&
		    (rel_comp[r] == EC_EK || rel_comp[r] == EC_IMZASIZ_EK))
			keys[nk++] = (struct relkey){ rel->id, r };
	}
	qsort(keys, nk, sizeof(*keys), cmp_relkey);
	if (e->n_konulmamis > 1)
		qsort(e->konulmamis, e->n_konulmamis, sizeof(char *), cmp_ci);
	/* match declared DED attachments to ek relationships by Id */
	for (size_t i = 0; i < e->n_ek; i++) {
		okc__eyp_ek *k = &e->ek[i];
		if (k->id == NULL || k->tur == NULL || strcmp(k->tur, "DED") != 0)
			continue;
		/* a declared DED attachment is a signed Ek (rel Id
		 * IdEk_<Id>) or an unsigned one (IdImzasizEk_<Id>) */
		char want[128], want2[128];
		snprintf(want, sizeof(want), "IdEk_%s", k->id);
		snprintf(want2, sizeof(want2), "IdImzasizEk_%s", k->id);
		size_t r1 = rel_lookup(keys, nk, rel_comp, want, EC_EK);
		size_t r2 = rel_lookup(keys, nk, rel_comp, want2, EC_IMZASIZ_EK);
		size_t r = r1 == SIZE_MAX ? r2
		           : r2 == SIZE_MAX ? r1 : (r1 > r2 ? r1 : r2);
		if (r != SIZE_MAX)
			k->part = okc__opc_part_find(e->opc, e->opc->rels[r].target);
		/* producers without rel Ids: fall back to the file name */
		for (int pass = 0; k->part == NULL && k->dosya_adi != NULL &&
		                   pass < 2; pass++) {
			char pn[600];
			snprintf(pn, sizeof(pn), "%s%s",
			         pass ? "/ImzasizEkler/" : "/Ekler/", k->dosya_adi);
			okc__opc_part *p = okc__opc_part_find(e->opc, pn);
			int pc = p ? e->pi[okc__eyp_part_index(e, p)].comp : -1;
			if (pc == (pass ? EC_IMZASIZ_EK : EC_EK))
				k->part = p;
		}
		k->not_enclosed = konulmamis(e, k->id);
		if (k->part == NULL) {
			if (k->not_enclosed)
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_ATTACHMENT_NOT_ENCLOSED,
					"Ek %.60s (%.100s)", k->id,
					k->dosya_adi ? k->dosya_adi : ""));
			else
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_ATTACHMENT_MISSING,
					"Ek %.60s (%.100s)", k->id,
					k->dosya_adi ? k->dosya_adi : ""));
			continue;
		}
		if (k->ozet_alg != NULL && k->ozet_b64 != NULL) {
			unsigned char want_d[64], got[64];
			size_t wl = 0, gl = 0;
			okc__eyp_part_hash(e, k->part, k->ozet_alg, got, &gl);
			if (!okc__eyp_b64(k->ozet_b64, want_d, sizeof(want_d),
			                  &wl) || gl == 0 || wl != gl)
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_DIGEST_VALUE_INVALID,
					"Üstveri Ozet of %s", k->part->name));
			else if (memcmp(want_d, got, gl) != 0)
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_ATTACHMENT_DIGEST_MISMATCH,
					"%s", k->part->name));
		}
	}
	/* every ek file is declared */
	for (size_t j = 0; j < e->n_ek; j++)
		if (e->ek[j].part != NULL)
			declared[okc__eyp_part_index(e, e->ek[j].part)] = 1;
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		if (e->pi[i].comp != EC_EK)
			continue;
		if (!declared[i])
			OKC_GUARD(okc__eyp_find(e,
				OKC_R_EYP_ATTACHMENT_UNDECLARED, "%s",
				e->opc->parts[i].name));
	}
	/* ek relationships whose file is absent and not excused */
	for (size_t r = 0; r < e->opc->n_rels; r++) {
		const okc__opc_rel *rel = &e->opc->rels[r];
		if (rel_comp[r] != EC_EK || rel->external ||
		    okc__opc_part_find(e->opc, rel->target) != NULL)
			continue;
		const char *id = strncmp(rel->id, "IdEk_", 5) == 0 ? rel->id + 5
		                                                  : rel->id;
		if (!konulmamis(e, id))
			OKC_GUARD(okc__eyp_find(e, OKC_R_OPC_REL_TARGET_MISSING,
			                        "Ek -> %s", rel->target));
	}
	for (size_t i = 0; i < e->opc->n_parts; i++)
		if (e->pi[i].comp == EC_IMZASIZ_EK)
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_UNSIGNED_ATTACHMENT,
			                        "%s", e->opc->parts[i].name));
out:
	free(rel_comp);
	free(keys);
	free(declared);
	return rc;
}

/* The container is open (zrc = what opening it returned): the rest of
 * okc__eyp_load. */
static int load_package(okc__eyp **out, okc__eyp *e, okc__zip *zip, int zrc);

int okc__eyp_load(okc__eyp **out, okc_ctx *ctx, const unsigned char *data,
                  size_t len, unsigned depth, unsigned flags)
{
	okc__zip *zip = NULL;
	okc__eyp *e = calloc(1, sizeof(*e));
	*out = NULL;
	if (e == NULL)
		return OKC_ENOMEM;
	e->ctx = ctx;
	e->kind = OKC_KIND_EYP;
	int rc = okc__eyp_begin(e, "container");
	if (rc == OKC_OK)
		rc = okc__zip_open(&zip, ctx, data, len, depth, flags, &e->fault);
	return load_package(out, e, zip, rc);
}

int okc__eyp_load_fd(okc__eyp **out, okc_ctx *ctx, int fd, uint64_t len)
{
	okc__zip *zip = NULL;
	okc__eyp *e = calloc(1, sizeof(*e));
	*out = NULL;
	if (e == NULL)
		return OKC_ENOMEM;
	e->ctx = ctx;
	e->kind = OKC_KIND_EYP;
	int rc = okc__eyp_begin(e, "container");
	if (rc == OKC_OK)
		rc = okc__zip_open_fd(&zip, ctx, fd, len, 0, &e->fault);
	return load_package(out, e, zip, rc);
}

static int load_package(okc__eyp **out, okc__eyp *e, okc__zip *zip, int zrc)
{
	int rc = zrc;
	okc_ctx *ctx = e->ctx;
	if (rc == OKC_ENOMEM || rc == OKC_EIO)
		goto out;
	if (rc == OKC_OK) {
		OKC_GUARD(okc__eyp_begin(e, "opc"));
		rc = okc__opc_open(&e->opc, ctx, zip, &e->fault);
		if (rc == OKC_ENOMEM)
			goto out;
	}
	if (rc < 0) {
		OKC_GUARD(okc__eyp_find(e, e->fault.reason, "%s",
		                        e->fault.detail));
		rc = OKC_OK;
		*out = e;
		return OKC_OK;
	}
	e->pi = calloc(e->opc->n_parts ? e->opc->n_parts : 1, sizeof(*e->pi));
	if (e->pi == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		e->pi[i].comp = -1;
		e->pi[i].digest_state = -1;
		e->pi[i].ek = e->pi[i].ek_mime = -1;
	}
	OKC_GUARD(discover(e));
	if (e->comp_count[EC_SIFRELI_ICERIK] || e->comp_count[EC_SIFRELI_BILGI])
		e->kind = OKC_KIND_EYPS;
	else if (e->comp_count[EC_GUNCELLEME] || e->comp_count[EC_ORIJINAL])
		e->kind = OKC_KIND_EYPG;
	OKC_GUARD(read_core(e));
	int nsv = 0;
	if (e->kind == OKC_KIND_EYP)
		OKC_GUARD(read_ustveri(e, &nsv));
	OKC_GUARD(check_version(e, nsv));
	if (e->kind != OKC_KIND_EYP && e->core_identifier != NULL &&
	    (e->belge_id = strdup(e->core_identifier)) == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	OKC_GUARD(read_nihai_ustveri(e));
	OKC_GUARD(check_components(e));
	OKC_GUARD(check_core(e));
	OKC_GUARD(check_attachments(e));
	/* part -> declaration, so that readers need not search (linear in
	 * the number of attachments) */
	for (size_t k = 0; k < e->n_ek; k++) {
		if (e->ek[k].part == NULL)
			continue;
		okc__eyp_partinfo *pi = &e->pi[okc__eyp_part_index(e, e->ek[k].part)];
		pi->ek = (long)k;
		if (e->ek[k].mime != NULL)
			pi->ek_mime = (long)k;
	}
	*out = e;
	e = NULL;
out:
	okc__eyp_free(e);
	return rc;
}

/* ---- verification ---- */

/* Parts that no digest covers: a strict verifier says so. */
static int check_unreferenced(okc__eyp *e)
{
	int rc = OKC_OK;
	OKC_GUARD(okc__eyp_begin(e, "unreferenced_parts"));
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		const okc__opc_part *p = &e->opc->parts[i];
		int c = e->pi[i].comp;
		if (p->is_content_types || p->is_rels || e->pi[i].digested)
			continue;
		/* signed by their own CMS, or signatures themselves, or
		 * deliberately unsigned */
		if (c == EC_PAKETOZETI || c == EC_PARAFOZETI ||
		    c == EC_NIHAIOZET || c == EC_IMZA || c == EC_MUHUR ||
		    c == EC_PARAFIMZA || c == EC_IMZASIZ_EK)
			continue;
		OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_UNREFERENCED_PART, "%s%s%s",
		                        p->name, c >= 0 ? " " : "",
		                        c >= 0 ? comp_def[c].name : ""));
	}
out:
	return rc;
}

/*
 * Does the attached eContent of a CMS SignedData (RFC 5652 §5.2) equal
 * `c`?  1 yes, 0 no, -1 cannot tell here (not DER, detached content, BER
 * indefinite lengths): the CAdES engine then decides.  This makes the
 * binding of a signature to its digest file (K.81, K.100) a rule of the
 * package, independent of how the signature itself verifies.
 */
static int econtent_matches(const unsigned char *der, size_t len,
                            const unsigned char *c, size_t clen)
{
	okc_der_tlv ci, t, sd, eci, ec, os;
	if (okc__der_single(der, len, &ci) < 0 || ci.tag != OKC_DER_SEQUENCE)
		return -1;
	okc_der cur = okc__der_enter(&ci);
	if (okc__der_expect(&cur, OKC_DER_OID, &t) < 0 ||
	    okc__der_expect(&cur, 0xA0, &t) < 0)
		return -1;
	okc_der in = okc__der_enter(&t);
	if (okc__der_expect(&in, OKC_DER_SEQUENCE, &sd) < 0)
		return -1;
	okc_der s = okc__der_enter(&sd);
	if (okc__der_expect(&s, OKC_DER_INTEGER, &t) < 0 ||
	    okc__der_expect(&s, OKC_DER_SET, &t) < 0 ||
	    okc__der_expect(&s, OKC_DER_SEQUENCE, &eci) < 0)
		return -1;
	okc_der e = okc__der_enter(&eci);
	if (okc__der_expect(&e, OKC_DER_OID, &t) < 0)
		return -1;
	if (okc__der_next(&e, &ec) < 0 || ec.tag != 0xA0)
		return -1;   /* detached */
	okc_der o = okc__der_enter(&ec);
	if (okc__der_next(&o, &os) < 0)
		return -1;
	if (os.tag == OKC_DER_OCTETS)
		return os.val_len == clen && memcmp(os.val, c, clen) == 0;
	if (os.tag != 0x24)
		return -1;
	/* constructed OCTET STRING: compare the chunks in order */
	okc_der ch = okc__der_enter(&os);
	size_t at = 0;
	okc_der_tlv part;
	int rc;
	while ((rc = okc__der_next(&ch, &part)) == OKC_OK) {
		if (part.tag != OKC_DER_OCTETS)
			return -1;
		if (part.val_len > clen - at ||
		    memcmp(part.val, c + at, part.val_len) != 0)
			return 0;
		at += part.val_len;
	}
	return rc == OKC_ENOTFOUND ? at == clen : -1;
}

static int bind_check(okc__eyp *e, int sig, int content)
{
	okc__opc_part *s = e->comp[sig], *c = e->comp[content];
	int rc;
	if (s == NULL || c == NULL)
		return OKC_OK;
	if ((rc = okc__eyp_load_part(e, s)) < 0 ||
	    (rc = okc__eyp_load_part(e, c)) < 0)
		return rc;
	if (econtent_matches(s->entry->data, s->entry->usize, c->entry->data,
	                     c->entry->usize) == 0)
		rc = okc__eyp_find(e, OKC_R_EYP_SIGNED_CONTENT_MISMATCH,
		                   "%s does not contain the bytes of %s",
		                   s->name, c->name);
	okc__zip_release(e->opc->zip, s->entry);
	okc__zip_release(e->opc->zip, c->entry);
	return rc;
}

static int sign_check(okc__eyp *e, okc_report *r, int sig, int content,
                      const char *role)
{
	okc__opc_part *s = e->comp[sig], *c = e->comp[content];
	int rc;
	if (s == NULL || c == NULL)
		return OKC_OK;
	if ((rc = okc__eyp_load_part(e, s)) < 0 ||
	    (rc = okc__eyp_load_part(e, c)) < 0)
		return rc;
	rc = okc__verify_embedded_cms(r, e->ctx, s->entry->data,
	                              s->entry->usize, c->entry->data,
	                              c->entry->usize, role);
	okc__zip_release(e->opc->zip, s->entry);
	okc__zip_release(e->opc->zip, c->entry);
	return rc;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *package_json(const okc__eyp *e)
{
	static const char *const kinds[] = { [OKC_KIND_EYP] = "eyp",
	                                     [OKC_KIND_EYPS] = "eyps",
	                                     [OKC_KIND_EYPG] = "eypg" };
	json_t *j = json_object(), *parts = json_array(), *att = json_array(),
	       *rules = json_array();
	if (j == NULL || parts == NULL || att == NULL || rules == NULL) {
		json_decref(j);
		json_decref(parts);
		json_decref(att);
		json_decref(rules);
		return NULL;
	}
	json_object_set_new(j, "kind", json_string(kinds[e->kind]));
	json_object_set_new(j, "version", jstr(e->core_version));
	json_object_set_new(j, "version_major",
	                    e->version ? json_integer(e->version) : json_null());
	json_object_set_new(j, "belge_id", jstr(e->belge_id));
	json_object_set_new(j, "konu", jstr(e->konu));
	json_object_set_new(j, "tarih", jstr(e->tarih));
	json_object_set_new(j, "belge_no", jstr(e->belge_no));
	json_object_set_new(j, "creator",
	                    e->creator ? json_incref(e->creator) : json_null());
	if (e->opc != NULL) {
		for (size_t i = 0; i < e->opc->n_parts; i++) {
			const okc__opc_part *p = &e->opc->parts[i];
			const okc__eyp_partinfo *pi = &e->pi[i];
			json_t *o = json_object();
			if (o == NULL)
				continue;
			json_object_set_new(o, "name", json_string(p->name));
			json_object_set_new(o, "size", json_integer((json_int_t)p->entry->usize));
			json_object_set_new(o, "content_type", jstr(p->content_type));
			json_object_set_new(o, "component",
			                    pi->comp >= 0 ? json_string(comp_def[pi->comp].name)
			                                  : json_null());
			json_object_set_new(o, "sha256", json_string(pi->sha256));
			json_object_set_new(o, "digest_ok",
			                    pi->digest_state < 0 ? json_null()
			                    : json_boolean(pi->digest_state == 1));
			json_array_append_new(parts, o);
		}
		for (size_t i = 0; i < e->opc->n_parts; i++) {
			const okc__opc_part *p = &e->opc->parts[i];
			int c = e->pi[i].comp;
			if (c != EC_EK && c != EC_IMZASIZ_EK && c != EC_USTYAZI)
				continue;
			const okc__eyp_ek *decl = e->pi[i].ek >= 0
			                          ? &e->ek[e->pi[i].ek] : NULL;
			json_t *o = json_object();
			if (o == NULL)
				continue;
			json_object_set_new(o, "name", json_string(okc__basename(p->name)));
			json_object_set_new(o, "part", json_string(p->name));
			json_object_set_new(o, "kind", json_string(
				c == EC_EK ? "ek" : c == EC_IMZASIZ_EK ? "imzasiz_ek"
				                                       : "ustyazi"));
			json_object_set_new(o, "signed", json_boolean(c != EC_IMZASIZ_EK));
			json_object_set_new(o, "size", json_integer((json_int_t)p->entry->usize));
			json_object_set_new(o, "content_type", jstr(p->content_type));
			json_object_set_new(o, "declared_mime", jstr(decl ? decl->mime : NULL));
			json_object_set_new(o, "ek_id", jstr(decl ? decl->id : NULL));
			json_object_set_new(o, "sira_no", jstr(decl ? decl->sira_no : NULL));
			json_object_set_new(o, "ad", jstr(decl ? decl->ad : NULL));
			json_object_set_new(o, "declared_digest_alg", jstr(decl ? decl->ozet_alg : NULL));
			json_object_set_new(o, "digest_ok",
			                    e->pi[i].digest_state < 0 ? json_null()
			                    : json_boolean(e->pi[i].digest_state == 1));
			json_array_append_new(att, o);
		}
		/* declared attachments that are not files here (HRF, FZK,
		 * not enclosed) */
		for (size_t k = 0; k < e->n_ek; k++) {
			const okc__eyp_ek *d = &e->ek[k];
			if (d->part != NULL)
				continue;
			json_t *o = json_object();
			if (o == NULL)
				continue;
			json_object_set_new(o, "name", jstr(d->dosya_adi ? d->dosya_adi : d->ad));
			json_object_set_new(o, "part", json_null());
			json_object_set_new(o, "kind", json_string("declared"));
			json_object_set_new(o, "tur", jstr(d->tur));
			json_object_set_new(o, "ek_id", jstr(d->id));
			json_object_set_new(o, "sira_no", jstr(d->sira_no));
			json_object_set_new(o, "declared_mime", jstr(d->mime));
			json_object_set_new(o, "not_enclosed", json_boolean(d->not_enclosed));
			json_array_append_new(att, o);
		}
	}
	for (size_t i = 0; i < e->n_rules; i++) {
		json_t *o = json_object(), *codes = json_array();
		if (o == NULL || codes == NULL) {
			json_decref(o);
			json_decref(codes);
			continue;
		}
		const char *status = "passed";
		for (size_t k = 0; k < e->n_f; k++) {
			if (e->f[k].rule != i)
				continue;
			const okc_reason *def = okc__reason_def(e->f[k].id);
			okc_severity sev = e->f[k].sev >= 0 ? (okc_severity)e->f[k].sev
			                                    : def->severity;
			json_array_append_new(codes, json_string(def->code));
			if (sev == OKC_SEV_ERROR)
				status = "failed";
			else if (sev == OKC_SEV_WARNING && strcmp(status, "failed") != 0)
				status = "warning";
		}
		json_object_set_new(o, "rule", json_string(e->rules[i].name));
		json_object_set_new(o, "status", json_string(status));
		json_object_set_new(o, "codes", codes);
		json_array_append_new(rules, o);
	}
	json_object_set_new(j, "parts", parts);
	json_object_set_new(j, "attachments", att);
	json_object_set_new(j, "rules", rules);
	return j;
}

/* Run the package checks of an .eyp (digests, unreferenced parts,
 * signature binding) on a loaded package. */
static int check_eyp_body(okc__eyp *e)
{
	int rc = OKC_OK;
	OKC_GUARD(okc__eyp_check_digests(e, EYP_OZ_PAKET));
	if (e->version >= 2)
		OKC_GUARD(okc__eyp_check_digests(e, EYP_OZ_PARAF));
	OKC_GUARD(okc__eyp_check_digests(e, EYP_OZ_NIHAI));
	OKC_GUARD(check_unreferenced(e));
out:
	return rc;
}

/*
 * .eypg: the original package inside (/OrijinalPaket/OrijinalPaket.eyp)
 * is read as a nested archive (depth 1, so max_nesting applies) and gets
 * the same structural and digest checks; its findings are reported with
 * the prefix "OrijinalPaket: ".  Its signatures are verified by the caller.
 */
static int check_original(okc__eyp *e, okc__eyp **innerp)
{
	int rc = OKC_OK;
	okc__opc_part *op = e->comp[EC_ORIJINAL];
	okc__eyp *in = NULL;
	*innerp = NULL;
	if (op == NULL)
		return OKC_OK;
	OKC_GUARD(okc__eyp_begin(e, "original_package"));
	OKC_GUARD(okc__eyp_load_part(e, op));
	OKC_GUARD(okc__eyp_load(&in, e->ctx, op->entry->data, op->entry->usize,
	                        1, 0));
	if (in->opc != NULL && in->kind == OKC_KIND_EYP)
		OKC_GUARD(check_eyp_body(in));
	else if (in->opc != NULL)
		OKC_GUARD(okc__eyp_find(in, OKC_R_EYP_COMPONENT_NOT_ALLOWED,
		                        "the original package is an .%s",
		                        okc_doc_kind_name((okc_doc_kind)in->kind)));
	for (size_t i = 0; i < in->n_f; i++)
		OKC_GUARD(okc__eyp_find_sev(e, in->f[i].id, in->f[i].sev,
		                            "OrijinalPaket: %s", in->f[i].detail));
	if (in->opc != NULL && in->kind == OKC_KIND_EYP) {
		*innerp = in;
		in = NULL;
	}
out:
	okc__eyp_free(in);
	return rc;
}

static int verify_loaded(okc_report *r, okc__eyp *e,
                         const okc_classification *cls);

int okc__eyp_verify(okc_report *r, okc_ctx *ctx, const unsigned char *data,
                    size_t len, const okc_verify_options *opts,
                    const okc_classification *cls)
{
	int rc = OKC_OK;
	okc__eyp *e = NULL;
	(void)opts;
	OKC_GUARD(okc__eyp_load(&e, ctx, data, len, 0, 0));
	OKC_GUARD(verify_loaded(r, e, cls));
out:
	okc__eyp_free(e);
	return rc;
}

int okc__eyp_verify_fd(okc_report *r, okc_ctx *ctx, int fd, uint64_t len,
                       const okc_classification *cls)
{
	int rc = OKC_OK;
	okc__eyp *e = NULL;
	OKC_GUARD(okc__eyp_load_fd(&e, ctx, fd, len));
	OKC_GUARD(verify_loaded(r, e, cls));
out:
	okc__eyp_free(e);
	return rc;
}

/* Digests, signatures and the report of a loaded package. */
static int verify_loaded(okc_report *r, okc__eyp *e,
                         const okc_classification *cls)
{
	int rc = OKC_OK;
	okc__eyp *inner = NULL;
	if (e->opc != NULL) {
		if (cls != NULL && cls->name_kind != OKC_KIND_UNKNOWN &&
		    (cls->name_kind == OKC_KIND_EYP ||
		     cls->name_kind == OKC_KIND_EYPS ||
		     cls->name_kind == OKC_KIND_EYPG) &&
		    (int)cls->name_kind != e->kind) {
			OKC_GUARD(okc__eyp_begin(e, "components"));
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_KIND_MISMATCH,
			          "named .%s, content is .%s",
			          okc_doc_kind_name(cls->name_kind),
			          okc_doc_kind_name((okc_doc_kind)e->kind)));
		}
		/* computed while the archive was read */
		for (size_t i = 0; i < e->opc->n_parts; i++)
			if (e->opc->parts[i].entry->hashed)
				okc__hex(e->pi[i].sha256,
				         e->opc->parts[i].entry->sha256, 32, false);
		if (e->kind == OKC_KIND_EYP) {
			OKC_GUARD(check_eyp_body(e));
		} else if (e->kind == OKC_KIND_EYPG) {
			OKC_GUARD(okc__eyp_check_digests(e, EYP_OZ_NIHAI));
			OKC_GUARD(check_unreferenced(e));
			OKC_GUARD(okc__eyp_begin(e, "update"));
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_UPDATE_PACKAGE, NULL));
			OKC_GUARD(check_original(e, &inner));
		} else {
			okc__opc_part *si = e->comp[EC_SIFRELI_ICERIK];
			OKC_GUARD(okc__eyp_begin(e, "encryption"));
			/* The copied PaketOzeti/NihaiOzet refer to parts of
			 * the encrypted inner package: not checkable here. */
			OKC_GUARD(okc__eyp_find(e, OKC_R_EYP_ENCRYPTED,
			          "checked: container, relationships, core "
			          "properties, component presence; not checked: "
			          "digests and signatures of the inner package"));
			if (si != NULL && si->entry->usize >= 4)
				OKC_GUARD(okc__eyp_load_part(e, si));
			if (si != NULL && si->entry->usize >= 4 &&
			    memcmp(si->entry->data, "PK\3\4", 4) == 0)
				OKC_GUARD(okc__eyp_find(e,
					OKC_R_EYP_ENCRYPTED_CONTENT_PLAIN, "%s",
					si->name));
		}
	}
	if (e->opc != NULL && e->kind != OKC_KIND_EYPS) {
		OKC_GUARD(okc__eyp_begin(e, "signatures"));
		OKC_GUARD(bind_check(e, EC_IMZA, EC_PAKETOZETI));
		OKC_GUARD(bind_check(e, EC_PARAFIMZA, EC_PARAFOZETI));
		OKC_GUARD(bind_check(e, EC_MUHUR, EC_NIHAIOZET));
		if (inner != NULL) {
			size_t from = inner->n_f;
			OKC_GUARD(okc__eyp_begin(inner, "signatures"));
			OKC_GUARD(bind_check(inner, EC_IMZA, EC_PAKETOZETI));
			OKC_GUARD(bind_check(inner, EC_PARAFIMZA, EC_PARAFOZETI));
			OKC_GUARD(bind_check(inner, EC_MUHUR, EC_NIHAIOZET));
			OKC_GUARD(okc__eyp_begin(e, "original_package"));
			for (size_t i = from; i < inner->n_f; i++)
				OKC_GUARD(okc__eyp_find_sev(e, inner->f[i].id,
				          inner->f[i].sev, "OrijinalPaket: %s",
				          inner->f[i].detail));
		}
	}
	/* findings → report reasons */
	for (size_t i = 0; i < e->n_f; i++) {
		if (e->f[i].sev >= 0)
			OKC_GUARD(okc__report_add_reason_sev(r, e->f[i].id,
			          (okc_severity)e->f[i].sev, "%s", e->f[i].detail));
		else
			OKC_GUARD(okc__report_add_reason(r, e->f[i].id, "%s",
			                                 e->f[i].detail));
	}
	if (e->opc != NULL) {
		/* Signatures, each over the exact bytes of its digest file. */
		if (e->kind == OKC_KIND_EYP) {
			OKC_GUARD(sign_check(e, r, EC_IMZA, EC_PAKETOZETI,
			                     "signature"));
			OKC_GUARD(sign_check(e, r, EC_PARAFIMZA, EC_PARAFOZETI,
			                     "paraf"));
		}
		if (e->kind != OKC_KIND_EYPS)
			OKC_GUARD(sign_check(e, r, EC_MUHUR, EC_NIHAIOZET, "seal"));
		/* .eypg: the signatures of the original package too */
		if (inner != NULL) {
			OKC_GUARD(sign_check(inner, r, EC_IMZA, EC_PAKETOZETI,
			                     "signature"));
			OKC_GUARD(sign_check(inner, r, EC_PARAFIMZA,
			                     EC_PARAFOZETI, "paraf"));
			OKC_GUARD(sign_check(inner, r, EC_MUHUR, EC_NIHAIOZET,
			                     "seal"));
		}
	}
	json_t *pj = package_json(e);
	if (pj == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	OKC_GUARD(okc__report_set_section(r, "package", pj));
out:
	okc__eyp_free(inner);
	return rc;
}

int okc__eyp_extract(okc_ctx *ctx, const unsigned char *data, size_t len,
                     okc__inner_docs *out)
{
	int rc = OKC_OK;
	okc__eyp *e = NULL;
	OKC_GUARD(okc__eyp_load(&e, ctx, data, len, 0, 0));
	if (e->opc == NULL) {
		rc = okc__error(ctx, OKC_EFORMAT, "package refused: %s",
		                e->fault.detail);
		goto out;
	}
	for (size_t i = 0; i < e->opc->n_parts; i++) {
		int c = e->pi[i].comp;
		const okc__opc_part *p = &e->opc->parts[i];
		if (c != EC_USTYAZI && c != EC_EK && c != EC_IMZASIZ_EK)
			continue;
		const char *mt = p->content_type;
		if (e->pi[i].ek_mime >= 0)
			mt = e->ek[e->pi[i].ek_mime].mime;
		/* a document the intake reads (cover letter, list): read it
		 * (again, if it was streamed), hand over a copy, drop ours */
		OKC_GUARD(okc__eyp_load_part(e, p));
		rc = okc__inner_docs_add(out, okc__basename(p->name), mt,
		                         p->name, p->entry->data,
		                         p->entry->usize, c != EC_IMZASIZ_EK);
		okc__zip_release(e->opc->zip, p->entry);
		OKC_GUARD(rc);
	}
out:
	okc__eyp_free(e);
	return rc;
}
