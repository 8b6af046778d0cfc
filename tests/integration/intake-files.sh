#!/bin/sh
# okc-intake --files: the command-line contract (options, exit codes, JSON
# record, --human) on the fixtures of tests/data/intake, then every
# mail-free sample of samples/MANIFEST that has an expected decision.
. "$(dirname "$0")/lib.sh"
INTAKE="$top_builddir/okc-intake"
FX="$top_srcdir/tests/data/intake"
DATA="--data-dir=$top_srcdir/data"
AT=--at=2026-06-01T12:00:00Z

expect_exit "--version" 0 "$INTAKE" --version
expect_grep "--version text" "okc-intake (okc-intake) " "$TMPD/out"
expect_exit "--help" 0 "$INTAKE" --help
expect_grep "--help names --files" "--files" "$TMPD/out"
# Without --files, okc-intake is the mail hook: a message on stdin always
# gives a record (an empty one is REJECTED), a missing spool is transient.
expect_exit "no --files: hook mode, --stdout" 0 "$INTAKE" --stdout </dev/null
expect_eq "hook mode: empty message rejected" REJECTED "$("$JGET" "$TMPD/out" .decision)"
expect_exit "hook mode: missing spool is EX_TEMPFAIL" 75 "$INTAKE" --spool="$TMPD/no/such/dir/x" </dev/null
expect_exit "--files without FILE" 64 "$INTAKE" --files
expect_exit "unknown option" 64 "$INTAKE" --files --bogus x
expect_exit "bad --at" 64 "$INTAKE" --files --at=yesterday x
expect_exit "unreadable file" 66 "$INTAKE" --files "$TMPD/nope.xlsx"
expect_grep "unreadable names the file" "nope.xlsx" "$TMPD/err"
expect_exit "explicit registry missing" 66 "$INTAKE" --files $DATA $AT \
	--signers="$TMPD/none.tsv" "$FX/list.xlsx"

# An unsigned XLSX list: a record (exit 0), REJECTED, with its serials.
expect_exit "unsigned list" 0 "$INTAKE" --files $DATA $AT "$FX/list.xlsx"
cp "$TMPD/out" "$TMPD/x.json"
expect_eq "okc_record" 1 "$("$JGET" "$TMPD/x.json" .okc_record)"
expect_eq "decision" REJECTED "$("$JGET" "$TMPD/x.json" .decision)"
expect_eq "signature_path" none "$("$JGET" "$TMPD/x.json" .signature_path)"
expect_eq "source.kind" files "$("$JGET" "$TMPD/x.json" .source.kind)"
expect_eq "serial_count" 6 "$("$JGET" "$TMPD/x.json" .application.serial_count)"
expect_eq "first serial" FU00022547 "$("$JGET" "$TMPD/x.json" '.application.serials[0].serial')"
expect_eq "number cell" 12345678 "$("$JGET" "$TMPD/x.json" '.application.serials[4].serial')"
expect_eq "document role" application_list "$("$JGET" "$TMPD/x.json" '.documents[0].role')"
"$JGET" "$TMPD/x.json" '.reasons|codes' >"$TMPD/codes"
expect_grep "not signed" "^INTAKE_NOT_SIGNED$" "$TMPD/codes"
expect_grep "duplicate" "^INTAKE_SERIAL_DUPLICATE$" "$TMPD/codes"
expect_eq "id is 64 hex" 64 "$("$JGET" "$TMPD/x.json" .id | tr -d '\n' | wc -c | tr -d ' ')"
# the same files give the same id, in any order
"$INTAKE" --files $DATA $AT "$FX/list.xlsx" "$FX/list.ods" --compact >"$TMPD/a.json"
"$INTAKE" --files $DATA $AT "$FX/list.ods" "$FX/list.xlsx" --compact >"$TMPD/b.json"
expect_eq "stable id" "$("$JGET" "$TMPD/a.json" .id)" "$("$JGET" "$TMPD/b.json" .id)"
expect_eq "compact is one line" 1 "$(wc -l <"$TMPD/a.json" | tr -d ' ')"

# The record follows doc/okc-record.schema.json (when python3-jsonschema is
# there to say so; Debian's python3 first, since a user-installed python3
# earlier on PATH may not have it).
PY3=python3
[ -x /usr/bin/python3 ] && PY3=/usr/bin/python3
if "$PY3" -c 'import jsonschema' 2>/dev/null; then
	for j in "$TMPD/x.json" "$TMPD/a.json"; do
		"$PY3" - "$top_srcdir/doc/okc-record.schema.json" "$j" <<'PY' >"$TMPD/schema.out" 2>&1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema)
PY
		expect_eq "schema-valid $(basename "$j")" 0 $?
	done
	head -5 "$TMPD/schema.out"
else
	echo "NOTE: python3-jsonschema not installed: record schema not validated"
fi

# Windows-1254 CSV and ODS lists parse.
expect_exit "cp1254 csv" 0 "$INTAKE" --files $DATA $AT "$FX/list-1254.csv"
expect_eq "cp1254 serials" 3 "$("$JGET" "$TMPD/out" .application.serial_count)"
"$JGET" "$TMPD/out" '.reasons|codes' >"$TMPD/codes"
expect_grep "encoding noted" "^INTAKE_LIST_ENCODING$" "$TMPD/codes"
expect_exit "ods" 0 "$INTAKE" --files $DATA $AT "$FX/list.ods"
expect_eq "ods serials" 4 "$("$JGET" "$TMPD/out" .application.serial_count)"

# The wet path: a scanned list and a signature circular -> review; the
# summary is bilingual.
expect_exit "wet" 0 "$INTAKE" --files $DATA $AT "$FX/basvuru-listesi-taranmis.pdf" \
	"$FX/imza-sirkuleri.pdf"
expect_eq "wet decision" NEEDS_REVIEW "$("$JGET" "$TMPD/out" .decision)"
expect_eq "wet path" wet "$("$JGET" "$TMPD/out" .signature_path)"
expect_eq "circular role" signature_circular "$("$JGET" "$TMPD/out" '.documents[1].role')"
expect_exit "wet --human" 0 "$INTAKE" --files --human $DATA $AT \
	"$FX/basvuru-listesi-taranmis.pdf" "$FX/imza-sirkuleri.pdf"
expect_grep "human decision" "Karar / Decision: İNCELEME GEREKLİ / NEEDS_REVIEW" "$TMPD/out"
expect_grep "human reason" "INTAKE_WET_SIGNATURE: Islak imzalı" "$TMPD/out"
expect_exit "wet, encrypted circular" 0 "$INTAKE" --files $DATA $AT \
	"$FX/basvuru-listesi-taranmis.pdf" "$FX/sirkuler-sifreli.pdf"
expect_eq "encrypted rejected" REJECTED "$("$JGET" "$TMPD/out" .decision)"

# ---- samples/MANIFEST: mail-free samples with an expected decision ----
# When this build's verifiers reach the indication the MANIFEST expects,
# the decision must be exactly the expected one and every listed code must
# appear in the record.  When they do not (a verifier not merged yet), the
# record must still never be more accepting than expected.
M="$SAMPLES/MANIFEST"
if [ ! -f "$M" ]; then
	echo "SKIP: no samples/MANIFEST"
	finish
	exit $?
fi
exact=0; degraded=0
grep -v '^#' "$M" | while read -r file anchors at ind sub level decision codes openssl options; do
	[ -n "${file:-}" ] || continue
	[ "$decision" != "-" ] || continue
	case "$file" in mail/*) continue ;; esac
	set -- --files --no-default-trust --offline $DATA --at="$at" --compact
	for a in $(echo "$anchors" | tr ',' ' '); do
		[ "$a" = "-" ] || set -- "$@" --anchor="$SAMPLES/$a"
	done
	for o in $(echo "$options" | tr ',' ' '); do
		case "$o" in signers=*) set -- "$@" --signers="$SAMPLES/${o#signers=}" ;; esac
	done
	"$INTAKE" "$@" "$SAMPLES/$file" >"$TMPD/s.json" 2>"$TMPD/s.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: $file: exit $rc"; sed 's/^/  | /' "$TMPD/s.err" | head -5
		echo bad >>"$TMPD/manifest-fail"; continue
	fi
	got=$("$JGET" "$TMPD/s.json" .decision)
	vind=$("$JGET" "$TMPD/s.json" '.verification[0].indication' 2>/dev/null || echo -)
	vsub=$("$JGET" "$TMPD/s.json" '.verification[0].subindication' 2>/dev/null || echo -)
	[ "$vsub" = null ] && vsub=-
	# A verifier missing from this build says CORE_UNSUPPORTED_FORMAT.
	if grep -q '"CORE_UNSUPPORTED_FORMAT"' "$TMPD/s.json"; then vind=unsupported; fi
	if [ "$ind" = "-" ] || { [ "$vind" = "$ind" ] && [ "$vsub" = "$sub" ]; }; then
		echo x >>"$TMPD/manifest-exact"
		if [ "$got" != "$decision" ]; then
			echo "FAIL: $file: decision $got, expected $decision"
			"$JGET" "$TMPD/s.json" '.reasons|codes' | sed 's/^/  | /'
			echo bad >>"$TMPD/manifest-fail"
		fi
		for c in $(echo "$codes" | tr ',' ' '); do
			[ "$c" = "-" ] && continue
			grep -q "\"$c\"" "$TMPD/s.json" ||
				{ echo "FAIL: $file: code $c missing"; echo bad >>"$TMPD/manifest-fail"; }
		done
	else
		echo x >>"$TMPD/manifest-degraded"
		if [ "$got" = ACCEPTED ] && [ "$decision" != ACCEPTED ]; then
			echo "FAIL: $file: ACCEPTED, expected $decision"
			echo bad >>"$TMPD/manifest-fail"
		fi
	fi
done
n_exact=$(cat "$TMPD/manifest-exact" 2>/dev/null | wc -l | tr -d ' ')
n_deg=$(cat "$TMPD/manifest-degraded" 2>/dev/null | wc -l | tr -d ' ')
n_fail=$(cat "$TMPD/manifest-fail" 2>/dev/null | wc -l | tr -d ' ')
echo "MANIFEST: $n_exact sample(s) checked exactly, $n_deg with verifiers" \
     "missing from this build (never more accepting than expected), $n_fail failure(s)"
expect_eq "MANIFEST failures" 0 "$n_fail"
finish
