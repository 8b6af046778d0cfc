/*
 * ltv_pki.h - a throw-away PKI built in memory with OpenSSL for the ltv
 * tests: CA, signer, TSA and OCSP responder certificates, time-stamp
 * tokens, CRLs and OCSP responses, all at fixed times so tests never rot.
 */
#ifndef OKC_TEST_LTV_PKI_H
#define OKC_TEST_LTV_PKI_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

/* 2026-01-01T00:00:00Z and friends */
#define T0 ((int64_t)1767225600)
#define HOUR ((int64_t)3600)
#define DAY ((int64_t)86400)

EVP_PKEY *pki_key(void);           /* EC P-256 */
EVP_PKEY *pki_rsa_key(void);       /* RSA-2048 (cached, one per process) */

/* ext: "tsa" (critical EKU timeStamping), "tsa-noncrit", "tsa-email",
 * "ocsp" (EKU OCSPSigning), "ca", "leaf", or NULL. */
X509 *pki_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey,
               long serial, int64_t nb, int64_t na, const char *ext);

/* DER TimeStampToken over `data` at gen_time (OpenSSL's TS_RESP_CTX). */
unsigned char *pki_tst(size_t *len, X509 *tsa, EVP_PKEY *key,
                       const unsigned char *data, size_t dlen, int64_t gen_time);
/* Same, signed with plain CMS (no TS_RESP_CTX purpose checks). */
unsigned char *pki_tst_cms(size_t *len, X509 *tsa, EVP_PKEY *key,
                           const unsigned char *data, size_t dlen, int64_t gen_time);

/* CRL issued by ca/ckey: serials revoked at rev_time (reason 1). */
X509_CRL *pki_crl(X509 *ca, EVP_PKEY *ckey, int64_t this_u, int64_t next_u,
                  const long *serials, size_t n, int64_t rev_time, long number);

/* OCSP BasicResponse about cert (status V_OCSP_CERTSTATUS_*), signed by
 * signer/skey (with signer cert included). */
OCSP_BASICRESP *pki_ocsp(X509 *cert, X509 *issuer, X509 *signer, EVP_PKEY *skey,
                         int status, int64_t rev_time, int64_t this_u,
                         int64_t next_u);

#endif
