## bench: performance measurements (issue #9).
## The persistent CRL index versus `openssl verify -crl_check` (issue #5):
##   make bench/crl-index && sh $(srcdir)/bench/crl-index.sh 1000000
noinst_PROGRAMS += bench/crl-index
bench_crl_index_SOURCES = bench/crl-index.c
bench_crl_index_CPPFLAGS = $(OKC_LIB_CPPFLAGS)
bench_crl_index_CFLAGS = $(AM_CFLAGS)
bench_crl_index_LDADD = libokc-core.la $(OKC_LIB_DEPS)
EXTRA_DIST += bench/crl-index.sh

## e-Yazışma packages (issue #9 items 2 and 6; helper eypstream):
##   sh $(srcdir)/bench/eyp.sh   (BENCH_QUICK=1 for tiny sizes)
## The corpus comes from `okc-samplegen bench-eyp` (samples/gen/bench_eyp.c).
noinst_PROGRAMS += bench/eyp
bench_eyp_SOURCES = bench/eyp.c
bench_eyp_CPPFLAGS = $(AM_CPPFLAGS) $(OPENSSL_CFLAGS)
bench_eyp_CFLAGS = $(AM_CFLAGS)
bench_eyp_LDADD = $(OKC_APP_LDADD) $(OPENSSL_LIBS)
samples_gen_okc_samplegen_SOURCES += samples/gen/bench_eyp.c
EXTRA_DIST += bench/eyp.sh

## ---- benchlib (issue #9, items 1 and 7): bench/cades.sh ----
## CAdES P4 X-L validation against a bare CMS_verify, and the XLSX list
## reader; corpus from `okc-samplegen bench-cades` (samples/gen/bench_cades.c).
noinst_PROGRAMS += bench/bench-cades
bench_bench_cades_SOURCES = bench/bench-cades.c
bench_bench_cades_CPPFLAGS = $(OKC_LIB_CPPFLAGS)
bench_bench_cades_CFLAGS = $(AM_CFLAGS)
bench_bench_cades_LDADD = libokc-core.la $(OKC_LIB_DEPS)
samples_gen_okc_samplegen_SOURCES += samples/gen/bench_cades.c
EXTRA_DIST += bench/cades.sh
## ---- end benchlib ----
