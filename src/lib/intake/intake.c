/*
 * intake.c - the intake pipeline: from an application's documents to a
 * record with a decision and all its reasons (issue #7).
 *
 *  1. classify every document and give it a role (roles.c); verify signed
 *     containers (okc_verify_mem) and classify what they carry
 *     (okc__extract_inner), remembering which documents a signature covers;
 *  2. judge the signatures: failed or corrupt (reject), indeterminate
 *     (review), qualified or not; identify the company (package metadata,
 *     then the registry) and the signers' authority (registry.c);
 *  3. read the application list(s) and check every serial (list.c,
 *     serials.c) against the prefix table (prefixes.c);
 *  4. the wet path: a scanned list and a readable signature circular;
 *  5. initial or additional, hard or soft, and the prerequisites;
 *  6. decide (decision.c) and build the record (record.c).
 *
 * Not verified here (said in doc/record.md): the content of scanned
 * documents (a person reads them), the wet signatures themselves, whether a
 * company or person exists (identifiers are checksum-valid only).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

#define OKC_RECORD_SCHEMA 1

typedef struct in_doc {
	char *name;
	char *declared_type;
	unsigned char *data;
	size_t len;
} in_doc;

struct okc_intake {
	okc_ctx *ctx;
	char *kind, *message_id, *from, *subject, *date, *auth_results;
	okc_time received_at;
	in_doc *docs;
	size_t n_docs, cap_docs;
	okc__rreasons pre;          /* from okc_intake_add_reason */
	char *signers_file;         /* NULL = <data_dir>/signers.tsv */
	okc__intake_verify_fn verify;
	okc__intake_extract_fn extract;
};

/* ---- construction ---- */

int okc_intake_new(okc_intake **out, okc_ctx *ctx)
{
	if (out == NULL || ctx == NULL)
		return OKC_EINVAL;
	*out = NULL;
	okc_intake *in = calloc(1, sizeof(*in));
	if (in == NULL)
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	in->ctx = ctx;
	in->kind = strdup("files");
	if (in->kind == NULL) {
		free(in);
		return okc__error(ctx, OKC_ENOMEM, "out of memory");
	}
	in->verify = okc_verify_mem;
	in->extract = okc__extract_inner;
	*out = in;
	return OKC_OK;
}

void okc_intake_free(okc_intake *in)
{
	if (in == NULL)
		return;
	free(in->kind);
	free(in->message_id);
	free(in->from);
	free(in->subject);
	free(in->date);
	free(in->auth_results);
	for (size_t i = 0; i < in->n_docs; i++) {
		free(in->docs[i].name);
		free(in->docs[i].declared_type);
		free(in->docs[i].data);
	}
	free(in->docs);
	okc__rr_clear(&in->pre);
	free(in->signers_file);
	free(in);
}

void okc__intake_set_hooks(okc_intake *in, okc__intake_verify_fn verify,
                           okc__intake_extract_fn extract)
{
	in->verify = verify ? verify : okc_verify_mem;
	in->extract = extract ? extract : okc__extract_inner;
}

static int set_str(char **dst, const char *src)
{
	char *c = okc__strdup(src);
	if (src != NULL && c == NULL)
		return OKC_ENOMEM;
	free(*dst);
	*dst = c;
	return OKC_OK;
}

int okc_intake_set_source(okc_intake *in, const okc_intake_source *src)
{
	if (in == NULL || src == NULL)
		return OKC_EINVAL;
	if (src->version != OKC_INTAKE_SOURCE_VERSION)
		return okc__error(in->ctx, OKC_EINVAL, "unknown source version");
	if (src->kind == NULL || (strcmp(src->kind, "mail") != 0 &&
	                          strcmp(src->kind, "files") != 0))
		return okc__error(in->ctx, OKC_EINVAL,
		                  "source kind must be \"mail\" or \"files\"");
	if (set_str(&in->kind, src->kind) < 0 ||
	    set_str(&in->message_id, src->message_id) < 0 ||
	    set_str(&in->from, src->from) < 0 ||
	    set_str(&in->subject, src->subject) < 0 ||
	    set_str(&in->date, src->date) < 0 ||
	    set_str(&in->auth_results, src->authentication_results) < 0)
		return okc__error(in->ctx, OKC_ENOMEM, "out of memory");
	in->received_at = src->received_at;
	return OKC_OK;
}

int okc_intake_set_signers_file(okc_intake *in, const char *path)
{
	if (in == NULL)
		return OKC_EINVAL;
	return set_str(&in->signers_file, path) < 0
		? okc__error(in->ctx, OKC_ENOMEM, "out of memory") : OKC_OK;
}

int okc_intake_add_document(okc_intake *in, const char *name,
                            const char *declared_type, const void *data,
                            size_t len)
{
	if (in == NULL || (data == NULL && len > 0))
		return OKC_EINVAL;
	const okc_limits *lim = okc_ctx_limits(in->ctx);
	if ((uint64_t)len > lim->max_input_size)
		return okc__error(in->ctx, OKC_ETOOLARGE, "%s: %zu bytes, limit %llu",
		                  name ? name : "document", len,
		                  (unsigned long long)lim->max_input_size);
	if (in->n_docs >= lim->max_mime_parts)
		return okc__error(in->ctx, OKC_ETOOLARGE, "more than %u documents",
		                  lim->max_mime_parts);
	if (okc__grow((void **)&in->docs, &in->cap_docs, in->n_docs + 1,
	              sizeof(*in->docs)) < 0)
		return okc__error(in->ctx, OKC_ENOMEM, "out of memory");
	in_doc *d = &in->docs[in->n_docs];
	memset(d, 0, sizeof(*d));
	d->name = strdup(name ? name : "");
	d->declared_type = okc__strdup(declared_type);
	d->data = malloc(len ? len : 1);
	if (d->name == NULL || d->data == NULL ||
	    (declared_type != NULL && d->declared_type == NULL)) {
		free(d->name);
		free(d->declared_type);
		free(d->data);
		return okc__error(in->ctx, OKC_ENOMEM, "out of memory");
	}
	if (len)
		memcpy(d->data, data, len);
	d->len = len;
	in->n_docs++;
	return OKC_OK;
}

int okc_intake_add_file(okc_intake *in, const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	if (in == NULL || path == NULL)
		return OKC_EINVAL;
	int rc = okc__read_file(in->ctx, path,
	                        okc_ctx_limits(in->ctx)->max_input_size,
	                        &data, &len);
	if (rc < 0)
		return rc;
	rc = okc_intake_add_document(in, okc__basename(path), NULL, data, len);
	free(data);
	return rc;
}

int okc_intake_add_reason(okc_intake *in, const char *code, const char *detail)
{
	if (in == NULL)
		return OKC_EINVAL;
	const okc_reason *def = okc_reason_lookup(code);
	if (def == NULL)
		return okc__error(in->ctx, OKC_EINVAL, "unknown reason code %s",
		                  code ? code : "(null)");
	return okc__rr_add_def(&in->pre, def, NULL, detail) < 0
		? okc__error(in->ctx, OKC_ENOMEM, "out of memory") : OKC_OK;
}

/* ---- the run ---- */

typedef struct wdoc {
	const char *name;           /* borrowed (input or inner doc) */
	const unsigned char *data;  /* borrowed */
	size_t len;
	okc_classification cls;
	okc__role role;
	bool role_guessed;          /* a list only by its content kind */
	char sha[65];
	int parent;                 /* index of the container, -1 top level */
	const char *location;       /* inside the container, or NULL */
	bool signed_part;           /* covered by the parent's signature */
	int detached_of;            /* container verifying it detached, or -1 */
	int report;                 /* index in reports, containers only */
	bool extracted_nothing;     /* container that yielded no documents */
	bool corrupt;               /* container unreadable */
	bool acceptable;            /* container: passed, qualified signer(s) */
	bool is_list;               /* list read (or scanned list) */
} wdoc;

typedef struct signer_rec {
	char *name;
	char *tckn;
	char *vkn;
	char *fingerprint;
	int qualified;
	int authorized;             /* 1, 0, -1 unknown */
	okc_time when;
	bool passed;                /* in a TOTAL_PASSED container */
	bool covers_list;
} signer_rec;

typedef struct run {
	okc_intake *in;
	okc_ctx *ctx;
	okc__rreasons *rs;
	wdoc *d;
	size_t nd, capd;
	okc__inner_docs *inner;     /* one set per container, owned */
	size_t ninner, capinner;
	okc_report **reports;
	size_t nrep, caprep;
	signer_rec *signers;
	size_t nsig, capsig;
	okc__prefixes prefixes;
	bool have_prefixes;
	okc__registry registry;
	bool have_registry;
	okc__list list;             /* all serials of all lists */
	/* the applicant */
	char *co_name, *co_vkn, *co_mersis;
	const char *co_source;
	char *konu;
	/* outcome */
	const char *path;
	const char *app_type;
	const char *cert_kind;
} run;

static void run_clear(run *r)
{
	for (size_t i = 0; i < r->ninner; i++)
		okc__inner_docs_clear(&r->inner[i]);
	free(r->inner);
	for (size_t i = 0; i < r->nrep; i++)
		okc_report_free(r->reports[i]);
	free(r->reports);
	for (size_t i = 0; i < r->nsig; i++) {
		free(r->signers[i].name);
		free(r->signers[i].tckn);
		free(r->signers[i].vkn);
		free(r->signers[i].fingerprint);
	}
	free(r->signers);
	free(r->d);
	okc__prefixes_clear(&r->prefixes);
	okc__registry_clear(&r->registry);
	okc__list_clear(&r->list);
	free(r->co_name);
	free(r->co_vkn);
	free(r->co_mersis);
	free(r->konu);
}

#define ENOMEM_OUT(r) okc__error((r)->ctx, OKC_ENOMEM, "out of memory")

static int add_wdoc(run *r, const char *name, const unsigned char *data,
                    size_t len, int parent, const char *location,
                    bool signed_part, size_t *idx)
{
	if (okc__grow((void **)&r->d, &r->capd, r->nd + 1, sizeof(*r->d)) < 0)
		return ENOMEM_OUT(r);
	wdoc *w = &r->d[r->nd];
	memset(w, 0, sizeof(*w));
	w->name = name;
	w->data = data;
	w->len = len;
	w->parent = parent;
	w->location = location;
	w->signed_part = signed_part;
	w->detached_of = -1;
	w->report = -1;
	int rc = okc_classify_mem(&w->cls, r->ctx, name, data, len);
	if (rc < 0)
		return rc;
	if ((rc = okc__sha256_hex(w->sha, data, len)) < 0)
		return okc__error(r->ctx, rc, "SHA-256 failed");
	w->role = okc__role_of(&w->cls, name, data, len);
	w->role_guessed = w->role == OKC__ROLE_APPLICATION_LIST &&
	                  w->cls.kind == OKC_KIND_TEXT;
	*idx = r->nd++;
	return OKC_OK;
}

/* Name of a detached signature's content: "liste.xlsx.imz" -> "liste.xlsx". */
static bool detached_name_of(const char *sig, const char *doc)
{
	static const char *const ext[] = { ".imz", ".p7s", ".p7m", ".sig", NULL };
	size_t ls = strlen(sig), ld = strlen(doc);
	for (size_t i = 0; ext[i]; i++) {
		size_t le = strlen(ext[i]);
		if (ls == ld + le && okc__has_suffix_ci(sig, ext[i]) &&
		    strncmp(sig, doc, ld) == 0)
			return true;
	}
	return false;
}

static bool report_has(const okc_report *rep, const char *code)
{
	for (size_t i = 0; i < okc_report_reason_count(rep); i++)
		if (strcmp(okc_report_reason(rep, i)->code, code) == 0)
			return true;
	for (size_t s = 0; s < okc_report_signature_count(rep); s++) {
		const okc_signature *sig = okc_report_signature(rep, s);
		for (size_t i = 0; i < okc_signature_reason_count(sig); i++)
			if (strcmp(okc_signature_reason(sig, i)->code, code) == 0)
				return true;
	}
	return false;
}

/* The error and warning codes of a report, for a reason's detail; with
 * `applicant_only`, only what concerns the report itself and the
 * applicant's signatures (an institutional seal that is not a person's
 * qualified certificate is normal, see tr-pki.md). */
static void report_codes(const okc_report *rep, bool applicant_only,
                         char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < okc_report_reason_count(rep); i++) {
		const okc_reason *x = okc_report_reason(rep, i);
		if (x->severity == OKC_SEV_INFO || o >= len)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : "",
		                      x->code);
	}
	for (size_t s = 0; s < okc_report_signature_count(rep); s++) {
		const okc_signature *sig = okc_report_signature(rep, s);
		if (applicant_only &&
		    strcmp(okc_signature_role(sig), "signature") != 0)
			continue;
		for (size_t i = 0; i < okc_signature_reason_count(sig); i++) {
			const okc_reason *x = okc_signature_reason(sig, i);
			if (x->severity == OKC_SEV_INFO || o >= len)
				continue;
			o += (size_t)snprintf(buf + o, len - o, "%s%s:%s",
			                      o ? ", " : "", okc_signature_id(sig),
			                      x->code);
		}
	}
}

static int process_doc(run *r, size_t idx, int depth);

/* Verify one container, then classify what it carries. */
static int process_container(run *r, size_t idx, int depth)
{
	okc_verify_options vo = OKC_VERIFY_OPTIONS_INIT;
	okc_report *rep = NULL;
	int rc;
	wdoc *w = &r->d[idx];

	/* Extract first: a CMS that carries nothing may be detached over a
	 * document sent next to it. */
	if (okc__grow((void **)&r->inner, &r->capinner, r->ninner + 1,
	              sizeof(*r->inner)) < 0)
		return ENOMEM_OUT(r);
	size_t ii = r->ninner++;
	memset(&r->inner[ii], 0, sizeof(r->inner[ii]));
	rc = r->in->extract(r->ctx, &w->cls, w->data, w->len, &r->inner[ii]);
	if (rc == OKC_ENOMEM)
		return ENOMEM_OUT(r);
	if (rc < 0) {
		/* Unreadable container: verification says exactly why. */
		okc__inner_docs_clear(&r->inner[ii]);
		w->corrupt = true;
	}
	w->extracted_nothing = r->inner[ii].n == 0;
	if (w->extracted_nothing && w->parent < 0)
		for (size_t j = 0; j < r->nd; j++)
			if (j != idx && r->d[j].parent < 0 &&
			    r->d[j].role != OKC__ROLE_SIGNED_CONTAINER &&
			    detached_name_of(w->name, r->d[j].name)) {
				vo.detached_data = r->d[j].data;
				vo.detached_len = r->d[j].len;
				r->d[j].detached_of = (int)idx;
				break;
			}
	rc = r->in->verify(&rep, r->ctx, w->name, w->data, w->len, &vo);
	if (rc < 0)
		return rc;
	if (okc__grow((void **)&r->reports, &r->caprep, r->nrep + 1,
	              sizeof(*r->reports)) < 0) {
		okc_report_free(rep);
		return ENOMEM_OUT(r);
	}
	r->d[idx].report = (int)r->nrep;
	r->reports[r->nrep++] = rep;

	okc__inner_docs *id = &r->inner[ii];
	for (size_t k = 0; k < id->n; k++) {
		size_t ci;
		rc = add_wdoc(r, id->v[k].name, id->v[k].data, id->v[k].len,
		              (int)idx, id->v[k].location, id->v[k].signed_part,
		              &ci);
		if (rc < 0)
			return rc;
		if ((rc = process_doc(r, ci, depth + 1)) < 0)
			return rc;
	}
	return OKC_OK;
}

static int process_doc(run *r, size_t idx, int depth)
{
	if (r->d[idx].role != OKC__ROLE_SIGNED_CONTAINER)
		return OKC_OK;
	if ((uint32_t)depth > okc_ctx_limits(r->ctx)->max_nesting) {
		r->d[idx].corrupt = true;
		return okc__rr_add(r->rs, OKC_R_INTAKE_NESTING_TOO_DEEP,
		                   r->d[idx].name, "limit %u",
		                   okc_ctx_limits(r->ctx)->max_nesting);
	}
	return process_container(r, idx, depth);
}

static int add_signer(run *r, const okc_signature *sig, bool passed)
{
	const okc_signer_info *si = okc_signature_signer(sig);
	if (okc__grow((void **)&r->signers, &r->capsig, r->nsig + 1,
	              sizeof(*r->signers)) < 0)
		return ENOMEM_OUT(r);
	signer_rec *s = &r->signers[r->nsig];
	memset(s, 0, sizeof(*s));
	s->name = okc__strdup(si->common_name ? si->common_name : si->subject);
	s->tckn = okc__strdup(si->tckn);
	s->vkn = okc__strdup(si->vkn);
	s->fingerprint = okc__strdup(si->fingerprint_sha256);
	s->qualified = si->qualified;
	s->authorized = -1;
	s->passed = passed;
	s->when = okc_signature_signing_time(sig);
	r->nsig++;
	if ((si->common_name || si->subject) && s->name == NULL)
		return ENOMEM_OUT(r);
	if ((si->tckn && !s->tckn) || (si->vkn && !s->vkn) ||
	    (si->fingerprint_sha256 && !s->fingerprint))
		return ENOMEM_OUT(r);
	return OKC_OK;
}

/* Step 2: what the verification reports say. */
static int judge_containers(run *r)
{
	int rc;
	char codes[512];
	for (size_t i = 0; i < r->nd; i++) {
		wdoc *w = &r->d[i];
		if (w->report < 0)
			continue;
		const okc_report *rep = r->reports[w->report];
		okc_indication ind = okc_report_indication(rep);
		okc_subindication sub = okc_report_subindication(rep);
		const char *subn = okc_subindication_name(sub);
		report_codes(rep, ind == OKC_TOTAL_PASSED, codes, sizeof(codes));
		bool unsupported = report_has(rep, "CORE_UNSUPPORTED_FORMAT");
		/* Corrupt or hostile: the container itself failed on its
		 * format (a ZIP bomb, a traversal name, truncated DER), as
		 * opposed to a signature inside it failing. */
		bool container_failed = false;
		for (size_t k = 0; k < okc_report_reason_count(rep); k++) {
			const okc_reason *x = okc_report_reason(rep, k);
			if (x->severity == OKC_SEV_ERROR &&
			    x->indication == OKC_TOTAL_FAILED &&
			    x->subindication == OKC_SUB_FORMAT_FAILURE)
				container_failed = true;
		}
		if (container_failed || report_has(rep, "CORE_INPUT_TOO_LARGE") ||
		    (w->corrupt && !unsupported)) {
			w->corrupt = true;
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_CONTAINER_CORRUPT,
			                 w->name, "%s/%s: %s",
			                 okc_indication_name(ind), subn ? subn : "-",
			                 codes);
		} else if (ind == OKC_TOTAL_FAILED) {
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_SIGNATURE_FAILED,
			                 w->name, "%s/%s: %s",
			                 okc_indication_name(ind), subn ? subn : "-",
			                 codes);
		} else if (ind == OKC_INDETERMINATE) {
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_SIGNATURE_INDETERMINATE,
			                 w->name, "%s/%s: %s",
			                 okc_indication_name(ind), subn ? subn : "-",
			                 codes);
		} else if (codes[0] != '\0') {
			/* Passed with warnings (a part outside the signed
			 * digest, attributes not in DER order...). */
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_VERIFICATION_WARNING,
			                 w->name, "%s", codes);
		} else {
			rc = OKC_OK;
		}
		if (rc < 0)
			return ENOMEM_OUT(r);

		/* Signatures proper (not seals or initials) are the
		 * applicant's; a qualified certificate is required (5070
		 * QC statements, see tr-pki.md). */
		size_t nsig = 0, nqual = 0;
		for (size_t s = 0; s < okc_report_signature_count(rep); s++) {
			const okc_signature *sig = okc_report_signature(rep, s);
			if (strcmp(okc_signature_role(sig), "signature") != 0)
				continue;
			nsig++;
			const okc_signer_info *si = okc_signature_signer(sig);
			if ((rc = add_signer(r, sig, ind == OKC_TOTAL_PASSED)) < 0)
				return rc;
			if (si->qualified == 1) {
				nqual++;
			} else if (si->qualified == 0) {
				rc = okc__rr_add(r->rs, OKC_R_INTAKE_SIGNER_NOT_QUALIFIED,
				                 w->name, "%s: %s",
				                 okc_signature_id(sig),
				                 si->subject ? si->subject : "?");
			} else if (ind == OKC_TOTAL_PASSED) {
				rc = okc__rr_add(r->rs,
				                 OKC_R_INTAKE_SIGNER_QUALIFICATION_UNKNOWN,
				                 w->name, "%s", okc_signature_id(sig));
			}
			if (rc < 0)
				return ENOMEM_OUT(r);
		}
		w->acceptable = ind == OKC_TOTAL_PASSED && !w->corrupt &&
		                nsig > 0 && nqual == nsig;

		/* Package metadata: the company as creator (issue #6). */
		json_t *pkg = okc__report_get_section(rep, "package");
		json_t *cr = json_object_get(pkg, "creator");
		const char *vkn = json_string_value(json_object_get(cr, "vkn"));
		const char *mersis = json_string_value(json_object_get(cr, "mersis"));
		const char *cname = json_string_value(json_object_get(cr, "name"));
		const char *konu = json_string_value(json_object_get(pkg, "konu"));
		if (konu != NULL && r->konu == NULL &&
		    (r->konu = strdup(konu)) == NULL)
			return ENOMEM_OUT(r);
		if (r->co_source == NULL && (vkn != NULL || mersis != NULL)) {
			if ((vkn && !(r->co_vkn = strdup(vkn))) ||
			    (mersis && !(r->co_mersis = strdup(mersis))) ||
			    (cname && !(r->co_name = strdup(cname))))
				return ENOMEM_OUT(r);
			r->co_source = "package";
		}
	}
	return OKC_OK;
}

/* Step 2b: the company and the signers' authority. */
static int judge_authority(run *r, bool *authority_ok)
{
	int rc = OKC_OK;
	*authority_ok = false;
	okc_time now = okc_ctx_validation_time(r->ctx);

	if (r->co_source != NULL) {
		if (r->co_vkn != NULL && !okc_vkn_valid(r->co_vkn))
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_COMPANY_ID_INVALID, NULL,
			                 "VKN %s fails its check digit", r->co_vkn);
		else if (r->co_mersis != NULL &&
		         !okc_mersis_plausible(r->co_mersis, r->co_vkn))
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_COMPANY_ID_INVALID, NULL,
			                 "MERSİS %s %s", r->co_mersis,
			                 r->co_vkn ? "does not contain the VKN"
			                           : "is not 16 digits");
		if (rc < 0)
			return ENOMEM_OUT(r);
		/* Only a MERSİS: the observed "0" + VKN + 5 digits pattern
		 * gives the VKN when its check digit agrees. */
		if (r->co_vkn == NULL && r->co_mersis != NULL &&
		    strlen(r->co_mersis) == 16) {
			char v[11];
			memcpy(v, r->co_mersis + 1, 10);
			v[10] = '\0';
			if (okc_vkn_valid(v) && (r->co_vkn = strdup(v)) == NULL)
				return ENOMEM_OUT(r);
		}
	}
	/* No package company: the registry, by the signers' TC Kimlik No. */
	if (r->co_vkn == NULL && r->have_registry) {
		const char *found = NULL;
		bool ambiguous = false;
		for (size_t s = 0; s < r->nsig; s++)
			for (size_t k = 0; r->signers[s].tckn && k < r->registry.n; k++) {
				const okc__signer_entry *e = &r->registry.v[k];
				if (strcmp(e->tckn, r->signers[s].tckn) != 0)
					continue;
				if (found && strcmp(found, e->vkn) != 0)
					ambiguous = true;
				found = e->vkn;
			}
		if (found && !ambiguous) {
			if ((r->co_vkn = strdup(found)) == NULL)
				return ENOMEM_OUT(r);
			r->co_source = "registry";
		} else if (ambiguous &&
		           okc__rr_add(r->rs, OKC_R_INTAKE_COMPANY_UNKNOWN, NULL,
		                       "the signer is on record for several "
		                       "companies") < 0) {
			return ENOMEM_OUT(r);
		}
	}
	/* A company seal certificate (Mali Mühür) carries the VKN. */
	for (size_t s = 0; r->co_vkn == NULL && s < r->nsig; s++)
		if (r->signers[s].vkn != NULL && r->signers[s].passed) {
			if ((r->co_vkn = strdup(r->signers[s].vkn)) == NULL)
				return ENOMEM_OUT(r);
			r->co_source = "certificate";
		}
	if (r->co_vkn != NULL && r->co_name == NULL && r->have_registry) {
		const char *n = okc__registry_company_name(&r->registry, r->co_vkn);
		if (n != NULL && (r->co_name = strdup(n)) == NULL)
			return ENOMEM_OUT(r);
	}
	if (r->co_vkn == NULL && r->co_name == NULL &&
	    !okc__rr_has(r->rs, "INTAKE_COMPANY_UNKNOWN") &&
	    okc__rr_add(r->rs, OKC_R_INTAKE_COMPANY_UNKNOWN, NULL,
	                "no package metadata, registry entry or certificate "
	                "names the company") < 0)
		return ENOMEM_OUT(r);

	if (r->nsig == 0 || r->co_vkn == NULL || !r->have_registry)
		return OKC_OK;
	if (okc__registry_company_count(&r->registry, r->co_vkn) == 0)
		return okc__rr_add(r->rs, OKC_R_INTAKE_AUTHORITY_UNKNOWN, NULL,
		                   "VKN %s", r->co_vkn) < 0 ? ENOMEM_OUT(r) : OKC_OK;

	bool any = false, all = true;
	for (size_t s = 0; s < r->nsig; s++) {
		signer_rec *sg = &r->signers[s];
		okc_time t = sg->when ? sg->when : now;
		const okc__signer_entry *valid = NULL;
		bool on_record = false;
		for (size_t k = 0; sg->tckn && k < r->registry.n; k++) {
			const okc__signer_entry *e = &r->registry.v[k];
			if (strcmp(e->vkn, r->co_vkn) != 0 ||
			    strcmp(e->tckn, sg->tckn) != 0)
				continue;
			on_record = true;
			if ((e->valid_from == 0 || t >= e->valid_from) &&
			    (e->valid_until == 0 || t <= e->valid_until) &&
			    (valid == NULL || (valid->joint && !e->joint)))
				valid = e;
		}
		if (valid == NULL) {
			sg->authorized = 0;
			rc = okc__rr_add(r->rs, on_record
			                 ? OKC_R_INTAKE_SIGNER_AUTHORITY_EXPIRED
			                 : OKC_R_INTAKE_SIGNER_NOT_AUTHORIZED, NULL,
			                 "%s (TCKN %s), company VKN %s",
			                 sg->name ? sg->name : "?",
			                 sg->tckn ? sg->tckn : "unknown", r->co_vkn);
		} else if (!valid->joint) {
			sg->authorized = 1;
		} else {
			/* Joint authority: the other joint signers of the
			 * company valid at that time must have signed too. */
			size_t pool = 0, signed_by = 0;
			for (size_t k = 0; k < r->registry.n; k++) {
				const okc__signer_entry *e = &r->registry.v[k];
				if (strcmp(e->vkn, r->co_vkn) != 0 || !e->joint ||
				    (e->valid_from && t < e->valid_from) ||
				    (e->valid_until && t > e->valid_until))
					continue;
				pool++;
				for (size_t q = 0; q < r->nsig; q++)
					if (r->signers[q].tckn &&
					    strcmp(r->signers[q].tckn, e->tckn) == 0) {
						signed_by++;
						break;
					}
			}
			size_t need = valid->joint_required ? valid->joint_required
			                                    : pool;
			if (signed_by >= need && need >= 2) {
				sg->authorized = 1;
			} else {
				sg->authorized = 0;
				rc = okc__rr_add(r->rs,
				                 OKC_R_INTAKE_JOINT_SIGNERS_MISSING, NULL,
				                 "%zu of %zu required joint signers of "
				                 "VKN %s signed", signed_by, need,
				                 r->co_vkn);
			}
		}
		if (rc < 0)
			return ENOMEM_OUT(r);
		any |= sg->authorized == 1 && sg->passed;
		all &= sg->authorized == 1;
	}
	*authority_ok = any && all;
	return OKC_OK;
}

/* ---- scanned documents (wet path) ---- */

static size_t count_pdf_pages(const unsigned char *d, size_t n)
{
	/* "/Type /Page" objects, not "/Pages" (PDF 32000-1, 7.7.3.3);
	 * object streams can hide them, so 0 means "could not count". */
	size_t pages = 0;
	static const char key[] = "/Type";
	for (size_t i = 0; i + 10 < n; i++) {
		if (d[i] != '/' || memcmp(d + i, key, 5) != 0)
			continue;
		size_t j = i + 5;
		while (j < n && (d[j] == ' ' || d[j] == '\r' || d[j] == '\n'))
			j++;
		if (j + 5 <= n && memcmp(d + j, "/Page", 5) == 0 &&
		    (j + 5 == n || d[j + 5] != 's'))
			pages++;
	}
	return pages;
}

/* Sensible bounds for scans (project choice, see doc/record.md). */
#define SCAN_MIN_BYTES 512u
#define SCAN_MAX_PAGES_LIST 500u
#define SCAN_MAX_PAGES_CIRCULAR 20u

/* A required scanned document: is it there and readable?  Returns 1 when
 * usable, 0 when a reason (error) was added, negative on ENOMEM. */
static int check_scan(run *r, const wdoc *w, unsigned max_pages)
{
	int rc = 0;
	if (w->len == 0 || w->cls.kind == OKC_KIND_EMPTY)
		return okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_EMPTY, w->name,
		                   "%s", okc__role_name(w->role)) < 0 ? -1 : 0;
	if (w->cls.kind == OKC_KIND_PDF) {
		if (okc__memmem(w->data, w->len, "/Encrypt", 8) != NULL)
			return okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_ENCRYPTED,
			                   w->name, "the PDF has an /Encrypt "
			                   "dictionary") < 0 ? -1 : 0;
		size_t tail = w->len < 2048 ? w->len : 2048;
		if (okc__memmem(w->data + w->len - tail, tail, "%%EOF", 5) == NULL)
			return okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_UNREADABLE,
			                   w->name, "the PDF is truncated (no "
			                   "%%%%EOF)") < 0 ? -1 : 0;
		size_t pages = count_pdf_pages(w->data, w->len);
		if (pages > max_pages)
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_SUSPICIOUS_SIZE,
			                 w->name, "%zu pages", pages);
		else if (w->len < SCAN_MIN_BYTES)
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_SUSPICIOUS_SIZE,
			                 w->name, "%zu bytes", w->len);
		return rc < 0 ? -1 : 1;
	}
	if (w->cls.kind == OKC_KIND_IMAGE) {
		if (w->len < SCAN_MIN_BYTES)
			rc = okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_SUSPICIOUS_SIZE,
			                 w->name, "%zu bytes", w->len);
		return rc < 0 ? -1 : 1;
	}
	return okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_UNREADABLE, w->name,
	                   "a scan must be a PDF or an image, this is %s (%s)",
	                   okc_doc_kind_name(w->cls.kind), w->cls.magic_type) < 0
		? -1 : 0;
}

/* ---- step 3: the list ---- */

static int read_list_doc(run *r, wdoc *w, bool *readable)
{
	okc__book book = { 0 };
	okc__list one = { 0 };
	int rc;
	*readable = false;
	switch (w->cls.kind) {
	case OKC_KIND_XLSX: rc = okc__read_xlsx(r->ctx, w->data, w->len, &book); break;
	case OKC_KIND_ODS: rc = okc__read_ods(r->ctx, w->data, w->len, &book); break;
	case OKC_KIND_CSV:
	case OKC_KIND_TEXT: rc = okc__read_csv(r->ctx, w->data, w->len, &book); break;
	case OKC_KIND_EMPTY:
		okc__book_clear(&book);
		return okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_EMPTY, w->name,
		                   "application_list") < 0 ? ENOMEM_OUT(r) : OKC_OK;
	default:
		okc__book_clear(&book);
		return okc__rr_add(r->rs, OKC_R_INTAKE_LIST_UNREADABLE, w->name,
		                   "%s lists are not supported; send XLSX, ODS "
		                   "or CSV", okc_doc_kind_name(w->cls.kind)) < 0
			? ENOMEM_OUT(r) : OKC_OK;
	}
	if (rc == OKC_ENOMEM)
		goto out;
	if (rc < 0) {
		rc = OKC_OK;
		if (w->role_guessed) { /* plain text that is not a list */
			w->role = OKC__ROLE_OTHER;
			goto out;
		}
		if (okc__rr_add(r->rs, OKC_R_INTAKE_LIST_UNREADABLE, w->name, "%s",
		                okc_ctx_errmsg(r->ctx)) < 0)
			rc = ENOMEM_OUT(r);
		goto out;
	}
	rc = okc__list_from_book(&book, w->name, &one);
	if (rc == OKC_ENOTFOUND) {
		rc = OKC_OK;
		if (w->role_guessed) {
			w->role = OKC__ROLE_OTHER;
			goto out;
		}
		if (okc__rr_add(r->rs, OKC_R_INTAKE_LIST_NO_SERIAL_COLUMN, w->name,
		                "%zu sheet(s) examined", book.n) < 0)
			rc = ENOMEM_OUT(r);
		goto out;
	}
	if (rc < 0)
		goto out;
	*readable = true;
	w->is_list = true;
	if (book.encoding != NULL && strncmp(book.encoding, "UTF-8", 5) != 0 &&
	    okc__rr_add(r->rs, OKC_R_INTAKE_LIST_ENCODING, w->name, "%s",
	                book.encoding) < 0) {
		rc = ENOMEM_OUT(r);
		goto out;
	}
	if (one.blank_rows > 0 &&
	    okc__rr_add(r->rs, OKC_R_INTAKE_LIST_BLANK_ROWS, w->name,
	                "%llu row(s)", (unsigned long long)one.blank_rows) < 0) {
		rc = ENOMEM_OUT(r);
		goto out;
	}
	/* Move the items into the application's list. */
	for (size_t i = 0; i < one.n; i++) {
		if (okc__grow((void **)&r->list.v, &r->list.cap, r->list.n + 1,
		              sizeof(*r->list.v)) < 0) {
			rc = ENOMEM_OUT(r);
			goto out;
		}
		r->list.v[r->list.n++] = one.v[i];
		memset(&one.v[i], 0, sizeof(one.v[i]));
	}
	rc = OKC_OK;
out:
	okc__list_clear(&one);
	okc__book_clear(&book);
	return rc;
}

typedef struct serial_out {
	const char *prefix_company, *brand, *model;
	char prefix[4];
	okc__serial_form form;
	bool duplicate, foreign;
} serial_out;

typedef struct sidx {
	const char *serial;
	size_t i;
} sidx;

static int cmp_sidx(const void *a, const void *b)
{
	const sidx *x = a, *y = b;
	int c = strcmp(x->serial, y->serial);
	return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

/* Up to this many examples in a reason's detail. */
#define EXAMPLES 10

static int add_serial_reason(run *r, okc_reason_id id, size_t count,
                             const char *examples)
{
	if (count == 0)
		return OKC_OK;
	return okc__rr_add(r->rs, id, NULL, "%zu: %s%s", count, examples,
	                   count > EXAMPLES ? ", ..." : "") < 0
		? ENOMEM_OUT(r) : OKC_OK;
}

static void add_example(char *buf, size_t len, size_t *count,
                        const okc__list_item *it)
{
	size_t o = strlen(buf);
	if (++*count <= EXAMPLES && o < len)
		snprintf(buf + o, len - o, "%s%.40s (%s row %u)", o ? ", " : "",
		         it->raw, it->document, it->row);
}

/* Step 3b: check every serial.  Fills out[] (one per list item) and says
 * whether all are well-formed, known, own and unique. */
static int check_serials(run *r, serial_out *out, bool *all_ok)
{
	size_t n = r->list.n;
	size_t nj = 0, nm = 0, nu = 0, nf = 0, nd = 0;
	char ej[1024] = "", em[1024] = "", eu[1024] = "", ef[1024] = "",
	     ed[1024] = "";
	sidx *idx = NULL;
	*all_ok = true;
	for (size_t i = 0; i < n; i++) {
		const okc__list_item *it = &r->list.v[i];
		const okc__prefix *e = NULL;
		serial_out *o = &out[i];
		memset(o, 0, sizeof(*o));
		o->form = okc__serial_check(it->serial, r->have_prefixes ?
		                            &r->prefixes : NULL, &e, o->prefix);
		switch (o->form) {
		case OKC__SERIAL_KNOWN:
			o->prefix_company = e->company;
			o->brand = e->brand;
			o->model = e->model;
			if (okc__prefix_owned_by(e, r->co_name, r->co_vkn) == 0) {
				o->foreign = true;
				add_example(ef, sizeof(ef), &nf, it);
			}
			break;
		case OKC__SERIAL_UNKNOWN_PREFIX:
			if (r->have_prefixes)
				add_example(eu, sizeof(eu), &nu, it);
			break;
		case OKC__SERIAL_MALFORMED:
			add_example(em, sizeof(em), &nm, it);
			break;
		case OKC__SERIAL_JUNK:
		default:
			add_example(ej, sizeof(ej), &nj, it);
			break;
		}
	}
	/* Duplicates: sort indices by serial; later occurrences are flagged. */
	if (n > 1) {
		idx = malloc(n * sizeof(*idx));
		if (idx == NULL)
			return ENOMEM_OUT(r);
		for (size_t i = 0; i < n; i++) {
			idx[i].serial = r->list.v[i].serial;
			idx[i].i = i;
		}
		qsort(idx, n, sizeof(*idx), cmp_sidx);
		for (size_t i = 1; i < n; i++)
			if (out[idx[i].i].form != OKC__SERIAL_JUNK &&
			    strcmp(idx[i].serial, idx[i - 1].serial) == 0) {
				out[idx[i].i].duplicate = true;
				add_example(ed, sizeof(ed), &nd,
				            &r->list.v[idx[i].i]);
			}
		free(idx);
	}
	int rc;
	if ((rc = add_serial_reason(r, OKC_R_INTAKE_LIST_JUNK_ROW, nj, ej)) < 0 ||
	    (rc = add_serial_reason(r, OKC_R_INTAKE_SERIAL_MALFORMED, nm, em)) < 0 ||
	    (rc = add_serial_reason(r, OKC_R_INTAKE_SERIAL_PREFIX_UNKNOWN, nu, eu)) < 0 ||
	    (rc = add_serial_reason(r, OKC_R_INTAKE_SERIAL_PREFIX_FOREIGN, nf, ef)) < 0 ||
	    (rc = add_serial_reason(r, OKC_R_INTAKE_SERIAL_DUPLICATE, nd, ed)) < 0)
		return rc;
	*all_ok = r->have_prefixes && nj + nm + nu + nf + nd == 0;
	return OKC_OK;
}

/* ---- the record's JSON ---- */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jtime(okc_time t)
{
	char buf[32];
	if (okc_time_format(buf, sizeof(buf), t) != OKC_OK)
		return json_null();
	return json_string(buf);
}

static json_t *reasons_json(const okc__rreasons *rs)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < rs->n; i++) {
		const okc__rreason *x = &rs->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
			"code", x->r.code,
			"severity", okc_severity_name(x->r.severity),
			"effect", okc__effect_name(x->effect),
			"message_tr", x->r.message_tr,
			"message_en", x->r.message_en,
			"detail", x->detail,
			"document", jstr(x->document)));
	}
	return a;
}

static json_t *serials_json(const run *r, const serial_out *so)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->list.n; i++) {
		const okc__list_item *it = &r->list.v[i];
		const serial_out *o = &so[i];
		json_t *codes = json_array();
		if (o->form == OKC__SERIAL_MALFORMED)
			json_array_append_new(codes, json_string("INTAKE_SERIAL_MALFORMED"));
		if (o->form == OKC__SERIAL_JUNK)
			json_array_append_new(codes, json_string("INTAKE_LIST_JUNK_ROW"));
		if (o->form == OKC__SERIAL_UNKNOWN_PREFIX && r->have_prefixes)
			json_array_append_new(codes, json_string("INTAKE_SERIAL_PREFIX_UNKNOWN"));
		if (!r->have_prefixes)
			json_array_append_new(codes, json_string("INTAKE_PREFIX_TABLE_MISSING"));
		if (o->foreign)
			json_array_append_new(codes, json_string("INTAKE_SERIAL_PREFIX_FOREIGN"));
		if (o->duplicate)
			json_array_append_new(codes, json_string("INTAKE_SERIAL_DUPLICATE"));
		bool valid = o->form == OKC__SERIAL_KNOWN && !o->foreign &&
		             !o->duplicate;
		json_array_append_new(a, json_pack(
			"{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:I}",
			"serial", it->serial,
			"raw", it->raw,
			"prefix", o->prefix[0] ? json_string(o->prefix) : json_null(),
			"company", jstr(o->prefix_company),
			"brand", jstr(o->brand),
			"model", jstr(o->model),
			"valid", valid,
			"reasons", codes,
			"document", it->document,
			"row", (json_int_t)it->row));
	}
	return a;
}

static json_t *documents_json(const run *r)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->nd; i++) {
		const wdoc *w = &r->d[i];
		bool covered = (w->parent >= 0 && w->signed_part) ||
		               w->detached_of >= 0;
		json_array_append_new(a, json_pack(
			"{s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:b}",
			"name", w->name,
			"role", okc__role_name(w->role),
			"media_type", w->cls.media_type,
			"kind", okc_doc_kind_name(w->cls.kind),
			"size", (json_int_t)w->len,
			"sha256", w->sha,
			"inside", w->parent >= 0 ? json_string(r->d[w->parent].name)
			                         : json_null(),
			"location", jstr(w->location),
			"signed", covered));
	}
	return a;
}

static json_t *signers_json(const run *r)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->nsig; i++) {
		const signer_rec *s = &r->signers[i];
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o, s:o}",
			"name", jstr(s->name),
			"tckn", jstr(s->tckn),
			"certificate_sha256", jstr(s->fingerprint),
			"qualified", s->qualified < 0 ? json_null()
			                              : json_boolean(s->qualified),
			"authorized", s->authorized < 0 ? json_null()
			                                : json_boolean(s->authorized)));
	}
	return a;
}

static json_t *record_json(const run *r, okc_record *rec, const serial_out *so,
                           okc_time received)
{
	okc_intake *in = r->in;
	json_t *verif = json_array();
	for (size_t i = 0; verif && i < r->nrep; i++)
		json_array_append_new(verif, okc__report_to_json(r->reports[i]));
	return json_pack(
		"{s:i, s:s, s:s, s:o, s:o, s:{s:s, s:o, s:o, s:o, s:o, s:o}, "
		"s:s, s:s, s:{s:{s:o, s:o, s:o, s:o}, s:o}, "
		"s:{s:s, s:s, s:o, s:I}, s:o, s:o, s:o}",
		"okc_record", OKC_RECORD_SCHEMA,
		"id", rec->id,
		"generator", "okc-intake " OKC_VERSION_STRING,
		"received_at", jtime(received),
		"validation_time", jtime(okc_ctx_validation_time(r->ctx)),
		"source",
		  "kind", in->kind,
		  "message_id", jstr(in->message_id),
		  "from", jstr(in->from),
		  "subject", jstr(in->subject),
		  "date", jstr(in->date),
		  "authentication_results", jstr(in->auth_results),
		"decision", okc_decision_name(rec->decision),
		"signature_path", r->path,
		"applicant",
		  "company",
		    "name", jstr(r->co_name),
		    "vkn", jstr(r->co_vkn),
		    "mersis", jstr(r->co_mersis),
		    "source", jstr(r->co_source),
		  "signers", signers_json(r),
		"application",
		  "type", r->app_type,
		  "certificate_kind", r->cert_kind,
		  "serials", serials_json(r, so),
		  "serial_count", (json_int_t)r->list.n,
		"documents", documents_json(r),
		"verification", verif,
		"reasons", reasons_json(&rec->reasons));
}

/* ---- okc_intake_run ---- */

static bool covered_by_acceptable(const run *r, const wdoc *w)
{
	if (w->detached_of >= 0)
		return r->d[w->detached_of].acceptable;
	return w->parent >= 0 && w->signed_part && r->d[w->parent].acceptable;
}

static bool covered(const wdoc *w)
{
	return (w->parent >= 0 && w->signed_part) || w->detached_of >= 0;
}

int okc_intake_run(okc_record **out, okc_intake *in)
{
	run R;
	okc_record *rec = NULL;
	serial_out *so = NULL;
	char *path = NULL;
	const char **names = NULL, **shas = NULL;
	int rc = OKC_OK;

	if (out == NULL || in == NULL)
		return OKC_EINVAL;
	*out = NULL;
	memset(&R, 0, sizeof(R));
	run *r = &R;
	r->in = in;
	r->ctx = in->ctx;
	rec = calloc(1, sizeof(*rec));
	OKC_ENSURE(r->ctx, rec != NULL, OKC_ENOMEM, "out of memory");
	r->rs = &rec->reasons;
	for (size_t i = 0; i < in->pre.n; i++)
		OKC_GUARD(okc__rr_add_def(r->rs, okc_reason_lookup(in->pre.v[i].r.code),
		                          in->pre.v[i].document, in->pre.v[i].detail));

	/* Reference data: the prefix table and the signers registry. */
	const char *dir = okc_ctx_data_dir(r->ctx);
	size_t need = strlen(dir) + 32;
	path = malloc(need);
	OKC_ENSURE(r->ctx, path != NULL, OKC_ENOMEM, "out of memory");
	snprintf(path, need, "%s/okc-prefixes.tsv", dir);
	size_t bad = 0;
	rc = okc__prefixes_load(r->ctx, path, &r->prefixes, &bad);
	if (rc == OKC_ENOMEM)
		goto out;
	r->have_prefixes = rc == OKC_OK && r->prefixes.n > 0;
	if (!r->have_prefixes)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_PREFIX_TABLE_MISSING, NULL,
		                      "%s", path));
	snprintf(path, need, "%s/signers.tsv", dir);
	const char *reg = in->signers_file ? in->signers_file : path;
	rc = okc__registry_load(r->ctx, reg, &r->registry);
	if (rc == OKC_ENOMEM)
		goto out;
	/* A registry named explicitly must be readable: running without it
	 * would quietly turn every decision into "review". */
	if (rc < 0 && in->signers_file != NULL) {
		char why[512];
		snprintf(why, sizeof(why), "%s", okc_ctx_errmsg(r->ctx));
		rc = okc__error(r->ctx, rc, "signers registry: %s", why);
		goto out;
	}
	r->have_registry = rc == OKC_OK;
	if (!r->have_registry)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_REGISTRY_MISSING, NULL,
		                      "%s", reg));
	else if (r->registry.bad_lines > 0)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_REGISTRY_LINE_INVALID, NULL,
		                      "%zu line(s), first at line %u", 
		                      r->registry.bad_lines,
		                      r->registry.first_bad_line));
	rc = OKC_OK;

	/* 1. documents, containers and what they carry */
	if (in->n_docs == 0)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_NO_DOCUMENTS, NULL, NULL));
	for (size_t i = 0; i < in->n_docs; i++) {
		size_t k;
		OKC_GUARD(add_wdoc(r, in->docs[i].name, in->docs[i].data,
		                   in->docs[i].len, -1, NULL, false, &k));
	}
	for (size_t i = 0; i < in->n_docs; i++)
		OKC_GUARD(process_doc(r, i, 1));

	/* 2. signatures, company, authority */
	bool authority_ok = false;
	OKC_GUARD(judge_containers(r));
	OKC_GUARD(judge_authority(r, &authority_ok));

	/* 3. the list(s) */
	size_t n_lists = 0, n_read = 0, n_scanned = 0, n_circ = 0, n_circ_ok = 0;
	bool lists_signed = true, lists_accept = true, any_container = false;
	bool container_opaque = false;
	unsigned have_roles = 0;
	for (size_t i = 0; i < r->nd; i++) {
		wdoc *w = &r->d[i];
		if (w->role == OKC__ROLE_SIGNED_CONTAINER) {
			any_container = true;
			container_opaque |= w->extracted_nothing;
		}
		if (w->role != OKC__ROLE_APPLICATION_LIST)
			continue;
		if (w->cls.kind == OKC_KIND_PDF || w->cls.kind == OKC_KIND_IMAGE) {
			n_lists++;
			n_scanned++;
			w->is_list = true;
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_LIST_SCANNED, w->name,
			                      NULL));
		} else {
			bool ok = false;
			OKC_GUARD(read_list_doc(r, w, &ok));
			if (w->role != OKC__ROLE_APPLICATION_LIST)
				continue; /* text that turned out not to be a list */
			n_lists++;
			n_read += ok;
		}
		lists_signed &= covered(w);
		lists_accept &= covered_by_acceptable(r, w);
	}
	for (size_t i = 0; i < r->nd; i++) {
		have_roles |= 1u << r->d[i].role;
		if (r->d[i].parent < 0 && r->d[i].role == OKC__ROLE_OTHER)
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_DOCUMENT_NOT_CLASSIFIED,
			                      r->d[i].name, "%s",
			                      r->d[i].cls.media_type));
	}
	if (n_lists == 0) {
		/* The list may be inside a container this build cannot open
		 * (or a corrupt one): then it is not known to be missing. */
		if (container_opaque && any_container) {
			okc_reason def = *okc__reason_def(OKC_R_INTAKE_LIST_MISSING);
			def.severity = OKC_SEV_WARNING;
			OKC_GUARD(okc__rr_add_def(r->rs, &def, NULL,
			          "no list was found; a signed container could not "
			          "be opened to look inside"));
		} else {
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_LIST_MISSING, NULL,
			                      NULL));
		}
	} else if (n_read > 0 && r->list.n == 0 && n_scanned == 0) {
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_LIST_EMPTY, NULL, NULL));
	}
	so = calloc(r->list.n ? r->list.n : 1, sizeof(*so));
	OKC_ENSURE(r->ctx, so != NULL, OKC_ENOMEM, "out of memory");
	bool serials_ok = false;
	OKC_GUARD(check_serials(r, so, &serials_ok));

	/* 4. the signature path */
	for (size_t i = 0; i < r->nd; i++)
		if (r->d[i].role == OKC__ROLE_SIGNATURE_CIRCULAR)
			n_circ++;
	if (any_container) {
		r->path = "electronic";
		if (n_lists > 0 && !lists_signed)
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_LIST_NOT_SIGNED, NULL,
			                      "a list was sent outside the signed "
			                      "container(s)"));
	} else if (n_circ > 0 || n_scanned > 0) {
		r->path = "wet";
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_WET_SIGNATURE, NULL, NULL));
	} else {
		r->path = "none";
		if (in->n_docs > 0)
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_NOT_SIGNED, NULL, NULL));
	}
	if (strcmp(r->path, "wet") == 0) {
		for (size_t i = 0; i < r->nd; i++) {
			const wdoc *w = &r->d[i];
			int k = 1;
			if (w->role == OKC__ROLE_SIGNATURE_CIRCULAR) {
				k = check_scan(r, w, SCAN_MAX_PAGES_CIRCULAR);
				n_circ_ok += k > 0;
			} else if (w->role == OKC__ROLE_APPLICATION_LIST && w->is_list &&
			           (w->cls.kind == OKC_KIND_PDF ||
			            w->cls.kind == OKC_KIND_IMAGE)) {
				k = check_scan(r, w, SCAN_MAX_PAGES_LIST);
			}
			OKC_ENSURE(r->ctx, k >= 0, OKC_ENOMEM, "out of memory");
		}
		if (n_circ == 0)
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_CIRCULAR_MISSING,
			                      NULL, NULL));
	}

	/* 5. initial or additional, hard or soft, prerequisites */
	unsigned hints = okc__hints_of(in->subject) | okc__hints_of(r->konu);
	for (size_t i = 0; i < r->nd; i++)
		hints |= okc__hints_of(r->d[i].name);
	bool initial_docs = have_roles & ((1u << OKC__ROLE_REQUEST_FORM) |
	                                  (1u << OKC__ROLE_CONTRACT) |
	                                  (1u << OKC__ROLE_GIB_APPROVAL));
	if ((hints & OKC__HINT_ADDITIONAL) && !(hints & OKC__HINT_INITIAL))
		r->app_type = "additional";
	else if ((hints & OKC__HINT_INITIAL) ||
	         (initial_docs && !(hints & OKC__HINT_ADDITIONAL)))
		r->app_type = "initial";
	else if (r->have_registry && r->co_vkn != NULL &&
	         okc__registry_company_count(&r->registry, r->co_vkn) > 0)
		/* a circular already on record: an existing customer */
		r->app_type = "additional";
	else
		r->app_type = "unknown";
	bool soft = (hints & OKC__HINT_SOFT) ||
	            (have_roles & (1u << OKC__ROLE_SECURE_AREA_AUDIT));
	bool hard = hints & OKC__HINT_HARD;
	r->cert_kind = soft && !hard ? "soft" : hard && !soft ? "hard" : "unknown";
	if (strcmp(r->app_type, "unknown") == 0)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_APPLICATION_TYPE_UNKNOWN,
		                      NULL, NULL));
	if (strcmp(r->cert_kind, "unknown") == 0)
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_CERTIFICATE_KIND_UNKNOWN,
		                      NULL, soft && hard ? "both hard and soft are "
		                      "mentioned" : NULL));
	if (strcmp(r->app_type, "initial") == 0) {
		if (!(have_roles & (1u << OKC__ROLE_GIB_APPROVAL)))
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_GIB_APPROVAL_MISSING,
			                      NULL, NULL));
		if (!(have_roles & (1u << OKC__ROLE_CONTRACT)))
			OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_CONTRACT_MISSING,
			                      NULL, NULL));
	}
	if (strcmp(r->cert_kind, "soft") == 0 &&
	    !(have_roles & (1u << OKC__ROLE_SECURE_AREA_AUDIT)))
		OKC_GUARD(okc__rr_add(r->rs, OKC_R_INTAKE_SECURE_AREA_AUDIT_MISSING,
		                      NULL, NULL));

	/* 6. decide.  Acceptance needs every positive condition. */
	bool accept = strcmp(r->path, "electronic") == 0 && n_lists > 0 &&
	              n_scanned == 0 && lists_accept && r->list.n > 0 &&
	              serials_ok && authority_ok;
	rec->decision = okc__decide(r->rs, accept);

	/* The id: the source and the received documents (top level). */
	names = calloc(in->n_docs + 1, sizeof(*names));
	shas = calloc(in->n_docs + 1, sizeof(*shas));
	OKC_ENSURE(r->ctx, names != NULL && shas != NULL, OKC_ENOMEM,
	           "out of memory");
	for (size_t i = 0; i < in->n_docs; i++) {
		names[i] = r->d[i].name;
		shas[i] = r->d[i].sha;
	}
	OKC_GUARD(okc__record_id(rec->id, in->kind, in->message_id, in->from,
	                         in->subject, names, shas, in->n_docs));
	okc_time received = in->received_at ? in->received_at : okc__now();
	rec->json = record_json(r, rec, so, received);
	OKC_ENSURE(r->ctx, rec->json != NULL, OKC_ENOMEM, "out of memory");
	*out = rec;
	rec = NULL;
out:
	free(names);
	free(shas);
	free(so);
	free(path);
	run_clear(r);
	okc_record_free(rec);
	if (rc < 0 && rc != OKC_ENOMEM && okc_ctx_errmsg(in->ctx)[0] == '\0')
		okc__error(in->ctx, rc, "intake failed");
	return rc;
}
