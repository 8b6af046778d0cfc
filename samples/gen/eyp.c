/*
 * e-Yazışma packages (samples/eyp/): v1.3 and v2.0 layouts as produced by
 * the official .NET API (part names, relationship types, content types,
 * digest files), with genuine CAdES signatures from the test PKI, and the
 * hostile/broken packages of issue #3.  Hostile ZIP layouts are written
 * byte by byte per PKWARE APPNOTE 6.3.x sections 4.3 and 4.4.
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#include "cades.h"

#define REL "http://eyazisma.dpt/iliskiler/"
#define DAHILI "http://eyazisma.dpt/bilesen#dahili"
#define BOM "\xef\xbb\xbf"
#define XMLDECL BOM "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define COMPANY "TEST Yazarkasa Teknoloji A.Ş."
#define VKN "4540536920"
#define MERSIS "0454053692000017"

typedef struct {
	char name[160]; /* part name without the leading '/' */
	D data;
} part;

typedef struct {
	part p[40];
	size_t n;
} pkg;

static void padd(pkg *k, const char *name, D data)
{
	if (k->n >= 40)
		die("too many parts");
	snprintf(k->p[k->n].name, sizeof k->p[k->n].name, "%s", name);
	k->p[k->n++].data = data;
}

static part *pfind(pkg *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->p[i].name, name))
			return &k->p[i];
	return NULL;
}

static void pdel(pkg *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->p[i].name, name)) {
			d_free(&k->p[i].data);
			memmove(&k->p[i], &k->p[i + 1], (k->n - i - 1) * sizeof k->p[0]);
			k->n--;
			return;
		}
}

static void pkg_free(pkg *k)
{
	for (size_t i = 0; i < k->n; i++)
		d_free(&k->p[i].data);
	k->n = 0;
}

static void put(D *d, const char *s)
{
	d_append(d, d_raw(s, strlen(s)));
}

static void putf(D *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void putf(D *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("oom");
	va_end(ap);
	put(d, s);
	free(s);
}

static void digest_item(D *x, const char *alg_uri, const EVP_MD *md, D data,
			int v2)
{
	D h = d_hash(md, data.p, data.n);
	D b = b64(h.p, h.n);
	if (v2)
		put(x, "\r\n    <DigestItem>");
	putf(x, "\r\n    %s<DigestMethod Algorithm=\"%s\" />", v2 ? "  " : "",
	     alg_uri);
	putf(x, "\r\n    %s<DigestValue>%.*s</DigestValue>", v2 ? "  " : "",
	     (int)b.n, (const char *)b.p);
	if (v2)
		put(x, "\r\n    </DigestItem>");
	d_free(&h);
	d_free(&b);
}

/* PaketOzeti / ParafOzeti / NihaiOzet (eyp-format.md 2): References in
 * the PaketOzeti-1|2 namespace, digests over the raw part bytes; v2 has
 * SHA-384 + SHA-512 per reference, v1 SHA-256. */
static D ozet_xml(pkg *k, int v2, const char *root, const char *root_ns,
		  const char *belge_id, const char *const *refs, size_t nref,
		  int tamper_first)
{
	D x = d_empty();
	const char *pns = v2 ? "urn:dpt:eyazisma:schema:xsd:PaketOzeti-2"
			     : "urn:dpt:eyazisma:schema:xsd:PaketOzeti-1";
	putf(&x, XMLDECL "\r\n<%s xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		 "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" Id=\"%s\" xmlns=\"%s\">",
	     root, belge_id, root_ns);
	int foreign = strcmp(root_ns, pns) != 0;
	for (size_t i = 0; i < nref; i++) {
		part *p = pfind(k, refs[i]);
		if (!p)
			die("ozet: no part %s", refs[i]);
		D data = d_dup(p->data);
		if (tamper_first && i == 0)
			data.p[0] ^= 0x20;
		putf(&x, "\r\n  <Reference URI=\"/%s\" Type=\"" DAHILI "\"%s%s%s>",
		     refs[i], foreign ? " xmlns=\"" : "", foreign ? pns : "",
		     foreign ? "\"" : "");
		if (v2) {
			digest_item(&x, "http://www.w3.org/2001/04/xmldsig-more#sha384",
				    EVP_sha384(), data, 1);
			digest_item(&x, "http://www.w3.org/2001/04/xmlenc#sha512",
				    EVP_sha512(), data, 1);
		} else {
			digest_item(&x, "http://www.w3.org/2001/04/xmlenc#sha256",
				    EVP_sha256(), data, 0);
		}
		put(&x, "\r\n  </Reference>");
		d_free(&data);
	}
	putf(&x, "\r\n</%s>", root);
	return x;
}

static D rels(const char *const *type_target_id, size_t n)
{
	D x = d_empty();
	put(&x, XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	for (size_t i = 0; i < n; i++)
		putf(&x, "<Relationship Type=\"%s\" Target=\"%s\" Id=\"%s\" />",
		     type_target_id[3 * i], type_target_id[3 * i + 1],
		     type_target_id[3 * i + 2]);
	put(&x, "</Relationships>");
	return x;
}

static D iletisim(const char *ns)
{
	D x = d_empty();
	putf(&x, "\r\n      <%s:IletisimBilgisi>"
		 "\r\n        <%s:Telefon>+90 262 000 00 00</%s:Telefon>"
		 "\r\n        <%s:EPosta>basvuru@yazarkasa-test.example</%s:EPosta>"
		 "\r\n        <%s:Adres>TEST Organize Sanayi Bölgesi 1. Cadde No: 1</%s:Adres>"
		 "\r\n        <%s:Il>KOCAELİ</%s:Il>\r\n        <%s:Ilce>GEBZE</%s:Ilce>"
		 "\r\n        <%s:Ulke>TÜRKİYE</%s:Ulke>\r\n      </%s:IletisimBilgisi>",
	     ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns);
	return x;
}

typedef struct {
	int v2;
	int csv;
	size_t nserials;
	unsigned seed;
	const char *belge_id;
	const char *ek_guid;
	/* defects */
	int digest_mismatch, unreferenced_part, no_paketozeti, imza_other;
	int bomb;
	int vkn_scheme; /* TuzelSahis/Id with schemeID="VKN" instead of MERSIS */
} eopt;

static const char *KAMUSM_DAGITIM =
	"\r\n    <tipler:Dagitim>\r\n      <tipler:KurumKurulus>"
	"\r\n        <tipler:KKK>99999999</tipler:KKK>"
	"\r\n        <tipler:Adi>TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi (TEST alıcı)</tipler:Adi>"
	"\r\n      </tipler:KurumKurulus>\r\n      <tipler:Ivedilik>NRM</tipler:Ivedilik>"
	"\r\n      <tipler:DagitimTuru>GRG</tipler:DagitimTuru>\r\n      <tipler:Miat>P0D</tipler:Miat>"
	"\r\n    </tipler:Dagitim>";

static D ustveri(const eopt *o, const char *ekname, const char *ekmime,
		 const char *ustyazi)
{
	D x = d_empty();
	const char *v = o->v2 ? "2" : "1";
	putf(&x, XMLDECL "\r\n<%s xmlns:tipler=\"urn:dpt:eyazisma:schema:xsd:Tipler-%s\" "
		 "xmlns=\"urn:dpt:eyazisma:schema:xsd:Ustveri-%s\">",
	     o->v2 ? "UstVeri" : "Ustveri", v, v);
	putf(&x, "\r\n  <tipler:BelgeId>%s</tipler:BelgeId>", o->belge_id);
	put(&x, "\r\n  <tipler:Konu>Yeni Nesil ÖKC mali sertifika başvurusu (TEST)</tipler:Konu>");
	if (!o->v2)
		put(&x, "\r\n  <tipler:Tarih>2026-06-01T10:05:00Z</tipler:Tarih>"
			"\r\n  <tipler:BelgeNo>E-TEST-4540536920-2026-001</tipler:BelgeNo>");
	put(&x, "\r\n  <tipler:GuvenlikKodu>YOK</tipler:GuvenlikKodu>"
		"\r\n  <tipler:MimeTuru>application/pdf</tipler:MimeTuru>"
		"\r\n  <tipler:DagitimListesi>");
	put(&x, KAMUSM_DAGITIM);
	put(&x, "\r\n  </tipler:DagitimListesi>\r\n  <tipler:Ekler>\r\n    <tipler:Ek>");
	putf(&x, "\r\n      <tipler:Id Value=\"%s\" EYazismaIdMi=\"false\" />"
		 "\r\n      <tipler:Tur>DED</tipler:Tur>\r\n      <tipler:DosyaAdi>%s</tipler:DosyaAdi>"
		 "\r\n      <tipler:MimeTuru>%s</tipler:MimeTuru>\r\n      <tipler:Ad>ÖKC başvuru listesi</tipler:Ad>"
		 "\r\n      <tipler:SiraNo>1</tipler:SiraNo>\r\n      <tipler:ImzaliMi>true</tipler:ImzaliMi>",
	     o->ek_guid, ekname, ekmime);
	put(&x, "\r\n    </tipler:Ek>\r\n  </tipler:Ekler>\r\n  <tipler:Dil>tur</tipler:Dil>"
		"\r\n  <tipler:Olusturan>\r\n    <tipler:TuzelSahis>");
	put(&x, o->vkn_scheme ? "\r\n      <tipler:Id schemeID=\"VKN\">" VKN "</tipler:Id>"
			      : "\r\n      <tipler:Id schemeID=\"MERSIS\">" MERSIS "</tipler:Id>");
	put(&x, "\r\n      <tipler:Adi>" COMPANY "</tipler:Adi>");
	D il = iletisim("tipler");
	d_append(&x, il);
	put(&x, "\r\n    </tipler:TuzelSahis>\r\n  </tipler:Olusturan>");
	putf(&x, "\r\n  <tipler:DosyaAdi>%s</tipler:DosyaAdi>", ustyazi);
	if (o->v2)
		put(&x, "\r\n  <tipler:DogrulamaBilgisi>\r\n    <tipler:DogrulamaAdresi>"
			"http://127.0.0.1:" PORT "/dogrula</tipler:DogrulamaAdresi>"
			"\r\n  </tipler:DogrulamaBilgisi>");
	putf(&x, "\r\n</%s>", o->v2 ? "UstVeri" : "Ustveri");
	return x;
}

static D imza_block(const char *ns)
{
	D x = d_empty();
	putf(&x, "\r\n    <%s:Imza>\r\n      <%s:Imzalayan>\r\n        <%s:Kisi>"
		 "\r\n          <%s:IlkAdi>TEST Ayşe</%s:IlkAdi>\r\n          <%s:Soyadi>YILMAZ</%s:Soyadi>"
		 "\r\n        </%s:Kisi>\r\n        <%s:TCKN>10000000146</%s:TCKN>"
		 "\r\n        <%s:Gorev>Genel Müdür</%s:Gorev>\r\n      </%s:Imzalayan>"
		 "\r\n      <%s:Tarih>2026-06-01T10:05:00Z</%s:Tarih>\r\n    </%s:Imza>",
	     ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns, ns);
	return x;
}

static D sign_part(pkg *k, pki *p, const char *name, ent *e, int level,
		   const void *other, size_t other_n)
{
	part *pt = pfind(k, name);
	co o;
	if (other)
		co_init(&o, e, other, other_n);
	else
		co_init(&o, e, pt->data.p, pt->data.n);
	o.policy = OID_P4;
	o.level = level;
	return cades_build(p, &o);
}

/* Build all parts of one package (in the order the .NET API writes them). */
static void build(pki *p, const eopt *o, pkg *k, char *core_name, size_t cn)
{
	char **serials = make_serials(o->nserials, o->seed);
	const char *ekname = o->csv ? "okc-basvuru-listesi.csv" : "okc-basvuru-listesi.xlsx";
	const char *ekmime = o->csv ? "text/csv"
				    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	const char *ustyazi = "basvuru-ustyazi.pdf";
	char ekpath[128], ekrelid[80];
	snprintf(ekpath, sizeof ekpath, "Ekler/%s", ekname);
	snprintf(ekrelid, sizeof ekrelid, "IdEk_%s", o->ek_guid);
	static const char *const lines[] = {
		"T.C. TUBITAK BILGEM Kamu Sertifikasyon Merkezi'ne",
		"",
		"Konu: Yeni Nesil OKC mali sertifika basvurusu (TEST)",
		"",
		"TEST Yazarkasa Teknoloji A.S. (VKN 4540536920, MERSIS 0454053692000017)",
		"olarak ekli listede yer alan OKC sicil numaralari icin mali sertifika",
		"talep ederiz. Bu belge okc-intake TEST ornegidir.",
		"",
		"TEST Ayse Yilmaz - Genel Mudur",
	};
	padd(k, "UstYazi/basvuru-ustyazi.pdf",
	     pdf_text("Yeni Nesil OKC Mali Sertifika Basvurusu (TEST)", lines,
		      sizeof lines / sizeof lines[0]));
	padd(k, ekpath, o->csv ? csv_list((const char *const *)serials, o->nserials)
			       : xlsx_list((const char *const *)serials, o->nserials));
	for (size_t i = 0; i < o->nserials; i++)
		free(serials[i]);
	free(serials);
	padd(k, "Ustveri/Ustveri.xml", ustveri(o, ekname, ekmime, ustyazi));
	if (!o->v2) {
		D bh = d_empty();
		put(&bh, XMLDECL "\r\n<BelgeHedef xmlns:tipler=\"urn:dpt:eyazisma:schema:xsd:Tipler-1\" "
			 "xmlns=\"urn:dpt:eyazisma:schema:xsd:BelgeHedef-1\">\r\n  <tipler:HedefListesi>"
			 "\r\n    <tipler:Hedef>\r\n      <tipler:KurumKurulus>\r\n        <tipler:KKK>99999999</tipler:KKK>"
			 "\r\n        <tipler:Adi>TÜBİTAK BİLGEM Kamu Sertifikasyon Merkezi (TEST alıcı)</tipler:Adi>"
			 "\r\n      </tipler:KurumKurulus>\r\n    </tipler:Hedef>\r\n  </tipler:HedefListesi>\r\n</BelgeHedef>");
		padd(k, "BelgeHedef/BelgeHedef.xml", bh);
		D bi = d_empty();
		put(&bi, XMLDECL "\r\n<BelgeImza xmlns:tipler=\"urn:dpt:eyazisma:schema:xsd:Tipler-1\" "
			 "xmlns=\"urn:dpt:eyazisma:schema:xsd:BelgeImza-1\">\r\n  <tipler:ImzaListesi>");
		d_append(&bi, imza_block("tipler"));
		put(&bi, "\r\n  </tipler:ImzaListesi>\r\n</BelgeImza>");
		padd(k, "Imzalar/BelgeImza.xml", bi);
	}
	/* core properties (.NET layout) */
	snprintf(core_name, cn,
		 "package/services/metadata/core-properties/%.8s%s.psmdcp",
		 "5a7e0c1d", o->v2 ? "9f8e7d6c5b4a39281706f5e4d3c2b1a0" + 8
				   : "1b2c3d4e5f60718293a4b5c6d7e8f901" + 8);
	D core = d_empty();
	putf(&core, XMLDECL "<coreProperties xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		    "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		    "xmlns=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\">"
		    "<dc:identifier>%s</dc:identifier><dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-06-01T10:00:00Z</dcterms:created>"
		    "<dc:creator>" COMPANY "/" VKN "</dc:creator>"
		    "<dc:subject>Yeni Nesil ÖKC mali sertifika başvurusu (TEST)</dc:subject>"
		    "<category>RESMIYAZISMA</category><contentType>application/eyazisma</contentType>"
		    "<version>%s</version><revision>okc-samplegen TEST</revision></coreProperties>",
	     o->belge_id, o->v2 ? "2.0" : "1.3");
	padd(k, core_name, core);

	const char *pnames_v2[] = { "UstYazi/basvuru-ustyazi.pdf", "Ustveri/Ustveri.xml",
				    ekpath, "ParafOzeti/ParafOzeti.xml",
				    "Paraflar/ParafImzaCades.imz" };
	const char *pnames_v1[] = { "BelgeHedef/BelgeHedef.xml", "UstYazi/basvuru-ustyazi.pdf",
				    "Ustveri/Ustveri.xml", ekpath };
	if (o->v2) {
		padd(k, "ParafOzeti/ParafOzeti.xml",
		     ozet_xml(k, 1, "ParafOzeti", "urn:dpt:eyazisma:schema:xsd:ParafOzeti-2",
			      o->belge_id, pnames_v2, 3, 0));
		padd(k, "ParafOzeti/_rels/ParafOzeti.xml.rels",
		     rels((const char *const[]){ REL "parafimzacades",
						 "../Paraflar/ParafImzaCades.imz",
						 "IdParafImzaCades" }, 1));
		padd(k, "Paraflar/ParafImzaCades.imz",
		     sign_part(k, p, "ParafOzeti/ParafOzeti.xml", &p->nes_rsa2,
			       LVL_XL, NULL, 0));
	}
	padd(k, "PaketOzeti/PaketOzeti.xml",
	     ozet_xml(k, o->v2, "PaketOzeti",
		      o->v2 ? "urn:dpt:eyazisma:schema:xsd:PaketOzeti-2"
			    : "urn:dpt:eyazisma:schema:xsd:PaketOzeti-1",
		      o->belge_id, o->v2 ? pnames_v2 : pnames_v1, o->v2 ? 5 : 4, 0));
	padd(k, "PaketOzeti/_rels/PaketOzeti.xml.rels",
	     rels((const char *const[]){ REL "imzacades", "../Imzalar/ImzaCades.imz",
					 "IdImzaCades" }, 1));
	static const char other[] = "Bu içerik PaketOzeti değildir (TEST).";
	padd(k, "Imzalar/ImzaCades.imz",
	     sign_part(k, p, "PaketOzeti/PaketOzeti.xml", &p->nes_rsa, LVL_XL,
		       o->imza_other ? other : NULL, sizeof other - 1));
	if (o->v2) {
		D nu = d_empty();
		put(&nu, XMLDECL "\r\n<NihaiUstVeri xmlns:tipler=\"urn:dpt:eyazisma:schema:xsd:Tipler-2\" "
			 "xmlns=\"urn:dpt:eyazisma:schema:xsd:NihaiUstveri-2\">"
			 "\r\n  <tipler:Tarih>2026-06-01T10:05:00Z</tipler:Tarih>"
			 "\r\n  <tipler:BelgeNo>E-TEST-4540536920-2026-001</tipler:BelgeNo>"
			 "\r\n  <tipler:BelgeImzalar>");
		d_append(&nu, imza_block("tipler"));
		put(&nu, "\r\n  </tipler:BelgeImzalar>\r\n</NihaiUstVeri>");
		padd(k, "NihaiUstveri/NihaiUstveri.xml", nu);
	}
	const char *n2[] = { "UstYazi/basvuru-ustyazi.pdf", "Ustveri/Ustveri.xml", ekpath,
			     "ParafOzeti/ParafOzeti.xml", "Paraflar/ParafImzaCades.imz",
			     "PaketOzeti/PaketOzeti.xml", "Imzalar/ImzaCades.imz",
			     "NihaiUstveri/NihaiUstveri.xml", core_name };
	const char *n1[] = { "BelgeHedef/BelgeHedef.xml", "Imzalar/BelgeImza.xml",
			     "UstYazi/basvuru-ustyazi.pdf", "Ustveri/Ustveri.xml", ekpath,
			     "PaketOzeti/PaketOzeti.xml", "Imzalar/ImzaCades.imz", core_name };
	padd(k, "NihaiOzet/NihaiOzet.xml",
	     ozet_xml(k, o->v2, "NihaiOzet",
		      o->v2 ? "urn:dpt:eyazisma:schema:xsd:NihaiOzet-2"
			    : "urn:dpt:eyazisma:schema:xsd:NihaiOzet-1",
		      o->belge_id, o->v2 ? n2 : n1, o->v2 ? 9 : 8, 0));
	const char *muhur = o->v2 ? "Muhur/MuhurCades.imz" : "Muhurler/MuhurCades.imz";
	padd(k, "NihaiOzet/_rels/NihaiOzet.xml.rels",
	     rels((const char *const[]){ REL "muhurcades",
					 o->v2 ? "../Muhur/MuhurCades.imz"
					       : "../Muhurler/MuhurCades.imz",
					 "IdMuhurCades" }, 1));
	padd(k, muhur, sign_part(k, p, "NihaiOzet/NihaiOzet.xml", &p->eseal, LVL_A,
				 NULL, 0));

	/* package relationships and content types */
	char t_ek[200], t_core[200];
	snprintf(t_ek, sizeof t_ek, "/%s", ekpath);
	snprintf(t_core, sizeof t_core, "/%s", core_name);
	const char *r2[] = {
		REL "ustyazi", "/UstYazi/basvuru-ustyazi.pdf", "IdUstYazi",
		REL "ek", t_ek, ekrelid,
		"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
		t_core, "R5a7e0c1d00000001",
		REL "ustveri", "/Ustveri/Ustveri.xml", "IdUstveri",
		REL "paketozeti", "/PaketOzeti/PaketOzeti.xml", "IdPaketOzeti",
		REL "nihaiozet", "/NihaiOzet/NihaiOzet.xml", "IdNihaiOzet",
		REL "parafozeti", "/ParafOzeti/ParafOzeti.xml", "IdParafOzeti",
		REL "nihaiustveri", "/NihaiUstveri/NihaiUstveri.xml", "IdNihaiUstveri",
	};
	const char *r1[] = {
		REL "ustyazi", "/UstYazi/basvuru-ustyazi.pdf", "IdUstYazi",
		REL "ek", t_ek, ekrelid,
		"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
		t_core, "R5a7e0c1d00000001",
		REL "belgehedef", "/BelgeHedef/BelgeHedef.xml", "IdBelgeHedef",
		REL "belgeimza", "/Imzalar/BelgeImza.xml", "IdBelgeImza",
		REL "ustveri", "/Ustveri/Ustveri.xml", "IdUstveri",
		REL "paketozeti", "/PaketOzeti/PaketOzeti.xml", "IdPaketOzeti",
		REL "nihaiozet", "/NihaiOzet/NihaiOzet.xml", "IdNihaiOzet",
	};
	padd(k, "_rels/.rels", o->v2 ? rels(r2, 8) : rels(r1, 8));
	D ct = d_empty();
	put(&ct, XMLDECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		 "<Default Extension=\"pdf\" ContentType=\"application/pdf\" />"
		 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />"
		 "<Default Extension=\"psmdcp\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />"
		 "<Default Extension=\"xml\" ContentType=\"application/xml\" />"
		 "<Default Extension=\"imz\" ContentType=\"application/octet-stream\" />");
	putf(&ct, "<Default Extension=\"%s\" ContentType=\"%s\" />", o->csv ? "csv" : "xlsx",
	     ekmime);
	if (o->unreferenced_part || o->bomb)
		put(&ct, "<Default Extension=\"txt\" ContentType=\"text/plain\" />");
	put(&ct, "</Types>");
	padd(k, "[Content_Types].xml", ct);

	/* single defects */
	if (o->digest_mismatch) {
		/* The list changed after PaketOzeti (and v2 ParafOzeti) were
		 * signed; NihaiOzet and the seal are recomputed, so only the
		 * list's digests in PaketOzeti/ParafOzeti disagree. */
		part *ek = pfind(k, ekpath);
		char **s2 = make_serials(o->nserials, o->seed + 1);
		d_free(&ek->data);
		ek->data = o->csv ? csv_list((const char *const *)s2, o->nserials)
				  : xlsx_list((const char *const *)s2, o->nserials);
		for (size_t i = 0; i < o->nserials; i++)
			free(s2[i]);
		free(s2);
		pdel(k, "NihaiOzet/NihaiOzet.xml");
		padd(k, "NihaiOzet/NihaiOzet.xml",
		     ozet_xml(k, o->v2, "NihaiOzet",
			      o->v2 ? "urn:dpt:eyazisma:schema:xsd:NihaiOzet-2"
				    : "urn:dpt:eyazisma:schema:xsd:NihaiOzet-1",
			      o->belge_id, o->v2 ? n2 : n1, o->v2 ? 9 : 8, 0));
		pdel(k, muhur);
		padd(k, muhur, sign_part(k, p, "NihaiOzet/NihaiOzet.xml", &p->eseal,
					 LVL_A, NULL, 0));
	}
	if (o->unreferenced_part) {
		static const char extra[] = "Sıra No;ÖKC Sicil No\r\n1;FU00099999\r\n";
		padd(k, "Ekler/imzasiz-ek-liste.txt", d_raw(extra, sizeof extra - 1));
	}
	if (o->no_paketozeti) {
		pdel(k, "PaketOzeti/PaketOzeti.xml");
		pdel(k, "PaketOzeti/_rels/PaketOzeti.xml.rels");
	}
}

static D zip_pkg(pkg *k)
{
	const char *names[40];
	D datas[40];
	for (size_t i = 0; i < k->n; i++) {
		names[i] = k->p[i].name;
		datas[i] = d_dup(k->p[i].data);
	}
	return zip_from_parts(names, datas, k->n);
}

/* ---- raw ZIP writer for hostile layouts (APPNOTE 4.3.7, 4.3.12, 4.3.16) */
typedef struct {
	const char *name;
	D data;
	int deflate_stored; /* method 8 made of stored deflate blocks */
	long declared_usize; /* -1: the truth */
	unsigned flags;
} rawent;

static unsigned long crc32_of(const unsigned char *p, size_t n)
{
	unsigned long c = 0xffffffffUL;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320UL & (0UL - (c & 1)));
	}
	return c ^ 0xffffffffUL;
}

static void le(D *d, unsigned long v, int n)
{
	unsigned char b[4];
	for (int i = 0; i < n; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	d_append(d, d_raw(b, (size_t)n));
}

/* RFC 1951 3.2.4 non-compressed blocks. */
static D deflate_stored(D in)
{
	D o = d_empty();
	size_t off = 0;
	do {
		size_t n = in.n - off > 65535 ? 65535 : in.n - off;
		unsigned char hdr[5];
		hdr[0] = off + n == in.n ? 1 : 0;
		hdr[1] = (unsigned char)n;
		hdr[2] = (unsigned char)(n >> 8);
		hdr[3] = (unsigned char)~n;
		hdr[4] = (unsigned char)(~n >> 8);
		d_append(&o, d_raw(hdr, 5));
		d_append(&o, d_raw(in.p + off, n));
		off += n;
	} while (off < in.n);
	return o;
}

static D raw_zip(rawent *e, size_t n)
{
	D out = d_empty(), cd = d_empty();
	const unsigned long dostime = (10UL << 11), dosdate = ((2026UL - 1980) << 9) | (6 << 5) | 1;
	for (size_t i = 0; i < n; i++) {
		D body = e[i].deflate_stored ? deflate_stored(e[i].data) : d_dup(e[i].data);
		unsigned long crc = crc32_of(e[i].data.p, e[i].data.n);
		unsigned long us = e[i].declared_usize >= 0 ? (unsigned long)e[i].declared_usize
							    : e[i].data.n;
		size_t nl = strlen(e[i].name);
		unsigned long off = out.n;
		le(&out, 0x04034b50, 4);
		le(&out, 20, 2);
		le(&out, e[i].flags | 0x800, 2);
		le(&out, e[i].deflate_stored ? 8 : 0, 2);
		le(&out, dostime, 2);
		le(&out, dosdate, 2);
		le(&out, crc, 4);
		le(&out, body.n, 4);
		le(&out, us, 4);
		le(&out, nl, 2);
		le(&out, 0, 2);
		d_append(&out, d_raw(e[i].name, nl));
		le(&cd, 0x02014b50, 4);
		le(&cd, 0x031e, 2);
		le(&cd, 20, 2);
		le(&cd, e[i].flags | 0x800, 2);
		le(&cd, e[i].deflate_stored ? 8 : 0, 2);
		le(&cd, dostime, 2);
		le(&cd, dosdate, 2);
		le(&cd, crc, 4);
		le(&cd, body.n, 4);
		le(&cd, us, 4);
		le(&cd, nl, 2);
		le(&cd, 0, 2);
		le(&cd, 0, 2);
		le(&cd, 0, 2);
		le(&cd, 0, 2);
		le(&cd, 0100644UL << 16, 4);
		le(&cd, off, 4);
		d_append(&cd, d_raw(e[i].name, nl));
		d_append(&out, body);
	}
	unsigned long cdoff = out.n, cdlen = cd.n;
	d_append(&out, cd);
	le(&out, 0x06054b50, 4);
	le(&out, 0, 2);
	le(&out, 0, 2);
	le(&out, n, 2);
	le(&out, n, 2);
	le(&out, cdlen, 4);
	le(&out, cdoff, 4);
	le(&out, 0, 2);
	return out;
}

static size_t raw_from_pkg(pkg *k, rawent *e)
{
	for (size_t i = 0; i < k->n; i++) {
		memset(&e[i], 0, sizeof e[i]);
		e[i].name = k->p[i].name;
		e[i].data = k->p[i].data;
		e[i].deflate_stored = 1;
		e[i].declared_usize = -1;
	}
	return k->n;
}

static void emit(const char *out, manifest *m, const char *file, D d,
		 const char *ind, const char *sub, const char *level,
		 const char *decision, const char *codes)
{
	write_file(out, file, d.p, d.n);
	d_free(&d);
	manifest_add(m, file, "pki/root-rsa.pem", ind, sub, level, decision,
		     codes, "n/a", "signers=registry/signers.tsv");
}

static const char *BID2 = "5A7E0C1D-2B3A-4C5D-8E9F-0A1B2C3D4E5F";
static const char *BID1 = "1B2C3D4E-5F60-4718-93A4-B5C6D7E8F901";
static const char *EKG = "0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0";

void gen_eyp(pki *p, const char *out, manifest *m)
{
	manifest_comment(m, ".eyp packages (ImzaCades P4 CAdES-X-L by nes-rsa, "
			    "paraf by nes-rsa2, seal P4 CAdES-A by eseal)");
	char core[200];
	struct {
		const char *file;
		eopt o;
	} ok[] = {
		{ "eyp/v2-ok-xlsx.eyp", { 1, 0, 25, 7, BID2, EKG, 0, 0, 0, 0, 0, 0 } },
		{ "eyp/v2-ok-csv-1serial.eyp", { 1, 1, 1, 8, BID2, EKG, 0, 0, 0, 0, 0, 0 } },
		{ "eyp/v2-ok-xlsx-5000.eyp", { 1, 0, 5000, 9, BID2, EKG, 0, 0, 0, 0, 0, 0 } },
		{ "eyp/v13-ok-xlsx.eyp", { 0, 0, 25, 7, BID1, EKG, 0, 0, 0, 0, 0, 0 } },
		{ "eyp/v13-ok-csv-vkn.eyp", { 0, 1, 12, 10, BID1, EKG, 0, 0, 0, 0, 0, 1 } },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		pkg k = { .n = 0 };
		build(p, &ok[i].o, &k, core, sizeof core);
		emit(out, m, ok[i].file, zip_pkg(&k), "TOTAL_PASSED", "-", "CAdES-XL",
		     "ACCEPTED", "-");
		pkg_free(&k);
	}

	manifest_comment(m, ".eyp negatives (reason codes: proposed names for the "
			    "eyp module, see README)");
	struct {
		const char *file;
		eopt o;
		const char *ind, *sub, *level, *dec, *codes;
	} neg[] = {
		{ "eyp/v2-neg-digest-mismatch.eyp", { 1, 0, 25, 7, BID2, EKG, 1, 0, 0, 0, 0, 0 },
		  "TOTAL_FAILED", "HASH_FAILURE", "CAdES-XL", "REJECTED", "EYP_DIGEST_MISMATCH" },
		{ "eyp/v13-neg-digest-mismatch.eyp", { 0, 0, 25, 7, BID1, EKG, 1, 0, 0, 0, 0, 0 },
		  "TOTAL_FAILED", "HASH_FAILURE", "CAdES-XL", "REJECTED", "EYP_DIGEST_MISMATCH" },
		{ "eyp/v2-neg-unreferenced-part.eyp", { 1, 0, 25, 7, BID2, EKG, 0, 1, 0, 0, 0, 0 },
		  "TOTAL_PASSED", "-", "CAdES-XL", "NEEDS_REVIEW", "EYP_UNREFERENCED_PART" },
		{ "eyp/v2-neg-no-paketozeti.eyp", { 1, 0, 25, 7, BID2, EKG, 0, 0, 1, 0, 0, 0 },
		  "TOTAL_FAILED", "FORMAT_FAILURE", "-", "REJECTED", "EYP_COMPONENT_MISSING" },
		{ "eyp/v2-neg-imza-other-content.eyp", { 1, 0, 25, 7, BID2, EKG, 0, 0, 0, 1, 0, 0 },
		  "TOTAL_FAILED", "HASH_FAILURE", "CAdES-XL", "REJECTED", "EYP_SIGNED_CONTENT_MISMATCH" },
	};
	for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++) {
		pkg k = { .n = 0 };
		build(p, &neg[i].o, &k, core, sizeof core);
		emit(out, m, neg[i].file, zip_pkg(&k), neg[i].ind, neg[i].sub,
		     neg[i].level, neg[i].dec, neg[i].codes);
		pkg_free(&k);
	}

	/* Hostile containers: a valid v2 package laid out by hand, one defect
	 * each. */
	eopt base = { 1, 0, 25, 7, BID2, EKG, 0, 0, 0, 0, 0, 0 };
	pkg k = { .n = 0 };
	build(p, &base, &k, core, sizeof core);
	rawent e[48];
	size_t n;

	n = raw_from_pkg(&k, e);
	emit(out, m, "eyp/v2-ok-handmade-zip.eyp", raw_zip(e, n), "TOTAL_PASSED", "-",
	     "CAdES-XL", "ACCEPTED", "-");

	n = raw_from_pkg(&k, e);
	static const char evil[] = "TEST: this entry tries to escape the extraction directory\n";
	e[n] = (rawent){ "Ekler/../../../tmp/okc-evil.txt", d_raw(evil, sizeof evil - 1), 0, -1, 0 };
	D z = raw_zip(e, n + 1);
	d_free(&e[n].data);
	emit(out, m, "eyp/v2-neg-path-traversal.eyp", z, "TOTAL_FAILED", "FORMAT_FAILURE",
	     "-", "REJECTED", "ZIP_NAME_DOTDOT");

	n = raw_from_pkg(&k, e);
	part *ek = pfind(&k, "Ekler/okc-basvuru-listesi.xlsx");
	static const char *const one[] = { "FU99999999" };
	e[n] = (rawent){ "Ekler/okc-basvuru-listesi.xlsx", xlsx_list(one, 1), 1, -1, 0 };
	z = raw_zip(e, n + 1);
	d_free(&e[n].data);
	emit(out, m, "eyp/v2-neg-duplicate-name.eyp", z, "TOTAL_FAILED", "FORMAT_FAILURE",
	     "-", "REJECTED", "ZIP_NAME_DUPLICATE");

	n = raw_from_pkg(&k, e);
	e[n] = (rawent){ "EKLER/OKC-BASVURU-LISTESI.XLSX", xlsx_list(one, 1), 1, -1, 0 };
	z = raw_zip(e, n + 1);
	d_free(&e[n].data);
	emit(out, m, "eyp/v2-neg-duplicate-name-case.eyp", z, "TOTAL_FAILED",
	     "FORMAT_FAILURE", "-", "REJECTED", "ZIP_NAME_DUPLICATE_CI");

	n = raw_from_pkg(&k, e);
	for (size_t i = 0; i < n; i++)
		if (e[i].data.p == ek->data.p)
			e[i].declared_usize = 64; /* inflates to far more */
	emit(out, m, "eyp/v2-neg-size-lie.eyp", raw_zip(e, n), "TOTAL_FAILED",
	     "FORMAT_FAILURE", "-", "REJECTED", "ZIP_INFLATE_OVERRUN");

	n = raw_from_pkg(&k, e);
	for (size_t i = 0; i < n; i++)
		if (e[i].data.p == ek->data.p) {
			e[i].deflate_stored = 0;
			e[i].flags = 0x1; /* APPNOTE 4.4.4 bit 0: encrypted */
		}
	emit(out, m, "eyp/v2-neg-encrypted-flag.eyp", raw_zip(e, n), "TOTAL_FAILED",
	     "FORMAT_FAILURE", "-", "REJECTED", "ZIP_ENCRYPTED");

	n = raw_from_pkg(&k, e);
	D whole = raw_zip(e, n);
	whole.n = whole.n * 3 / 5;
	emit(out, m, "eyp/v2-neg-truncated.eyp", whole, "TOTAL_FAILED", "FORMAT_FAILURE",
	     "-", "REJECTED", "ZIP_MALFORMED");

	/* Compression bomb: 256 MiB of zeros, sizes declared honestly,
	 * deflated by libzip to about 250 KB (ratio ~1000:1, the deflate
	 * maximum), next to an otherwise valid package. */
	{
		const char *names[41];
		D datas[41];
		for (size_t i = 0; i < k.n; i++) {
			names[i] = k.p[i].name;
			datas[i] = d_dup(k.p[i].data);
		}
		size_t big = (size_t)256 << 20;
		unsigned char *zeros = calloc(1, big);
		names[k.n] = "Ekler/bomba.txt";
		datas[k.n] = (D){ zeros, big };
		emit(out, m, "eyp/v2-neg-compression-bomb.eyp",
		     zip_from_parts(names, datas, k.n + 1), "TOTAL_FAILED",
		     "FORMAT_FAILURE", "-", "REJECTED", "ZIP_RATIO_EXCEEDED");
	}
	pkg_free(&k);
}
