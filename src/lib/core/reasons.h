/*
 * reasons.h - identifiers of the verdict reasons (see reasons.def).
 */
#ifndef OKC_REASONS_H
#define OKC_REASONS_H

#include "core/internal.h"

typedef enum okc_reason_id {
#define OKC_REASON(code, sev, ind, sub, en, tr) OKC_R_##code,
#include "core/reasons.def"
#undef OKC_REASON
	OKC_R_COUNT_
} okc_reason_id;

/** The static definition of a reason (detail is ""). */
const okc_reason *okc__reason_def(okc_reason_id id);

/** Look a reason up by its code string; -1 when unknown. */
int okc__reason_find(const char *code);

#endif /* OKC_REASONS_H */
