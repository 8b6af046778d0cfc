#!/bin/sh
# Every mail sample of samples/MANIFEST through the hook (--stdout): the
# expected decision and codes, and a reply that states the decision and
# quotes the Message-ID (or no reply where RFC 3834 forbids one).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mail-lib.sh"
M="$SAMPLES/MANIFEST"
[ -f "$M" ] || skip_all "no samples/MANIFEST"
grep -v '^#' "$M" | awk '$1 ~ /^mail\// && $1 ~ /\.eml$/' >"$TMPD/mail.list"
[ -s "$TMPD/mail.list" ] || skip_all "no mail samples in the MANIFEST"

while read -r file anchors at ind sub level decision codes openssl options; do
	[ -n "$file" ] || continue
	set -- --stdout --offline --no-default-trust --at "$at" --received-at "$at" \
		--data-dir "$top_srcdir/data" --reply-from okc@kamusm.test \
		--reply-out "$TMPD/reply.eml"
	if [ "$anchors" != - ]; then
		for a in $(echo "$anchors" | tr ',' ' '); do set -- "$@" --anchor "$SAMPLES/$a"; done
	fi
	for opt in $(echo "$options" | tr ',' ' '); do
		case $opt in
		signers=*) set -- "$@" --signers "$SAMPLES/${opt#signers=}" ;;
		esac
	done
	rm -f "$TMPD/reply.eml"
	expect_exit "$file: exit" 0 "$OKC_INTAKE" "$@" <"$SAMPLES/$file"
	cp "$TMPD/out" "$TMPD/rec.json"
	# A signed sample needs the signature verifiers (cades, eyp modules);
	# a build without them says CORE_UNSUPPORTED_FORMAT, never a pass.
	if [ "$ind" != - ] && grep -q '"CORE_UNSUPPORTED_FORMAT"' "$TMPD/rec.json"; then
		echo "note: $file: verifier not in this build; decision not checked"
		expect_eq "$file: not accepted without a verifier" 1 \
			"$([ "$("$JGET" "$TMPD/rec.json" .decision)" != ACCEPTED ] && echo 1 || echo 0)"
		decision=$("$JGET" "$TMPD/rec.json" .decision)
	fi
	got=$("$JGET" "$TMPD/rec.json" .decision)
	expect_eq "$file: decision" "$decision" "$got"
	if [ "$codes" != - ]; then
		"$JGET" "$TMPD/rec.json" ".reasons|codes" >"$TMPD/codes"
		for c in $(echo "$codes" | tr ',' ' '); do
			grep -qx "$c" "$TMPD/codes" && ok || bad "$file: $c missing (has: $(tr '\n' ' ' <"$TMPD/codes"))"
		done
	fi
	status=$("$JGET" "$TMPD/rec.json" .mail.reply.status)
	if [ "$status" = composed ]; then
		expect_grep "$file: reply states the decision" "^X-OKC-Decision: $decision" "$TMPD/reply.eml"
		mid=$("$JGET" "$TMPD/rec.json" .source.message_id 2>/dev/null || true)
		[ -n "$mid" ] && expect_grep "$file: reply quotes the Message-ID" "^In-Reply-To: <$mid>" "$TMPD/reply.eml"
		expect_grep "$file: reply is bilingual" "English" "$TMPD/reply.eml"
	else
		expect_eq "$file: no reply composed" 1 "$([ ! -e "$TMPD/reply.eml" ] && echo 1 || echo 0)"
		echo "note: $file: reply $status ($("$JGET" "$TMPD/rec.json" .mail.reply.suppressed_because))"
	fi
done <"$TMPD/mail.list"
finish
