#!/bin/sh
# The shared library exports the public okc_* API and nothing else: no
# internal okc__* helper, no symbol of another prefix.
. "$(dirname "$0")/lib.sh"
so=$(ls "$top_builddir"/.libs/libokc.so.* 2>/dev/null | head -1)
[ -n "$so" ] || skip_all "no shared libokc in this build"
command -v nm >/dev/null 2>&1 || skip_all "nm not installed"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' >"$TMPD/syms"
expect_eq "exports something" 1 "$([ -s "$TMPD/syms" ] && echo 1 || echo 0)"
expect_eq "no internal okc__ symbols" "" "$(grep '^okc__' "$TMPD/syms" | head -5 | tr '\n' ' ')"
expect_eq "only okc_ symbols" "" "$(grep -v '^okc_' "$TMPD/syms" | head -5 | tr '\n' ' ')"
for f in okc_ctx_new okc_verify_file okc_report_write_json okc_strerror okc_classify_mem okc_tckn_valid; do
	grep -qx "$f" "$TMPD/syms" && ok || bad "$f not exported"
done
finish
