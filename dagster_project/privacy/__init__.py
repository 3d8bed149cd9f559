"""Citizens' personal data: how it is found, replaced and proven absent.

Two independent definitions, on purpose. `patterns.py` is what redaction replaces (`redact.py`, verified with
natasha's recogniser and the author's own stored values). `detector.py` is the gate: a broader detector, sharing
no expression with the patterns, that normalises a text before matching; `scan.py` runs it on every string
column of every published table (a blocking check) and of every published file (before a dataset ships). The
redaction also applies the detector last, so a citizen's text it can clean is published redacted; a format both
miss is caught by neither, which is why the detector is measured on a labelled set (`tests/unit/test_detector.py`).
"""
