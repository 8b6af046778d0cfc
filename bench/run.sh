#!/bin/sh
# bench/run.sh - the benchmark driver of issue #9 (`make bench`; with
# BENCH_QUICK=1, `make bench-smoke`).  Run from the build directory.
# Prints the machine line, runs every part bench/<part>.sh (cades, eyp,
# cli, crl, mail first, in the order of the issue's items, then any other
# part) and prints one aligned table of all their rows, ordered by item,
# then each row's detail.  Exit status 0 even when a figure misses its
# target; 1 when a part failed or printed a malformed row.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/okc-benchrun.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, ${mem:-? GB} RAM," \
	"Linux $(uname -r), $(openssl version 2>/dev/null | cut -d' ' -f1-2)," \
	"$(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
	"${BENCH_QUICK:+(BENCH_QUICK: smoke sizes, figures meaningless)}"

parts=""
for p in cades eyp cli crl mail; do
	[ -f "$HERE/$p.sh" ] && parts="$parts $p"
done
for f in "$HERE"/*.sh; do
	p=$(basename "$f" .sh)
	case " run lib cades eyp cli crl mail " in *" $p "*) continue ;; esac
	parts="$parts $p"
done

status=0
: >"$T/rows"
for p in $parts; do
	echo "== bench/$p.sh" >&2
	if ! sh "$HERE/$p.sh" >"$T/out"; then
		echo "bench: bench/$p.sh failed" >&2
		status=1
	fi
	# Keep only well-formed rows: ROW, item 1-7, 5 non-empty fields, a
	# verdict of PASS, MISS or INFO.
	awk -F '\t' -v part="$p" '
		$1 == "ROW" && NF == 7 && $2 ~ /^[1-7]$/ && $3 != "" && $4 != "" &&
		$5 != "" && $6 ~ /^(PASS|MISS|INFO)$/ { print; next }
		{ printf "bench: bench/%s.sh: malformed row: %s\n", part, $0 >"/dev/stderr"; bad = 1 }
		END { exit bad }' "$T/out" >>"$T/rows" || status=1
done

sort -s -t '	' -k2,2n "$T/rows" >"$T/sorted"
awk -F '\t' '
	{ n++; for (i = 2; i <= 6; i++) { c[n, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
	  d[n] = $7 }
	END {
		h[2] = "#"; h[3] = "figure"; h[4] = "value"; h[5] = "target"; h[6] = "result"
		for (i = 2; i <= 6; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
		printf "%-*s  %-*s  %*s  %-*s  %s\n", w[2], h[2], w[3], h[3], w[4], h[4], w[5], h[5], h[6]
		for (r = 1; r <= n; r++)
			printf "%-*s  %-*s  %*s  %-*s  %s\n", w[2], c[r, 2], w[3], c[r, 3],
			       w[4], c[r, 4], w[5], c[r, 5], c[r, 6]
		print ""
		print "Details:"
		for (r = 1; r <= n; r++) printf "%s. %s: %s\n", c[r, 2], c[r, 3], d[r]
	}' "$T/sorted"
exit $status
