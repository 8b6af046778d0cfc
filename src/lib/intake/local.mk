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

