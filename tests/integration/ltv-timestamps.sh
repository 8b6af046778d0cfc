#!/bin/sh
# Re-compute the inputs of the archive and CAdES-X time-stamps of the
# samples with an independent implementation (ltv-timestamps.py: Python
# standard library only, written from EN 319 122-1 5.5.2/5.5.3 and TS 101
# 733 6.3.5/6.3.6/6.4.1) and compare with the tokens' message imprints and
# hash indexes: valid samples must match, negative ones must not, and
# okc-verify must name the same hash index form.
. "${top_srcdir:?}/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_all "python3 not installed"
PY="$top_srcdir/tests/integration/ltv-timestamps.py"

# expect_py WHAT match|mismatch KIND FILE [MEMBER]
expect_py() {
	what=$1; want=$2; shift 2
	got=$(python3 "$PY" "$@" 2>&1)
	case $got in
	match) got=match ;;
	mismatch:*) got=mismatch ;;
	esac
	expect_eq "$what" "$want" "$got"
}

C=$SAMPLES/cades
expect_py "ats-hash-index-v3 sample" match ats-v3-en "$C/a-v3-p4-rsa.imz"
expect_py "TS 101 733 ATSHashIndex sample" match ats-v3-ts \
	"$C/a-v3-ts101733-p4-rsa.imz"
expect_py "ats-hash-index-v3 without hashIndAlgorithm" match ats-v3-en \
	"$C/a-v3-default-alg-p4-rsa.imz"
expect_py "ATSHashIndex is not the EN form" mismatch ats-v3-en \
	"$C/a-v3-ts101733-p4-rsa.imz"
expect_py "EN form is not the ATSHashIndex" mismatch ats-v3-ts \
	"$C/a-v3-p4-rsa.imz"
expect_py "seal v2 .eyp" match ats-v3-en "$SAMPLES/eyp/v2-ok-xlsx.eyp" \
	Muhur/MuhurCades.imz
expect_py "seal v1.3 .eyp" match ats-v3-en "$SAMPLES/eyp/v13-ok-xlsx.eyp" \
	Muhurler/MuhurCades.imz
for f in neg-ats-v3-attr-omitted neg-ats-v3-attr-changed neg-ats-v3-hash-alg \
	neg-ats-hash-index \
	neg-ats-imprint; do
	expect_py "$f" mismatch ats-v3-en "$C/$f.imz"
done
expect_py "archive time-stamp v2" match ats-v2 "$C/a-v2-p4-rsa.imz"
expect_py "archive time-stamp v2, detached content" match ats-v2 \
	"$C/a-v2-p4-rsa-detached.p7s" "content=$C/content.txt"
expect_py "archive time-stamp v1" match ats-v1 "$C/a-v1-p4-rsa.imz"
expect_py "archive time-stamp v1 negative" mismatch ats-v1 \
	"$C/neg-ats-v1-imprint.imz"
expect_py "ES-C time-stamp" match x1 "$C/x1-p4-rsa.imz"
expect_py "certs-and-CRLs time-stamp" match x2 "$C/x2-p4-rsa.imz"
expect_py "ES-C time-stamp negative" mismatch x1 "$C/neg-x1-imprint.imz"
expect_py "certs-and-CRLs time-stamp negative" mismatch x2 \
	"$C/neg-x2-imprint.imz"

# okc-verify reports the form of the hash index it checked.
for pair in "a-v3-p4-rsa:ats-hash-index-v3 (EN 319 122-1)" \
	"a-v3-ts101733-p4-rsa:ATSHashIndex (TS 101 733)"; do
	f=${pair%%:*}
	"$OKC_VERIFY" --json --offline --no-default-trust \
		--anchor "$SAMPLES/pki/root-rsa.pem" --at 2026-06-01T12:00:00Z \
		"$C/$f.imz" >"$TMPD/$f.json"
	expect_eq "$f hash index form" "${pair#*:}" \
		"$("$JGET" "$TMPD/$f.json" .signatures[0].timestamps[1].hash_index)"
done
finish
