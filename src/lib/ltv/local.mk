## ltv: long-term validation (time-stamps, revocation) (issue #5).
libokc_core_la_SOURCES += \
	src/lib/ltv/ltv.h \
	src/lib/ltv/tst.c \
	src/lib/ltv/revocation.c \
	src/lib/ltv/crlindex.c \
	src/lib/ltv/cache.c \
	src/lib/ltv/fetch.c
EXTRA_DIST += src/lib/ltv/reasons.def
