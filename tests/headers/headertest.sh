#!/bin/sh
# Compile every public header alone with -std=c11 -pedantic -Werror: each
# must be self-contained and strictly conforming (as libgit2's headertest).
set -u
: "${CC:=cc}"
: "${top_srcdir:?}"
: "${top_builddir:?}"
pass=0; fail=0
for h in "$top_srcdir"/include/okc/*.h; do
	name=$(basename "$h")
	for std in c11 c99; do
		if printf '#include <okc/%s>\nint okc_headertest_dummy;\n' "$name" |
		   $CC -std=$std -pedantic -Wall -Wextra -Werror -fsyntax-only \
		       -I"$top_builddir/include" -I"$top_srcdir/include" -x c - ; then
			pass=$((pass + 1))
		else
			echo "FAIL: okc/$name does not compile alone (-std=$std)"
			fail=$((fail + 1))
		fi
	done
done
echo "headertest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
