## samples: the test PKI and sample generator (issue #3).
##
## okc-samplegen is an independent implementation (OpenSSL 3 + libzip, never
## libokc) so the tests that read samples/ are not circular.  It is built
## with the check programs; `make samples` regenerates everything under
## $(srcdir)/samples (keys in samples/pki/keys are reused, so RSA output is
## identical from run to run).

check_PROGRAMS += samples/gen/okc-samplegen
samples_gen_okc_samplegen_SOURCES = samples/gen/gen.h samples/gen/cades.h \
	samples/gen/der.c samples/gen/pki.c samples/gen/cms.c \
	samples/gen/cades.c samples/gen/docs.c samples/gen/eyp.c \
	samples/gen/mail.c samples/gen/ltvrev.c \
	samples/gen/main.c
samples_gen_okc_samplegen_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) \
	$(LIBZIP_CFLAGS)
samples_gen_okc_samplegen_LDADD = $(OPENSSL_LIBS) $(LIBZIP_LIBS)

# The generator frees what it must but not every last object at exit.
samples: samples/gen/okc-samplegen$(EXEEXT)
	ASAN_OPTIONS=detect_leaks=0 ./samples/gen/okc-samplegen$(EXEEXT) \
		all $(srcdir)/samples
.PHONY: samples

TESTS += tests/integration/samples-openssl.sh tests/integration/samples-regen.sh
# archive and CAdES-X time-stamp inputs re-computed independently (issue #5)
TESTS += tests/integration/ltv-timestamps.sh
EXTRA_DIST += tests/integration/ltv-timestamps.sh \
	tests/integration/ltv-timestamps.py

EXTRA_DIST += samples/README samples/MANIFEST samples/pki samples/cades \
	samples/eyp samples/lists samples/mail samples/registry \
	tests/integration/samples-openssl.sh tests/integration/samples-regen.sh
