"""The asset graph, layer by layer, one module each: the official sources' captures and their adapters (adapt),
ingest (raw tables), enrich (the submissions' texts), transform (dbt), validate (Great Expectations checks), publish
(open datasets, the warehouse dataset and the landing page), release (researchers' read-only warehouse) and docs
(the dbt docs site). The modules stand side by side: each takes the keys it shares with another from
`dagster_project/asset_keys.py`, never from another asset module (one exception, the dbt tests' checks that publish's
gate asks about: `publish.py`), and `definitions.py` joins them."""
