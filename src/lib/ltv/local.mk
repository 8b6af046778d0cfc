## ltv: long-term validation (time-stamps, revocation) (issue #5).
EXTRA_DIST += src/lib/ltv/reasons.def
