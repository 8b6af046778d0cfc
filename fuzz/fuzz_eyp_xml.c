/*
 * fuzz_eyp_xml - the e-Yazışma XML parts on arbitrary bytes.  The input is
 * placed, in turn, as the Üstveri, the PaketOzeti, the NihaiÜstveri and the
 * core properties of an otherwise well-formed v2 package (built here in
 * memory), and the package is verified.  Checks the hardened XML parser
 * (no DTD, entities, depth) and every consumer of its trees.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/report_build.h"
#include "eyp/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CT "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"imz\" ContentType=\"application/octet-stream\"/>" \
	"<Default Extension=\"pdf\" ContentType=\"application/pdf\"/></Types>"
#define R(t, p) "<Relationship Id=\"Id" t "\" Type=\"http://eyazisma.dpt/iliskiler/" t "\" Target=\"" p "\"/>"
#define RELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	R("ustyazi", "/UstYazi/u.pdf") R("ustveri", "/Ustveri/Ustveri.xml") \
	R("paketozeti", "/PaketOzeti/PaketOzeti.xml") R("nihaiozet", "/NihaiOzet/NihaiOzet.xml") \
	R("nihaiustveri", "/NihaiUstveri/NihaiUstveri.xml") \
	"<Relationship Id=\"c\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"/docProps/core.xml\"/>" \
	"</Relationships>"
#define PRELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	R("imzacades", "../Imzalar/ImzaCades.imz") "</Relationships>"

struct ent {
	const char *name;
	const unsigned char *d;
	size_t n;
};

static void put(unsigned char **b, size_t *n, const void *p, size_t k)
{
	memcpy(*b + *n, p, k);
	*n += k;
}

static void le(unsigned char **b, size_t *n, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++) {
		(*b)[(*n)++] = (unsigned char)(v >> (8 * i));
	}
}

/* stored-only ZIP writer (APPNOTE 4.3) */
static unsigned char *build(const struct ent *e, size_t k, size_t *outn)
{
	size_t cap = 4096;
	for (size_t i = 0; i < k; i++)
		cap += 2 * (e[i].n + strlen(e[i].name) + 100);
	unsigned char *b = malloc(cap);
	size_t n = 0;
	uint32_t *off = calloc(k, sizeof(*off)), *crc = calloc(k, sizeof(*crc));
	if (b == NULL || off == NULL || crc == NULL)
		abort();
	for (size_t i = 0; i < k; i++) {
		size_t nl = strlen(e[i].name);
		off[i] = (uint32_t)n;
		crc[i] = okc__crc32(0, e[i].d, e[i].n);
		le(&b, &n, 0x04034b50u, 4); le(&b, &n, 20, 2); le(&b, &n, 0, 2);
		le(&b, &n, 0, 2); le(&b, &n, 0, 4); le(&b, &n, crc[i], 4);
		le(&b, &n, (uint32_t)e[i].n, 4); le(&b, &n, (uint32_t)e[i].n, 4);
		le(&b, &n, (uint32_t)nl, 2); le(&b, &n, 0, 2);
		put(&b, &n, e[i].name, nl);
		put(&b, &n, e[i].d, e[i].n);
	}
	size_t cd = n;
	for (size_t i = 0; i < k; i++) {
		size_t nl = strlen(e[i].name);
		le(&b, &n, 0x02014b50u, 4); le(&b, &n, 20, 2); le(&b, &n, 20, 2);
		le(&b, &n, 0, 2); le(&b, &n, 0, 2); le(&b, &n, 0, 4);
		le(&b, &n, crc[i], 4); le(&b, &n, (uint32_t)e[i].n, 4);
		le(&b, &n, (uint32_t)e[i].n, 4); le(&b, &n, (uint32_t)nl, 2);
		le(&b, &n, 0, 2); le(&b, &n, 0, 2); le(&b, &n, 0, 2);
		le(&b, &n, 0, 2); le(&b, &n, 0, 4); le(&b, &n, off[i], 4);
		put(&b, &n, e[i].name, nl);
	}
	size_t cds = n - cd;
	le(&b, &n, 0x06054b50u, 4); le(&b, &n, 0, 2); le(&b, &n, 0, 2);
	le(&b, &n, (uint32_t)k, 2); le(&b, &n, (uint32_t)k, 2);
	le(&b, &n, (uint32_t)cds, 4); le(&b, &n, (uint32_t)cd, 4);
	le(&b, &n, 0, 2);
	free(off);
	free(crc);
	*outn = n;
	return b;
}

#define S(x) (const unsigned char *)(x), sizeof(x) - 1

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static okc_ctx *ctx;
	if (ctx == NULL && okc_ctx_new(&ctx, NULL) != OKC_OK)
		abort();
	if (size > (1u << 20))
		return 0;
	/* the hardened parser alone */
	xmlDoc *doc = NULL;
	okc__zip_fault f;
	if (okc__xml_parse(&doc, ctx, data, size, "fuzz", &f) == OKC_OK)
		xmlFreeDoc(doc);

	static const char *const slots[] = {
		"Ustveri/Ustveri.xml", "PaketOzeti/PaketOzeti.xml",
		"NihaiUstveri/NihaiUstveri.xml", "docProps/core.xml",
		"NihaiOzet/NihaiOzet.xml", "PaketOzeti/_rels/PaketOzeti.xml.rels",
	};
	int slot = size ? data[0] % 6 : 0;
	struct ent e[] = {
		{ "[Content_Types].xml", S(CT) },
		{ "_rels/.rels", S(RELS) },
		{ "UstYazi/u.pdf", S("%PDF-1.4\n%%EOF\n") },
		{ "Imzalar/ImzaCades.imz", S("\x30\x03\x02\x01\x01") },
		{ "PaketOzeti/_rels/PaketOzeti.xml.rels", S(PRELS) },
		{ "Ustveri/Ustveri.xml", S("<x/>") },
		{ "PaketOzeti/PaketOzeti.xml", S("<x/>") },
		{ "NihaiUstveri/NihaiUstveri.xml", S("<x/>") },
		{ "docProps/core.xml", S("<x/>") },
		{ "NihaiOzet/NihaiOzet.xml", S("<x/>") },
	};
	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		if (strcmp(e[i].name, slots[slot]) == 0) {
			e[i].d = data;
			e[i].n = size;
		}
	size_t n;
	unsigned char *zip = build(e, sizeof(e) / sizeof(e[0]), &n);
	okc_report *r = NULL;
	if (okc_verify_mem(&r, ctx, "f.eyp", zip, n, NULL) == OKC_OK) {
		/* placeholder CMS: never a pass */
		if (okc_report_indication(r) == OKC_TOTAL_PASSED)
			abort();
		okc_report_free(r);
	}
	free(zip);
	return 0;
}
