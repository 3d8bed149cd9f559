"""The conventions every asset follows, given to every asset in one place (`build_definitions`): its owners,
the `pii` tag on what holds personal data, and the freshness policy of each open dataset.

Personal data lives in the `private` schema and only there: the ingest source definitions put the private half
of a submission there (`RawTable.schema`), the enrichment writes `private.submission_enrichment`, and dbt builds
its `personal_data` group there (`dbt_project.yml`, `_staging.yml`). An asset's key is its warehouse relation, so
the tag is read from the schema each of them already declares, not listed a second time.

An open dataset's freshness is the `update_frequency` its datapackage and CKAN page promise (`publish/catalogue.yml`):
a dataset promised daily that has not been published for a day and the nightly run's time is late in the UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import dagster as dg

from publish.catalogue import Catalogue

AssetOrSpec = dg.AssetsDefinition | dg.AssetSpec
PRIVATE_SCHEMA = "private"
PII_TAG = "pii"
# Who answers for an asset: the engineers who run the pipeline answer for every one; the data protection officer
# also for personal data (the owner of dbt's `personal_data` group); the publisher's contact (the catalogue's
# `contact_email`) also for what the open datasets are made of and for the datasets themselves.
DATA_ENGINEERING = "team:data-engineering"
DATA_PROTECTION = "team:data-protection"
OPEN_DATA_ROOTS = ("published", "datasets", "ckan")  # the published tables, the datasets, their CKAN copies
# How late a dataset may be against its promise: `update_frequency` → the longest time between two publications.
# A frequency not listed here fails the definitions' load, so a new promise cannot go unwatched.
UPDATE_INTERVALS = {"daily": timedelta(days=1)}
RUN_ALLOWANCE = timedelta(hours=3)  # the nightly run's own time: it starts at 02:00 and is done well within


def holds_personal_data(key: dg.AssetKey) -> bool:
    return key.path[0] == PRIVATE_SCHEMA


def owners(key: dg.AssetKey, catalogue: Catalogue) -> list[str]:
    extra = [DATA_PROTECTION] if holds_personal_data(key) else []
    extra += [catalogue.contact_email] if key.path[0] in OPEN_DATA_ROOTS else []
    return [DATA_ENGINEERING, *extra]


def dataset_freshness(catalogue: Catalogue) -> dict[str, dg.FreshnessPolicy]:
    """The freshness policy of each open dataset (the warehouse included) by name, from its `update_frequency`."""
    frequencies = {d.name: d.update_frequency for d in (*catalogue.built_datasets, catalogue.warehouse)}
    return {
        name: dg.FreshnessPolicy.time_window(fail_window=UPDATE_INTERVALS[frequency] + RUN_ALLOWANCE)
        for name, frequency in frequencies.items()
        if frequency != "irregular"
    }


def with_conventions(assets: Iterable[AssetOrSpec], catalogue: Catalogue) -> list[AssetOrSpec]:
    """The assets with each one's owners, its `pii` tag and, for an open dataset, its freshness policy."""
    freshness = dataset_freshness(catalogue)

    def apply(spec: dg.AssetSpec) -> dg.AssetSpec:
        key = spec.key
        tags = {**spec.tags, PII_TAG: "true"} if holds_personal_data(key) else spec.tags
        dataset = key.path[-1] if key.path[0] in ("datasets", "ckan") else None
        return spec.replace_attributes(
            owners=owners(key, catalogue),
            tags=tags,
            freshness_policy=freshness.get(dataset, spec.freshness_policy),
        )

    return dg.map_asset_specs(apply, assets)
