## okc-intake, the mail-gateway hook (issue #8).
