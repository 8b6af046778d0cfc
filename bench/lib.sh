# bench/lib.sh - sourced by bench/cli.sh, crl.sh and mail.sh (issue #9).
# Run from the build directory.  Sets B (build dir), SRC (source dir),
# QUICK (1 for the smoke run), T (a temporary directory, removed on exit),
# SPAWN, GEN, the real binaries OKC_VERIFY, OKC_TRUST, OKC_INTAKE, and
# row() which prints one result row of bench-contract format.
set -eu
B=$(pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${BENCH_QUICK:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/okc-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
# In a build tree the programs are libtool wrapper scripts (a shell start
# per run); measure the real binaries.
real() {
	if [ -x "$B/.libs/$1" ]; then echo "$B/.libs/$1"; else echo "$B/$1"; fi
}
if [ -d "$B/.libs" ]; then
	LD_LIBRARY_PATH="$B/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi
OKC_VERIFY=$(real okc-verify)
OKC_TRUST=$(real okc-trust)
OKC_INTAKE=$(real okc-intake)
SPAWN="$B/bench/bench-spawn"
GEN="$B/samples/gen/okc-samplegen"
OPENSSL=$(command -v openssl || true)
for p in "$OKC_VERIFY" "$OKC_TRUST" "$OKC_INTAKE" "$SPAWN" "$GEN" "$OPENSSL"; do
	[ -n "$p" ] && [ -x "$p" ] || { echo "bench: ${p:-openssl} missing (make bench builds it)" >&2; exit 1; }
done
# The generator frees what it must but not every last object at exit.
gen() { ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$GEN" "$@"; }
# Nothing from the operator's revocation cache or the network.
OKC_CACHE_DIR="$T/cache"
export OKC_CACHE_DIR
# The samples' clock (samples/README) and the same instant for OpenSSL.
AT=2026-06-01T12:00:00Z
ATTIME=$(date -u -d "$AT" +%s)

row() { # item figure value target verdict detail
	printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}
# key=value from a bench-spawn result line
kv() { # key line
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# awk -v options of name=number arguments (numbers have no blanks)
vars() { for a in "$@"; do printf -- '-v %s ' "$a"; done; }
# awk arithmetic: calc FMT EXPR name=value... (EXPR may list several values)
calc() {
	fmt=$1; expr=$2; shift 2
	# shellcheck disable=SC2046
	awk -v fmt="$fmt" $(vars "$@") "BEGIN { printf fmt, $expr }"
}
# PASS when the awk condition holds, else MISS
verdict() { # condition name=value...
	cond=$1; shift
	# shellcheck disable=SC2046
	awk $(vars "$@") "BEGIN { print (($cond) ? \"PASS\" : \"MISS\") }"
}
