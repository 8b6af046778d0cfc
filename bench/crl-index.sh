#!/bin/sh
# bench/crl-index.sh [N] - the persistent CRL index against OpenSSL.
#   Generates a CRL with N entries (default 1,000,000), indexes it once,
#   then checks certificates from fresh processes: the bench's own lookup,
#   `okc-trust status` (the CLI path through the cache), and
#   `openssl verify -crl_check` which parses the whole CRL every time.
# Run from the build directory:  sh ../../bench/crl-index.sh 1000000
set -eu
N=${1:-1000000}
B=$(pwd)
D=$(mktemp -d "${TMPDIR:-/tmp}/okc-crlbench.XXXXXX")
trap 'rm -rf "$D"' EXIT
TIME=/usr/bin/time
# In a build tree okc-trust is a libtool wrapper script (about 0.6 s of
# shell per run); measure the real binary.
OKC_TRUST="$B/okc-trust"
if [ -x "$B/.libs/okc-trust" ]; then
	OKC_TRUST="$B/.libs/okc-trust"
	LD_LIBRARY_PATH="$B/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
"$B/bench/crl-index" gen "$N" "$D"
ls -l "$D/big.crl" | awk '{print "CRL size:", $5, "bytes"}'
"$B/bench/crl-index" build "$D"
"$B/bench/crl-index" lookup "$D"
"$B/bench/crl-index" lookup "$D" >/dev/null
echo "-- okc-trust (add-crl verifies the signature and indexes once; status is a fresh process)"
C="$D/cache"
$TIME -f "add-crl: %e s, peak RSS %M KB" "$OKC_TRUST" -c "$C" add-crl "$D/big.crl" --issuer "$D/ca.pem" >/dev/null
$TIME -f "status (revoked): %e s, peak RSS %M KB" "$OKC_TRUST" -c "$C" --offline status "$D/leaf-revoked.pem" "$D/ca.pem" || true
$TIME -f "status (good): %e s, peak RSS %M KB" "$OKC_TRUST" -c "$C" --offline status "$D/leaf-good.pem" "$D/ca.pem"
echo "-- openssl verify -crl_check (parses the CRL in every process)"
$TIME -f "openssl verify (revoked): %e s, peak RSS %M KB" openssl verify -crl_check -CAfile "$D/ca.pem" -CRLfile "$D/big.crl" "$D/leaf-revoked.pem" 2>&1 | tail -2 || true
$TIME -f "openssl verify (good): %e s, peak RSS %M KB" openssl verify -crl_check -CAfile "$D/ca.pem" -CRLfile "$D/big.crl" "$D/leaf-good.pem" 2>&1 | tail -2 || true
