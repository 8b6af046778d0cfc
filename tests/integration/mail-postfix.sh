#!/bin/bash
# The real MTA path: a private Postfix instance on 127.0.0.1 (its own
# config, queue and port; the system's Postfix is not touched or started)
# receives messages over SMTP and delivers them through pipe(8) to
# okc-intake, which spools them.  Checks: delivery, EX_TEMPFAIL turned into
# a deferral and a later successful retry, the reply handed back to Postfix
# (over SMTP, by a sendmail stand-in: Postfix's own sendmail refuses a private
# config directory to non-root users) and routed to a local "applicant" mailbox, and no mail loop
# when the applicant is the inbox itself.
# Postfix comes from Debian (installed here when missing and we are root);
# the test is skipped when it cannot run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mail-lib.sh"

[ "$(id -u)" = 0 ] || skip_all "a private Postfix instance needs root"
if ! command -v postfix >/dev/null 2>&1 && [ -x /usr/sbin/postfix ]; then
	PATH=$PATH:/usr/sbin
fi
if ! command -v postfix >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 || skip_all "no postfix and no apt-get"
	echo "installing postfix from Debian"
	printf '%s\n' "postfix postfix/main_mailer_type select Local only" \
		"postfix postfix/mailname string okc.test" | debconf-set-selections
	# The package would start the system's Postfix on port 25: forbid
	# service starts for the install (policy-rc.d, as in containers).
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq \
		--no-install-recommends postfix >"$TMPD/apt.log" 2>&1
	inst=$?
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
	[ "$inst" -eq 0 ] || skip_all "postfix could not be installed (see apt-get)"
	PATH=$PATH:/usr/sbin
fi
getent passwd postfix >/dev/null && getent group postdrop >/dev/null ||
	skip_all "postfix user/group missing"
getent passwd nobody >/dev/null || skip_all "no user nobody for pipe(8)"
command -v timeout >/dev/null 2>&1 || skip_all "no timeout(1)"

PF="$TMPD/pf"
CONF="$PF/conf"
SPOOL="$PF/spool"
MBOX="$PF/applicant.mbox"
mkdir -p "$CONF" "$PF/queue" "$PF/data" "$SPOOL"
# pipe(8) runs the hook as nobody: it must reach the build tree and own
# the spool; Postfix wants its queue under root-owned directories.
chmod 755 "$TMPD" "$PF"
chown nobody "$SPOOL"
chown postfix "$PF/data"
touch "$MBOX"; chown nobody "$MBOX"
PORT=$((24000 + $$ % 5000))
HOOK_REAL=$(cd "$top_builddir" && pwd)/okc-intake

cat >"$CONF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.okc.test
mydomain = okc.test
myorigin = okc.test
mydestination =
relay_domains = okc.test
transport_maps = inline:{ okc.test=okcintake:, ornek.com.tr=applicant: }
okcintake_destination_recipient_limit = 1
applicant_destination_recipient_limit = 1
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
local_recipient_maps =
relay_recipient_maps =
alias_maps =
alias_database =
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
smtputf8_enable = no
biff = no
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
smtpd_banner = \$myhostname ESMTP okc-test
CF
cat >"$CONF/master.cf" <<CF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
okcintake unix - n n - 10 pipe
  flags=DRhu user=nobody null_sender=
  argv=$HOOK_REAL --spool $SPOOL --sender \${sender} --offline --no-default-trust
    --reply-from basvuru@okc.test --send-with $PF/smtp-sendmail
applicant unix - n n - 1 pipe
  flags=FR user=nobody
  argv=/bin/sh -c {cat >>$MBOX}
CF

# A sendmail(1) stand-in that submits over SMTP: -i -f SENDER -- RCPT.
cat >"$PF/smtp-sendmail" <<SH
#!/bin/bash
while [ \$# -gt 0 ]; do
	case \$1 in -f) from=\$2; shift 2 ;; --) rcpt=\$2; shift 2 ;; *) shift ;; esac
done
[ "\$from" = "<>" ] && from=
exec 3<>/dev/tcp/127.0.0.1/$PORT || exit 75
expect() { while IFS= read -r -t 20 l <&3; do case \$l in "\$1 "*) return 0;; "\$1-"*) ;; *) exit 75;; esac; done; exit 75; }
expect 220
printf 'EHLO okc.test\r\n' >&3; expect 250
printf 'MAIL FROM:<%s>\r\n' "\$from" >&3; expect 250
printf 'RCPT TO:<%s>\r\n' "\$rcpt" >&3; expect 250
printf 'DATA\r\n' >&3; expect 354
sed -e 's/^\./../' -e 's/\$/\r/' >&3
printf '.\r\n' >&3; expect 250
printf 'QUIT\r\n' >&3
exit 0
SH
chmod 755 "$PF/smtp-sendmail"

stop_postfix() {
	postfix -c "$CONF" stop >/dev/null 2>&1
	pidf="$PF/queue/pid/master.pid"
	if [ -f "$pidf" ]; then
		pid=$(tr -d ' ' <"$pidf")
		i=0
		while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	fi
}
trap 'stop_postfix; if [ -n "${KEEP:-}" ]; then echo "kept $TMPD" >&2; else rm -rf "$TMPD"; fi' EXIT

postfix -c "$CONF" check >"$TMPD/pfcheck" 2>&1 ||
	skip_all "postfix check failed on the private config: $(tr "\n" " " <"$TMPD/pfcheck" | cut -c1-400)"
postfix -c "$CONF" start >"$TMPD/pfstart" 2>&1 ||
	skip_all "the private postfix did not start: $(tail -5 "$PF/maillog" "$TMPD/pfstart" 2>/dev/null | tr "\n" " " | cut -c1-600)"

# wait_for COUNT DIR: bounded polling for the asynchronous delivery
wait_for() {
	i=0
	while [ "$(count "$2")" -lt "$1" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
}

# smtp_send FROM RCPT FILE: one SMTP transaction over /dev/tcp
smtp_send() {
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	expect() { # code
		while IFS= read -r -t 20 line <&3; do
			case $line in "$1 "*) return 0 ;; "$1-"*) ;; *) echo "SMTP: $line" >&2; return 1 ;; esac
		done
		return 1
	}
	expect 220 || return 1
	printf 'EHLO client.ornek.com.tr\r\n' >&3; expect 250 || return 1
	printf 'MAIL FROM:<%s>\r\n' "$1" >&3; expect 250 || return 1
	printf 'RCPT TO:<%s>\r\n' "$2" >&3; expect 250 || return 1
	printf 'DATA\r\n' >&3; expect 354 || return 1
	# dot-stuffing (RFC 5321 4.5.2) and CRLF line ends
	sed -e 's/^\./../' -e 's/$/\r/' "$3" >&3
	printf '.\r\n' >&3; expect 250 || return 1
	printf 'QUIT\r\n' >&3; expect 221
	exec 3<&- 3>&-
	return 0
}

# wait for smtpd to listen
i=0
while ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

# ---- 1. a normal application ----
make_mail 21 >"$TMPD/a.eml"
smtp_send "basvuru21@ornek.com.tr" "basvuru@okc.test" "$TMPD/a.eml" && ok || bad "SMTP delivery 1"
wait_for 1 "$SPOOL/new"
expect_eq "delivered through pipe(8)" 1 "$(count "$SPOOL/new")"
rec=$(ls "$SPOOL"/new/*.json 2>/dev/null | head -1)
if [ -n "$rec" ]; then
	expect_eq "message id" "app-21@ornek.com.tr" "$("$JGET" "$rec" .source.message_id)"
	raw="$SPOOL/$("$JGET" "$rec" .spool.raw)"
	expect_grep "Postfix's Return-Path kept in the raw copy (flag R)" "^Return-Path: <basvuru21@ornek.com.tr>" "$raw"
	expect_grep "Delivered-To (flag D)" "^Delivered-To: basvuru@okc.test" "$raw"
	expect_grep "body intact" "^AB0000000" "$raw"
	expect_eq "reply sent through Postfix" 1 "$(count "$SPOOL/outbox/sent")"
fi
# the reply comes back to the applicant's mailbox through the MTA
i=0; while ! grep -q "X-OKC-Intake-Reply" "$MBOX" && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
expect_grep "applicant got the reply" "^X-OKC-Intake-Reply: " "$MBOX"
expect_grep "reply in reply to the application" "^In-Reply-To: <app-21@ornek.com.tr>" "$MBOX"
# pipe(8) flag R writes the null sender as <MAILER-DAEMON>
expect_grep "reply sent with a null envelope sender" "^Return-Path: <MAILER-DAEMON>" "$MBOX"

# ---- 2. EX_TEMPFAIL: Postfix defers, the retry delivers ----
chmod 0555 "$SPOOL/new"   # nobody cannot commit: the hook must exit 75
make_mail 22 >"$TMPD/b.eml"
smtp_send "basvuru22@ornek.com.tr" "basvuru@okc.test" "$TMPD/b.eml" && ok || bad "SMTP delivery 2"
i=0; while ! grep -q "status=deferred" "$PF/maillog" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
expect_grep "exit 75 is a deferral" "status=deferred" "$PF/maillog"
expect_eq "nothing committed while failing" 1 "$(count "$SPOOL/new")"
chmod 0750 "$SPOOL/new"
postqueue -c "$CONF" -f >/dev/null 2>&1
wait_for 2 "$SPOOL/new"
expect_eq "retry delivered" 2 "$(count "$SPOOL/new")"
grep -q "status=bounced" "$PF/maillog" && bad "a message bounced" || ok

# ---- 3. no loop: the applicant is the inbox itself ----
make_mail 23 >"$TMPD/c.eml"
sed -i 's/^From: .*/From: basvuru@okc.test/' "$TMPD/c.eml"
smtp_send "basvuru@okc.test" "basvuru@okc.test" "$TMPD/c.eml" && ok || bad "SMTP delivery 3"
# the application, then our reply to it arriving at the inbox
wait_for 4 "$SPOOL/new"
sleep 1
expect_eq "application + our own reply recorded, nothing more" 4 "$(count "$SPOOL/new")"
looped=$(grep -l '"suppressed_because": "auto-submitted"' "$SPOOL"/new/*.json | wc -l)
expect_eq "our reply was not answered" 1 "$looped"

check_spool_consistent "$SPOOL"
finish
