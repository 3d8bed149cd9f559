"""The data-model picture in the documentation is the one the dbt definitions generate (docs/data-model.md, by
`python -m publish.erd`). The documentation run against a demo release: tests/e2e/test_docs.py."""

from __future__ import annotations

import re

from dagster_project.assets.transform import ensure_manifest
from publish.catalogue import catalogue_for
from publish.erd import DATA_MODEL_FILE, generate


def test_the_data_model_picture_is_generated_from_the_dbt_definitions():
    expected = generate(ensure_manifest())
    assert DATA_MODEL_FILE.read_text(encoding="utf-8") == expected, "run: .venv/bin/python -m publish.erd"
    catalogue = catalogue_for(ensure_manifest())
    for table in catalogue.tables:  # every published table is an entity with its primary key
        assert f"    {table.name} {{" in expected
        for key in table.primary_key:
            assert re.search(rf"^\s+\w+ {key} PK", expected.split(f"    {table.name} {{")[1], re.M)
    assert '    persons ||--o{ person_votes : "person_id"' in expected
