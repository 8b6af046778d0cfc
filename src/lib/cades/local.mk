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
