#!/bin/sh
# trust-store/MANIFEST against the real Turkish roots (../shared, optional):
# every pin equals the SHA-256 of the certificate it names, and a trust
# store built from those files with the MANIFEST trusts exactly them.
. "${top_srcdir:?}/tests/integration/lib.sh"

MANIFEST="$top_srcdir/trust-store/MANIFEST"
ROOTS="$SHARED/trust-anchors-public/nes-roots"
[ -f "$MANIFEST" ] || skip_all "no trust-store/MANIFEST"
[ -d "$ROOTS" ] || skip_all "$ROOTS not present"
command -v openssl >/dev/null 2>&1 || skip_all "openssl not installed"

STORE="$TMPD/store"
mkdir -p "$STORE"
cp "$MANIFEST" "$STORE/MANIFEST"
n=0
while read -r pin file rest; do
	case $pin in ''|\#*) continue ;; esac
	n=$((n + 1))
	if [ ! -f "$ROOTS/$file" ]; then
		bad "$file named by MANIFEST is not in $ROOTS"
		continue
	fi
	fp=$(openssl x509 -in "$ROOTS/$file" -noout -fingerprint -sha256 |
	     sed 's/.*=//; s/://g')
	expect_eq "$file pin" "$pin" "$fp"
	cp "$ROOTS/$file" "$STORE/$file"
done <"$MANIFEST"
[ "$n" -ge 20 ] && ok || bad "only $n pins"

AT=--at=2026-06-01T12:00:00Z
# A pinned current root validates through the store ...
expect_exit "pinned v6 trusted" 0 "$OKC_VERIFY" --json --trust-store "$STORE" \
	$AT --cert "$ROOTS/kamusm-kok-v6.pem"
# ... an unpinned certificate in the store is refused and reported.
cp "$SAMPLES/pki/root-rsa.pem" "$STORE/intruder.pem" 2>/dev/null ||
	cp "$SHARED/trust-anchors-public/ssl-roots/kamusm-ssl-kok-v1.pem" "$STORE/intruder.pem"
expect_exit "unpinned not trusted" 2 "$OKC_VERIFY" --json --trust-store "$STORE" \
	$AT --cert "$STORE/intruder.pem"
expect_grep "unpinned reported" CADES_TRUST_ANCHOR_NOT_PINNED "$TMPD/out"
expect_grep "unpinned untrusted" CADES_CHAIN_UNTRUSTED "$TMPD/out"
finish
