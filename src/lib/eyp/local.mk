## eyp: the .eyp container (ZIP/OPC/e-Yazışma) (issue #6).
EXTRA_DIST += src/lib/eyp/reasons.def
