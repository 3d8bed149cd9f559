"""An empty published table passes its suite only when the landing supplied no records of a raw table it is built
from, and its resources then say why (`absence_note`): on a table made here, no pipeline. One bad record holding
back only what it touches, on demo data: tests/e2e/test_references.py."""

from __future__ import annotations

import pandas as pd

from expectations.runner import validate_table
from publish.catalogue import Column, Table, Text
from publish.package import absence_note


def test_an_empty_table_passes_only_when_a_raw_table_it_is_built_from_was_not_supplied(tmp_path):
    text = Text("t", "t", "t")
    table = Table(
        name="memberships_probe",
        title=text,
        description=text,
        columns=(Column("membership_id", "varchar", text),),
        primary_key=("membership_id",),
        sources=("popolo_memberships", "popolo_persons"),
    )
    empty = pd.DataFrame({"membership_id": pd.Series([], dtype=object)})
    # persons landed, memberships did not: the table may be empty, and says why
    assert (
        absence_note(table, 0, {"popolo_persons"})
        == "absent: the landing supplied no records of raw.popolo_memberships"
    )
    assert validate_table(empty.copy(), table, tmp_path, min_cell=10, may_be_empty=True).success
    # both landed: an empty table is a fault, and no note excuses it
    assert absence_note(table, 0, {"popolo_persons", "popolo_memberships"}) is None
    outcome = validate_table(empty.copy(), table, tmp_path, min_cell=10, may_be_empty=False)
    assert not outcome.success
    assert [f.expectation for f in outcome.failed] == ["expect_table_row_count_to_be_between"]
    # a table with rows is never marked absent
    assert absence_note(table, 3, set()) is None
