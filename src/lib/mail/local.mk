## mail: the MIME front end (issue #8).
libokc_core_la_SOURCES += \
	src/lib/mail/reasons.def \
	src/lib/mail/mime.c \
	src/lib/mail/to_intake.c

okcinclude_HEADERS += include/okc/mail.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mail
TESTS += tests/unit/test_mail
endif
tests_unit_test_mail_SOURCES = tests/unit/test_mail.c
tests_unit_test_mail_CPPFLAGS = $(OKC_TEST_CPPFLAGS)
tests_unit_test_mail_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_mail_LDADD = $(OKC_TEST_LDADD)

include $(srcdir)/src/intake/mail.mk
