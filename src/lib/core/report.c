/*
 * report.c - the validation report: storage, verdict computation, getters.
 *
 * Verdict rule (EN 319 102-1 clause 5.1.3 applied to a set of checks): the
 * indication of a signature is the worst indication implied by its reasons
 * (TOTAL_FAILED > INDETERMINATE > TOTAL_PASSED); the report's is the worst of
 * its own reasons and of its signatures.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report_build.h"

struct okc_reason_item {
	okc_reason r;        /* code/messages borrowed from the table */
	char *detail;        /* owned */
};

struct okc_signature {
	okc_report *report;
	char *id;
	char *role;
	char *level;
	char *policy_oid;
	char *policy_profile;
	int policy_hash_ok;
	okc_time signing_time;
	okc_time timestamp_time;
	int crypto_valid;
	bool complete;
	okc_indication indication;
	okc_subindication subindication;
	okc_signer_info signer;     /* strings owned */
	okc_chain_entry *chain;     /* strings owned */
	size_t n_chain, cap_chain;
	struct okc_reason_item *reasons;
	size_t n_reasons, cap_reasons;
	okc_signature **counters;
	size_t n_counters, cap_counters;
	json_t *sections;           /* object or NULL */
};

struct okc_report {
	okc_ctx *ctx;
	char *file;
	char *format;
	okc_time validation_time;
	okc_indication indication;
	okc_subindication subindication;
	struct okc_reason_item *reasons;
	size_t n_reasons, cap_reasons;
	okc_signature **sigs;
	size_t n_sigs, cap_sigs;
	json_t *sections;
	bool finalized;
};

okc_indication okc__worst(okc_indication a, okc_indication b)
{
	return a > b ? a : b;
}

/* ---- construction ---- */

okc_report *okc__report_new(okc_ctx *ctx, const char *file, const char *format)
{
	okc_report *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->ctx = ctx;
	r->validation_time = okc_ctx_validation_time(ctx);
	r->indication = OKC_INDETERMINATE;
	r->file = okc__strdup(file);
	r->format = okc__strdup(format ? format : "unknown");
	if ((file && r->file == NULL) || r->format == NULL) {
		okc_report_free(r);
		return NULL;
	}
	return r;
}

int okc__report_set_format(okc_report *r, const char *format)
{
	char *f = okc__strdup(format);
	if (f == NULL)
		return OKC_ENOMEM;
	free(r->format);
	r->format = f;
	return OKC_OK;
}

static int add_reason_v(struct okc_reason_item **arr, size_t *n, size_t *cap,
                        okc_reason_id id, int sev, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static int add_reason_v(struct okc_reason_item **arr, size_t *n, size_t *cap,
                        okc_reason_id id, int sev, const char *fmt, va_list ap)
{
	const okc_reason *def = okc__reason_def(id);
	char buf[1024];
	if (def == NULL)
		return OKC_EINVAL;
	if (okc__grow((void **)arr, cap, *n + 1, sizeof(**arr)) < 0)
		return OKC_ENOMEM;
	buf[0] = '\0';
	if (fmt != NULL)
		vsnprintf(buf, sizeof(buf), fmt, ap);
	struct okc_reason_item *it = &(*arr)[*n];
	it->r = *def;
	if (sev >= 0)
		it->r.severity = (okc_severity)sev;
	/* A reason demoted below ERROR no longer decides the verdict. */
	if (it->r.severity != OKC_SEV_ERROR) {
		it->r.indication = OKC_TOTAL_PASSED;
		it->r.subindication = OKC_SUB_NONE;
	}
	it->detail = strdup(buf);
	if (it->detail == NULL)
		return OKC_ENOMEM;
	it->r.detail = it->detail;
	(*n)++;
	return OKC_OK;
}

int okc__report_add_reason(okc_report *r, okc_reason_id id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = add_reason_v(&r->reasons, &r->n_reasons, &r->cap_reasons, id,
	                      -1, fmt, ap);
	va_end(ap);
	r->finalized = false;
	return rc;
}

int okc__report_add_reason_sev(okc_report *r, okc_reason_id id,
                               okc_severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = add_reason_v(&r->reasons, &r->n_reasons, &r->cap_reasons, id,
	                      (int)sev, fmt, ap);
	va_end(ap);
	r->finalized = false;
	return rc;
}

static int set_section(json_t **sections, const char *key, json_t *value)
{
	if (value == NULL)
		return OKC_ENOMEM;
	if (*sections == NULL && (*sections = json_object()) == NULL) {
		json_decref(value);
		return OKC_ENOMEM;
	}
	return json_object_set_new(*sections, key, value) == 0 ? OKC_OK
	                                                        : OKC_ENOMEM;
}

int okc__report_set_section(okc_report *r, const char *key, json_t *value)
{
	return set_section(&r->sections, key, value);
}

static okc_signature *signature_alloc(okc_report *r, const char *role)
{
	okc_signature *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->report = r;
	s->role = okc__strdup(role ? role : "signature");
	s->level = okc__strdup("CMS");
	s->policy_hash_ok = -1;
	s->signer.qualified = -1;
	s->indication = OKC_INDETERMINATE;
	if (s->role == NULL || s->level == NULL) {
		free(s->role);
		free(s->level);
		free(s);
		return NULL;
	}
	return s;
}

static void signature_free(okc_signature *s);

json_t *okc__report_get_section(const okc_report *r, const char *key)
{
	return r->sections ? json_object_get(r->sections, key) : NULL;
}

okc_signature *okc__signature_new(okc_report *r, const char *role)
{
	if (okc__grow((void **)&r->sigs, &r->cap_sigs, r->n_sigs + 1,
	              sizeof(*r->sigs)) < 0)
		return NULL;
	okc_signature *s = signature_alloc(r, role);
	if (s == NULL)
		return NULL;
	char id[32];
	snprintf(id, sizeof(id), "S%zu", r->n_sigs + 1);
	s->id = strdup(id);
	if (s->id == NULL) {
		signature_free(s);
		return NULL;
	}
	r->sigs[r->n_sigs++] = s;
	r->finalized = false;
	return s;
}

okc_signature *okc__signature_add_counter(okc_signature *parent)
{
	if (okc__grow((void **)&parent->counters, &parent->cap_counters,
	              parent->n_counters + 1, sizeof(*parent->counters)) < 0)
		return NULL;
	okc_signature *s = signature_alloc(parent->report, "countersignature");
	if (s == NULL)
		return NULL;
	char id[96];
	snprintf(id, sizeof(id), "%s.C%zu", parent->id ? parent->id : "S",
	         parent->n_counters + 1);
	s->id = strdup(id);
	if (s->id == NULL) {
		signature_free(s);
		return NULL;
	}
	parent->counters[parent->n_counters++] = s;
	return s;
}

int okc__signature_add_reason(okc_signature *s, okc_reason_id id,
                              const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = add_reason_v(&s->reasons, &s->n_reasons, &s->cap_reasons, id,
	                      -1, fmt, ap);
	va_end(ap);
	return rc;
}

int okc__signature_add_reason_sev(okc_signature *s, okc_reason_id id,
                                  okc_severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = add_reason_v(&s->reasons, &s->n_reasons, &s->cap_reasons, id,
	                      (int)sev, fmt, ap);
	va_end(ap);
	return rc;
}

static int replace_str(char **dst, const char *src)
{
	char *c = okc__strdup(src);
	if (src != NULL && c == NULL)
		return OKC_ENOMEM;
	free(*dst);
	*dst = c;
	return OKC_OK;
}

int okc__signature_set_id(okc_signature *s, const char *id)
{
	return replace_str(&s->id, id);
}

int okc__signature_set_role(okc_signature *s, const char *role)
{
	return replace_str(&s->role, role);
}

int okc__signature_set_level(okc_signature *s, const char *level)
{
	return replace_str(&s->level, level);
}

int okc__signature_set_policy(okc_signature *s, const char *oid,
                              const char *profile, int hash_ok)
{
	if (replace_str(&s->policy_oid, oid) < 0 ||
	    replace_str(&s->policy_profile, profile) < 0)
		return OKC_ENOMEM;
	s->policy_hash_ok = hash_ok;
	return OKC_OK;
}

void okc__signature_set_times(okc_signature *s, okc_time signing_time,
                              okc_time timestamp_time)
{
	s->signing_time = signing_time;
	s->timestamp_time = timestamp_time;
}

void okc__signature_set_crypto_valid(okc_signature *s, int valid)
{
	s->crypto_valid = valid ? 1 : 0;
}

static void signer_clear(okc_signer_info *si)
{
	free((char *)si->subject);
	free((char *)si->common_name);
	free((char *)si->tckn);
	free((char *)si->vkn);
	free((char *)si->serial);
	free((char *)si->issuer);
	free((char *)si->fingerprint_sha256);
	memset(si, 0, sizeof(*si));
}

int okc__signature_set_signer(okc_signature *s, const okc_signer_info *si)
{
	okc_signer_info c = { 0 };
	c.subject = okc__strdup(si->subject);
	c.common_name = okc__strdup(si->common_name);
	c.tckn = okc__strdup(si->tckn);
	c.vkn = okc__strdup(si->vkn);
	c.serial = okc__strdup(si->serial);
	c.issuer = okc__strdup(si->issuer);
	c.fingerprint_sha256 = okc__strdup(si->fingerprint_sha256);
	c.qualified = si->qualified;
	if ((si->subject && !c.subject) || (si->common_name && !c.common_name) ||
	    (si->tckn && !c.tckn) || (si->vkn && !c.vkn) ||
	    (si->serial && !c.serial) || (si->issuer && !c.issuer) ||
	    (si->fingerprint_sha256 && !c.fingerprint_sha256)) {
		signer_clear(&c);
		return OKC_ENOMEM;
	}
	signer_clear(&s->signer);
	s->signer = c;
	return OKC_OK;
}

static void chain_clear(okc_chain_entry *e)
{
	free((char *)e->subject);
	free((char *)e->issuer);
	free((char *)e->fingerprint_sha256);
	free((char *)e->revocation_status);
	free((char *)e->revocation_source);
}

int okc__signature_add_chain(okc_signature *s, const okc_chain_entry *e)
{
	if (okc__grow((void **)&s->chain, &s->cap_chain, s->n_chain + 1,
	              sizeof(*s->chain)) < 0)
		return OKC_ENOMEM;
	okc_chain_entry c = *e;
	c.subject = okc__strdup(e->subject);
	c.issuer = okc__strdup(e->issuer);
	c.fingerprint_sha256 = okc__strdup(e->fingerprint_sha256);
	c.revocation_status = okc__strdup(e->revocation_status ?
	                                  e->revocation_status : "not_checked");
	c.revocation_source = okc__strdup(e->revocation_source ?
	                                  e->revocation_source : "none");
	if ((e->subject && !c.subject) || (e->issuer && !c.issuer) ||
	    (e->fingerprint_sha256 && !c.fingerprint_sha256) ||
	    !c.revocation_status || !c.revocation_source) {
		chain_clear(&c);
		return OKC_ENOMEM;
	}
	s->chain[s->n_chain++] = c;
	return OKC_OK;
}

int okc__signature_set_section(okc_signature *s, const char *key, json_t *value)
{
	return set_section(&s->sections, key, value);
}

void okc__signature_mark_complete(okc_signature *s)
{
	s->complete = true;
}

/* ---- verdict ---- */

static void verdict_of_reasons(const struct okc_reason_item *it, size_t n,
                               okc_indication *ind, okc_subindication *sub)
{
	for (size_t i = 0; i < n; i++) {
		const okc_reason *r = &it[i].r;
		if (r->severity != OKC_SEV_ERROR)
			continue;
		if (r->indication > *ind) {
			*ind = r->indication;
			*sub = r->subindication;
		} else if (r->indication == *ind && *sub == OKC_SUB_NONE) {
			*sub = r->subindication;
		}
	}
}

static bool has_reason(const struct okc_reason_item *it, size_t n,
                       const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].r.code, code) == 0)
			return true;
	return false;
}

static void signature_finalize(okc_signature *s)
{
	if (!s->complete && !has_reason(s->reasons, s->n_reasons,
	                                "CORE_VALIDATION_INCOMPLETE"))
		okc__signature_add_reason(s, OKC_R_CORE_VALIDATION_INCOMPLETE,
		                          "the verifier did not complete "
		                          "all checks for this signature");
	okc_indication ind = OKC_TOTAL_PASSED;
	okc_subindication sub = OKC_SUB_NONE;
	verdict_of_reasons(s->reasons, s->n_reasons, &ind, &sub);
	/* A counter-signature is judged on its own (it does not change the
	 * verdict on the signature it countersigns; EN 319 102-1 treats it as
	 * a separate signature). */
	for (size_t i = 0; i < s->n_counters; i++)
		signature_finalize(s->counters[i]);
	s->indication = ind;
	s->subindication = sub;
}

static bool format_needs_signature(const char *format)
{
	return strcmp(format, "cades") == 0 || strcmp(format, "eyp") == 0;
}

void okc__report_finalize(okc_report *r)
{
	if (r->finalized)
		return;
	if (r->n_sigs == 0 && format_needs_signature(r->format) &&
	    !has_reason(r->reasons, r->n_reasons, "CORE_NO_SIGNATURE"))
		okc__report_add_reason(r, OKC_R_CORE_NO_SIGNATURE, NULL);
	okc_indication ind = OKC_TOTAL_PASSED;
	okc_subindication sub = OKC_SUB_NONE;
	verdict_of_reasons(r->reasons, r->n_reasons, &ind, &sub);
	for (size_t i = 0; i < r->n_sigs; i++) {
		okc_signature *s = r->sigs[i];
		signature_finalize(s);
		if (s->indication > ind) {
			ind = s->indication;
			sub = s->subindication;
		} else if (s->indication == ind && sub == OKC_SUB_NONE) {
			sub = s->subindication;
		}
	}
	/* Nothing was checked at all: never report that as a pass. */
	if (r->n_sigs == 0 && r->n_reasons == 0 && ind == OKC_TOTAL_PASSED &&
	    strcmp(r->format, "certificate") != 0) {
		okc__report_add_reason(r, OKC_R_CORE_UNSUPPORTED_FORMAT,
		                       "nothing was verified");
		ind = OKC_INDETERMINATE;
		sub = OKC_SUB_FORMAT_FAILURE;
	}
	r->indication = ind;
	r->subindication = sub;
	r->finalized = true;
}

/* ---- destruction ---- */

static void reasons_free(struct okc_reason_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(it[i].detail);
	free(it);
}

static void signature_free(okc_signature *s)
{
	if (s == NULL)
		return;
	free(s->id);
	free(s->role);
	free(s->level);
	free(s->policy_oid);
	free(s->policy_profile);
	signer_clear(&s->signer);
	for (size_t i = 0; i < s->n_chain; i++)
		chain_clear(&s->chain[i]);
	free(s->chain);
	reasons_free(s->reasons, s->n_reasons);
	for (size_t i = 0; i < s->n_counters; i++)
		signature_free(s->counters[i]);
	free(s->counters);
	json_decref(s->sections);
	free(s);
}

void okc_report_free(okc_report *r)
{
	if (r == NULL)
		return;
	free(r->file);
	free(r->format);
	reasons_free(r->reasons, r->n_reasons);
	for (size_t i = 0; i < r->n_sigs; i++)
		signature_free(r->sigs[i]);
	free(r->sigs);
	json_decref(r->sections);
	free(r);
}

/* ---- getters ---- */

okc_indication okc_report_indication(const okc_report *r) { return r->indication; }
okc_subindication okc_report_subindication(const okc_report *r) { return r->subindication; }
const char *okc_report_format(const okc_report *r) { return r->format; }
const char *okc_report_file(const okc_report *r) { return r->file; }
okc_time okc_report_validation_time(const okc_report *r) { return r->validation_time; }
size_t okc_report_reason_count(const okc_report *r) { return r->n_reasons; }
size_t okc_report_signature_count(const okc_report *r) { return r->n_sigs; }

const okc_reason *okc_report_reason(const okc_report *r, size_t i)
{
	return i < r->n_reasons ? &r->reasons[i].r : NULL;
}

const okc_signature *okc_report_signature(const okc_report *r, size_t i)
{
	return i < r->n_sigs ? r->sigs[i] : NULL;
}

const char *okc_signature_id(const okc_signature *s) { return s->id; }
const char *okc_signature_role(const okc_signature *s) { return s->role; }
okc_indication okc_signature_indication(const okc_signature *s) { return s->indication; }
okc_subindication okc_signature_subindication(const okc_signature *s) { return s->subindication; }
int okc_signature_crypto_valid(const okc_signature *s) { return s->crypto_valid; }
const char *okc_signature_level(const okc_signature *s) { return s->level; }
const char *okc_signature_policy_oid(const okc_signature *s) { return s->policy_oid; }
const char *okc_signature_policy_profile(const okc_signature *s) { return s->policy_profile; }
int okc_signature_policy_hash_ok(const okc_signature *s) { return s->policy_hash_ok; }
okc_time okc_signature_signing_time(const okc_signature *s) { return s->signing_time; }
okc_time okc_signature_timestamp_time(const okc_signature *s) { return s->timestamp_time; }
const okc_signer_info *okc_signature_signer(const okc_signature *s) { return &s->signer; }
size_t okc_signature_chain_length(const okc_signature *s) { return s->n_chain; }
size_t okc_signature_countersignature_count(const okc_signature *s) { return s->n_counters; }
size_t okc_signature_reason_count(const okc_signature *s) { return s->n_reasons; }

const okc_chain_entry *okc_signature_chain_entry(const okc_signature *s, size_t i)
{
	return i < s->n_chain ? &s->chain[i] : NULL;
}

const okc_signature *okc_signature_countersignature(const okc_signature *s, size_t i)
{
	return i < s->n_counters ? s->counters[i] : NULL;
}

const okc_reason *okc_signature_reason(const okc_signature *s, size_t i)
{
	return i < s->n_reasons ? &s->reasons[i].r : NULL;
}

/* ---- JSON (through jansson; schema in doc/report.md) ---- */

#define OKC_REPORT_SCHEMA 1

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_or_null(okc_time t)
{
	char buf[32];
	if (t == 0 || okc_time_format(buf, sizeof(buf), t) != OKC_OK)
		return json_null();
	return json_string(buf);
}

static json_t *reasons_json(const struct okc_reason_item *it, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		const okc_reason *r = &it[i].r;
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"code", r->code,
			"severity", okc_severity_name(r->severity),
			"message_en", r->message_en,
			"message_tr", r->message_tr,
			"detail", r->detail));
	}
	return a;
}

static json_t *signature_json(const okc_signature *s)
{
	const okc_signer_info *si = &s->signer;
	json_t *signer = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"subject", str_or_null(si->subject),
		"common_name", str_or_null(si->common_name),
		"tckn", str_or_null(si->tckn),
		"vkn", str_or_null(si->vkn),
		"serial", str_or_null(si->serial),
		"issuer", str_or_null(si->issuer),
		"qualified", si->qualified < 0 ? json_null()
		                               : json_boolean(si->qualified),
		"fingerprint_sha256", str_or_null(si->fingerprint_sha256));
	json_t *chain = json_array();
	for (size_t i = 0; chain && i < s->n_chain; i++) {
		const okc_chain_entry *e = &s->chain[i];
		json_array_append_new(chain, json_pack(
			"{s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
			"subject", str_or_null(e->subject),
			"issuer", str_or_null(e->issuer),
			"fingerprint_sha256", str_or_null(e->fingerprint_sha256),
			"not_before", time_or_null(e->not_before),
			"not_after", time_or_null(e->not_after),
			"revocation_status", e->revocation_status,
			"revocation_source", e->revocation_source));
	}
	json_t *counters = json_array();
	for (size_t i = 0; counters && i < s->n_counters; i++)
		json_array_append_new(counters, signature_json(s->counters[i]));
	json_t *policy = json_pack("{s:o, s:o, s:o}",
		"oid", str_or_null(s->policy_oid),
		"profile", str_or_null(s->policy_profile),
		"hash_ok", s->policy_hash_ok < 0 ? json_null()
		                                 : json_boolean(s->policy_hash_ok));
	const char *sub = okc_subindication_name(s->subindication);
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:o, s:o, s:o, "
	                      "s:o, s:o, s:o, s:o}",
		"id", s->id,
		"role", s->role,
		"indication", okc_indication_name(s->indication),
		"subindication", str_or_null(sub),
		"crypto_valid", s->crypto_valid,
		"level", s->level,
		"policy", policy,
		"signing_time", time_or_null(s->signing_time),
		"timestamp_time", time_or_null(s->timestamp_time),
		"signer", signer,
		"chain", chain,
		"countersignatures", counters,
		"reasons", reasons_json(s->reasons, s->n_reasons));
	if (o != NULL && s->sections != NULL)
		json_object_update(o, s->sections);
	return o;
}

json_t *okc__report_to_json(const okc_report *r)
{
	json_t *sigs = json_array();
	for (size_t i = 0; sigs && i < r->n_sigs; i++)
		json_array_append_new(sigs, signature_json(r->sigs[i]));
	json_t *o = json_pack("{s:i, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o}",
		"okc_report", OKC_REPORT_SCHEMA,
		"generator", "okc-intake " OKC_VERSION_STRING,
		"file", str_or_null(r->file),
		"format", r->format,
		"indication", okc_indication_name(r->indication),
		"subindication", str_or_null(okc_subindication_name(r->subindication)),
		"validation_time", time_or_null(r->validation_time),
		"signatures", sigs,
		"reasons", reasons_json(r->reasons, r->n_reasons));
	if (o != NULL && r->sections != NULL)
		json_object_update(o, r->sections);
	return o;
}

struct cb_adapter {
	okc_write_cb cb;
	void *payload;
};

static int dump_cb(const char *buf, size_t len, void *data)
{
	struct cb_adapter *a = data;
	return a->cb(buf, len, a->payload) == 0 ? 0 : -1;
}

int okc_report_write_json(const okc_report *r, unsigned flags,
                          okc_write_cb cb, void *payload)
{
	json_t *o = okc__report_to_json(r);
	if (o == NULL)
		return OKC_ENOMEM;
	struct cb_adapter a = { cb, payload };
	size_t jf = JSON_PRESERVE_ORDER;
	jf |= (flags & OKC_JSON_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
	int rc = json_dump_callback(o, dump_cb, &a, jf);
	json_decref(o);
	if (rc != 0)
		return OKC_EIO;
	return cb("\n", 1, payload) == 0 ? OKC_OK : OKC_EIO;
}

static int file_cb(const char *buf, size_t len, void *payload)
{
	return fwrite(buf, 1, len, (FILE *)payload) == len ? 0 : -1;
}

int okc_report_write_json_file(const okc_report *r, unsigned flags, FILE *fp)
{
	return okc_report_write_json(r, flags, file_cb, fp);
}

/* ---- names ---- */

const char *okc_indication_name(okc_indication ind)
{
	switch (ind) {
	case OKC_TOTAL_PASSED: return "TOTAL_PASSED";
	case OKC_TOTAL_FAILED: return "TOTAL_FAILED";
	case OKC_INDETERMINATE: return "INDETERMINATE";
	default: return "INDETERMINATE";
	}
}

static const char *const sub_names[OKC_SUB_COUNT_] = {
	[OKC_SUB_NONE] = NULL,
	[OKC_SUB_FORMAT_FAILURE] = "FORMAT_FAILURE",
	[OKC_SUB_HASH_FAILURE] = "HASH_FAILURE",
	[OKC_SUB_SIG_CRYPTO_FAILURE] = "SIG_CRYPTO_FAILURE",
	[OKC_SUB_REVOKED] = "REVOKED",
	[OKC_SUB_SIG_CONSTRAINTS_FAILURE] = "SIG_CONSTRAINTS_FAILURE",
	[OKC_SUB_CHAIN_CONSTRAINTS_FAILURE] = "CHAIN_CONSTRAINTS_FAILURE",
	[OKC_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE] = "CERTIFICATE_CHAIN_GENERAL_FAILURE",
	[OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE] = "CRYPTO_CONSTRAINTS_FAILURE",
	[OKC_SUB_EXPIRED] = "EXPIRED",
	[OKC_SUB_NOT_YET_VALID] = "NOT_YET_VALID",
	[OKC_SUB_POLICY_PROCESSING_ERROR] = "POLICY_PROCESSING_ERROR",
	[OKC_SUB_SIGNATURE_POLICY_NOT_AVAILABLE] = "SIGNATURE_POLICY_NOT_AVAILABLE",
	[OKC_SUB_TIMESTAMP_ORDER_FAILURE] = "TIMESTAMP_ORDER_FAILURE",
	[OKC_SUB_NO_SIGNING_CERTIFICATE_FOUND] = "NO_SIGNING_CERTIFICATE_FOUND",
	[OKC_SUB_NO_CERTIFICATE_CHAIN_FOUND] = "NO_CERTIFICATE_CHAIN_FOUND",
	[OKC_SUB_REVOKED_NO_POE] = "REVOKED_NO_POE",
	[OKC_SUB_REVOKED_CA_NO_POE] = "REVOKED_CA_NO_POE",
	[OKC_SUB_OUT_OF_BOUNDS_NO_POE] = "OUT_OF_BOUNDS_NO_POE",
	[OKC_SUB_OUT_OF_BOUNDS_NOT_REVOKED] = "OUT_OF_BOUNDS_NOT_REVOKED",
	[OKC_SUB_REVOCATION_OUT_OF_BOUNDS_NO_POE] = "REVOCATION_OUT_OF_BOUNDS_NO_POE",
	[OKC_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE] = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
	[OKC_SUB_NO_POE] = "NO_POE",
	[OKC_SUB_TRY_LATER] = "TRY_LATER",
	[OKC_SUB_SIGNED_DATA_NOT_FOUND] = "SIGNED_DATA_NOT_FOUND",
	[OKC_SUB_NO_CERTIFICATE_CHAIN_FOUND_NO_POE] = "NO_CERTIFICATE_CHAIN_FOUND_NO_POE",
};

const char *okc_subindication_name(okc_subindication sub)
{
	if ((int)sub < 0 || sub >= OKC_SUB_COUNT_)
		return NULL;
	return sub_names[sub];
}

const char *okc_severity_name(okc_severity sev)
{
	switch (sev) {
	case OKC_SEV_INFO: return "info";
	case OKC_SEV_WARNING: return "warning";
	case OKC_SEV_ERROR: return "error";
	default: return "error";
	}
}

/* ---- the catalogue ---- */

size_t okc_reason_catalog_size(void)
{
	return OKC_R_COUNT_;
}

const okc_reason *okc_reason_catalog_entry(size_t i)
{
	return i < OKC_R_COUNT_ ? okc__reason_def((okc_reason_id)i) : NULL;
}

const okc_reason *okc_reason_lookup(const char *code)
{
	int i = okc__reason_find(code);
	return i < 0 ? NULL : okc__reason_def((okc_reason_id)i);
}
