/*
 * to_intake.c - hand a parsed message to the intake pipeline (public API
 * of both modules only, so the pipeline sees mail exactly as any other
 * caller would describe it).
 */
#include "config.h"

#include <okc/intake.h>
#include <okc/mail.h>

int okc_mail_to_intake(const okc_mail *m, struct okc_intake *in,
                       okc_time received_at)
{
	if (m == NULL || in == NULL)
		return OKC_EINVAL;
	okc_intake_source src = OKC_INTAKE_SOURCE_INIT;
	src.kind = "mail";
	src.message_id = okc_mail_message_id(m);
	src.from = okc_mail_from(m);
	src.subject = okc_mail_subject(m);
	src.date = okc_mail_date(m);
	src.authentication_results = okc_mail_authentication_results(m);
	src.received_at = received_at;
	int rc = okc_intake_set_source(in, &src);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < okc_mail_document_count(m); i++) {
		const okc_mail_document *d = okc_mail_document_at(m, i);
		if (d->flags & OKC_MAIL_DOC_SMIME_SIG)
			continue; /* reported as MAIL_SMIME_SIGNED */
		/* A generic declared type is no declaration at all: let the
		 * pipeline judge the content. */
		const char *declared = (d->flags & OKC_MAIL_DOC_BY_CONTENT)
		                       ? NULL : d->declared_type;
		rc = okc_intake_add_document(in, d->name, declared, d->data,
		                             d->size);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < okc_mail_reason_count(m); i++) {
		const okc_reason *r = okc_mail_reason(m, i);
		rc = okc_intake_add_reason(in, r->code, r->detail);
		if (rc < 0)
			return rc;
	}
	return OKC_OK;
}
