#!/bin/sh
# bench/mail.sh - issue #9 item 5: the mail hook end to end, process start
# to record in the spool's new/ (fork to exit of the real okc-intake
# binary, the message on a pipe as an MTA delivers it), with a
# 1,000,000-entry CRL of the signer's CA in the revocation cache: the
# signed list is a P4 CAdES .imz without embedded revocation data, so the
# signer's status comes from that cache.  Each run gets a distinct
# Message-ID (no redelivery shortcut).  Two ~200 KB messages:
#   - an application: the e-signed list of 100 serial numbers and a cover
#     letter PDF (the target's figure, p50 and p99 over 500 messages);
#   - the same size made only of the e-signed list (~8,000 serial
#     numbers, a record of some megabytes): INFO, fewer runs.
# Run from the build directory: sh $(srcdir)/bench/mail.sh
. "$(dirname "$0")/lib.sh"
N=1000000; RUNS=500; RUNS_BIG=50; RUNS_START=100
[ -n "$QUICK" ] && { N=2000; RUNS=10; RUNS_BIG=3; RUNS_START=5; }
echo "mail: messages, test PKI and a CRL of $N entries" >&2
gen bench-mail 204800 100 "$T/m" "$SRC/samples"
gen bench-mail 204800 0 "$T/big" "$SRC/samples"
P="$T/m/pki"
gen big-crl "$N" "$T/big.crl" "$T/m"
"$OKC_TRUST" -c "$OKC_CACHE_DIR" --at "$AT" add-crl "$T/big.crl" --issuer "$P/ca-rsa.pem" >&2
"$OKC_TRUST" -c "$OKC_CACHE_DIR" --at "$AT" add-crl "$P/crl/root-rsa.crl" --issuer "$P/root-rsa.pem" >&2
set -- --offline --no-default-trust --anchor "$P/root-rsa.pem" --at "$AT" \
	--received-at "$AT" --data-dir "$SRC/data" \
	--signers "$SRC/samples/registry/signers.tsv" --reply-from okc@kamusm.test

# hook MSG RUNS: checks the decision, then prints the bench-spawn line
hook() {
	# The figure is of a complete, accepted application, revocation
	# checked against the cached CRL.
	"$OKC_INTAKE" --stdout "$@" <"$HOOK_MSG" >"$T/rec.json"
	decision=$(sed -n 's/^  "decision": "\([A-Z_]*\)".*/\1/p' "$T/rec.json")
	if [ "$decision" != ACCEPTED ] || ! grep -q '"LTV_REVOCATION_OK"' "$T/rec.json"; then
		echo "mail: $HOOK_MSG is ${decision:-?}, not ACCEPTED with revocation checked:" >&2
		head -c 4000 "$T/rec.json" >&2
		exit 1
	fi
	rm -rf "$T/spool"
	echo "mail: $HOOK_RUNS x okc-intake (hook, spool) on $HOOK_MSG" >&2
	"$SPAWN" -x 0 -n "$HOOK_RUNS" -t "$HOOK_MSG" -- "$OKC_INTAKE" --spool "$T/spool" "$@"
	recs=$(find "$T/spool/new" -name '*.json' | wc -l | tr -d ' ')
	[ "$recs" -eq "$HOOK_RUNS" ] || { echo "mail: $recs records for $HOOK_RUNS messages" >&2; exit 1; }
}
HOOK_MSG="$T/m/mail/bench.eml"; HOOK_RUNS=$RUNS
o=$(hook "$@")
HOOK_MSG="$T/big/mail/bench.eml"; HOOK_RUNS=$RUNS_BIG
ob=$(hook "$@")

# What starting a process costs on this machine: the hook's own start-up
# (the dynamic loader maps ~30 shared libraries: GMime/GLib, libxml2/ICU,
# OpenSSL, libzip, libmagic, jansson) against /bin/true.
echo "mail: process start-up" >&2
ov=$("$SPAWN" -x 0 -n "$RUNS_START" -- "$OKC_INTAKE" --version)
TRUE=/bin/true; [ -x "$TRUE" ] || TRUE=/usr/bin/true
ot=$("$SPAWN" -x 0 -n "$RUNS_START" -- "$TRUE")

ms() { calc '%.1f' a a="$(kv "$1" "$2")"; }
size=$(wc -c <"$T/m/mail/bench.eml" | tr -d ' ')
sizeb=$(wc -c <"$T/big/mail/bench.eml" | tr -d ' ')
p50=$(ms p50_ms "$o")
row 5 "mail hook, $size-byte message (e-signed list of 100 + cover letter PDF), $N-entry CRL cached: p50" \
	"$p50 ms" "p50 <= 30 ms" "$(verdict 'p <= 30' p="$p50")" \
	"p99 $(ms p99_ms "$o") ms, mean $(ms mean_ms "$o") ms, CPU (user+system) p50 $(ms cpu_p50_ms "$o") ms, peak RSS $(calc '%.1f' 'a/1024' a="$(kv maxrss_kb "$o")") MB; $RUNS messages, each ACCEPTED into new/; load average $(cut -d' ' -f1 /proc/loadavg)"
row 5 "mail hook, same message: p99" "$(ms p99_ms "$o") ms" "-" INFO "$RUNS messages"
row 5 "mail hook, $sizeb-byte message all e-signed list (7,868 serials): p50" \
	"$(ms p50_ms "$ob") ms" "-" INFO \
	"p99 $(ms p99_ms "$ob") ms, CPU p50 $(ms cpu_p50_ms "$ob") ms, peak RSS $(calc '%.1f' 'a/1024' a="$(kv maxrss_kb "$ob")") MB; $RUNS_BIG messages, ACCEPTED; the record has one object per serial"
row 5 "process start-up alone: okc-intake --version, p50" "$(ms p50_ms "$ov") ms" "-" INFO \
	"CPU p50 $(ms cpu_p50_ms "$ov") ms; /bin/true p50 $(ms p50_ms "$ot") ms, CPU $(ms cpu_p50_ms "$ot") ms; $RUNS_START runs each"
