#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root):
#   1. install the dependencies (apt-get);
#   2. build with --enable-werror and run `make check` (unit + integration);
#   3. build with ASan + UBSan (no recovery) and run `make check` again;
#   4. build the libFuzzer targets with clang and run each briefly on its
#      seed corpus;
#   5. `make distcheck` (the release tarball builds and passes its tests).
# Ends with Check's summary lines and a "N passed, N failed" line.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-10}

sh tools/deps.sh
echo "== autoreconf"
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

status=0
run_build() { # name configure-args...
	name=$1; shift
	dir="$top/_build/$name"
	rm -rf "$dir"; mkdir -p "$dir"
	echo "== [$name] configure $*"
	(cd "$dir" && "$top/configure" "$@" >configure.out 2>&1) ||
		{ tail -30 "$dir/configure.out"; return 1; }
	echo "== [$name] make"
	(cd "$dir" && make -j"$jobs" >make.out 2>&1) ||
		{ grep -E 'error|Error' "$dir/make.out" | head -40; return 1; }
	echo "== [$name] make check"
	if ! (cd "$dir" && make -j"$jobs" check >check.out 2>&1); then
		grep -E '^(FAIL|ERROR|XPASS)' "$dir/check.out" || true
		for log in $(grep -lE '^(FAIL|ERROR)' $(find "$dir" -name '*.log' ! -name test-suite.log ! -name config.log) 2>/dev/null); do
			echo "---- $log"; tail -40 "$log"
		done
		return 1
	fi
}

run_build plain --enable-werror || status=1
run_build asan --enable-werror --enable-sanitizers || status=1

echo "== [fuzz] clang + libFuzzer, ${FUZZ_SECONDS}s per target"
fdir="$top/_build/fuzz"
rm -rf "$fdir"; mkdir -p "$fdir"
if (cd "$fdir" && "$top/configure" CC=clang --enable-fuzzing >configure.out 2>&1 &&
    make -j"$jobs" >make.out 2>&1 && make fuzz-run FUZZ_SECONDS="$FUZZ_SECONDS"); then
	fuzz_ok=1
else
	fuzz_ok=0; status=1
	tail -30 "$fdir/make.out" 2>/dev/null || true
fi

echo "== [plain] make distcheck"
if (cd "$top/_build/plain" && make -j"$jobs" distcheck >distcheck.out 2>&1); then
	distcheck_ok=1
else
	distcheck_ok=0; status=1
	grep -iE '^(FAIL|ERROR)|error' "$top/_build/plain/distcheck.out" | head -30
fi

echo
echo "== summary"
passed=0; failed=0
for name in plain asan; do
	log="$top/_build/$name/test-suite.log"
	[ -f "$log" ] || { failed=$((failed + 1)); continue; }
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -1); f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1); s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
	echo "[$name] test programs: ${p:-0} passed, ${f:-0} failed, ${e:-0} errors, ${s:-0} skipped"
	for u in "$top/_build/$name"/tests/unit/*.log; do
		[ -f "$u" ] || continue
		printf '[%s] %s: ' "$name" "$(basename "$u" .log)"
		grep -h '%: Checks:' "$u" || echo "(no Check summary)"
	done
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
[ "$fuzz_ok" = 1 ] && passed=$((passed + 1)) || failed=$((failed + 1))
[ "$distcheck_ok" = 1 ] && passed=$((passed + 1)) || failed=$((failed + 1))
echo "fuzz smoke: $([ "$fuzz_ok" = 1 ] && echo ok || echo FAILED); distcheck: $([ "$distcheck_ok" = 1 ] && echo ok || echo FAILED)"
[ "$failed" -eq 0 ] || status=1
echo "okc-intake: $passed passed, $failed failed"
exit $status
