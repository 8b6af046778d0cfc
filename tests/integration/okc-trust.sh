#!/bin/sh
# okc-trust: depot import against the pinned manifest, the revocation cache
# (CRL index built once, corrupt index rebuilt), and online fetching proven
# against loopback servers this test starts and stops itself: a real OCSP
# responder (`openssl ocsp -port 0`) and a tiny HTTP server serving CRLs.
# Every certificate is generated here, at the current time, so nothing rots.
. "$(dirname "$0")/lib.sh"
OKC_TRUST="$top_builddir/okc-trust"
HTTPD="$top_builddir/tests/tools/httpd"
command -v openssl >/dev/null 2>&1 || { echo "SKIP: no openssl CLI"; exit 77; }
# Loopback only: never through a proxy.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$TMPD"
}
trap cleanup EXIT

expect_exit "--help" 0 "$OKC_TRUST" --help
expect_exit "no command" 64 "$OKC_TRUST"
expect_exit "unknown command" 64 "$OKC_TRUST" frobnicate

# ---- import-depot (needs ../shared/trust-anchors-public) ----
ANCH="$SHARED/trust-anchors-public"
if [ -d "$ANCH/nes-roots" ]; then
	ST="$TMPD/store"; mkdir -p "$ST"
	cp "$top_srcdir/trust-store/MANIFEST" "$ST/MANIFEST"
	# A depot as Kamu SM publishes it: <koksertifika><mValue>base64 DER.
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<!DOCTYPE depo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>'
		echo '<depo>'
		for f in "$ANCH"/nes-roots/*.pem "$ANCH"/ssl-roots/*.pem "$ANCH"/test-only/*.pem; do
			printf '<koksertifika><mKokSertifikaNo>1</mKokSertifikaNo><mValue>'
			openssl x509 -in "$f" -outform DER | openssl base64 -A
			echo '</mValue></koksertifika>'
		done
		echo '<koksertifika><mValue>&xxe;</mValue></koksertifika>'
		echo '</depo>'
	} >"$TMPD/SertifikaDeposu.xml"
	n_nes=$(ls "$ANCH"/nes-roots/*.pem | wc -l)
	n_other=$(ls "$ANCH"/ssl-roots/*.pem "$ANCH"/test-only/*.pem | wc -l)
	expect_exit "import-depot" 0 "$OKC_TRUST" -t "$ST" import-depot "$TMPD/SertifikaDeposu.xml"
	cp "$TMPD/out" "$TMPD/import.out"
	expect_eq "pinned roots imported" "$n_nes" "$(grep -c '^IMPORTED' "$TMPD/import.out")"
	expect_eq "unpinned roots rejected" "$((n_other + 1))" "$(grep -c '^REJECTED' "$TMPD/import.out")"
	expect_grep "TEST root rejected" "Kamu SM TEST\|TEST.*not pinned\|not pinned" "$TMPD/import.out"
	if grep -q 'root:' "$TMPD/import.out" "$ST"/*.pem; then bad "external entity expanded"; else ok; fi
	expect_eq "anchor files written" "$n_nes" "$(ls "$ST"/*.pem | wc -l)"
	expect_exit "list" 0 "$OKC_TRUST" -t "$ST" --at 2026-06-01T00:00:00Z list
	expect_grep "v6 valid in 2026" "kamusm-kok-v6.pem	nes	AA466D3B528DC947C7E1DCA594C0DEB4A1D2B987C119125FCD7435DE92A23C60	2019-08-09" "$TMPD/out"
	if grep '	kamusm-kok-v4.pem	' "$TMPD/out" | grep -q '	expired	'; then ok; else bad "v4 not expired"; fi
	if grep '	kamusm-kurumsal-kok-v2.pem	' "$TMPD/out" | grep -q '	seal	'; then ok; else bad "kurumsal role"; fi
	# an unpinned certificate placed in the store is a problem for list/check
	cp "$ANCH"/test-only/*.pem "$ST/intruder.pem"
	expect_exit "list flags unpinned" 1 "$OKC_TRUST" -t "$ST" list
	expect_grep "unpinned reported" "REJECTED.*not pinned in the manifest" "$TMPD/out"
	# a damaged manifest is refused, never half-used
	echo "nothex  x  nes" >>"$ST/MANIFEST"
	expect_exit "bad manifest" 70 "$OKC_TRUST" -t "$ST" import-depot "$TMPD/SertifikaDeposu.xml"
	expect_grep "bad manifest named" "malformed line" "$TMPD/err"
	printf 'not xml' >"$TMPD/bad.xml"
	cp "$top_srcdir/trust-store/MANIFEST" "$ST/MANIFEST"
	expect_exit "not a depot" 70 "$OKC_TRUST" -t "$ST" import-depot "$TMPD/bad.xml"
else
	echo "SKIP: $ANCH not present (depot import not tested)"
fi

# ---- a test PKI with AIA/CDP on loopback ports ----
P="$TMPD/pki"; WWW="$TMPD/www"; mkdir -p "$P" "$WWW"
CACHE="$TMPD/cache"
cat >"$P/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $P/index.txt
new_certs_dir = $P
serial = $P/serial
default_md = sha256
policy = p
default_crl_days = 7
[p]
commonName = supplied
CNF
: >"$P/index.txt"; echo 1000 >"$P/serial"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" \
	-out "$P/ca.pem" -subj "/CN=OKC LTV Test CA" -days 30 \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	2>/dev/null || { bad "CA"; finish; exit 1; }

"$HTTPD" "$WWW" "$TMPD/http.port" 20 & PIDS="$PIDS $!"
openssl ocsp -index "$P/index.txt" -port 0 -rsigner "$P/ca.pem" -rkey "$P/ca.key" \
	-CA "$P/ca.pem" -ndays 1 -nrequest 20 >"$TMPD/ocsp.out" 2>&1 & PIDS="$PIDS $!"
i=0; while [ $i -lt 50 ] && { [ ! -s "$TMPD/http.port" ] || ! grep -q '^ACCEPT' "$TMPD/ocsp.out"; }; do
	sleep 0.1; i=$((i + 1)); done
HPORT=$(cat "$TMPD/http.port")
OPORT=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\) .*/\1/p' "$TMPD/ocsp.out")
[ -n "$HPORT" ] && [ -n "$OPORT" ] || { bad "loopback servers did not start"; finish; exit 1; }

cat >"$P/ext.cnf" <<CNF
[ocsp_crl]
keyUsage = critical,digitalSignature,nonRepudiation
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$OPORT/
crlDistributionPoints = URI:http://127.0.0.1:$HPORT/ca.crl
[crl_only]
keyUsage = critical,digitalSignature,nonRepudiation
crlDistributionPoints = URI:http://127.0.0.1:$HPORT/ca.crl
[none]
keyUsage = critical,digitalSignature,nonRepudiation
[dp_skip]
keyUsage = critical,digitalSignature,nonRepudiation
crlDistributionPoints = URI:ldap://127.0.0.1/cn=ca?certificateRevocationList, URI:https://127.0.0.1:1/ca.crl, URI:http://127.0.0.1:$HPORT/ca.crl
CNF
mkleaf() { # name serial section
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$1.key" \
		-out "$P/$1.csr" -subj "/CN=$1" 2>/dev/null &&
	openssl x509 -req -in "$P/$1.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial "$2" \
		-days 20 -extfile "$P/ext.cnf" -extensions "$3" -out "$P/$1.pem" 2>/dev/null
}
CA() { openssl ca -config "$P/ca.cnf" -keyfile "$P/ca.key" -cert "$P/ca.pem" -batch "$@" 2>/dev/null; }
mkleaf good 0x1001 ocsp_crl && mkleaf revoked 0x1002 ocsp_crl && mkleaf crlgood 0x1003 crl_only &&
mkleaf crlrev 0x1004 crl_only && mkleaf offline 0x1005 none && mkleaf dpskip 0x1006 dp_skip ||
	bad "leaves"
CA -valid "$P/good.pem" && CA -valid "$P/crlgood.pem" && CA -revoke "$P/revoked.pem" &&
CA -revoke "$P/crlrev.pem" && CA -gencrl -out "$P/ca.crl.pem" || bad "ca database"
openssl crl -in "$P/ca.crl.pem" -outform DER -out "$WWW/ca.crl"
# `openssl ocsp` rereads a changed index after its next request: prime it.
openssl ocsp -issuer "$P/ca.pem" -serial 0x1 -url "http://127.0.0.1:$OPORT/" -noverify >/dev/null 2>&1

T="$OKC_TRUST -c $CACHE"
# ---- online: OCSP via AIA ----
expect_exit "online OCSP good" 0 $T status "$P/good.pem" "$P/ca.pem"
expect_grep "good from online OCSP" "^good	OCSP good (online, ocsp)" "$TMPD/out"
expect_exit "online OCSP revoked" 1 $T status "$P/revoked.pem" "$P/ca.pem"
expect_grep "revoked via OCSP" "^revoked	.*ocsp, online" "$TMPD/out"
# ---- online: CRL via CDP ----
expect_exit "online CRL good" 0 $T status "$P/crlgood.pem" "$P/ca.pem"
expect_grep "good from online CRL" "^good	not on the cached CRL (online, crl)" "$TMPD/out"
expect_exit "online CRL revoked" 1 $T status "$P/crlrev.pem" "$P/ca.pem"
expect_grep "revoked via cached CRL" "^revoked	listed on the cached CRL (crl, cache)" "$TMPD/out"
# ldap:// and https:// distribution points are skipped, said, and the next
# (http://) one is used
expect_exit "DPs skipped, http used" 0 "$OKC_TRUST" -c "$TMPD/cache4" status "$P/dpskip.pem" "$P/ca.pem"
expect_grep "ldap DP reported" "skipped (no LDAP, no TLS): CRL DP ldap://127.0.0.1/cn=ca" "$TMPD/out"
expect_grep "https DP reported" "CRL DP https://127.0.0.1:1/ca.crl" "$TMPD/out"
expect_grep "http DP used" "^good	not on the cached CRL (online, crl)" "$TMPD/out"
ls "$CACHE"/crl/*.crl.idx >/dev/null 2>&1 && ok || bad "CRL index not built"
ls "$CACHE"/crl/*.url >/dev/null 2>&1 && ok || bad "CRL source URL not kept"
ls "$CACHE"/ocsp/1001-*.der >/dev/null 2>&1 && ok || bad "OCSP response not cached"

# ---- offline: only the cache; nothing fetched ----
expect_exit "offline cached OCSP" 0 $T --offline status "$P/good.pem" "$P/ca.pem"
expect_grep "from cache" "(cache, ocsp)" "$TMPD/out"
expect_exit "offline CRL covers every cert of the CA" 0 $T --offline status "$P/offline.pem" "$P/ca.pem"
expect_exit "offline no data" 1 "$OKC_TRUST" -c "$TMPD/empty" --offline status "$P/good.pem" "$P/ca.pem"
expect_grep "missing" "^missing	" "$TMPD/out"

# ---- check: a corrupt index is found, removed, and rebuilt at next use ----
expect_exit "check clean" 0 $T check -t "$top_srcdir/trust-store"
IDX=$(ls "$CACHE"/crl/*.crl.idx | head -1)
printf 'XXXX' | dd of="$IDX" bs=1 seek=64 conv=notrunc 2>/dev/null
expect_exit "check finds corruption" 1 $T check
expect_grep "corrupt index" "PROBLEM	.*index corrupt or stale" "$TMPD/out"
[ ! -e "$IDX" ] && ok || bad "corrupt index kept"
expect_exit "rebuilt on use" 0 $T --offline status "$P/crlgood.pem" "$P/ca.pem"
[ -e "$IDX" ] && ok || bad "index not rebuilt"

# ---- add-crl / add-ocsp by hand ----
C2="$TMPD/cache2"
expect_exit "add-crl with issuer" 0 "$OKC_TRUST" -c "$C2" add-crl "$P/ca.crl.pem" --issuer "$P/ca.pem"
expect_grep "indexed" "signature verified, indexed" "$TMPD/out"
expect_exit "status from added CRL" 1 "$OKC_TRUST" -c "$C2" --offline status "$P/crlrev.pem" "$P/ca.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/evil.key" \
	-out "$P/evil.pem" -subj "/CN=OKC LTV Test CA" -days 30 2>/dev/null
expect_exit "add-crl wrong issuer" 70 "$OKC_TRUST" -c "$TMPD/cache3" add-crl "$P/ca.crl.pem" --issuer "$P/evil.pem"
expect_grep "signature refused" "CRL signature does not verify" "$TMPD/err"
openssl ocsp -issuer "$P/ca.pem" -cert "$P/good.pem" -url "http://127.0.0.1:$OPORT/" \
	-respout "$TMPD/good.ocsp" -noverify >/dev/null 2>&1
expect_exit "add-ocsp" 0 "$OKC_TRUST" -c "$C2" add-ocsp "$TMPD/good.ocsp"
expect_exit "status from added OCSP" 0 "$OKC_TRUST" -c "$C2" --offline status "$P/good.pem" "$P/ca.pem"
expect_exit "add-ocsp junk" 70 "$OKC_TRUST" -c "$C2" add-ocsp "$P/ca.pem"

# ---- the TSA of a signature time-stamp, revoked according to the cache ----
S="$top_srcdir/samples"
if [ -f "$S/cades/neg-tsa-revocation-missing.imz" ]; then
	SAVED_CACHE=$OKC_CACHE_DIR
	OKC_CACHE_DIR="$TMPD/cache5"; export OKC_CACHE_DIR
	V="$OKC_VERIFY --offline --no-default-trust --anchor $S/pki/root-ec.pem --anchor $S/pki/root-rsa.pem --at 2026-06-01T12:00:00Z"
	expect_exit "TSA status unknown" 2 $V "$S/cades/neg-tsa-revocation-missing.imz"
	expect_grep "TSA revocation missing" "LTV_TSA_REVOCATION_MISSING" "$TMPD/out"
	expect_exit "add-ocsp TSA revoked" 0 "$OKC_TRUST" add-ocsp "$S/pki/ocsp/tsa-revoked.der"
	expect_exit "TSA revoked from the cache" 2 $V "$S/cades/neg-tsa-revocation-missing.imz"
	expect_grep "TSA revoked" "LTV_TSA_REVOKED" "$TMPD/out"
	expect_grep "TSA revoked: from the cache" "revoked at 2026-06-01T11:30:00Z (reason 1, ocsp, cache)" "$TMPD/out"
	expect_grep "no proof of existence" "REVOKED_NO_POE" "$TMPD/out"
	OKC_CACHE_DIR=$SAVED_CACHE; export OKC_CACHE_DIR
else
	echo "SKIP: samples not present (TSA revocation from the cache not tested)"
fi

# ---- refresh: CRLs past nextUpdate are fetched again from their URL ----
LATER=$(date -u -d '+8 days' +%Y-%m-%dT%H:%M:%SZ)
expect_exit "refresh offline refused" 70 $T --offline refresh
CA -gencrl -crldays 30 -out "$P/ca2.crl.pem" && openssl crl -in "$P/ca2.crl.pem" -outform DER -out "$WWW/ca.crl"
expect_exit "refresh" 0 $T --at "$LATER" refresh
expect_grep "refetched" "^OK	.*	http://127.0.0.1:$HPORT/ca.crl" "$TMPD/out"
expect_exit "fresh after refresh" 0 $T --offline --at "$LATER" status "$P/crlgood.pem" "$P/ca.pem"

finish
