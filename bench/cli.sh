#!/bin/sh
# bench/cli.sh - issue #9 item 3: okc-verify over N files in one process
# versus N runs of `openssl cms -verify` (the same files, the same anchor,
# the same validation time), and okc-verify --jobs 2 versus --jobs 1.
# Run from the build directory: sh $(srcdir)/bench/cli.sh
. "$(dirname "$0")/lib.sh"
N=1000
[ -n "$QUICK" ] && N=20
echo "cli: generating $N CAdES-XL P4 RSA-2048 documents" >&2
gen bench-cli "$N" "$T/c" "$SRC/samples"
ls "$T"/c/cli/*.imz >"$T/list"
[ "$(wc -l <"$T/list")" -eq "$N" ] || { echo "cli: corpus incomplete" >&2; exit 1; }
ROOT="$T/c/pki/root-rsa.pem"
# Exit status 0 = every document TOTAL_PASSED: the figure is of complete
# validations (signature, ESS, path, policy, time-stamp, embedded
# revocation), not of early failures.
okc() { # jobs
	"$SPAWN" -x 0 -- "$OKC_VERIFY" --json --offline --no-default-trust \
		--anchor "$ROOT" --at "$AT" --jobs "$1" $(cat "$T/list")
}
echo "cli: okc-verify --jobs 1" >&2
o1=$(okc 1)
echo "cli: okc-verify --jobs 2" >&2
o2=$(okc 2)
echo "cli: $N x openssl cms -verify" >&2
os=$("$SPAWN" -x 0 -l "$T/list" -- "$OPENSSL" cms -verify -binary -inform DER \
	-in @ -CAfile "$ROOT" -attime "$ATTIME" -purpose any -out /dev/null)
t1=$(kv wall_s "$o1"); t2=$(kv wall_s "$o2"); ts=$(kv wall_s "$os")
rss=$(kv maxrss_kb "$o1")
c1=$(kv cpu_s "$o1"); cs=$(kv cpu_s "$os")
r=$(calc '%.1f' 's/o' s="$ts" o="$t1")
row 3 "okc-verify $N files in 1 process vs $N x openssl cms -verify" "${r}x" ">= 20x" \
	"$(verdict 'r >= 20' r="$r")" \
	"okc $(calc '%.2f s (%.2f ms/file' 'o, o*1000/n' o="$t1" n="$N"), peak RSS $(calc '%.1f' 'k/1024' k="$rss") MB), openssl $(calc '%.2f s (%.2f ms/run)' 's, s*1000/n' s="$ts" n="$N"); CPU (user+system) okc $(calc '%.2f' a a="$c1") s, openssl $(calc '%.2f' a a="$cs") s ($(calc '%.1f' 'b/a' a="$c1" b="$cs")x); CAdES-XL P4 RSA-2048, every file TOTAL_PASSED"
row 3 "okc-verify --jobs 2 vs --jobs 1 ($N files, $(nproc) cores)" "$(calc '%.2fx' 'a/b' a="$t1" b="$t2")" "-" INFO \
	"jobs 1 $(calc '%.2f s' 'a' a="$t1"), jobs 2 $(calc '%.2f s' 'b' b="$t2"); load average $(cut -d' ' -f1 /proc/loadavg)"
