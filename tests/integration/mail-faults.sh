#!/bin/sh
# Fault injection on the mail hook's spool:
#  - SIGKILL at every file-system step (through the failio shim) and at
#    random moments: never a partial or orphan record, and the retry
#    completes with exactly one record;
#  - a full disk (ENOSPC from the Nth write on), EIO from fsync, failing
#    link/rename: exit 75, nothing committed, nothing lost (the retry
#    completes);
#  - 50 concurrent deliveries of 20 distinct messages: exactly 20 records.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mail-lib.sh"
[ -f "$FAILIO" ] || skip_all "the failio shim is not built"

make_mail 7 >"$TMPD/m.eml"

# How many calls of each kind does one clean delivery make?
rm -f "$TMPD/counts"
"$LIBTOOL" --mode=execute env OKC_FAULT_COUNT="$TMPD/counts" LD_PRELOAD="$FAILIO" \
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
	"$OKC_INTAKE" --offline --no-default-trust --received-at 2026-06-01T12:00:00Z \
	--spool "$TMPD/probe" <"$TMPD/m.eml" >/dev/null 2>&1
ncalls() { awk -v op="$1" '$1 == op {print $2}' "$TMPD/counts" | tail -1; }
for op in write fsync link creat; do
	[ -n "$(ncalls $op)" ] && [ "$(ncalls $op)" -gt 0 ] && ok || bad "no $op calls counted"
done

# after_fault SPOOL RC: the invariants after an interrupted delivery
after_fault() {
	sp=$1; rc=$2; what=$3
	n=$(count "$sp/new")
	if [ "$rc" -ne 0 ] && [ "$n" -ne 0 ]; then
		# a record may exist only if the failure came after the commit
		check_spool_consistent "$sp"
	fi
	[ "$n" -le 1 ] && ok || bad "$what: $n records"
	check_spool_consistent "$sp"
	# the MTA's retry completes
	hook --spool "$sp" <"$TMPD/m.eml" >/dev/null 2>"$TMPD/retry.err"
	r=$?
	expect_eq "$what: retry exit" 0 "$r"
	expect_eq "$what: exactly one record" 1 "$(count "$sp/new")"
	check_spool_consistent "$sp"
	for f in "$sp"/new/*.json; do
		"$JGET" "$f" .id >/dev/null 2>&1 && ok || bad "$what: record is not complete JSON"
	done
}

# ---- SIGKILL at each step ----
for op in fsync link creat write; do
	total=$(ncalls $op)
	i=1
	while [ "$i" -le "$total" ]; do
		sp="$TMPD/kill-$op-$i"
		hook_faulty "$op:$i:KILL" --spool "$sp" <"$TMPD/m.eml" >/dev/null 2>&1
		rc=$?
		expect_eq "kill at $op #$i: killed" 137 "$rc"
		after_fault "$sp" "$rc" "kill at $op #$i"
		i=$((i + 1))
	done
done

# ---- SIGKILL at random moments (a slow disk simulated by a big message) ----
{
	make_mail 8 | sed '$d'
	printf -- '--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=big.bin\nContent-Transfer-Encoding: base64\n\n'
	head -c 3000000 /dev/urandom | base64
	printf -- '--b--\n'
} >"$TMPD/big.eml"
cp "$TMPD/m.eml" "$TMPD/m.keep"
cp "$TMPD/big.eml" "$TMPD/m.eml"
for k in 1 2 3 4 5 6; do
	sp="$TMPD/rand-$k"
	hook --spool "$sp" <"$TMPD/m.eml" >/dev/null 2>&1 &
	pid=$!
	# 0..0.25 s: somewhere between reading stdin and committing
	sleep "0.$(awk -v s="$k$$" 'BEGIN{srand(s); printf "%02d", int(rand()*25)}')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after_fault "$sp" 137 "random kill $k"
done
cp "$TMPD/m.keep" "$TMPD/m.eml"

# ---- full disk, I/O errors, failing link/rename: exit 75, nothing lost ----
for fault in write:1+:ENOSPC write:2+:ENOSPC write:3+:EDQUOT creat:1+:ENOSPC \
             creat:4+:ENOSPC fsync:1:EIO fsync:2:EIO fsync:3:EIO fsync:5:EIO \
             link:1:EIO link:2:ENOSPC link:3:EIO link:4:EROFS; do
	sp="$TMPD/fail-$(echo "$fault" | tr ':+' '__')"
	hook_faulty "$fault" --spool "$sp" <"$TMPD/m.eml" >/dev/null 2>"$TMPD/fail.err"
	rc=$?
	n=$(count "$sp/new" 2>/dev/null || echo 0)
	if [ "$rc" -eq 75 ]; then
		ok
		case $fault in
		fsync*) # the directory fsync after the record's link may be
			# the one failing: the record is then complete but not
			# known durable, and the retry finds it
			[ "$n" -le 1 ] && ok || bad "$fault: $n records" ;;
		*)	expect_eq "$fault: nothing committed" 0 "$n" ;;
		esac
		expect_grep "$fault: says why" "MTA will retry" "$TMPD/fail.err"
	elif [ "$rc" -eq 0 ]; then
		# the fault hit after the commit (e.g. the reply's hand-over)
		expect_eq "$fault: committed record" 1 "$n"
	else
		bad "$fault: exit $rc"
	fi
	expect_eq "$fault: no debris in tmp/" 0 "$(count "$sp/tmp" 2>/dev/null || echo 0)"
	after_fault "$sp" "$rc" "$fault"
done
# the outbox hand-over (rename) failing still leaves the record
cat >"$TMPD/ok-sendmail" <<SH
#!/bin/sh
cat >/dev/null
SH
chmod +x "$TMPD/ok-sendmail"
hook_faulty rename:1:EIO --spool "$TMPD/ren" --send-with "$TMPD/ok-sendmail" <"$TMPD/m.eml" >/dev/null 2>&1
expect_eq "rename failure after commit: exit" 0 "$?"
expect_eq "rename failure: record" 1 "$(count "$TMPD/ren/new")"

# ---- 50 concurrent deliveries of 20 distinct messages ----
C="$TMPD/conc"
i=0
while [ "$i" -lt 20 ]; do make_mail "c$i" >"$TMPD/c$i.eml"; i=$((i + 1)); done
i=0
while [ "$i" -lt 50 ]; do
	( hook --spool "$C" <"$TMPD/c$((i % 20)).eml" >/dev/null 2>&1; echo $? >"$TMPD/rc.$i" ) &
	i=$((i + 1))
done
wait
i=0; fails=0
while [ "$i" -lt 50 ]; do
	[ "$(cat "$TMPD/rc.$i")" = 0 ] || fails=$((fails + 1))
	i=$((i + 1))
done
expect_eq "concurrent: all exit 0" 0 "$fails"
expect_eq "concurrent: exactly 20 records" 20 "$(count "$C/new")"
expect_eq "concurrent: 20 raw messages" 20 "$(count "$C/raw")"
expect_eq "concurrent: 20 replies" 20 "$(count "$C/outbox")"
expect_eq "concurrent: tmp empty" 0 "$(count "$C/tmp")"
check_spool_consistent "$C"

finish
