/*
 * reply.h - the bilingual (Turkish, then English) answer to an applicant.
 */
#ifndef OKC_INTAKE_REPLY_H
#define OKC_INTAKE_REPLY_H

#include <stddef.h>

#include <okc/okc.h>
#include <okc/intake.h>

/** What the reply says.  Strings are borrowed; NULL = absent. */
typedef struct reply_input {
	const char *to;            /**< the applicant's address (required) */
	const char *from;          /**< our address (required) */
	const char *message_id;    /**< of the application, without <> */
	const char *subject;       /**< of the application */
	const char *date;          /**< Date header of the application */
	const char *record_id;     /**< required */
	okc_decision decision;
	const okc_reason *const *reasons;
	size_t n_reasons;
	okc_time now;              /**< Date of the reply; 0 = current time */
} reply_input;

/**
 * Compose the reply as an RFC 5322 message (GMime; UTF-8, quoted-printable,
 * Auto-Submitted: auto-replied per RFC 3834, In-Reply-To/References to the
 * application).  *out is malloc'ed.
 * @return 0, or -1 (no memory, missing required field).
 */
int reply_compose(char **out, size_t *len, const reply_input *in);

/** Advice for a reason code: what the applicant should do ("" when
 *  nothing).  Static strings. */
void reply_advice(const char *code, int severity, const char **tr,
                  const char **en);

#endif /* OKC_INTAKE_REPLY_H */
