## core: context, errors, limits, reports, classification, dispatch.
libokc_core_la_SOURCES += \
	src/lib/core/internal.h \
	src/lib/core/context.c \
	src/lib/core/error.c \
	src/lib/core/util.c \
	src/lib/core/reasons.h \
	src/lib/core/reasons.def \
	src/lib/core/reasons.c \
	src/lib/core/report_build.h \
	src/lib/core/report.c \
	src/lib/core/report_text.c \
	src/lib/core/classify.c \
	src/lib/core/der.h \
	src/lib/core/der.c \
	src/lib/core/verify.h \
	src/lib/core/verify.c \
	src/lib/core/ids.c \
	src/lib/core/business.c

okcinclude_HEADERS += \
	include/okc/okc.h \
	include/okc/common.h \
	include/okc/errors.h \
	include/okc/errors.def \
	include/okc/context.h \
	include/okc/report.h \
	include/okc/classify.h \
	include/okc/verify.h \
	include/okc/ids.h \
	include/okc/business.h
