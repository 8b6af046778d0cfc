# Helpers for the mail-hook integration tests (sourced after lib.sh).
OKC_INTAKE="$top_builddir/okc-intake"
LIBTOOL="$top_builddir/libtool"
FAILIO="$top_builddir/tests/fault/.libs/libfailio.so"
[ -x "$OKC_INTAKE" ] || skip_all "okc-intake not built"

# The hook with options every test wants: no network, no trust store (the
# test messages carry no signatures unless said otherwise).
hook() {
	"$OKC_INTAKE" --offline --no-default-trust --at 2026-06-01T12:00:00Z \
		--received-at 2026-06-01T12:00:00Z --reply-from okc@kamusm.test "$@"
}

# The real binary under LD_PRELOAD (not the libtool wrapper script, whose
# shell would count and suffer the injected faults too).
hook_faulty() { # FAULT args...
	fault=$1; shift
	"$LIBTOOL" --mode=execute env OKC_FAULT="$fault" LD_PRELOAD="$FAILIO" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
		"$OKC_INTAKE" --offline --no-default-trust --at 2026-06-01T12:00:00Z \
		--received-at 2026-06-01T12:00:00Z --reply-from okc@kamusm.test "$@"
}

count() { find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l | tr -d " "; }

# A small application mail: N distinguishes messages.
make_mail() { # N [extra-header]
	cat <<MAIL
From: =?UTF-8?Q?=C3=96rnek_Yaz=C4=B1l=C4=B1m?= <basvuru$1@ornek.com.tr>
To: okc@kamusm.test
Subject: =?UTF-8?B?w5ZLQyBiYcWfdnVydXN1?= $1
Date: Mon, 01 Jun 2026 10:00:00 +0300
Message-ID: <app-$1@ornek.com.tr>
${2:-X-Test: 1}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Ekte başvuru listemiz var.
--b
Content-Type: text/csv; charset=utf-8
Content-Disposition: attachment; filename*=UTF-8''ba%C5%9Fvuru%20listesi%20$1.csv

seri
AB0000000$1
--b--
MAIL
}

# Every record in new/ is complete JSON whose raw copy and documents exist.
check_spool_consistent() { # SPOOL
	for _cr in "$1"/new/*.json; do
		[ -e "$_cr" ] || continue
		_craw=$("$JGET" "$_cr" .spool.raw 2>/dev/null) || { bad "unreadable record $_cr"; continue; }
		[ -f "$1/$_craw" ] && ok || bad "record $_cr without raw $_craw"
		_cn=$("$JGET" "$_cr" ".mail.documents|length" 2>/dev/null || echo 0)
		_ci=0
		while [ "$_ci" -lt "$_cn" ]; do
			_cp=$("$JGET" "$_cr" ".mail.documents[$_ci].spool_path")
			[ -f "$1/$_cp" ] && ok || bad "record $_cr without document $_cp"
			_ci=$((_ci + 1))
		done
	done
}
