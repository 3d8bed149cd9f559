"""The dbt project keeps dbt's own conventions, read from its manifest: an intermediate layer for the `int_*` models,
an exposure for every open dataset, the docs site and CKAN (generated from the catalogue), the project's overview
on the docs site's first page, freshness on the raw tables' load time, and contracts with `access: public` on every
published model. The dbt commands run on a warehouse (freshness, the unit tests): tests/e2e/test_dbt_conventions.py."""

from __future__ import annotations

import yaml

from dagster_project.ingest.loader import PROVENANCE_COLUMNS
from dagster_project.ingest.sources import SOURCES
from publish.catalogue import CATALOGUE_FILE
from publish.exposures import EXPOSURES_FILE, file_datasets, render


def _models(manifest: dict) -> dict[str, dict]:
    return {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}


def _published(manifest: dict) -> dict[str, dict]:
    return {name: n for name, n in _models(manifest).items() if n["config"].get("schema") == "published"}


def test_every_published_model_has_an_enforced_contract_and_public_access(manifest):
    published = _published(manifest)
    assert len(published) >= 28  # the tables of every dataset, the research marts among them
    for name, node in published.items():
        assert node["access"] == "public", name
        assert node["config"]["contract"]["enforced"] is True, name
        assert all(column.get("data_type") for column in node["columns"].values()), name
    # and nothing else is public: the other layers stay `protected` (private: `private`)
    assert {n["name"] for n in _models(manifest).values() if n["access"] == "public"} == set(published)


def test_int_models_and_only_they_are_the_intermediate_layer(manifest):
    models = _models(manifest)
    intermediate = {name for name, n in models.items() if n["original_file_path"].startswith("models/intermediate/")}
    assert {"int_research__group_positions", "int_research__vote_event_periods"} <= intermediate
    assert intermediate == {name for name in models if name.startswith("int_")}
    for name in intermediate:
        assert models[name]["config"]["schema"] == "intermediate", name
        # a shared step: more than one model is built from it, or it feeds another int_ model
        children = [c for c in manifest["child_map"][models[name]["unique_id"]] if c.startswith("model.")]
        assert children, f"{name} is an intermediate step nothing is built from"


def test_the_exposures_file_is_generated_from_the_catalogue():
    assert EXPOSURES_FILE.read_text(encoding="utf-8") == render(), "run: .venv/bin/python -m publish.exposures"


def test_every_open_dataset_the_docs_site_and_ckan_are_exposures_of_their_tables(manifest):
    catalogue = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    published = {n["unique_id"] for n in _published(manifest).values()}
    seeds = {n["unique_id"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"}
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    datasets = {f"dataset_{d['name']}": d for d in catalogue["datasets"]}
    files = {f"dataset_{entry['name']}": entry for entry in file_datasets(catalogue)}
    assert "dataset_warehouse" in files
    assert set(exposures) == {*datasets, *files, "docs_site", "ckan_portal"}
    for name, dataset in {**datasets, **files}.items():
        assert exposures[name]["label"] == dataset["title"]["en"]
        if name == "dataset_warehouse":
            continue
        assert set(exposures[name]["depends_on"]["nodes"]) == {f"model.eparl.{t}" for t in dataset.get("tables", ())}
    assert set(exposures["dataset_warehouse"]["depends_on"]["nodes"]) == published | seeds
    for name in ("docs_site", "ckan_portal"):
        assert set(exposures[name]["depends_on"]["nodes"]) == published, name
    assert exposures["dataset_votes"]["owner"]["email"] == "opendata@parlam.kz"


def test_the_docs_site_opens_on_the_project_s_overview(manifest):
    """dbt docs shows `doc.<project>.__overview__` instead of its own welcome page (`doc.dbt.__overview__`)."""
    overview = manifest["docs"]["doc.eparl.__overview__"]["block_contents"]
    assert overview.startswith("# e-Parlament open data")
    for layer in ("`raw`", "`staging`", "`core`", "`intermediate`", "`published`", "`reference`", "`private`"):
        assert layer in overview


def test_every_raw_table_declares_freshness_on_the_loader_s_load_time(manifest):
    assert PROVENANCE_COLUMNS["_loaded_at"] == "TIMESTAMPTZ"
    sources = {s["name"]: s for s in manifest["sources"].values() if s["source_name"] == "raw"}
    raw_tables = {t.name for source in SOURCES for t in source.tables if t.schema == "raw"}
    assert set(sources) == raw_tables
    for name, source in sources.items():
        assert source["loaded_at_field"] == "_loaded_at", name
        assert source["freshness"]["warn_after"] == {"count": 1, "period": "day"}, name
        assert source["freshness"]["error_after"]["count"] > 1, name
