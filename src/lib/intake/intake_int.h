/*
 * intake_int.h (internal) - the pieces of the intake pipeline: Turkish text
 * folding and document roles, spreadsheet readers, the application list,
 * serial numbers and the prefix table, the authorised-signers registry, the
 * decision and the record.
 */
#ifndef OKC_INTAKE_INT_H
#define OKC_INTAKE_INT_H

#include <jansson.h>

#include "core/report_build.h"
#include "core/verify.h"

/* ---- Turkish-insensitive text (roles.c) ---- */

/**
 * Fold UTF-8 text for matching: Turkish letters to ASCII (İ/I/ı/i -> i,
 * Ş -> s, Ğ -> g, Ü -> u, Ö -> o, Ç -> c, circumflex vowels too), ASCII
 * lower case, every other byte run that is not a letter or digit to one
 * space, no leading/trailing space.  Returns a new string or NULL (ENOMEM).
 */
char *okc__tr_fold(const char *s, size_t len);

/** 1 when `phrase` (already folded) occurs in `folded` on word bounds. */
int okc__tr_has_phrase(const char *folded, const char *phrase);

/* ---- document roles (roles.c) ---- */

typedef enum okc__role {
	OKC__ROLE_OTHER = 0,
	OKC__ROLE_SIGNED_CONTAINER,
	OKC__ROLE_APPLICATION_LIST,
	OKC__ROLE_SIGNATURE_CIRCULAR,
	OKC__ROLE_REQUEST_FORM,
	OKC__ROLE_CONTRACT,
	OKC__ROLE_GIB_APPROVAL,
	OKC__ROLE_SECURE_AREA_AUDIT,
	OKC__ROLE_COUNT_
} okc__role;

/** "signed_container", "application_list", ... */
const char *okc__role_name(okc__role role);

/**
 * Role of a document from its classification and its name (and, for
 * documents that carry text we can read cheaply, a bounded look at the
 * content).  Never fails.
 */
okc__role okc__role_of(const okc_classification *cls, const char *name,
                       const unsigned char *data, size_t len);

/** Hints found in names, subjects and package metadata. */
#define OKC__HINT_INITIAL    0x01u
#define OKC__HINT_ADDITIONAL 0x02u
#define OKC__HINT_SOFT       0x04u
#define OKC__HINT_HARD       0x08u
unsigned okc__hints_of(const char *text);

/* ---- a sheet: rows of UTF-8 cells (sheet_*.c, list.c) ---- */

typedef struct okc__row {
	uint32_t number;      /* 1-based row number in the source */
	char **cells;         /* ncells entries, each NULL (empty) or UTF-8 */
	uint32_t ncells;
} okc__row;

typedef struct okc__sheet {
	char *name;
	okc__row *rows;       /* only rows with at least one non-empty cell */
	size_t n, cap;
} okc__sheet;

typedef struct okc__book {
	okc__sheet *sheets;
	size_t n, cap;
	const char *encoding; /* CSV: "UTF-8", "UTF-8 BOM", "UTF-16LE",
	                          "Windows-1254"; NULL otherwise (static) */
} okc__book;

/* Widest row kept: cells beyond are ignored (lists have a few columns). */
#define OKC__MAX_COLS 256u
/* Longest cell kept (bytes); longer values are cut (never a serial). */
#define OKC__MAX_CELL 1024u
/* Sheets read from one workbook. */
#define OKC__MAX_SHEETS 64u

void okc__book_clear(okc__book *b);
/** Start a new sheet; returns it (borrowed) or NULL on ENOMEM. */
okc__sheet *okc__book_add_sheet(okc__book *b, const char *name);
/**
 * Set cell (row, col) of the current last row, starting a new row when
 * `row` differs from the last one.  `val` is copied (len bytes).  Rows must
 * arrive in increasing order.  OKC_ETOOLARGE past `max_rows` rows.
 */
int okc__sheet_set(okc__sheet *s, uint32_t row, uint32_t col,
                   const char *val, size_t len, uint32_t max_rows);

/**
 * Readers: OKC_OK with the workbook filled, OKC_EFORMAT when the input is
 * not a readable document of that kind (ctx errmsg says why), OKC_ETOOLARGE
 * when a limit was hit, OKC_ENOMEM.
 */
struct zip;
/** Open a ZIP held in memory (consistency-checked, entry count limited). */
int okc__zip_open_mem(okc_ctx *ctx, const unsigned char *data, size_t len,
                      struct zip **out);
/**
 * Read one entry by exact name into a new buffer (NUL-terminated), within
 * max_xml_size, the ratio limit and without encryption.  OKC_ENOTFOUND
 * when absent.
 */
int okc__zip_read(okc_ctx *ctx, struct zip *za, const char *name,
                  unsigned char **data, size_t *len);
/* Streamed XML (libxml2 reader: no network, no DTD or entities, depth
 * capped by max_xml_depth).  Used by the XLSX and ODS readers. */
typedef struct okc__xml_walk {
	okc_ctx *ctx;
	void *r;              /* xmlTextReaderPtr */
	int rc;
} okc__xml_walk;
int okc__walk_open(okc__xml_walk *w, okc_ctx *ctx, const unsigned char *data,
                   size_t len, const char *name);
/** 1 next node, 0 end, negative error (message on ctx). */
int okc__walk_next(okc__xml_walk *w, const char *name);
bool okc__walk_is(okc__xml_walk *w, const char *local);
/** Attribute by local name in any namespace; free with xmlFree. */
char *okc__walk_attr(okc__xml_walk *w, const char *local);
bool okc__walk_is_text(okc__xml_walk *w);

/* A bounded text accumulator (cells longer than OKC__MAX_CELL are cut). */
typedef struct okc__tbuf {
	char s[OKC__MAX_CELL + 1];
	size_t n;
} okc__tbuf;
void okc__tbuf_add(okc__tbuf *t, const char *s);

/** Format a number cell: integral values without exponent or ".0". */
void okc__format_number(const char *raw, char *out, size_t outlen);

int okc__read_xlsx(okc_ctx *ctx, const unsigned char *data, size_t len,
                   okc__book *out);
int okc__read_ods(okc_ctx *ctx, const unsigned char *data, size_t len,
                  okc__book *out);
int okc__read_csv(okc_ctx *ctx, const unsigned char *data, size_t len,
                  okc__book *out);

/**
 * Convert text to UTF-8: UTF-8 (BOM stripped), UTF-16 with a BOM, or
 * Windows-1254 when the bytes are not valid UTF-8.  `*enc` names what was
 * found.  Returns a new NUL-terminated string or NULL (ENOMEM).
 */
char *okc__text_to_utf8(const unsigned char *data, size_t len, size_t *outlen,
                        const char **enc);

/* Split a reference-data TSV line into at most `max` trimmed fields, in
 * place; returns how many (registry.c). */
size_t okc__tsv_split(char *line, char **f, size_t max);

/* ---- the prefix table (prefixes.c) ---- */

typedef struct okc__prefix {
	char prefix[4];
	char *company;
	char *vkn;    /* NULL when unknown */
	char *brand;
	char *model;
} okc__prefix;

typedef struct okc__prefixes {
	okc__prefix *v;
	size_t n, cap;
} okc__prefixes;

/**
 * Load a prefix table (TSV: prefix, company, vkn, brand, model; `#`
 * comments).  Malformed lines are counted in *bad (and skipped).
 * @return OKC_OK, OKC_EIO (cannot read), OKC_ENOMEM.
 */
int okc__prefixes_load(okc_ctx *ctx, const char *path, okc__prefixes *out,
                       size_t *bad);
int okc__prefixes_parse(const char *text, size_t len, okc__prefixes *out,
                        size_t *bad);
void okc__prefixes_clear(okc__prefixes *p);
const okc__prefix *okc__prefixes_find(const okc__prefixes *p, const char *pfx);

/* ---- serial numbers (serials.c) ---- */

typedef enum okc__serial_form {
	OKC__SERIAL_KNOWN = 0,     /* known prefix + digits */
	OKC__SERIAL_UNKNOWN_PREFIX,/* well-formed, prefix not in the table */
	OKC__SERIAL_MALFORMED,     /* looks like an attempt, wrong form */
	OKC__SERIAL_JUNK           /* not a serial number at all */
} okc__serial_form;

/* Digits after the prefix (project choice; see doc/record.md). */
#define OKC__SERIAL_MIN_DIGITS 6
#define OKC__SERIAL_MAX_DIGITS 12

/**
 * Normalise a cell (trim, drop inner blanks and hyphens, upper-case ASCII)
 * into `out` (size `outlen`); returns 0, or -1 when it does not fit.
 */
int okc__serial_normalize(const char *cell, char *out, size_t outlen);

/** Classify a normalised serial; *entry is the prefix entry when KNOWN and
 *  `pfx` (4 bytes) receives the prefix for KNOWN and UNKNOWN_PREFIX. */
okc__serial_form okc__serial_check(const char *norm, const okc__prefixes *tab,
                                   const okc__prefix **entry, char pfx[4]);

/**
 * 1 when the prefix belongs to the applicant, 0 when to another company,
 * -1 when unknown: decided by VKN only (the table's VKN column against the
 * applicant's), see serials.c.
 */
int okc__prefix_owned_by(const okc__prefix *e, const char *app_name,
                         const char *app_vkn);

/* ---- the application list (list.c) ---- */

typedef struct okc__list_item {
	char *raw;        /* the cell as read */
	char *serial;     /* normalised */
	uint32_t row;
	char *document;   /* name of the list document */
} okc__list_item;

typedef struct okc__list {
	okc__list_item *v;
	size_t n, cap;
	uint64_t blank_rows;
	char *sheet;          /* sheet the serials came from */
	uint32_t column;      /* 0-based column */
	bool by_header;       /* column found by its header */
} okc__list;

/**
 * Find the serial column in the workbook (first sheet that has one; header
 * first, then content) and collect its cells.  OKC_ENOTFOUND when no sheet
 * has a serial column.
 */
int okc__list_from_book(const okc__book *b, const char *docname,
                        okc__list *out);
void okc__list_clear(okc__list *l);

/* ---- the authorised-signers registry (registry.c) ---- */

typedef struct okc__signer_entry {
	char *vkn;
	char *company;
	char *tckn;
	char *name;
	bool joint;
	uint32_t joint_required;  /* 0 = all joint signers of the company */
	okc_time valid_from;      /* 0 = open */
	okc_time valid_until;     /* 0 = open; inclusive to the end of day */
	uint32_t line;
} okc__signer_entry;

typedef struct okc__registry {
	okc__signer_entry *v;
	size_t n, cap;
	size_t bad_lines;
	uint32_t first_bad_line;
} okc__registry;

int okc__registry_load(okc_ctx *ctx, const char *path, okc__registry *out);
int okc__registry_parse(const char *text, size_t len, okc__registry *out);
void okc__registry_clear(okc__registry *r);
/** Number of entries of a company (by VKN). */
size_t okc__registry_company_count(const okc__registry *r, const char *vkn);
/** Company title of a VKN in the registry, or NULL. */
const char *okc__registry_company_name(const okc__registry *r, const char *vkn);

/* ---- record reasons and the decision (decision.c) ---- */

typedef enum okc__effect {
	OKC__EFFECT_NONE = 0,
	OKC__EFFECT_REVIEW = 1,
	OKC__EFFECT_REJECT = 2
} okc__effect;

typedef struct okc__rreason {
	okc_reason r;       /* code and messages borrowed from the catalogue */
	char *detail;       /* owned */
	char *document;     /* owned, may be NULL */
	okc__effect effect;
} okc__rreason;

typedef struct okc__rreasons {
	okc__rreason *v;
	size_t n, cap;
} okc__rreasons;

/** Add a reason; the effect follows from the severity (error: reject,
 *  warning: review, info: none).  `doc` may be NULL. */
int okc__rr_add(okc__rreasons *rs, okc_reason_id id, const char *doc,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int okc__rr_add_def(okc__rreasons *rs, const okc_reason *def, const char *doc,
                    const char *detail);
bool okc__rr_has(const okc__rreasons *rs, const char *code);
void okc__rr_clear(okc__rreasons *rs);
okc__effect okc__effect_of(okc_severity sev);
const char *okc__effect_name(okc__effect e);

/**
 * The decision: REJECTED when a reason rejects, NEEDS_REVIEW when one asks
 * for review, ACCEPTED only when `accept_established` (every positive
 * condition held) and nothing objects.  When acceptance was not established
 * and no reason says why, INTAKE_ACCEPTANCE_NOT_ESTABLISHED is added.
 */
okc_decision okc__decide(okc__rreasons *rs, bool accept_established);

/* ---- the record (record.c) ---- */

struct okc_record {
	okc_decision decision;
	char id[65];
	okc__rreasons reasons;
	json_t *json;         /* the whole record */
};

/** Stable id: SHA-256 (hex) over the canonical form of the source and the
 *  documents' hashes (order-independent).  */
int okc__record_id(char out[65], const char *kind, const char *message_id,
                   const char *from, const char *subject,
                   const char *const *doc_names,
                   const char *const *doc_sha256, size_t n);

/** SHA-256 of data as lower-case hex. */
int okc__sha256_hex(char out[65], const void *data, size_t len);

/* ---- test seams (intake.c) ---- */

typedef int (*okc__intake_verify_fn)(okc_report **out, okc_ctx *ctx,
                                     const char *name, const void *data,
                                     size_t len,
                                     const okc_verify_options *opts);
typedef int (*okc__intake_extract_fn)(okc_ctx *ctx,
                                      const okc_classification *cls,
                                      const unsigned char *data, size_t len,
                                      okc__inner_docs *out);

/** Replace signature verification and inner-document extraction (unit
 *  tests feed synthetic reports through the whole pipeline). */
void okc__intake_set_hooks(okc_intake *in, okc__intake_verify_fn verify,
                           okc__intake_extract_fn extract);

#endif /* OKC_INTAKE_INT_H */
