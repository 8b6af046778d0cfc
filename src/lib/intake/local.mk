## intake: the intake pipeline (roles, lists, decision, record) (issue #7).
EXTRA_DIST += src/lib/intake/reasons.def
