## trust-store: default anchors and the pinned manifest (issue #4/#5).
trustdir = $(okc_trust_store_dir)
dist_trust_DATA = trust-store/MANIFEST trust-store/README
