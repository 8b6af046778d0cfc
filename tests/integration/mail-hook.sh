#!/bin/sh
# The mail-gateway hook end to end: --stdout, the spool (raw copy byte for
# byte, documents by SHA-256, record in new/, reply in outbox/), redelivery,
# replies suppressed for automatic mail and bounces, unreadable messages
# still recorded, --send-with, --check-config and the exit codes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mail-lib.sh"

make_mail 1 >"$TMPD/m1.eml"

# ---- --stdout: the record, the reply ----
expect_exit "stdout mode" 0 hook --stdout --reply-out "$TMPD/reply1.eml" <"$TMPD/m1.eml"
cp "$TMPD/out" "$TMPD/rec1.json"
expect_eq "source kind" mail "$("$JGET" "$TMPD/rec1.json" .source.kind)"
expect_eq "message id" "app-1@ornek.com.tr" "$("$JGET" "$TMPD/rec1.json" .source.message_id)"
expect_eq "subject decoded" "ÖKC başvurusu 1" "$("$JGET" "$TMPD/rec1.json" .source.subject)"
expect_eq "one document" 1 "$("$JGET" "$TMPD/rec1.json" ".mail.documents|length")"
expect_eq "RFC 2231 name" "başvuru listesi 1.csv" "$("$JGET" "$TMPD/rec1.json" ".mail.documents[0].name")"
expect_eq "document sha" "$(printf 'seri\nAB00000001' | sha256sum | cut -d' ' -f1)" \
	"$("$JGET" "$TMPD/rec1.json" ".mail.documents[0].sha256")"
expect_eq "reply composed" composed "$("$JGET" "$TMPD/rec1.json" .mail.reply.status)"
expect_grep "reply quotes the Message-ID" "app-1@ornek.com.tr" "$TMPD/reply1.eml"
expect_grep "reply is auto-submitted" "^Auto-Submitted: auto-replied" "$TMPD/reply1.eml"
expect_grep "reply goes to the sender" "^To: basvuru1@ornek.com.tr" "$TMPD/reply1.eml"
decision=$("$JGET" "$TMPD/rec1.json" .decision)
expect_grep "reply states the decision" "^X-OKC-Decision: $decision" "$TMPD/reply1.eml"

# ---- the spool ----
S="$TMPD/spool"
expect_exit "first delivery" 0 hook --spool "$S" <"$TMPD/m1.eml"
expect_eq "one record" 1 "$(count "$S/new")"
rec=$(ls "$S"/new/*.json)
id=$("$JGET" "$rec" .id)
expect_eq "record named by id" "$S/new/$id.json" "$rec"
sha=$(sha256sum <"$TMPD/m1.eml" | cut -d' ' -f1)
if cmp -s "$TMPD/m1.eml" "$S/raw/$sha.eml"; then ok; else bad "raw copy differs"; fi
expect_eq "raw path in record" "raw/$sha.eml" "$("$JGET" "$rec" .spool.raw)"
expect_eq "one document stored" 1 "$(count "$S/documents")"
expect_eq "reply in outbox" 1 "$(count "$S/outbox")"
expect_eq "reply file" "outbox/$id.eml" "$("$JGET" "$rec" .mail.reply.file)"
expect_eq "tmp empty" 0 "$(count "$S/tmp")"
check_spool_consistent "$S"
# the same record as --stdout gives (the id is stable)
expect_eq "stable id" "$("$JGET" "$TMPD/rec1.json" .id)" "$id"

# ---- redelivery: same id, no duplicate ----
expect_exit "redelivery" 0 hook --spool "$S" <"$TMPD/m1.eml"
expect_grep "redelivery noticed" "already in the spool" "$TMPD/err"
expect_eq "still one record" 1 "$(count "$S/new")"
expect_eq "still one reply" 1 "$(count "$S/outbox")"
# taken by the order system meanwhile
mv "$rec" "$S/cur/"
expect_exit "redelivery after pickup" 0 hook --spool "$S" <"$TMPD/m1.eml"
expect_eq "not re-created in new/" 0 "$(count "$S/new")"

# ---- automatic mail and bounces get a record but no reply ----
make_mail 2 "Auto-Submitted: auto-replied" >"$TMPD/m2.eml"
expect_exit "auto-submitted" 0 hook --spool "$S" <"$TMPD/m2.eml"
r2=$(grep -l "app-2@" "$S"/new/*.json)
expect_eq "auto: suppressed" suppressed "$("$JGET" "$r2" .mail.reply.status)"
expect_eq "auto: why" auto-submitted "$("$JGET" "$r2" .mail.reply.suppressed_because)"
make_mail 3 "List-Id: <duyuru.ornek.com.tr>" >"$TMPD/m3.eml"
expect_exit "list mail" 0 hook --spool "$S" <"$TMPD/m3.eml"
r3=$(grep -l "app-3@" "$S"/new/*.json)
expect_eq "list: why" mailing-list "$("$JGET" "$r3" .mail.reply.suppressed_because)"
make_mail 4 >"$TMPD/m4.eml"
expect_exit "null envelope sender" 0 hook --spool "$S" --sender "" <"$TMPD/m4.eml"
r4=$(grep -l "app-4@" "$S"/new/*.json)
expect_eq "bounce: why" bounce "$("$JGET" "$r4" .mail.reply.suppressed_because)"
expect_eq "only the first reply queued" 1 "$(count "$S/outbox")"

# ---- a message nobody can understand still gets a record and raw copy ----
printf '\001\002garbage\377\n' >"$TMPD/junk.eml"
expect_exit "garbage" 0 hook --spool "$S" <"$TMPD/junk.eml"
rj=$(grep -l "MAIL_MALFORMED" "$S"/new/*.json | head -1)
[ -n "$rj" ] && ok || bad "no record for garbage"
[ -n "$rj" ] && expect_eq "garbage: not accepted" 1 \
	"$([ "$("$JGET" "$rj" .decision)" != ACCEPTED ] && echo 1 || echo 0)"
jsha=$(sha256sum <"$TMPD/junk.eml" | cut -d' ' -f1)
if cmp -s "$TMPD/junk.eml" "$S/raw/$jsha.eml"; then ok; else bad "garbage raw copy"; fi
: >"$TMPD/empty.eml"
expect_exit "empty message" 0 hook --spool "$S" <"$TMPD/empty.eml"

# ---- over the size limit: recorded with MAIL_TOO_LARGE, raw kept whole ----
make_mail 5 >"$TMPD/m5.eml"
expect_exit "too large" 0 hook --spool "$S" --max-size 200 <"$TMPD/m5.eml"
r5=$(grep -l "MAIL_TOO_LARGE" "$S"/new/*.json | head -1)
[ -n "$r5" ] && ok || bad "no MAIL_TOO_LARGE record"
sha5=$(sha256sum <"$TMPD/m5.eml" | cut -d' ' -f1)
if cmp -s "$TMPD/m5.eml" "$S/raw/$sha5.eml"; then ok; else bad "large raw copy"; fi

check_spool_consistent "$S"

# ---- --send-with: the reply handed to a sendmail stand-in ----
cat >"$TMPD/fake-sendmail" <<SH
#!/bin/sh
printf '%s\n' "\$@" >"$TMPD/sendmail.args"
cat >"$TMPD/sendmail.msg"
SH
chmod +x "$TMPD/fake-sendmail"
S2="$TMPD/spool2"
make_mail 6 >"$TMPD/m6.eml"
expect_exit "send-with" 0 hook --spool "$S2" --send-with "$TMPD/fake-sendmail" <"$TMPD/m6.eml"
expect_eq "handed over" 1 "$(count "$S2/outbox/sent")"
expect_eq "outbox emptied" 0 "$(count "$S2/outbox")"
expect_grep "null envelope sender" "^<>$" "$TMPD/sendmail.args"
expect_grep "recipient" "^basvuru6@ornek.com.tr$" "$TMPD/sendmail.args"
expect_grep "the reply was piped" "X-OKC-Intake-Reply" "$TMPD/sendmail.msg"
# a failing sendmail leaves the reply in outbox/ and the record written
S3="$TMPD/spool3"
expect_exit "send-with failing" 0 hook --spool "$S3" --send-with /bin/false <"$TMPD/m6.eml"
expect_eq "reply kept" 1 "$(count "$S3/outbox")"
expect_eq "record written" 1 "$(count "$S3/new")"
# the next delivery of the same message hands it over
expect_exit "retry send" 0 hook --spool "$S3" --send-with "$TMPD/fake-sendmail" <"$TMPD/m6.eml"
expect_eq "sent on retry" 1 "$(count "$S3/outbox/sent")"

# ---- --check-config ----
mkdir -p "$TMPD/ts"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=okc-test \
	-days 2 -keyout "$TMPD/ts.key" -out "$TMPD/ts/root.pem" >/dev/null 2>&1
expect_exit "check-config ok" 0 "$OKC_INTAKE" --spool "$S" --trust-store "$TMPD/ts" \
	--data-dir "$top_srcdir/data" --check-config
expect_grep "spool ok" "^spool .*: ok" "$TMPD/out"
rm -rf "$S2/new"; : >"$S2/new"
expect_exit "check-config broken spool" 78 "$OKC_INTAKE" --spool "$S2" --trust-store "$TMPD/ts" \
	--data-dir "$top_srcdir/data" --check-config
expect_grep "names the problem" "BROKEN" "$TMPD/out"
expect_exit "check-config no trust store" 78 "$OKC_INTAKE" --spool "$S" --trust-store "$TMPD/nonexistent" --check-config
expect_grep "names the trust store" "^trust store .*BROKEN" "$TMPD/out"
mkdir -p "$TMPD/empty-ts"
expect_exit "check-config empty trust store" 78 "$OKC_INTAKE" --spool "$S" --trust-store "$TMPD/empty-ts" --check-config

# ---- a spool that cannot be written is a retry, not a loss ----
: >"$TMPD/notadir"
expect_exit "unwritable spool" 75 hook --spool "$TMPD/notadir/spool" <"$TMPD/m1.eml"
expect_exit "usage" 64 hook --bogus

finish
