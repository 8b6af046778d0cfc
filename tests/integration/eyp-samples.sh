#!/bin/sh
# okc-verify on e-Yazışma packages: the public samples in ../shared (digests
# verify, placeholder signatures never pass) and every eyp/* line of
# samples/MANIFEST (expected indication, sub-indication and codes).
. "$(dirname "$0")/lib.sh"
AT=--at=2026-11-25T10:00:00Z
ran=0

if [ -d "$SHARED/eyp-samples" ]; then
	ran=1
	for f in devhuseyinkartal/paketv1x.eyp devhuseyinkartal/paketv2x.eyp \
	         cbddo-soyalp/20250512142310.eyp; do
		"$OKC_VERIFY" --json $AT "$SHARED/eyp-samples/$f" >"$TMPD/r.json" 2>"$TMPD/err"
		rc=$?
		[ "$rc" -ne 0 ] && ok || bad "$f: exit 0 (a pass) for placeholder signatures"
		expect_eq "$f format" eyp "$("$JGET" "$TMPD/r.json" .format)"
		expect_eq "$f kind" eyp "$("$JGET" "$TMPD/r.json" .package.kind)"
		expect_eq "$f no digest mismatch" "" \
			"$(grep -o 'EYP_DIGEST_MISMATCH' "$TMPD/r.json" | head -1)"
		expect_eq "$f no failed part digest" "" \
			"$(grep -o '"digest_ok": *false' "$TMPD/r.json" | head -1)"
		expect_eq "$f first signature role" signature \
			"$("$JGET" "$TMPD/r.json" '.signatures[0].role')"
		sig=$("$JGET" "$TMPD/r.json" '.signatures[0].indication')
		[ "$sig" != TOTAL_PASSED ] && ok || bad "$f: placeholder signature passed"
	done
	"$OKC_VERIFY" --json $AT "$SHARED/eyp-samples/cbddo-soyalp/20250512142310.eyps" >"$TMPD/s.json"
	expect_eq "eyps kind" eyps "$("$JGET" "$TMPD/s.json" .package.kind)"
	expect_grep "eyps says encrypted" EYP_ENCRYPTED "$TMPD/s.json"
	expect_eq "eyps indication" INDETERMINATE "$("$JGET" "$TMPD/s.json" .indication)"
	"$OKC_VERIFY" --json $AT "$SHARED/eyp-samples/cbddo-soyalp/20250512142310.eypg" >"$TMPD/g.json"
	expect_eq "eypg kind" eypg "$("$JGET" "$TMPD/g.json" .package.kind)"
	expect_eq "eypg seal role" seal "$("$JGET" "$TMPD/g.json" '.signatures[0].role')"
else
	echo "SKIP: $SHARED/eyp-samples absent"
fi

# Codes of package-level (EYP_/ZIP_/OPC_) reasons of severity error.
structural_errors() {
	n=$("$JGET" "$1" '.reasons|length')
	i=0
	while [ "$i" -lt "$n" ]; do
		c=$("$JGET" "$1" ".reasons[$i].code")
		v=$("$JGET" "$1" ".reasons[$i].severity")
		case "$c" in EYP_*|ZIP_*|OPC_*) [ "$v" = error ] && echo "$c" ;; esac
		i=$((i + 1))
	done
}

# samples/MANIFEST: FILE ANCHORS AT INDICATION SUBINDICATION LEVEL DECISION CODES ...
MANIFEST="$SAMPLES/MANIFEST"
if [ -f "$MANIFEST" ]; then
	grep -v '^#' "$MANIFEST" | awk '$1 ~ /^eyp\// && NF >= 8' >"$TMPD/eyp.lst"
	"$OKC_VERIFY" --list-reasons >"$TMPD/catalogue"
	# Can signatures pass in this build?  Only with the CAdES engine and
	# long-term validation (revocation, time-stamps) both built in.
	nocades=1
	grep -q '^CADES_MALFORMED	' "$TMPD/catalogue" &&
		grep -q '^LTV_REVOCATION_MISSING	' "$TMPD/catalogue" && nocades=0
	while read -r file anchors at ind sub level decision codes rest; do
		[ -f "$SAMPLES/$file" ] || { bad "$file listed but absent"; continue; }
		ran=1
		set -- --json --at="$at"
		if [ "$anchors" != "-" ]; then
			oldifs=$IFS; IFS=,
			for a in $anchors; do set -- "$@" --anchor="$SAMPLES/$a"; done
			IFS=$oldifs
		fi
		"$OKC_VERIFY" "$@" "$SAMPLES/$file" >"$TMPD/m.json" 2>"$TMPD/err"
		got=$("$JGET" "$TMPD/m.json" .indication)
		if [ "$nocades" -eq 1 ] && [ "$ind" != TOTAL_FAILED ]; then
			# Without CAdES + LTV signatures cannot pass: the
			# package itself must be clean (no structural error)
			# and the verdict must not be a pass.
			[ "$got" != TOTAL_PASSED ] && ok || bad "$file: pass without CAdES"
			expect_eq "$file structural errors" "" "$(structural_errors "$TMPD/m.json")"
		else
			[ "$ind" != "-" ] && expect_eq "$file indication" "$ind" "$got"
			[ "$sub" != "-" ] && expect_eq "$file subindication" "$sub" \
				"$("$JGET" "$TMPD/m.json" .subindication)"
		fi
		if [ "$codes" != "-" ]; then
			oldifs=$IFS; IFS=,
			for c in $codes; do expect_grep "$file code $c" "\"$c\"" "$TMPD/m.json"; done
			IFS=$oldifs
		fi
	done <"$TMPD/eyp.lst"
fi

[ "$ran" -eq 1 ] || skip_all "no e-Yazışma samples available"
finish
