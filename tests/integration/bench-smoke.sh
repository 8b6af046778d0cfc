#!/bin/sh
# `make bench-smoke`: bench/run.sh with BENCH_QUICK=1 (tiny sizes) keeps
# every benchmark part building and running.  Asserts the driver's exit
# status (0: no part failed, no malformed row), the machine line, the table
# header, and that each part present printed rows for its items, each with
# a value, a target and PASS/MISS/INFO.  Never asserts a time.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "no openssl command (the bench compares with it)"
[ -x "$top_builddir/samples/gen/okc-samplegen" ] || skip_all "okc-samplegen not built"
[ -x "$top_builddir/bench/bench-spawn" ] || skip_all "bench-spawn not built"

(cd "$top_builddir" && BENCH_QUICK=1 sh "$top_srcdir/bench/run.sh") >"$TMPD/table" 2>"$TMPD/log"
rc=$?
expect_eq "bench/run.sh exit status" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/  | /' "$TMPD/log" | tail -30
expect_grep "machine line" "^Machine: .* cores, .* RAM, Linux .*, OpenSSL 3" "$TMPD/table"
expect_grep "table header" "^#  *figure  *value  *target  *result$" "$TMPD/table"
# The table rows: item, figure, value, target, verdict (aligned columns).
sed -n '/^#  *figure/,/^$/p' "$TMPD/table" | sed '1d;/^$/d' >"$TMPD/rows"
expect_eq "every row ends in PASS, MISS or INFO" 0 \
	"$(grep -cvE '  (PASS|MISS|INFO)$' "$TMPD/rows")"
expect_eq "every row starts with its item 1-7" 0 "$(grep -cvE '^[1-7] ' "$TMPD/rows")"
for part in cades:1,7 eyp:2,6 cli:3 crl:4 mail:5; do
	name=${part%%:*}
	[ -f "$top_srcdir/bench/$name.sh" ] || { echo "note: no bench/$name.sh"; continue; }
	for item in $(echo "${part#*:}" | tr ',' ' '); do
		n=$(grep -c "^$item " "$TMPD/rows")
		[ "$n" -ge 1 ] && ok || bad "bench/$name.sh printed no row for item $item"
	done
done
# Each row's detail (the raw numbers behind the ratio) follows the table.
expect_eq "one detail per row" "$(wc -l <"$TMPD/rows" | tr -d ' ')" \
	"$(sed -n '/^Details:$/,$p' "$TMPD/table" | grep -cE '^[1-7]\. ')"
finish
