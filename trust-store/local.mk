## trust-store: default anchors and the pinned manifest (issue #4/#5).
