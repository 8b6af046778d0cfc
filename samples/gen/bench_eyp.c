/*
 * bench_eyp.c - `okc-samplegen bench-eyp DIR OUT BYTES N`: one e-Yazışma
 * v2.0 package for the benchmarks of issue #9 (items 2 and 6), written to
 * OUT and never committed.
 *
 * The package has the layout of the official .NET API (eyp-format.md §1):
 * a cover letter, N signed attachments (/Ekler/ek-NNNNN.bin) sharing BYTES
 * of deterministic pseudo-random content (incompressible, like the PDF and
 * image attachments of real letters), Üstveri declaring each attachment,
 * NihaiUstveri, PaketOzeti and NihaiOzet with SHA-384 + SHA-512 per
 * reference (§2, v2), ImzaCades.imz (P4 CAdES-X-L by nes-rsa over the
 * PaketOzeti bytes) and MuhurCades.imz (P4 CAdES-A by eseal over the
 * NihaiOzet bytes).  DIR must hold the committed test keys (DIR/pki); the
 * test PKI is rebuilt there from them, so the signatures chain to
 * DIR/pki/root-rsa.pem and verify at the samples' clock (2026-06-01).
 */
#define _GNU_SOURCE
#include "gen.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cades.h"

#define B_REL "http://eyazisma.dpt/iliskiler/"
#define B_DAHILI "http://eyazisma.dpt/bilesen#dahili"
#define B_DECL "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define B_BID "7C3A9E51-0D2B-4F68-9A1C-3E5B7D9F1A2C"
#define B_TNS "urn:dpt:eyazisma:schema:xsd:Tipler-2"
#define B_CORE "package/services/metadata/core-properties/7c3a9e510d2b4f689a1c3e5b7d9f1a2c.psmdcp"

typedef struct {
	char **names;
	D *datas;
	size_t n, cap;
} bparts;

static void bf(D *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bf(D *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("oom");
	d_append(d, d_raw(s, (size_t)n));
	free(s);
}

static void badd(bparts *b, const char *name, D data)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->names = realloc(b->names, b->cap * sizeof(*b->names));
		b->datas = realloc(b->datas, b->cap * sizeof(*b->datas));
		if (!b->names || !b->datas)
			die("oom");
	}
	b->names[b->n] = strdup(name);
	b->datas[b->n++] = data;
}

static D *bfind(bparts *b, const char *name)
{
	for (size_t i = b->n; i-- > 0;)
		if (strcmp(b->names[i], name) == 0)
			return &b->datas[i];
	die("bench-eyp: no part %s", name);
	return NULL;
}

/* xorshift64*: deterministic, incompressible filler. */
static D random_bytes(size_t n, uint64_t seed)
{
	unsigned char *p = malloc(n ? n : 1);
	if (!p)
		die("oom");
	uint64_t x = seed | 1;
	for (size_t i = 0; i < n; i += 8) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t v = x * 0x2545F4914F6CDD1DULL;
		for (size_t k = 0; k < 8 && i + k < n; k++)
			p[i + k] = (unsigned char)(v >> (8 * k));
	}
	D d = { p, n };
	return d;
}

/* One v2 Reference; `xmlns` re-declares the PaketOzeti namespace where
 * the root is another one (eyp-format.md §2: NihaiOzet's References are in
 * the PaketOzeti-2 namespace). */
static void ref(D *x, bparts *b, const char *name, const char *xmlns)
{
	D *data = bfind(b, name);
	bf(x, "\r\n  <Reference URI=\"/%s\" Type=\"" B_DAHILI "\"%s>", name, xmlns);
	const EVP_MD *mds[2] = { EVP_sha384(), EVP_sha512() };
	const char *uris[2] = { "http://www.w3.org/2001/04/xmldsig-more#sha384",
				"http://www.w3.org/2001/04/xmlenc#sha512" };
	for (int i = 0; i < 2; i++) {
		D h = d_hash(mds[i], data->p, data->n);
		D v = b64(h.p, h.n);
		bf(x, "\r\n    <DigestItem>\r\n      <DigestMethod Algorithm=\"%s\" />"
		      "\r\n      <DigestValue>%.*s</DigestValue>\r\n    </DigestItem>",
		   uris[i], (int)v.n, (const char *)v.p);
		d_free(&h);
		d_free(&v);
	}
	bf(x, "\r\n  </Reference>");
}

static D ozet(bparts *b, const char *root, const char *ns,
	      const char *const *names, size_t n)
{
	D x = d_empty();
	int foreign = strcmp(root, "PaketOzeti") != 0;
	bf(&x, B_DECL "\r\n<%s Id=\"" B_BID "\" xmlns=\"urn:dpt:eyazisma:schema:xsd:%s\">",
	   root, ns);
	for (size_t i = 0; i < n; i++)
		ref(&x, b, names[i],
		    foreign ? " xmlns=\"urn:dpt:eyazisma:schema:xsd:PaketOzeti-2\"" : "");
	bf(&x, "\r\n</%s>", root);
	return x;
}

static D brels(const char *const *tti, size_t n)
{
	D x = d_empty();
	bf(&x, B_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	for (size_t i = 0; i < n; i++)
		bf(&x, "<Relationship Type=\"%s\" Target=\"%s\" Id=\"%s\" />",
		   tti[3 * i], tti[3 * i + 1], tti[3 * i + 2]);
	bf(&x, "</Relationships>");
	return x;
}

static D bsign(pki *p, ent *e, D content, int level)
{
	co o;
	co_init(&o, e, content.p, content.n);
	o.policy = OID_P4;
	o.level = level;
	return cades_build(p, &o);
}

static const char *const IMZA =
	"\r\n    <tipler:Imza>\r\n      <tipler:Imzalayan>\r\n        <tipler:Kisi>"
	"\r\n          <tipler:IlkAdi>TEST Ayşe</tipler:IlkAdi>\r\n          <tipler:Soyadi>YILMAZ</tipler:Soyadi>"
	"\r\n        </tipler:Kisi>\r\n        <tipler:TCKN>10000000146</tipler:TCKN>"
	"\r\n        <tipler:Gorev>Genel Müdür</tipler:Gorev>\r\n      </tipler:Imzalayan>"
	"\r\n      <tipler:Tarih>2026-06-01T10:05:00Z</tipler:Tarih>\r\n    </tipler:Imza>";

int bench_eyp(int argc, char **argv)
{
	if (argc != 6)
		die("usage: okc-samplegen bench-eyp DIR OUT BYTES N");
	const char *dir = argv[2], *out = argv[3];
	char *end;
	unsigned long long bytes = strtoull(argv[4], &end, 10);
	if (*end)
		die("bench-eyp: BYTES");
	unsigned long nek = strtoul(argv[5], &end, 10);
	if (*end || nek == 0 || nek > 100000)
		die("bench-eyp: N is 1..100000");
	pki k;
	memset(&k, 0, sizeof k);
	pki_build(&k, dir);

	bparts b = { 0 };
	char (*ek)[64] = calloc(nek, sizeof(*ek));
	char (*guid)[48] = calloc(nek, sizeof(*guid));
	if (!ek || !guid)
		die("oom");
	static const char *const lines[] = {
		"T.C. TUBITAK BILGEM Kamu Sertifikasyon Merkezi'ne",
		"", "Konu: okc-intake benchmark package (TEST)",
	};
	badd(&b, "UstYazi/ustyazi.pdf", pdf_text("Benchmark (TEST)", lines, 3));
	for (unsigned long i = 0; i < nek; i++) {
		size_t n = (size_t)(bytes / nek + (i < bytes % nek ? 1 : 0));
		snprintf(ek[i], sizeof ek[i], "Ekler/ek-%05lu.bin", i + 1);
		snprintf(guid[i], sizeof guid[i], "0F1E2D3C-4B5A-4968-8776-%012lX", i + 1);
		badd(&b, ek[i], random_bytes(n, 0x9E3779B97F4A7C15ULL * (i + 1)));
	}
	D u = d_empty();
	bf(&u, B_DECL "\r\n<UstVeri xmlns:tipler=\"" B_TNS "\" xmlns=\"urn:dpt:eyazisma:schema:xsd:Ustveri-2\">"
	       "\r\n  <tipler:BelgeId>" B_BID "</tipler:BelgeId>"
	       "\r\n  <tipler:Konu>okc-intake benchmark package (TEST)</tipler:Konu>"
	       "\r\n  <tipler:GuvenlikKodu>YOK</tipler:GuvenlikKodu>"
	       "\r\n  <tipler:MimeTuru>application/pdf</tipler:MimeTuru>"
	       "\r\n  <tipler:DagitimListesi>\r\n    <tipler:Dagitim>\r\n      <tipler:KurumKurulus>"
	       "\r\n        <tipler:KKK>99999999</tipler:KKK>\r\n        <tipler:Adi>TEST alıcı</tipler:Adi>"
	       "\r\n      </tipler:KurumKurulus>\r\n      <tipler:Ivedilik>NRM</tipler:Ivedilik>"
	       "\r\n      <tipler:DagitimTuru>GRG</tipler:DagitimTuru>\r\n    </tipler:Dagitim>"
	       "\r\n  </tipler:DagitimListesi>\r\n  <tipler:Ekler>");
	for (unsigned long i = 0; i < nek; i++)
		bf(&u, "\r\n    <tipler:Ek>\r\n      <tipler:Id Value=\"%s\" EYazismaIdMi=\"false\" />"
		       "\r\n      <tipler:Tur>DED</tipler:Tur>\r\n      <tipler:DosyaAdi>%s</tipler:DosyaAdi>"
		       "\r\n      <tipler:MimeTuru>application/octet-stream</tipler:MimeTuru>"
		       "\r\n      <tipler:SiraNo>%lu</tipler:SiraNo>\r\n      <tipler:ImzaliMi>true</tipler:ImzaliMi>"
		       "\r\n    </tipler:Ek>", guid[i], ek[i] + 6, i + 1);
	bf(&u, "\r\n  </tipler:Ekler>\r\n  <tipler:Olusturan>\r\n    <tipler:TuzelSahis>"
	       "\r\n      <tipler:Id schemeID=\"MERSIS\">0454053692000017</tipler:Id>"
	       "\r\n      <tipler:Adi>TEST Yazarkasa Teknoloji A.Ş.</tipler:Adi>"
	       "\r\n    </tipler:TuzelSahis>\r\n  </tipler:Olusturan>"
	       "\r\n  <tipler:DosyaAdi>ustyazi.pdf</tipler:DosyaAdi>"
	       "\r\n  <tipler:DogrulamaBilgisi>\r\n    <tipler:DogrulamaAdresi>http://127.0.0.1:" PORT
	       "/dogrula</tipler:DogrulamaAdresi>\r\n  </tipler:DogrulamaBilgisi>\r\n</UstVeri>");
	badd(&b, "Ustveri/Ustveri.xml", u);

	size_t nrefs = nek + 2;
	const char **refs = calloc(nrefs + 4, sizeof(*refs));
	if (!refs)
		die("oom");
	refs[0] = "UstYazi/ustyazi.pdf";
	refs[1] = "Ustveri/Ustveri.xml";
	for (unsigned long i = 0; i < nek; i++)
		refs[2 + i] = ek[i];
	badd(&b, "PaketOzeti/PaketOzeti.xml", ozet(&b, "PaketOzeti", "PaketOzeti-2", refs, nrefs));
	badd(&b, "PaketOzeti/_rels/PaketOzeti.xml.rels",
	     brels((const char *const[]){ B_REL "imzacades", "../Imzalar/ImzaCades.imz",
					  "IdImzaCades" }, 1));
	badd(&b, "Imzalar/ImzaCades.imz",
	     bsign(&k, &k.nes_rsa, d_dup(*bfind(&b, "PaketOzeti/PaketOzeti.xml")), LVL_XL));
	D nu = d_empty();
	bf(&nu, B_DECL "\r\n<NihaiUstVeri xmlns:tipler=\"" B_TNS "\" "
		"xmlns=\"urn:dpt:eyazisma:schema:xsd:NihaiUstveri-2\">"
		"\r\n  <tipler:Tarih>2026-06-01T10:05:00Z</tipler:Tarih>"
		"\r\n  <tipler:BelgeNo>E-TEST-BENCH-2026-001</tipler:BelgeNo>"
		"\r\n  <tipler:BelgeImzalar>%s\r\n  </tipler:BelgeImzalar>\r\n</NihaiUstVeri>", IMZA);
	badd(&b, "NihaiUstveri/NihaiUstveri.xml", nu);
	D core = d_empty();
	bf(&core, B_DECL "<coreProperties xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		  "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		  "xmlns=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\">"
		  "<dc:identifier>" B_BID "</dc:identifier><dcterms:created xsi:type=\"dcterms:W3CDTF\">"
		  "2026-06-01T10:00:00Z</dcterms:created><dc:creator>TEST Yazarkasa Teknoloji A.Ş./4540536920</dc:creator>"
		  "<dc:subject>okc-intake benchmark package (TEST)</dc:subject><category>RESMIYAZISMA</category>"
		  "<contentType>application/eyazisma</contentType><version>2.0</version>"
		  "<revision>okc-samplegen TEST</revision></coreProperties>");
	badd(&b, B_CORE, core);
	refs[nrefs++] = "PaketOzeti/PaketOzeti.xml";
	refs[nrefs++] = "Imzalar/ImzaCades.imz";
	refs[nrefs++] = "NihaiUstveri/NihaiUstveri.xml";
	refs[nrefs++] = B_CORE;
	badd(&b, "NihaiOzet/NihaiOzet.xml", ozet(&b, "NihaiOzet", "NihaiOzet-2", refs, nrefs));
	badd(&b, "NihaiOzet/_rels/NihaiOzet.xml.rels",
	     brels((const char *const[]){ B_REL "muhurcades", "../Muhur/MuhurCades.imz",
					  "IdMuhurCades" }, 1));
	badd(&b, "Muhur/MuhurCades.imz",
	     bsign(&k, &k.eseal, d_dup(*bfind(&b, "NihaiOzet/NihaiOzet.xml")), LVL_A));

	D r = d_empty();
	bf(&r, B_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	       "<Relationship Type=\"" B_REL "ustyazi\" Target=\"/UstYazi/ustyazi.pdf\" Id=\"IdUstYazi\" />");
	for (unsigned long i = 0; i < nek; i++)
		bf(&r, "<Relationship Type=\"" B_REL "ek\" Target=\"/%s\" Id=\"IdEk_%s\" />", ek[i], guid[i]);
	bf(&r, "<Relationship Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	       "Target=\"/" B_CORE "\" Id=\"R7c3a9e5100000001\" />"
	       "<Relationship Type=\"" B_REL "ustveri\" Target=\"/Ustveri/Ustveri.xml\" Id=\"IdUstveri\" />"
	       "<Relationship Type=\"" B_REL "paketozeti\" Target=\"/PaketOzeti/PaketOzeti.xml\" Id=\"IdPaketOzeti\" />"
	       "<Relationship Type=\"" B_REL "nihaiozet\" Target=\"/NihaiOzet/NihaiOzet.xml\" Id=\"IdNihaiOzet\" />"
	       "<Relationship Type=\"" B_REL "nihaiustveri\" Target=\"/NihaiUstveri/NihaiUstveri.xml\" Id=\"IdNihaiUstveri\" />"
	       "</Relationships>");
	badd(&b, "_rels/.rels", r);
	D ct = d_empty();
	bf(&ct, B_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"pdf\" ContentType=\"application/pdf\" />"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />"
		"<Default Extension=\"psmdcp\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />"
		"<Default Extension=\"xml\" ContentType=\"application/xml\" />"
		"<Default Extension=\"imz\" ContentType=\"application/octet-stream\" />"
		"<Default Extension=\"bin\" ContentType=\"application/octet-stream\" /></Types>");
	badd(&b, "[Content_Types].xml", ct);

	/* zip_from_parts takes the data; names stay ours */
	D z = zip_from_parts((const char *const *)b.names, b.datas, b.n);
	FILE *f = fopen(out, "wb");
	if (!f || fwrite(z.p, 1, z.n, f) != z.n || fclose(f) != 0)
		die("cannot write %s", out);
	d_free(&z);
	for (size_t i = 0; i < b.n; i++)
		free(b.names[i]);
	free(b.names);
	free(b.datas);
	free(refs);
	free(ek);
	free(guid);
	return 0;
}
