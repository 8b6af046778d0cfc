## Command-line front-ends: public API only.
bin_PROGRAMS += okc-verify
okc_verify_SOURCES = src/cli/okc-verify.c
okc_verify_LDADD = $(OKC_APP_LDADD)

bin_PROGRAMS += okc-trust
okc_trust_SOURCES = src/cli/okc-trust.c
okc_trust_LDADD = $(OKC_APP_LDADD)
