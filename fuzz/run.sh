#!/bin/sh
# Run each libFuzzer target for a bounded time on its seed corpus:
#   run.sh SECONDS TARGET...
# New corpus entries go to a scratch directory, never into the source tree.
set -u
secs=$1; shift
srcdir=$(cd "$(dirname "$0")/.." && pwd)
status=0
for t in "$@"; do
	name=$(basename "$t")
	seeds="$srcdir/fuzz/corpus/$name"
	work=$(mktemp -d "${TMPDIR:-/tmp}/okc-fuzz-$name.XXXXXX")
	mkdir -p "$work/artifacts"
	echo "== $name: ${secs}s on $(ls "$seeds" 2>/dev/null | wc -l) seeds"
	if ! "./$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
	     -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
	     "$work" "$seeds" 2>"$work/log"; then
		echo "FAIL: $name found a problem; log and artifacts in $work"
		tail -40 "$work/log"
		status=1
	else
		grep -E 'stat::number_of_executed_units|cov:' "$work/log" | tail -2
		rm -rf "$work"
	fi
done
exit $status
