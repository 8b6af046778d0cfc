## bench: performance measurements (issue #9).
