## bench: performance measurements (issue #9).
## The persistent CRL index versus `openssl verify -crl_check` (issue #5):
##   make bench/crl-index && sh $(srcdir)/bench/crl-index.sh 1000000
noinst_PROGRAMS += bench/crl-index
bench_crl_index_SOURCES = bench/crl-index.c
bench_crl_index_CPPFLAGS = $(OKC_LIB_CPPFLAGS)
bench_crl_index_CFLAGS = $(AM_CFLAGS)
bench_crl_index_LDADD = libokc-core.la $(OKC_LIB_DEPS)
EXTRA_DIST += bench/crl-index.sh
