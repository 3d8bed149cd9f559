"""Citizens' personal data: how it is found, replaced and proven absent.

`patterns.py` holds the one definition of each kind of personal data (IIN, phone, e-mail, address, name); the
redaction (`redact.py`), the Great Expectations suites (`expectations/suites.py`) and the tests' scan of every
public output all use these definitions, so what is redacted is what is checked.
"""
