## okc-intake's mail-gateway hook (issue #8): the spool, the reply and the
## hook mode.  The program itself is defined in src/intake/local.mk; this
## fragment holds the unit test of the spool and reply modules, which do
## not need the intake pipeline.

OKC_HOOK_SOURCES = \
	src/intake/mail_mode.h src/intake/mail_mode.c \
	src/intake/spool.h src/intake/spool.c \
	src/intake/reply.h src/intake/reply.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_spool
TESTS += tests/unit/test_spool
endif
tests_unit_test_spool_SOURCES = tests/unit/test_spool.c \
	src/intake/spool.h src/intake/spool.c \
	src/intake/reply.h src/intake/reply.c
tests_unit_test_spool_CPPFLAGS = $(OKC_TEST_CPPFLAGS) -I$(top_srcdir)/src
tests_unit_test_spool_CFLAGS = $(OKC_TEST_CFLAGS)
tests_unit_test_spool_LDADD = $(OKC_TEST_LDADD)
