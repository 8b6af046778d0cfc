#!/bin/sh
# bench/cades.sh - issue #9, items 1 and 7 (rows per the bench contract:
# ROW item figure value target verdict detail, tab-separated, on stdout;
# everything else on stderr).
#
#   1. CAdES P4 X-L over 100 KB, RSA-2048 and EC P-384: okc's full
#      validation (okc_verify_mem, sample anchors, explicit time, offline,
#      embedded revocation values) / a bare OpenSSL CMS_verify with an
#      X509_STORE chain check on the same bytes.  Target <= 2x.
#   7. A 5,000-row XLSX application list through the intake list reader:
#      rows per second, and the reader against the floor of any streamed
#      reader (libzip inflate + libxml2 reader over the sheet).
#
# The corpus is generated into a temporary directory by
# `okc-samplegen bench-cades` from the committed test keys; nothing is kept.
# Run from the build directory:  sh ../../bench/cades.sh
# BENCH_QUICK=1: short rounds (a smoke run of a few seconds).
set -eu
B=$(pwd)
S=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${BENCH_QUICK:-}" ]; then
	T=0.02 R=3
else
	T=${BENCH_CADES_SECONDS:-1} R=${BENCH_CADES_ROUNDS:-5}
fi
D=$(mktemp -d "${TMPDIR:-/tmp}/okc-cadesbench.XXXXXX")
trap 'rm -rf "$D"' EXIT INT TERM
for p in samples/gen/okc-samplegen bench/bench-cades; do
	[ -x "$B/$p" ] || ${MAKE:-make} -C "$B" "$p" >&2
done
# The generator does not free every last object at exit (samples/local.mk).
ASAN_OPTIONS=detect_leaks=0 "$B/samples/gen/okc-samplegen" bench-cades \
	"$S/samples" "$D/corpus" 102400 5000 >&2
# An empty cache: revocation must come from the signatures' own values.
OKC_CACHE_DIR="$D/cache"
export OKC_CACHE_DIR
AT=2026-06-01T12:00:00Z
P="$S/samples/pki"
rc=0
"$B/bench/bench-cades" verify -t "$T" -r "$R" "P4 X-L RSA-2048 100 KB" \
	"$D/corpus/xl-p4-rsa.imz" "$AT" "$P/root-rsa.pem" || rc=1
# The time-stamp tokens chain to root-rsa (the TEST TSA), as in
# samples/MANIFEST.
"$B/bench/bench-cades" verify -t "$T" -r "$R" "P4 X-L EC P-384 100 KB" \
	"$D/corpus/xl-p4-ecdsa-p384.imz" "$AT" "$P/root-ec.pem" \
	"$P/root-rsa.pem" || rc=1
"$B/bench/bench-cades" list -t "$T" -r "$R" "$D/corpus/list.xlsx" 5000 || rc=1
exit $rc
