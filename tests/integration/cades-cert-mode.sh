#!/bin/sh
# okc-verify --cert: certificate mode over the samples' test PKI.
. "${top_srcdir:?}/tests/integration/lib.sh"

PKI="$SAMPLES/pki"
[ -f "$PKI/nes-rsa.pem" ] && [ -f "$PKI/ca-rsa.pem" ] || skip_all "no samples/pki"
AT=--at=2026-06-01T12:00:00Z
T="--no-default-trust --anchor $PKI/root-rsa.pem"

expect_exit "valid NES path" 0 "$OKC_VERIFY" --json $T $AT \
	--cert "$PKI/nes-rsa.pem" --untrusted "$PKI/ca-rsa.pem"
cp "$TMPD/out" "$TMPD/ok.json"
expect_eq "format" certificate "$("$JGET" "$TMPD/ok.json" .format)"
expect_eq "path valid" true "$("$JGET" "$TMPD/ok.json" .certificate.path_valid)"
expect_eq "chain length" 3 "$("$JGET" "$TMPD/ok.json" '.certificate.chain|length')"
expect_eq "qualified" true "$("$JGET" "$TMPD/ok.json" .certificate.qualified)"
expect_grep "revocation not checked" CADES_REVOCATION_NOT_CHECKED "$TMPD/ok.json"

expect_exit "intermediate missing" 2 "$OKC_VERIFY" --json $T $AT \
	--cert "$PKI/nes-rsa.pem"
expect_grep "untrusted" CADES_CHAIN_UNTRUSTED "$TMPD/out"

expect_exit "depth cap" 2 "$OKC_VERIFY" --json $T $AT \
	--cert "$PKI/nes-rsa.pem" --untrusted "$PKI/ca-rsa.pem" --max-depth 2
expect_grep "too long" CADES_CHAIN_TOO_LONG "$TMPD/out"

if [ -f "$PKI/revoked.pem" ] && [ -f "$PKI/crl/ca-rsa.crl" ] &&
   [ -f "$PKI/crl/root-rsa.crl" ]; then
	expect_exit "revoked by CRL" 1 "$OKC_VERIFY" --json $T $AT \
		--cert "$PKI/revoked.pem" --untrusted "$PKI/ca-rsa.pem" \
		--crl "$PKI/crl/ca-rsa.crl" --crl "$PKI/crl/root-rsa.crl"
	expect_grep "revoked" CADES_CERT_REVOKED "$TMPD/out"
	expect_exit "good with CRLs" 0 "$OKC_VERIFY" --json $T $AT \
		--cert "$PKI/nes-rsa.pem" --untrusted "$PKI/ca-rsa.pem" \
		--crl "$PKI/crl/ca-rsa.crl" --crl "$PKI/crl/root-rsa.crl"
	expect_eq "revocation status" good \
		"$("$JGET" "$TMPD/out" '.certificate.chain[0].revocation_status')"
fi

expect_exit "expired leaf" 2 "$OKC_VERIFY" --json $T $AT \
	--cert "$PKI/expired.pem" --untrusted "$PKI/ca-rsa.pem"
expect_grep "expired" CADES_CERT_EXPIRED "$TMPD/out"

expect_exit "rogue root" 2 "$OKC_VERIFY" --json $T $AT \
	--cert "$PKI/rogue-leaf.pem" --untrusted "$PKI/rogue-ca.pem"
expect_grep "rogue untrusted" CADES_CHAIN_UNTRUSTED "$TMPD/out"

expect_exit "--cert with FILE operands" 64 "$OKC_VERIFY" --cert "$PKI/nes-rsa.pem" x
expect_exit "--crl without --cert" 64 "$OKC_VERIFY" --crl x y.imz
expect_exit "bad --max-depth" 64 "$OKC_VERIFY" --cert "$PKI/nes-rsa.pem" --max-depth zero
expect_exit "missing --untrusted file" 66 "$OKC_VERIFY" $T $AT \
	--cert "$PKI/nes-rsa.pem" --untrusted "$TMPD/none.pem"

# Real Turkish roots, when ../shared is there: a production root validates
# as its own anchor at a time inside its validity.
ROOTS="$SHARED/trust-anchors-public/nes-roots"
if [ -f "$ROOTS/kamusm-kok-v6.pem" ]; then
	expect_exit "Kamu SM root v6" 0 "$OKC_VERIFY" --json --no-default-trust \
		--anchor "$ROOTS/kamusm-kok-v6.pem" $AT --cert "$ROOTS/kamusm-kok-v6.pem"
	expect_grep "v6 fingerprint" AA466D3B528DC947 "$TMPD/out"
	expect_exit "v6 not trusted by the test root" 2 "$OKC_VERIFY" $T $AT \
		--cert "$ROOTS/kamusm-kok-v6.pem"
else
	echo "SKIP: $ROOTS not present"
fi
finish
