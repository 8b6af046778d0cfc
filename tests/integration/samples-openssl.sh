#!/bin/sh
# Cross-check samples/MANIFEST against OpenSSL: for every line whose OPENSSL
# column is `accepts` or `rejects`, run
#   openssl cms -verify -binary -CAfile ANCHORS -attime AT -purpose any
# (with -content for detached samples) and compare.  This keeps the
# generated samples honest independently of libokc: a "valid" sample must
# verify with a second implementation, and a negative one that OpenSSL
# accepts is declared so in the MANIFEST ("needs checks OpenSSL does not
# make").
. "${top_srcdir:?}/tests/integration/lib.sh"

command -v openssl >/dev/null 2>&1 || skip_all "openssl not installed"
[ -f "$SAMPLES/MANIFEST" ] || skip_all "no samples/MANIFEST"

# ISO 8601 UTC -> seconds since the epoch, without GNU date extensions
# being required for anything but the conversion itself.
epoch() { date -u -d "$(echo "$1" | sed 's/T/ /; s/Z$//')" +%s; }

while read -r file anchors at ind sub level decision codes openssl opts; do
	case $file in ''|\#*) continue ;; esac
	case $openssl in accepts|rejects) ;; *) continue ;; esac
	ca="$TMPD/anchors.pem"
	: >"$ca"
	for a in $(echo "$anchors" | tr ',' ' '); do
		cat "$SAMPLES/$a" >>"$ca"
	done
	set -- cms -verify -binary -inform DER -in "$SAMPLES/$file" \
		-CAfile "$ca" -attime "$(epoch "$at")" -purpose any \
		-out "$TMPD/content"
	for o in $(echo "$opts" | tr ',' ' '); do
		case $o in
		detached=*) set -- "$@" -content "$SAMPLES/${o#detached=}" ;;
		esac
	done
	if openssl "$@" >"$TMPD/log" 2>&1; then got=accepts; else got=rejects; fi
	if [ "$got" = "$openssl" ]; then
		ok
	else
		bad "$file: openssl $got, MANIFEST says $openssl"
		sed 's/^/  | /' "$TMPD/log" | head -5
	fi
done <"$SAMPLES/MANIFEST"

[ $((T_PASS + T_FAIL)) -gt 0 ] || skip_all "no OpenSSL-checkable samples"
finish
