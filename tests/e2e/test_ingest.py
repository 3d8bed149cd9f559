"""The ingest assets through Dagster: a materialization lists the landing's files no source reads, and every raw
table's reconciliation check passes. The loader itself, without Dagster: tests/unit/test_ingest.py."""

from __future__ import annotations

import dagster as dg

from dagster_project.assets.ingest import ingest_assets
from dagster_project.resources import Warehouse
from tests.support.landing import write_text
from tests.support.pipeline import settings_under


def test_the_ingest_assets_list_ignored_files_and_reconcile(messy_landing, tmp_path):
    write_text(messy_landing / "popolo" / "members.xml", "<persons/>")
    settings = settings_under(tmp_path, landing_dir=messy_landing)
    resources = {"warehouse": Warehouse.of(settings), "settings": settings}
    result = dg.materialize(ingest_assets(), resources=resources)
    metadata = {
        e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()
    }
    assert metadata["raw/popolo_persons"]["ignored_files"].value == ["popolo/members.xml"]
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks if c.check_name == "records_reconcile")
