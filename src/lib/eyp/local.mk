## eyp: the .eyp container (ZIP/OPC/e-Yazışma) (issue #6).
libokc_core_la_SOURCES += \
	src/lib/eyp/zip.h \
	src/lib/eyp/zip.c \
	src/lib/eyp/xml.h \
	src/lib/eyp/xml.c \
	src/lib/eyp/opc.h \
	src/lib/eyp/opc.c \
	src/lib/eyp/eyp.h \
	src/lib/eyp/eyp.c \
	src/lib/eyp/digests.c \
	src/lib/eyp/package.c

okcinclude_HEADERS += include/okc/package.h

EXTRA_DIST += src/lib/eyp/reasons.def

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_zip tests/unit/test_opc tests/unit/test_eyp
TESTS += tests/unit/test_zip tests/unit/test_opc tests/unit/test_eyp
endif
tests_unit_test_zip_SOURCES = tests/unit/test_zip.c tests/unit/zipwriter.h
tests_unit_test_zip_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_zip_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_zip_LDADD = $(OKC_TEST_LDADD) -lz
tests_unit_test_opc_SOURCES = tests/unit/test_opc.c tests/unit/zipwriter.h
tests_unit_test_opc_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_opc_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_opc_LDADD = $(OKC_TEST_LDADD) -lz
tests_unit_test_eyp_SOURCES = tests/unit/test_eyp.c tests/unit/zipwriter.h
tests_unit_test_eyp_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_eyp_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_eyp_LDADD = $(OKC_TEST_LDADD) -lz

TESTS += tests/integration/eyp-samples.sh
EXTRA_DIST += tests/integration/eyp-samples.sh

FUZZ_TARGETS += fuzz/fuzz_zip fuzz/fuzz_eyp_xml
fuzz_fuzz_zip_SOURCES = fuzz/fuzz_zip.c
fuzz_fuzz_zip_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_zip_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_zip_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_zip_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
fuzz_fuzz_eyp_xml_SOURCES = fuzz/fuzz_eyp_xml.c
fuzz_fuzz_eyp_xml_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_eyp_xml_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_eyp_xml_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_eyp_xml_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
