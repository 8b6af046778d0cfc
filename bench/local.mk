## bench: performance measurements (issue #9).  Every part is a script
## bench/<part>.sh run from the build directory that prints result rows
## (see bench/run.sh); `make bench` runs them all and prints the table,
## `make bench-smoke` does the same with tiny sizes.  Programs a part needs
## are noinst_PROGRAMS here; a part's EXTRA_PROGRAMS add themselves as
## prerequisites of bench-programs.

## --- benchcli: the driver and items 3-5 (cli.sh, crl.sh, mail.sh) ---
noinst_PROGRAMS += bench/bench-spawn
bench_bench_spawn_SOURCES = bench/spawn.c
EXTRA_DIST += bench/run.sh bench/lib.sh bench/cli.sh bench/crl.sh bench/mail.sh
bench-programs: all samples/gen/okc-samplegen$(EXEEXT)
bench: bench-programs
	sh $(srcdir)/bench/run.sh
bench-smoke: bench-programs
	BENCH_QUICK=1 sh $(srcdir)/bench/run.sh
.PHONY: bench bench-smoke bench-programs
TESTS += tests/integration/bench-smoke.sh
EXTRA_DIST += tests/integration/bench-smoke.sh
## --- end benchcli ---

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
