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

# The signatures inside the valid .eyp packages are genuine: each verifies
# with OpenSSL and its signed content is exactly the digest file it must
# cover (ImzaCades -> PaketOzeti, paraf -> ParafOzeti, seal -> NihaiOzet).
if command -v unzip >/dev/null 2>&1; then
	at=$(epoch 2026-06-01T12:00:00Z)
	for pkg in "$SAMPLES"/eyp/v*-ok-*.eyp; do
		[ -f "$pkg" ] || continue
		x="$TMPD/x"
		rm -rf "$x"
		mkdir -p "$x"
		(cd "$x" && unzip -q "$pkg") || { bad "$pkg: unzip failed"; continue; }
		for pair in Imzalar/ImzaCades.imz:PaketOzeti/PaketOzeti.xml \
			    Paraflar/ParafImzaCades.imz:ParafOzeti/ParafOzeti.xml \
			    Muhur/MuhurCades.imz:NihaiOzet/NihaiOzet.xml \
			    Muhurler/MuhurCades.imz:NihaiOzet/NihaiOzet.xml; do
			sig=${pair%%:*}
			doc=${pair#*:}
			[ -f "$x/$sig" ] || continue
			if openssl cms -verify -binary -inform DER -in "$x/$sig" \
				-CAfile "$SAMPLES/pki/root-rsa.pem" -attime "$at" \
				-purpose any -out "$x/signed" >/dev/null 2>&1 &&
			   cmp -s "$x/signed" "$x/$doc"; then
				ok
			else
				bad "$(basename "$pkg"): $sig does not verify over $doc"
			fi
		done
	done
fi

[ $((T_PASS + T_FAIL)) -gt 0 ] || skip_all "no OpenSSL-checkable samples"
finish
