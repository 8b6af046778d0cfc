/*
 * decision.c - the reasons of a record and the decision they imply.
 *
 * The decision is never set directly (as with verdicts, see
 * core/report_build.h): every finding is a reason whose severity says what
 * it does (error rejects, warning asks for review, info records a fact),
 * and ACCEPTED additionally needs the pipeline to have established every
 * positive condition (a qualified, TOTAL_PASSED signature covering the
 * list, an authorised signer, serials checked).  Forgetting a check can
 * therefore only make a record less accepting, never more.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

okc__effect okc__effect_of(okc_severity sev)
{
	switch (sev) {
	case OKC_SEV_ERROR: return OKC__EFFECT_REJECT;
	case OKC_SEV_WARNING: return OKC__EFFECT_REVIEW;
	case OKC_SEV_INFO: return OKC__EFFECT_NONE;
	default: return OKC__EFFECT_REVIEW;
	}
}

const char *okc__effect_name(okc__effect e)
{
	switch (e) {
	case OKC__EFFECT_REJECT: return "reject";
	case OKC__EFFECT_REVIEW: return "review";
	case OKC__EFFECT_NONE: return "none";
	default: return "review";
	}
}

int okc__rr_add_def(okc__rreasons *rs, const okc_reason *def, const char *doc,
                    const char *detail)
{
	if (def == NULL)
		return OKC_EINVAL;
	if (okc__grow((void **)&rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v)) < 0)
		return OKC_ENOMEM;
	okc__rreason *it = &rs->v[rs->n];
	memset(it, 0, sizeof(*it));
	it->r = *def;
	it->detail = strdup(detail ? detail : "");
	it->document = okc__strdup(doc);
	if (it->detail == NULL || (doc != NULL && it->document == NULL)) {
		free(it->detail);
		free(it->document);
		return OKC_ENOMEM;
	}
	it->r.detail = it->detail;
	it->effect = okc__effect_of(def->severity);
	rs->n++;
	return OKC_OK;
}

int okc__rr_add(okc__rreasons *rs, okc_reason_id id, const char *doc,
                const char *fmt, ...)
{
	char buf[1024];
	buf[0] = '\0';
	if (fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	return okc__rr_add_def(rs, okc__reason_def(id), doc, buf);
}

bool okc__rr_has(const okc__rreasons *rs, const char *code)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].r.code, code) == 0)
			return true;
	return false;
}

void okc__rr_clear(okc__rreasons *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].detail);
		free(rs->v[i].document);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

okc_decision okc__decide(okc__rreasons *rs, bool accept_established)
{
	okc__effect worst = OKC__EFFECT_NONE;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].effect > worst)
			worst = rs->v[i].effect;
	if (worst == OKC__EFFECT_REJECT)
		return OKC_DECISION_REJECTED;
	if (worst == OKC__EFFECT_REVIEW)
		return OKC_DECISION_NEEDS_REVIEW;
	if (accept_established)
		return OKC_DECISION_ACCEPTED;
	/* Nothing objected, but nothing established acceptance either: say
	 * so rather than accept by omission.  (Allocation failure here
	 * still yields NEEDS_REVIEW.) */
	okc__rr_add(rs, OKC_R_INTAKE_ACCEPTANCE_NOT_ESTABLISHED, NULL, NULL);
	return OKC_DECISION_NEEDS_REVIEW;
}
