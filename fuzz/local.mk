## libFuzzer targets (./configure --enable-fuzzing CC=clang).  Each target
## has a seed corpus in fuzz/corpus/<target>/; `make fuzz-run` runs every
## target for FUZZ_SECONDS on it.

EXTRA_DIST += fuzz/corpus fuzz/run.sh

OKC_FUZZ_CPPFLAGS = $(OKC_LIB_CPPFLAGS)
OKC_FUZZ_CFLAGS = $(AM_CFLAGS) $(OKC_FUZZ_FLAGS)
OKC_FUZZ_LDADD = libokc-core.la $(OKC_LIB_DEPS)
OKC_FUZZ_LINKFLAGS = $(OKC_FUZZ_FLAGS)

FUZZ_TARGETS += fuzz/fuzz_classify
fuzz_fuzz_classify_SOURCES = fuzz/fuzz_classify.c
fuzz_fuzz_classify_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_classify_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_classify_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_classify_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)

if ENABLE_FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
endif

FUZZ_SECONDS ?= 30
fuzz-run: $(FUZZ_TARGETS)
	$(SHELL) $(srcdir)/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
.PHONY: fuzz-run

FUZZ_TARGETS += fuzz/fuzz_mime
fuzz_fuzz_mime_SOURCES = fuzz/fuzz_mime.c
fuzz_fuzz_mime_CPPFLAGS = $(OKC_FUZZ_CPPFLAGS)
fuzz_fuzz_mime_CFLAGS = $(OKC_FUZZ_CFLAGS)
fuzz_fuzz_mime_LDADD = $(OKC_FUZZ_LDADD)
fuzz_fuzz_mime_LDFLAGS = $(OKC_FUZZ_LINKFLAGS)

# A long campaign (doc/security.md): every target FUZZ_CAMPAIGN_SECONDS
# (30 minutes unless told), the cores shared, corpora kept in fuzz-campaign/.
EXTRA_DIST += fuzz/campaign.sh
FUZZ_CAMPAIGN_SECONDS ?= 1800
fuzz-campaign: $(FUZZ_TARGETS)
	$(SHELL) $(srcdir)/fuzz/campaign.sh $(FUZZ_CAMPAIGN_SECONDS) $(FUZZ_TARGETS)
.PHONY: fuzz-campaign
