#!/bin/sh
# okc-verify's command-line contract: options, exit codes, JSON shape.
. "$(dirname "$0")/lib.sh"
AT=--at=2026-11-25T10:00:00Z

expect_exit "--version" 0 "$OKC_VERIFY" --version
expect_grep "--version text" "okc-verify (okc-intake) " "$TMPD/out"
expect_exit "--help" 0 "$OKC_VERIFY" --help
expect_grep "--help mentions exit codes" "64 usage error" "$TMPD/out"
expect_exit "no file" 64 "$OKC_VERIFY"
expect_exit "unknown option" 64 "$OKC_VERIFY" --no-such-option x
expect_exit "bad --at" 64 "$OKC_VERIFY" --at=yesterday x
expect_exit "--at without zone" 64 "$OKC_VERIFY" --at=2026-11-25T10:00:00 x
expect_exit "unreadable file" 66 "$OKC_VERIFY" "$TMPD/does-not-exist.imz"
expect_grep "unreadable names the file" "does-not-exist.imz" "$TMPD/err"

# A document without a signature is never a pass: INDETERMINATE, exit 2.
printf '%%PDF-1.4\n%%%%EOF\n' >"$TMPD/liste.pdf"
expect_exit "pdf is indeterminate" 2 "$OKC_VERIFY" --json $AT "$TMPD/liste.pdf"
cp "$TMPD/out" "$TMPD/pdf.json"
expect_eq "okc_report schema" 1 "$("$JGET" "$TMPD/pdf.json" .okc_report)"
expect_eq "indication" INDETERMINATE "$("$JGET" "$TMPD/pdf.json" .indication)"
expect_eq "subindication" FORMAT_FAILURE "$("$JGET" "$TMPD/pdf.json" .subindication)"
expect_eq "format" pdf "$("$JGET" "$TMPD/pdf.json" .format)"
expect_eq "validation_time" 2026-11-25T10:00:00Z "$("$JGET" "$TMPD/pdf.json" .validation_time)"
expect_eq "reason code" CORE_UNSUPPORTED_FORMAT "$("$JGET" "$TMPD/pdf.json" '.reasons[0].code')"
expect_eq "signatures empty" 0 "$("$JGET" "$TMPD/pdf.json" '.signatures|length')"
"$JGET" "$TMPD/pdf.json" '.reasons[0].message_tr' >/dev/null && ok || bad "message_tr missing"

# An empty .imz is a failed document (exit 1), and the text summary says why.
: >"$TMPD/bos.imz"
expect_exit "empty imz fails" 1 "$OKC_VERIFY" $AT "$TMPD/bos.imz"
expect_grep "text summary" "TOTAL_FAILED / FORMAT_FAILURE" "$TMPD/out"
expect_grep "text has Turkish" "Belge boş." "$TMPD/out"

# Several files: JSON Lines, worst exit code wins (failed over indeterminate).
expect_exit "several files" 1 "$OKC_VERIFY" --json $AT "$TMPD/liste.pdf" "$TMPD/bos.imz"
expect_eq "JSON Lines count" 2 "$(wc -l <"$TMPD/out" | tr -d ' ')"
expect_eq "second line" CORE_EMPTY_INPUT "$("$JGET" "$TMPD/out" '#1.reasons[0].code')"

# The reason catalogue lists every code once, with both languages.
expect_exit "--list-reasons" 0 "$OKC_VERIFY" --list-reasons
expect_grep "catalogue has core codes" "^CORE_NO_SIGNATURE	" "$TMPD/out"
expect_eq "no duplicate codes" "$(cut -f1 "$TMPD/out" | sort | uniq -d | wc -l)" 0

# --jobs N: the same reports, diagnostics and exit status as --jobs 1, in
# the order of the operands (the CAdES samples, an unreadable file and an
# empty one in between; more workers than files is fine too).
if [ -d "$SAMPLES/cades" ]; then
	set -- "$SAMPLES"/cades/*.imz
	set -- "$@" "$TMPD/does-not-exist.imz" "$TMPD/bos.imz" "$SAMPLES"/cades/*.p7s
	A="--anchor $SAMPLES/pki/root-rsa.pem --anchor $SAMPLES/pki/root-ec.pem"
	# shellcheck disable=SC2086
	expect_exit "--jobs 1" 66 "$OKC_VERIFY" --json --no-default-trust --offline $A $AT "$@"
	cp "$TMPD/out" "$TMPD/j1.out"; cp "$TMPD/err" "$TMPD/j1.err"
	expect_eq "--jobs 1 reports one line per readable file" $(($# - 1)) \
		"$(wc -l <"$TMPD/j1.out" | tr -d ' ')"
	for j in 2 3 200; do
		# shellcheck disable=SC2086
		expect_exit "--jobs $j exit status" 66 "$OKC_VERIFY" --json --no-default-trust \
			--offline $A $AT --jobs $j "$@"
		cmp -s "$TMPD/j1.out" "$TMPD/out" && ok || bad "--jobs $j: reports differ from --jobs 1"
		cmp -s "$TMPD/j1.err" "$TMPD/err" && ok || bad "--jobs $j: diagnostics differ from --jobs 1"
	done
	# shellcheck disable=SC2086
	expect_exit "--jobs 2 text" 66 "$OKC_VERIFY" --no-default-trust --offline $A $AT --jobs 2 "$@"
	cp "$TMPD/out" "$TMPD/j2.txt"
	# shellcheck disable=SC2086
	expect_exit "--jobs 1 text" 66 "$OKC_VERIFY" --no-default-trust --offline $A $AT "$@"
	cmp -s "$TMPD/j2.txt" "$TMPD/out" && ok || bad "--jobs 2: text differs from --jobs 1"
	# only passing files: exit 0 either way
	expect_exit "--jobs 2 all passed" 0 "$OKC_VERIFY" --no-default-trust --offline \
		--anchor "$SAMPLES/pki/root-rsa.pem" --at=2026-06-01T12:00:00Z --jobs 2 \
		"$SAMPLES/cades/xl-p4-rsa.imz" "$SAMPLES/cades/a-v3-p4-rsa.imz" \
		"$SAMPLES/cades/xl-p4-rsa.imz"
else
	echo "note: no samples; --jobs equivalence not checked"
fi
expect_exit "--jobs 0" 64 "$OKC_VERIFY" --jobs 0 x
expect_grep "--jobs range named" "from 1 to 256" "$TMPD/err"
expect_exit "--jobs not a number" 64 "$OKC_VERIFY" --jobs two x
expect_exit "--jobs with --cert" 64 "$OKC_VERIFY" --jobs 2 --cert x

finish
