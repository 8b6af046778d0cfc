## cades: CAdES verification engine (issue #4).
EXTRA_DIST += src/lib/cades/reasons.def
libokc_core_la_SOURCES += \
	src/lib/cades/cades.h \
	src/lib/cades/cms.c \
	src/lib/cades/attrs.c \
	src/lib/cades/algo.c \
	src/lib/cades/chain.c \
	src/lib/cades/qc.c \
	src/lib/cades/policy.c
okcinclude_HEADERS += include/okc/cades.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_cades
TESTS += tests/unit/test_cades
endif
tests_unit_test_cades_SOURCES = tests/unit/test_cades.c
tests_unit_test_cades_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_cades_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_cades_LDADD = $(OKC_TEST_LDADD)

TESTS += tests/integration/cades-samples.sh tests/integration/cades-cert-mode.sh
EXTRA_DIST += tests/integration/cades-samples.sh tests/integration/cades-cert-mode.sh

FUZZ_TARGETS += fuzz/fuzz_cms
fuzz_fuzz_cms_SOURCES = fuzz/fuzz_cms.c
fuzz_fuzz_cms_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_cms_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_cms_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_cms_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
TESTS += tests/integration/cades-trust-store.sh
EXTRA_DIST += tests/integration/cades-trust-store.sh fuzz/fuzz_cms.c
