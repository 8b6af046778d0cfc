## Tests: Check unit suites (one per module, in tests/unit), integration
## scripts that drive the real binaries (tests/integration), the header test.

OKC_TEST_CPPFLAGS = $(OKC_LIB_CPPFLAGS)
OKC_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
OKC_TEST_LDADD = libokc-core.la $(OKC_LIB_DEPS) $(CHECK_LIBS)

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_core tests/unit/test_business
TESTS += tests/unit/test_core tests/unit/test_business
endif
tests_unit_test_business_SOURCES = tests/unit/test_business.c
tests_unit_test_business_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_business_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_business_LDADD = $(OKC_TEST_LDADD)
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_core_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_core_LDADD = $(OKC_TEST_LDADD)

check_PROGRAMS += tests/tools/jget
tests_tools_jget_SOURCES = tests/tools/jget.c
tests_tools_jget_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_tools_jget_LDADD = $(JANSSON_LIBS)

TESTS += tests/headers/headertest.sh
TESTS += tests/integration/okc-verify-cli.sh
TESTS += tests/integration/exports.sh

EXTRA_DIST += tests/headers/headertest.sh tests/integration/lib.sh \
	tests/integration/okc-verify-cli.sh tests/integration/exports.sh
