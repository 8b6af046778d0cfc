## trust-store: default anchors and the pinned manifest (issue #4/#5).
# The pinned manifest (SHA256HEX  name  role); anchors themselves are
# installed by the operator with `okc-trust import-depot` (issue #5).
okctruststoredir = $(okc_trust_store_dir)
dist_okctruststore_DATA = trust-store/MANIFEST
