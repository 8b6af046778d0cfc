## okc-intake, the mail-gateway hook (issue #8).  Modes live in their own
## files (files_mode.c; the mail mode joins them) behind cli.h.
bin_PROGRAMS += okc-intake
okc_intake_SOURCES = src/intake/okc-intake.c src/intake/cli.h \
	src/intake/files_mode.c
okc_intake_LDADD = $(OKC_APP_LDADD)
# The mail mode (src/intake/mail.mk): spool, reply (GMime), record (jansson).
okc_intake_SOURCES += $(OKC_HOOK_SOURCES)
okc_intake_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src $(GMIME_CFLAGS) \
	$(JANSSON_CFLAGS) $(OPENSSL_CFLAGS)
okc_intake_LDADD += $(GMIME_LIBS) $(JANSSON_LIBS) $(OPENSSL_LIBS)

TESTS += tests/integration/intake-files.sh tests/integration/install-example.sh
EXTRA_DIST += tests/integration/intake-files.sh tests/integration/install-example.sh \
	tests/data/intake
