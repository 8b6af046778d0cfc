/*
 * ltv_cades.h (internal) - the long-term validation step of the CAdES
 * engine (registered as the engine's ltv hook in cades/cms.c).
 */
#ifndef OKC_LTV_CADES_H
#define OKC_LTV_CADES_H

#include "cades/cades.h"

/**
 * Verify what the signer's level needs beyond the engine's own checks:
 * signature time-stamps (and the Turkish profile time rules), revocation
 * of the signer's path at the best proof-of-existence time (embedded
 * values, then the cache, then online unless offline), complete refs
 * against values (CAdES-C/X-L), and archive time-stamps v2/v3 (CAdES-A)
 * oldest to newest.  See okc__cades_ltv_fn for the return contract.
 */
int okc__ltv_cades_hook(okc__cades_signer *s);

/**
 * The proof-of-existence time of a signer: genTime of its earliest
 * signature time-stamp that verifies completely (TSA path at the
 * validation time), 0 without one.  Called before the signer's path is
 * validated so that certificate validity is judged at that time.
 */
int okc__ltv_signature_poe(okc__cades_signer *s, okc_time *poe);

/** The engine's proof-of-existence hook (okc__cades_poe_fn): sets
 *  s->poe_time with okc__ltv_signature_poe. */
int okc__ltv_poe_hook(okc__cades_signer *s);

#endif
