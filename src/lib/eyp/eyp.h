/*
 * eyp/eyp.h (internal) - the e-Yazışma package model shared by the
 * verifier (eyp.c, digests.c) and the public package API (package.c).
 *
 * Loading a package (okc__eyp_load) checks the container (ZIP, OPC),
 * finds every component through relationships and reads the core
 * properties and the Üstveri; each broken rule becomes a finding.  The
 * verifier then checks digests and signatures and turns findings into
 * report reasons; the package API only lists parts and attachments.
 */
#ifndef OKC_EYP_EYP_H
#define OKC_EYP_EYP_H

#include <jansson.h>

#include "core/verify.h"
#include "eyp/opc.h"

#define EYP_NS "urn:dpt:eyazisma:schema:xsd:"
#define EYP_REL "http://eyazisma.dpt/iliskiler/"
#define EYP_REL_CORE \
	"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

/* Components (eyp-format.md §1). */
typedef enum okc__eyp_comp {
	EC_USTYAZI, EC_USTVERI, EC_EK, EC_IMZASIZ_EK, EC_BELGEHEDEF,
	EC_BELGEIMZA, EC_NIHAIUSTVERI, EC_PARAFOZETI, EC_PARAFIMZA,
	EC_PAKETOZETI, EC_IMZA, EC_NIHAIOZET, EC_MUHUR, EC_CORE,
	EC_SIFRELI_ICERIK, EC_SIFRELI_BILGI, EC_GUNCELLEME, EC_ORIJINAL,
	EC_COUNT_
} okc__eyp_comp;

/* Per-part verification state, parallel to opc->parts. */
typedef struct okc__eyp_partinfo {
	int comp;            /* okc__eyp_comp, or -1 */
	int digest_state;    /* -1 never digested, 0 a digest failed, 1 ok */
	unsigned digested;   /* bit i: referenced by digest file i */
	long ek, ek_mime;    /* the last declared Ek naming this part, and
	                        the last one of those with a MimeTuru; -1 */
	char sha256[65];
} okc__eyp_partinfo;

/* A declared attachment (Üstveri Ekler/Ek). */
typedef struct okc__eyp_ek {
	char *id, *tur, *dosya_adi, *mime, *ad, *sira_no;
	char *ozet_alg, *ozet_b64;
	okc__opc_part *part;  /* the file, when present */
	bool not_enclosed;    /* listed in a KonulmamisEkListesi */
} okc__eyp_ek;

/* A finding: one broken rule, attributed to the rule being checked. */
typedef struct okc__eyp_finding {
	okc_reason_id id;
	int sev;              /* -1 = the table's default */
	char *detail;
	size_t rule;
} okc__eyp_finding;

typedef struct okc__eyp_rule {
	const char *name;
	bool applied;
} okc__eyp_rule;

typedef struct okc__eyp {
	okc_ctx *ctx;
	okc__opc *opc;           /* NULL when the container was refused */
	okc__zip_fault fault;    /* why, then */
	int kind;                /* OKC_KIND_EYP / EYPS / EYPG */
	int version;             /* major: 1, 2, or 0 unknown */
	char *core_version;      /* "1.3", "2.0", ... */
	/* components found through relationships (first of each) */
	okc__opc_part *comp[EC_COUNT_];
	unsigned comp_count[EC_COUNT_];
	okc__eyp_partinfo *pi;
	/* metadata */
	char *belge_id, *konu, *tarih, *belge_no, *dosya_adi;
	char *core_identifier, *core_subject, *core_creator, *core_created,
	     *core_category, *core_content_type;
	json_t *creator;         /* {type,name,vkn,mersis,tckn,kkk} */
	okc__eyp_ek *ek;
	size_t n_ek;
	char **konulmamis;       /* EkIds not enclosed */
	size_t n_konulmamis;
	/* findings and rules */
	okc__eyp_finding *f;
	size_t n_f, cap_f;
	okc__eyp_rule *rules;
	size_t n_rules, cap_rules, cur_rule;
} okc__eyp;

/** Load and structurally check a package (see the header comment).
 *  @return OKC_OK (also for a refused container: eyp->opc == NULL) or
 *  OKC_ENOMEM. */
int okc__eyp_load(okc__eyp **out, okc_ctx *ctx, const unsigned char *data,
                  size_t len, unsigned depth, unsigned zip_flags);
/** The same for a package file read through `fd` (see okc__zip_open_fd). */
int okc__eyp_load_fd(okc__eyp **out, okc_ctx *ctx, int fd, uint64_t len);
void okc__eyp_free(okc__eyp *e);

/** Start checking rule `name` (later findings are attributed to it).
 *  `name` is kept by pointer: pass a string literal. */
int okc__eyp_begin(okc__eyp *e, const char *name);
/** Record a finding (printf detail).  Returns OKC_OK or OKC_ENOMEM. */
int okc__eyp_find(okc__eyp *e, okc_reason_id id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int okc__eyp_find_sev(okc__eyp *e, okc_reason_id id, int sev,
                      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** Make p->entry->data hold the part's bytes (okc__zip_load). */
int okc__eyp_load_part(okc__eyp *e, const okc__opc_part *p);
/** Load a part and parse it as XML (okc__xml_parse).  A part that cannot
 * be read or parsed is recorded as a finding of the current rule and gives
 * OKC_OK with *doc NULL; < 0 only for errors (OKC_ENOMEM...). */
int okc__eyp_parse_part(okc__eyp *e, const okc__opc_part *p, xmlDoc **doc);

/** Index of a part in opc->parts. */
size_t okc__eyp_part_index(const okc__eyp *e, const okc__opc_part *p);

/** Component name ("UstYazi", "PaketOzeti", ...). */
const char *okc__eyp_comp_name(int comp);

/* digests.c */
enum { EYP_OZ_PAKET = 0, EYP_OZ_PARAF = 1, EYP_OZ_NIHAI = 2 };
/** Check one digest file (PaketOzeti, ParafOzeti, NihaiOzet) of `e`. */
int okc__eyp_check_digests(okc__eyp *e, int which);
/** Digest of a part with the algorithm named by an XML-DSig URI (from the
 *  reading pass when it has it); *len = 0 when the URI is unknown.  `out`
 *  must hold 64 bytes. */
void okc__eyp_part_hash(okc__eyp *e, const okc__opc_part *p,
                        const char *alg_uri, unsigned char *out, size_t *len);
/** Strict base64 (RFC 4648 §4) decode into out (cap bytes). */
bool okc__eyp_b64(const char *s, unsigned char *out, size_t cap,
                  size_t *len);

/* eyp.c: the verifier and the extractor registered in core/verify.c */
int okc__eyp_verify(okc_report *r, okc_ctx *ctx, const unsigned char *data,
                    size_t len, const okc_verify_options *opts,
                    const okc_classification *cls);
/** okc__eyp_verify for a package file (the verify_file path of core). */
int okc__eyp_verify_fd(okc_report *r, okc_ctx *ctx, int fd, uint64_t len,
                       const okc_classification *cls);
int okc__eyp_extract(okc_ctx *ctx, const unsigned char *data, size_t len,
                     okc__inner_docs *out);

#endif /* OKC_EYP_EYP_H */
