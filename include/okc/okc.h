/*
 * okc/okc.h - umbrella header of libokc, the ÖKC certificate application
 * intake and e-signature verification library.
 */
#ifndef OKC_OKC_H
#define OKC_OKC_H

#include <okc/common.h>
#include <okc/errors.h>
#include <okc/context.h>
#include <okc/report.h>
#include <okc/classify.h>
#include <okc/verify.h>
#include <okc/ids.h>
#include <okc/business.h>
#include <okc/cades.h>
#include <okc/package.h>
#include <okc/intake.h>
#include <okc/mail.h>

#endif /* OKC_OKC_H */
