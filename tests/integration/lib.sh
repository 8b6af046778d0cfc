# Shared helpers for the integration tests (sourced).  Each test counts its
# checks and ends with the plain "N passed, N failed" line.
set -u
: "${top_srcdir:?}"
: "${top_builddir:?}"
OKC_VERIFY="$top_builddir/okc-verify"
JGET="$top_builddir/tests/tools/jget"
SAMPLES="$top_srcdir/samples"
SHARED="${OKC_SHARED_DIR:-$top_srcdir/../shared}"
T_PASS=0
T_FAIL=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/okc-it.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT

ok()   { T_PASS=$((T_PASS + 1)); }
bad()  { T_FAIL=$((T_FAIL + 1)); echo "FAIL: $*"; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}

# expect_exit WHAT CODE command...
expect_exit() {
	what=$1; code=$2; shift 2
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	if [ "$rc" -eq "$code" ]; then ok; else
		bad "$what: exit $rc, expected $code"; sed 's/^/  | /' "$TMPD/err" | head -20
	fi
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
	if grep -q -- "$2" "$3"; then ok; else bad "$1: '$2' not in output"; fi
}

finish() {
	echo "$(basename "$0"): $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

skip_all() {
	echo "SKIP: $*"
	exit 77
}
