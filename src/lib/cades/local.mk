## cades: CAdES verification engine (issue #4).
EXTRA_DIST += src/lib/cades/reasons.def
