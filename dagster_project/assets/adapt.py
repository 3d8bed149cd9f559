"""Source assets: the capture store of each official source, and the landing files its adapter makes of it.

`captures/<adapter>` stands for the pages `eparl fetch` keeps (fetched outside the pipeline, so an external asset);
`landing/<adapter>` is `eparl adapt` run by Dagster (`ingest/adapt.py`), and the raw tables the adapters feed
depend on it: capture → adapted landing → raw. Nothing runs when `EPARL_CAPTURES_DIR` is unset or holds no page,
so a landing folder adapted by hand is left as it is.
"""

import dagster as dg

from dagster_project.adapters.registry import ADAPTERS
from dagster_project.asset_keys import landing_asset_key
from dagster_project.ingest.adapt import adapt_captures
from dagster_project.ingest.captures import page_files
from dagster_project.settings import Settings

SOURCES_GROUP = "official_sources"


def capture_asset_key(adapter: str) -> dg.AssetKey:
    return dg.AssetKey(["captures", adapter])


def adapt_assets() -> list[dg.AssetSpec | dg.AssetsDefinition]:
    captures = [
        dg.AssetSpec(
            capture_asset_key(a.name),
            group_name=SOURCES_GROUP,
            description=f"Pages of the {a.name} source kept by `eparl fetch` (the capture store, EPARL_CAPTURES_DIR).",
            kinds={"html"},
        )
        for a in ADAPTERS
    ]

    @dg.multi_asset(
        name="adapt_captures",
        specs=[
            dg.AssetSpec(
                landing_asset_key(a.name),
                deps=[capture_asset_key(a.name)],
                group_name=SOURCES_GROUP,
                description=f"Landing files the {a.name} adapter made of its captured pages (`eparl adapt`).",
                kinds={"json"},
            )
            for a in ADAPTERS
        ],
        description="Turn the captured pages of the official sites into landing files (ingest/adapt.py).",
    )
    def _adapt(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
        store = settings.captures_path
        if store is None or not store.is_dir() or not page_files(store):
            for adapter in ADAPTERS:
                yield dg.MaterializeResult(
                    asset_key=landing_asset_key(adapter.name),
                    metadata={"captures": "none: EPARL_CAPTURES_DIR is unset or holds no page; landing left as is"},
                )
            return
        report = adapt_captures(store, settings.landing_dir)
        for note in (n for notes in report.notes.values() for n in notes):
            context.log.info(note)
        for adapter in ADAPTERS:
            rejected = [r for r in report.rejected if r.adapter == adapter.name]
            yield dg.MaterializeResult(
                asset_key=landing_asset_key(adapter.name),
                metadata={
                    "pages_adapted": dg.MetadataValue.int(report.adapted.get(adapter.name, 0)),
                    "pages_rejected": dg.MetadataValue.int(len(rejected)),
                    "rejected": dg.MetadataValue.md("\n".join(f"- {r.page}: {r.reason}" for r in rejected) or "none"),
                    "records": dg.MetadataValue.json(
                        {k: v for k, v in report.records.items() if k.startswith(f"{adapter.name}/")}
                    ),
                    "notes": dg.MetadataValue.md(
                        "\n".join(f"- {n}" for n in report.notes.get(adapter.name, [])) or "none"
                    ),
                },
            )

    return [*captures, _adapt]
