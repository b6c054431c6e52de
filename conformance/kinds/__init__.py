"""Case kinds: the catalogue every kind registers into and the one way a case is run
(`catalogue`), and the kinds themselves, per family of cases: documented bodies (`bodies`),
one broken thing in a valid exchange (`defects`), replies to refuse (`refusals`) and the
request (`request`). A case itself is data (`conformance/case.py`)."""
