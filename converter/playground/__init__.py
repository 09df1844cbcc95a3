"""``converter serve``: a local web page to try rule files on documents (see docs/playground.md)."""
