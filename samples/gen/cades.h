/* Options of one generated CAdES signature (internal to okc-samplegen). */
#ifndef OKC_SAMPLEGEN_CADES_H
#define OKC_SAMPLEGEN_CADES_H

#include "gen.h"

enum { LVL_BES = 0, LVL_T = 1, LVL_XL = 2, LVL_A = 3 };
enum { ESS_V2 = 0, ESS_NONE, ESS_V1_SHA256, ESS_V2_OTHER };
enum { DUP_NONE = 0, DUP_MD, DUP_STIME };

typedef struct {
	ent *e;
	const EVP_MD *md;
	int pss;
	const void *content;
	size_t n;
	int attached;
	const char *policy;
	int bad_policy_hash;
	int level;
	int ess;
	int order;
	int dup;
	int omit_signer_cert;
	int alter_content;
	int alter_sig;
	int no_revdata;
	time_t stime, tgen;
	ent *tst_signer;
	int bad_imprint;
	int ocsp_kind;
	int xl_crl;
	int ats_v2;    /* 1: archive-time-stamp-v2, 2: archive time-stamp v1 */
	int ats_form;  /* ATS_EN319122 or ATS_TS101733 (v3 hash index) */
	int ats_bad;   /* see add_ats_v3 / add_ats_v2 */
	int x_type;    /* 1: ES-C time-stamp, 2: certs-and-CRLs time-stamp */
	int x_bad;     /* 1: imprint misses an attribute, 2: taken too early */
	int refs_bad;
	int crl_wrongkey;
	ent *parallel;
	ent *counter;
} co;

void co_init(co *o, ent *e, const void *content, size_t n);
D cades_build(pki *k, co *o);

#endif
