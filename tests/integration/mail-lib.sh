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

count() { find "$1" -maxdepth 1 -type f | wc -l | tr -d ' '; }

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
	for r in "$1"/new/*.json; do
		[ -e "$r" ] || continue
		raw=$("$JGET" "$r" .spool.raw 2>/dev/null) || { bad "unreadable record $r"; continue; }
		[ -f "$1/$raw" ] && ok || bad "record $r without raw $raw"
		n=$("$JGET" "$r" ".mail.documents|length" 2>/dev/null || echo 0)
		i=0
		while [ "$i" -lt "$n" ]; do
			p=$("$JGET" "$r" ".mail.documents[$i].spool_path")
			[ -f "$1/$p" ] && ok || bad "record $r without document $p"
			i=$((i + 1))
		done
	done
}
