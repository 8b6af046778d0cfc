#!/bin/sh
# A long fuzzing campaign over every libFuzzer target, the machine's cores
# shared between them, with the same memory and time limits as CI:
#
#   campaign.sh [-j JOBS] [-o OUTDIR] SECONDS TARGET...
#
# Run from the fuzzing build directory (configure CC=clang --enable-fuzzing).
# Each target runs SECONDS on a working corpus OUTDIR/<target>/corpus seeded
# from fuzz/corpus/<target>; JOBS targets run at once (default: the number of
# cores).  OUTDIR (default ./fuzz-campaign) keeps the grown corpora, logs and
# any crash/leak/timeout/oom artifact, so a campaign can be resumed.  Prints
# one line per target: executions, corpus size before -> after, coverage,
# findings; exits 1 when any target found something.
set -u
jobs=$(nproc 2>/dev/null || echo 2)
out=./fuzz-campaign
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "usage: $0 [-j JOBS] [-o OUTDIR] SECONDS TARGET..." >&2; exit 64; }
secs=$1; shift
srcdir=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"

run_one() { # target
	t=$1; name=$(basename "$t"); d="$out/$name"
	mkdir -p "$d/corpus" "$d/artifacts"
	before=$(ls "$d/corpus" | wc -l)
	seeds=$(ls "$srcdir/fuzz/corpus/$name" 2>/dev/null | wc -l)
	"./$t" -max_total_time="$secs" -rss_limit_mb=512 -timeout=10 \
	    -artifact_prefix="$d/artifacts/" -print_final_stats=1 \
	    "$d/corpus" "$srcdir/fuzz/corpus/$name" >"$d/log" 2>&1
	rc=$?
	after=$(ls "$d/corpus" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$d/log" | tail -1 | cut -d' ' -f2)
	found=$(ls "$d/artifacts" | wc -l)
	printf '%-20s %6ss  execs %-10s seeds %-4s corpus %5s -> %-5s cov %-6s findings %s%s\n' \
	    "$name" "$secs" "${execs:-?}" "$seeds" "$before" "$after" "${cov:-?}" "$found" \
	    "$( [ "$rc" -ne 0 ] && echo " (exit $rc, see $d/log)")" >"$d/summary"
	[ "$rc" -eq 0 ] && [ "$found" -eq 0 ]
}

status=0
running=0
pids=""
for t in "$@"; do
	run_one "$t" &
	pids="$pids $!"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		# wait for the oldest (POSIX sh has no `wait -n`)
		for first in $pids; do break; done
		wait "$first" || status=1
		pids=$(echo "$pids" | sed "s/ *$first//")
		running=$((running - 1))
	fi
done
for p in $pids; do wait "$p" || status=1; done
for t in "$@"; do cat "$out/$(basename "$t")/summary"; done
exit $status
