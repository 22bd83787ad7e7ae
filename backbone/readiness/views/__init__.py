"""Web views of the readiness assessment, one module per page or group of pages: rounds (the
list of rounds, a round's report), instruments (copy a shipped one, read one with its
versions side by side, write its next version)."""
