## intake: the intake pipeline (roles, lists, decision, record) (issue #7).
libokc_core_la_SOURCES += \
	src/lib/intake/intake_int.h \
	src/lib/intake/roles.c \
	src/lib/intake/sheet_xlsx.c \
	src/lib/intake/sheet_ods.c \
	src/lib/intake/sheet_csv.c \
	src/lib/intake/list.c \
	src/lib/intake/serials.c \
	src/lib/intake/prefixes.c \
	src/lib/intake/registry.c \
	src/lib/intake/decision.c \
	src/lib/intake/record.c \
	src/lib/intake/intake.c

okcinclude_HEADERS += include/okc/intake.h

EXTRA_DIST += src/lib/intake/reasons.def

# Reference data: the prefix table (the signers registry is the site's own).
okcdatadir = $(datadir)/okc-intake
dist_okcdata_DATA = data/okc-prefixes.tsv

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_sheets tests/unit/test_serials \
	tests/unit/test_roles tests/unit/test_record
TESTS += tests/unit/test_sheets tests/unit/test_serials \
	tests/unit/test_roles tests/unit/test_record
endif
tests_unit_test_sheets_SOURCES = tests/unit/test_sheets.c tests/unit/intake_fixtures.h
tests_unit_test_sheets_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_sheets_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_sheets_LDADD = $(OKC_TEST_LDADD)
tests_unit_test_serials_SOURCES = tests/unit/test_serials.c
tests_unit_test_serials_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_serials_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_serials_LDADD = $(OKC_TEST_LDADD)
tests_unit_test_roles_SOURCES = tests/unit/test_roles.c
tests_unit_test_roles_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_roles_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_roles_LDADD = $(OKC_TEST_LDADD)
tests_unit_test_record_SOURCES = tests/unit/test_record.c tests/unit/intake_fixtures.h
tests_unit_test_record_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_record_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_record_LDADD = $(OKC_TEST_LDADD)

# Fuzz targets of the list readers.
FUZZ_TARGETS += fuzz/fuzz_xlsx fuzz/fuzz_ods fuzz/fuzz_csv
fuzz_fuzz_xlsx_SOURCES = fuzz/fuzz_xlsx.c fuzz/fuzz_sheet.h
fuzz_fuzz_xlsx_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_xlsx_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_xlsx_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_xlsx_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
fuzz_fuzz_ods_SOURCES = fuzz/fuzz_ods.c fuzz/fuzz_sheet.h
fuzz_fuzz_ods_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_ods_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_ods_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_ods_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
fuzz_fuzz_csv_SOURCES = fuzz/fuzz_csv.c fuzz/fuzz_sheet.h
fuzz_fuzz_csv_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_csv_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_csv_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_csv_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)
