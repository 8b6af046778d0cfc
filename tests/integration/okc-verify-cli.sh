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

finish
