#!/bin/sh
# The library API for the order system: install into a temporary prefix
# (make install DESTDIR=...), build doc/examples/order-system.c with
# pkg-config against the installed okc.pc, and run it on a fixture.
. "$(dirname "$0")/lib.sh"
command -v pkg-config >/dev/null 2>&1 || skip_all "pkg-config not installed"
so=$(ls "$top_builddir"/.libs/libokc.so 2>/dev/null | head -1)
[ -n "$so" ] || skip_all "no shared libokc in this build"
# A sanitizer build's library needs the sanitizer runtime in the program.
if nm -D "$so" 2>/dev/null | grep -q __asan; then
	skip_all "sanitizer build"
fi
dest="$TMPD/root"
(unset MAKEFLAGS MFLAGS; make -s -C "$top_builddir" install DESTDIR="$dest" \
	>"$TMPD/install.log" 2>&1) || { cat "$TMPD/install.log" | tail -20; bad "make install"; finish; exit 1; }
pc=$(find "$dest" -name okc.pc | head -1)
expect_eq "okc.pc installed" 1 "$([ -n "$pc" ] && echo 1 || echo 0)"
expect_eq "intake.h installed" 1 "$(find "$dest" -name intake.h | grep -c okc/intake.h)"
expect_eq "prefix table installed" 1 "$(find "$dest" -name okc-prefixes.tsv | wc -l | tr -d ' ')"
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$dest"
flags=$(pkg-config --cflags --libs okc) || bad "pkg-config okc"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$TMPD/order-system" \
	"$top_srcdir/doc/examples/order-system.c" $flags 2>"$TMPD/cc.log"
expect_eq "example builds" 0 $?
sed 's/^/  | /' "$TMPD/cc.log" | head -10
libdir=$(dirname "$(find "$dest" -name 'libokc.so' | head -1)")
datadir=$(dirname "$(find "$dest" -name okc-prefixes.tsv | head -1)")
(cd "$TMPD" && LD_LIBRARY_PATH="$libdir" ./order-system --data-dir "$datadir" \
	--at 2026-06-01T12:00:00Z "$top_srcdir/tests/data/intake/list-1254.csv" >out.txt)
expect_eq "unsigned list is rejected (exit 1)" 1 $?
expect_grep "decision line" "^decision: REJECTED" "$TMPD/out.txt"
expect_grep "reason line" "^reason: INTAKE_NOT_SIGNED \[error\]" "$TMPD/out.txt"
expect_eq "record written" 3 "$("$JGET" "$TMPD/record.json" .application.serial_count)"
finish
