"""The gate's personal-data detector on real parliamentary texts, read from the real data folder at test time (bill
and document titles of parlam.kz, the Rada's motion texts, UK petition titles and areas, Kazakh legal acts,
EveryPolitician's members; `tests.support.personal_data.real_texts`): it flags none of them, and finds the one real
citizen's name. On the labelled set, and format by format: tests/unit/test_detector.py.
"""

from __future__ import annotations

from tests.support.personal_data import measure, measurement_table, new_kinds, real_texts
from tests.support.realdata import require_realdata


def test_the_detector_flags_no_real_parliamentary_text_and_finds_the_real_citizens_name():
    rows = real_texts(require_realdata())
    measured = measure(rows)
    print("\n" + measurement_table(measured))
    assert len(rows) > 1000
    clean = [row for row in rows if row["kind"] == "none"]
    flagged = [(row["format"], row["text"][:80]) for row in clean if new_kinds(row["text"], row["citizens"])]
    assert flagged == []
    # the one real citizen's name, printed in capitals above each comment: found (the old patterns missed it)
    printed = [row for row in rows if row["kind"] == "NAME"]
    assert printed and all(new_kinds(row["text"], citizens=True) == {"NAME"} for row in printed)
