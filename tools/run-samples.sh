#!/bin/sh
# The main job on the shipped samples, from a fresh Debian 12 machine (as
# root): install the dependencies, build, then verify every sample with
# okc-verify at the validation time its MANIFEST gives, printing each
# verdict as a reviewer sees it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
sh tools/deps.sh
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
dir="$top/_build/run"
mkdir -p "$dir"
(cd "$dir" && { [ -f Makefile ] || "$top/configure" >configure.out 2>&1; } &&
 make -j"$jobs" >make.out 2>&1) || { tail -30 "$dir/make.out"; exit 1; }
VERIFY="$dir/okc-verify"
echo "== okc-verify $("$VERIFY" --version | sed 's/.* //')"

found=0
if [ -f samples/MANIFEST ]; then
	# MANIFEST lines: FILE  ANCHORS  TIME  INDICATION  SUBINDICATION  LEVEL ...
	grep -v '^#' samples/MANIFEST | while read -r file anchors at ind sub level decision codes openssl options; do
		[ -n "${file:-}" ] || continue
		case "$file" in cades/*|eyp/*|lists/*.imz) ;; *) continue ;; esac
		set -- --at="$at"
		for a in $(echo "$anchors" | tr ',' ' '); do
			[ "$a" = "-" ] || set -- "$@" --anchor="samples/$a"
		done
		for o in $(echo "${options:--}" | tr ',' ' '); do
			case "$o" in detached=*) set -- "$@" --detached-content="samples/${o#detached=}" ;; esac
		done
		echo
		echo "## $file (expected: $ind${sub:+ / $sub}, ${level:-})"
		"$VERIFY" --no-default-trust "$@" "samples/$file" || true
	done
	found=1
fi
if [ -f samples/MANIFEST ]; then
	# The main job proper: each sample e-mail through the mail-gateway hook,
	# as the inbox would deliver it, showing the decision and the bilingual
	# reply the applicant receives.
	INTAKE="$dir/okc-intake"
	spool=$(mktemp -d "${TMPDIR:-/tmp}/okc-run-spool.XXXXXX")
	grep -v '^#' samples/MANIFEST | while read -r file anchors at ind sub level decision codes openssl options; do
		case "${file:-}" in mail/*.eml) ;; *) continue ;; esac
		set -- --spool="$spool" --offline --no-default-trust --at="$at" \
			--received-at="$at" --data-dir=data --reply-from=okc@kamusm.test
		for a in $(echo "$anchors" | tr ',' ' '); do
			[ "$a" = "-" ] || set -- "$@" --anchor="samples/$a"
		done
		for o in $(echo "${options:--}" | tr ',' ' '); do
			case "$o" in signers=*) set -- "$@" --signers="samples/${o#signers=}" ;; esac
		done
		echo
		echo "## okc-intake < $file (expected decision: $decision)"
		before=$(ls "$spool/outbox" 2>/dev/null | wc -l)
		"$INTAKE" "$@" <"samples/$file" || echo "(exit $?)"
		rec=$(ls -t "$spool/new" 2>/dev/null | head -1)
		[ -n "$rec" ] && grep -o '"decision": *"[A-Z_]*"' "$spool/new/$rec" | head -1
		reply=$(ls -t "$spool/outbox"/*.eml 2>/dev/null | head -1)
		if [ -n "$reply" ] && [ "$(ls "$spool/outbox" | wc -l)" -gt "$before" ]; then
			echo "-- reply to the applicant ($(basename "$reply")):"
			# the body is quoted-printable UTF-8: decode it for the screen
			sed -n '/^$/,$p' "$reply" | python3 -c 'import quopri, sys; sys.stdout.write(quopri.decodestring(sys.stdin.buffer.read()).decode("utf-8", "replace"))' | head -40
		else
			echo "-- no reply (RFC 3834: not to automatic or list mail)"
		fi
	done
	echo
	echo "== records: $(ls "$spool/new" | wc -l) in $spool/new"
fi
if [ -d ../shared/eyp-samples ]; then
	echo
	echo "== public .eyp packages (placeholder signatures) in ../shared/eyp-samples"
	for f in ../shared/eyp-samples/*/*.eyp*; do
		"$VERIFY" --no-default-trust --at=2026-11-25T10:00:00Z "$f" || true
		found=1
	done
fi
[ "$found" = 1 ] || echo "no samples found"
