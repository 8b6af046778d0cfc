## ltv: long-term validation (time-stamps, revocation) (issue #5).
libokc_core_la_SOURCES += \
	src/lib/ltv/ltv.h \
	src/lib/ltv/tst.c \
	src/lib/ltv/revocation.c \
	src/lib/ltv/crlindex.c \
	src/lib/ltv/cache.c \
	src/lib/ltv/fetch.c \
	src/lib/ltv/store.c \
	src/lib/ltv/ltv_cades.h \
	src/lib/ltv/cades_ltv.c
okcinclude_HEADERS += include/okc/ltv.h
EXTRA_DIST += src/lib/ltv/reasons.def

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_ltv
TESTS += tests/unit/test_ltv
endif
tests_unit_test_ltv_SOURCES = tests/unit/test_ltv.c tests/unit/ltv_pki.c \
	tests/unit/ltv_pki.h
tests_unit_test_ltv_CPPFLAGS = $(OKC_TEST_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_ltv_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_ltv_LDADD = $(OKC_TEST_LDADD)

check_PROGRAMS += tests/tools/httpd
tests_tools_httpd_SOURCES = tests/tools/httpd.c
TESTS += tests/integration/okc-trust.sh
EXTRA_DIST += tests/integration/okc-trust.sh

# Tests never read the operator's revocation cache.
AM_TESTS_ENVIRONMENT += OKC_CACHE_DIR='$(abs_top_builddir)/tests/no-cache'; export OKC_CACHE_DIR;

FUZZ_TARGETS += fuzz/fuzz_tst fuzz/fuzz_revocation
fuzz_fuzz_tst_SOURCES = fuzz/fuzz_tst.c
fuzz_fuzz_tst_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_tst_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_tst_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_tst_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
fuzz_fuzz_revocation_SOURCES = fuzz/fuzz_revocation.c
fuzz_fuzz_revocation_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_revocation_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_revocation_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_revocation_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
