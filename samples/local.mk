## samples: the test PKI and sample generator (issue #3).
