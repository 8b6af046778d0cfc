#!/bin/sh
# bench/eyp.sh - e-Yazışma packages (issue #9, items 2 and 6).
#   Item 2: v2.0 packages of 100 KB and 10 MB (SHA-384 + SHA-512 per
#   reference, ImzaCades P4 CAdES-X-L + MuhurCades P4 CAdES-A from the test
#   PKI, verified to their normal TOTAL_PASSED): time per package in process
#   and its throughput against raw EVP SHA-384 + SHA-512 over the same bytes.
#   Item 6: peak RSS of the real okc-verify binary (child process) for a
#   100 MB package and a 10,000-entry package.
# Run from the build directory:  sh $(srcdir)/bench/eyp.sh
# BENCH_QUICK=1: tiny sizes (a smoke run of a few seconds).
# STDOUT carries only ROW lines (bench-contract.md); the rest goes to STDERR.
set -eu
B=$(pwd)
S=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${BENCH_QUICK:-}
AT=2026-06-01T12:00:00Z
D=$(mktemp -d "${TMPDIR:-/tmp}/okc-eypbench.XXXXXX")
trap 'rm -rf "$D"' EXIT INT TERM

for p in bench/eyp samples/gen/okc-samplegen okc-verify; do
	[ -x "$B/$p" ] || make -s "$p" >&2
done
GEN="$B/samples/gen/okc-samplegen"
# In a build tree bin/.libs/ holds the real binaries (libtool wrappers
# around them are shell scripts): measure those.
VERIFY="$B/okc-verify"
BENCH="$B/bench/eyp"
if [ -x "$B/.libs/okc-verify" ]; then
	VERIFY="$B/.libs/okc-verify"
	LD_LIBRARY_PATH="$B/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
[ -x "$B/bench/.libs/eyp" ] && BENCH="$B/bench/.libs/eyp"

mkdir -p "$D/pki"
cp -R "$S/samples/pki/keys" "$D/pki/"
ANCHOR="$D/pki/root-rsa.pem"

gen() { # gen OUT BYTES N
	echo "okc-samplegen bench-eyp $2 bytes in $3 attachment(s)" >&2
	ASAN_OPTIONS=detect_leaks=0 "$GEN" bench-eyp "$D" "$1" "$2" "$3" >&2
}

row() { # item figure value target verdict detail
	printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

# Item 2 ------------------------------------------------------------------
if [ -n "$QUICK" ]; then
	SIZES="100000:100KB:3 1000000:1MB:3"; BIG=1000000; NMANY=100
else
	SIZES="100000:100KB:50 10000000:10MB:10"; BIG=100000000; NMANY=10000
fi
for spec in $SIZES; do
	bytes=${spec%%:*}; rest=${spec#*:}; label=${rest%%:*}; iter=${rest#*:}
	f="$D/bench-$label.eyp"
	gen "$f" "$bytes" 1
	set -- $("$BENCH" time "$f" "$ANCHOR" "$AT" "$iter")
	len=$1 okc_min=$2 okc_med=$3 raw_min=$4 raw_med=$5 ind=$6
	tp=$(awk -v l="$len" -v t="$okc_min" 'BEGIN { printf "%.1f MB/s", l / t / 1000 }')
	pct=$(awk -v o="$okc_min" -v r="$raw_min" 'BEGIN { printf "%.0f", 100 * r / o }')
	detail="okc $okc_min ms/package (median $okc_med), raw SHA-384+SHA-512 $raw_min ms (median $raw_med), $len bytes, $iter iterations, verdict $ind"
	row 2 "v2 .eyp $label: time per package" "$okc_min ms ($tp)" "-" INFO "$detail"
	verdict=INFO target="-"
	case $label in
	10MB)	target=">= 70 %"
		if [ "$ind" = TOTAL_PASSED ] && [ "$pct" -ge 70 ]; then verdict=PASS; else verdict=MISS; fi ;;
	esac
	[ "$ind" = TOTAL_PASSED ] || verdict=MISS
	row 2 "v2 .eyp $label: okc / raw SHA-384+SHA-512 throughput" "$pct %" "$target" "$verdict" "$detail"
done

# Item 6 ------------------------------------------------------------------
rss_row() { # label file
	set -- "$1" "$2" $("$BENCH" rss "$VERIFY" --json --no-default-trust --offline \
		--anchor="$ANCHOR" --at="$AT" "$2" 2>/dev/null)
	kib=$3 status=$4
	size=$(wc -c <"$2" | tr -d ' ')
	mb=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
	verdict=PASS
	awk -v k="$kib" 'BEGIN { exit !(k <= 64 * 1024) }' || verdict=MISS
	[ "$status" = 0 ] || verdict=MISS
	row 6 "peak RSS okc-verify, $1" "$mb MB" "<= 64 MB" "$verdict" \
		"max RSS $kib KiB of the real binary (child), package $size bytes, exit status $status (0 = TOTAL_PASSED)"
}
f="$D/bench-big.eyp"
gen "$f" "$BIG" 1
rss_row "$(awk -v b="$BIG" 'BEGIN { printf "%d MB package", b / 1000000 }')" "$f"
rm -f "$f"
f="$D/bench-many.eyp"
gen "$f" $((NMANY * 1000)) "$NMANY"
rss_row "$NMANY-entry package" "$f"
