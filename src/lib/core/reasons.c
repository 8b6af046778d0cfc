/*
 * reasons.c - the static reason table generated from reasons.def.
 */
#include "config.h"

#include <string.h>

#include "core/reasons.h"

#define OKC_SEV_(s) OKC_SEV_##s
#define OKC_IND_PASSED OKC_TOTAL_PASSED
#define OKC_IND_INDETERMINATE OKC_INDETERMINATE
#define OKC_IND_FAILED OKC_TOTAL_FAILED
#define OKC_IND_(i) OKC_IND_##i
#define OKC_SUB_(s) OKC_SUB_##s

static const okc_reason reason_table[] = {
#define OKC_REASON(code, sev, ind, sub, en, tr) \
	{ #code, OKC_SEV_(sev), OKC_IND_(ind), OKC_SUB_(sub), en, tr, "" },
#include "core/reasons.def"
#undef OKC_REASON
};

_Static_assert(sizeof(reason_table) / sizeof(reason_table[0]) == OKC_R_COUNT_,
               "reason table and enum disagree");

const okc_reason *okc__reason_def(okc_reason_id id)
{
	if ((int)id < 0 || id >= OKC_R_COUNT_)
		return NULL;
	return &reason_table[id];
}

int okc__reason_find(const char *code)
{
	if (code == NULL)
		return -1;
	for (size_t i = 0; i < OKC_R_COUNT_; i++)
		if (strcmp(reason_table[i].code, code) == 0)
			return (int)i;
	return -1;
}
