#!/bin/sh
# Install the build and test dependencies from Debian 12's packages.
# Run as root on a fresh machine; safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive
PKGS="build-essential autoconf automake libtool pkg-config
  libssl-dev openssl libxml2-dev libzip-dev libmagic-dev libmagic-mgc
  check libgmime-3.0-dev libjansson-dev
  clang libclang-rt-14-dev
  python3 python3-jsonschema
  zip unzip ca-certificates"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
echo "== dependencies present"
