#!/bin/sh
# bench/crl.sh - issue #9 item 4: a 1,000,000-entry CRL in the revocation
# cache (okc-trust add-crl verifies its signature and indexes it once);
# then a fresh `okc-trust status` process checks one certificate against
# it, versus `openssl verify -crl_check` with the same CRL, which parses
# the whole list in every process.  Time (median of several runs) and
# peak RSS of the real binaries.
# Run from the build directory: sh $(srcdir)/bench/crl.sh
. "$(dirname "$0")/lib.sh"
N=1000000; RO=15; RS=3
[ -n "$QUICK" ] && { N=2000; RO=3; RS=2; }
echo "crl: test PKI and a CRL of $N entries" >&2
gen bench-cli 1 "$T/c" "$SRC/samples"
P="$T/c/pki"
gen big-crl "$N" "$T/big.crl" "$T/c"
size=$(wc -c <"$T/big.crl" | tr -d ' ')
echo "crl: okc-trust add-crl (verify + index once)" >&2
ad=$("$SPAWN" -x 0 -- "$OKC_TRUST" -c "$OKC_CACHE_DIR" --at "$AT" add-crl \
	"$T/big.crl" --issuer "$P/ca-rsa.pem")
# nes-rsa is good (not among the CRL's serials): exit 0 from both.
echo "crl: $RO x okc-trust status" >&2
ok=$("$SPAWN" -x 0 -n "$RO" -- "$OKC_TRUST" -c "$OKC_CACHE_DIR" --offline \
	--at "$AT" status "$P/nes-rsa.pem" "$P/ca-rsa.pem")
echo "crl: $RS x openssl verify -crl_check" >&2
os=$("$SPAWN" -x 0 -n "$RS" -- "$OPENSSL" verify -crl_check -attime "$ATTIME" \
	-CAfile "$P/root-rsa.pem" -untrusted "$P/ca-rsa.pem" -CRLfile "$T/big.crl" \
	"$P/nes-rsa.pem")
to=$(kv p50_ms "$ok"); tso=$(kv p50_ms "$os")
mo=$(kv maxrss_kb "$ok"); mso=$(kv maxrss_kb "$os")
r=$(calc '%.1f' 's/o' s="$tso" o="$to")
row 4 "fresh process, 1 certificate, $N-entry CRL: okc-trust status vs openssl verify -crl_check" \
	"${r}x" ">= 50x" "$(verdict 'r >= 50' r="$r")" \
	"median okc $(calc '%.1f' a a="$to") ms ($RO runs), openssl $(calc '%.1f' a a="$tso") ms ($RS runs); CRL $size bytes, certificate good in both"
p=$(calc '%.1f' '100*o/s' o="$mo" s="$mso")
row 4 "peak RSS of that process: okc-trust status / openssl verify -crl_check" \
	"$p %" "<= 10 %" "$(verdict 'p <= 10' p="$p")" \
	"okc $(calc '%.1f' 'a/1024' a="$mo") MB, openssl $(calc '%.1f' 'a/1024' a="$mso") MB"
row 4 "index the $N-entry CRL once (okc-trust add-crl --issuer)" \
	"$(calc '%.2f s' a a="$(kv wall_s "$ad")")" "-" INFO \
	"signature verified, serials sorted into the index; peak RSS $(calc '%.1f' 'a/1024' a="$(kv maxrss_kb "$ad")") MB"
