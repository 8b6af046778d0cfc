## mail: the MIME front end (issue #8).
EXTRA_DIST += src/lib/mail/reasons.def
