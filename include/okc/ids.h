/*
 * okc/ids.h - Turkish identifiers: TC Kimlik No, Vergi Kimlik No, MERSİS No.
 *
 * Checksums as published by the Turkish authorities (see doc/ids.md):
 * a valid checksum proves a well-formed number, not that the person or
 * company exists.
 */
#ifndef OKC_IDS_H
#define OKC_IDS_H

#include <okc/common.h>

OKC_BEGIN_DECLS

/** 1 when `s` is an 11-digit TC Kimlik No with valid check digits. */
OKC_API int okc_tckn_valid(const char *s);

/** 1 when `s` is a 10-digit Vergi Kimlik No with a valid check digit. */
OKC_API int okc_vkn_valid(const char *s);

/**
 * 1 when `s` looks like a MERSİS No (16 digits).  No public checksum
 * exists; when `vkn` is given, also require the observed pattern
 * "0" + VKN + 5 digits.
 */
OKC_API int okc_mersis_plausible(const char *s, const char *vkn);

OKC_END_DECLS

#endif /* OKC_IDS_H */
