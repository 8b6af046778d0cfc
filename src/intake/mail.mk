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

dist_man_MANS += doc/okc-intake.1 doc/okc-verify.1

# The LD_PRELOAD fault shim of the spool tests: built without sanitizers
# (it is preloaded into programs that may carry them).
check_LTLIBRARIES = tests/fault/libfailio.la
tests_fault_libfailio_la_SOURCES = tests/fault/failio.c
tests_fault_libfailio_la_CPPFLAGS =
tests_fault_libfailio_la_CFLAGS = -std=gnu11 -Wall -Wextra -O2
tests_fault_libfailio_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_fault_libfailio_la_LIBADD = -ldl

TESTS += tests/integration/mail-hook.sh tests/integration/mail-samples.sh \
	tests/integration/mail-faults.sh tests/integration/mail-postfix.sh
EXTRA_DIST += tests/integration/mail-lib.sh tests/integration/mail-hook.sh \
	tests/integration/mail-faults.sh tests/integration/mail-postfix.sh \
	tests/integration/mail-samples.sh
