"""The documentation people read, against a demo release: the example questions, the README's example of attaching
the published warehouse, and the docs site's overview and exposures. The data-model picture, generated from the dbt
definitions alone: tests/unit/test_docs.py."""

from __future__ import annotations

import re

import duckdb
import pytest

from dagster_project.assets.transform import ensure_manifest
from dagster_project.layout import PROJECT_DIR
from dagster_project.release.build import current_release
from publish.catalogue import catalogue_for

EXAMPLES = PROJECT_DIR / "docs" / "examples.md"
# "## 1. The question" followed by its ```sql block
QUESTION = re.compile(r"^## (\d+)\. (.+?)\n+```sql\n(.*?)```", re.S | re.M)
EXAMPLE_QUERIES = QUESTION.findall(EXAMPLES.read_text(encoding="utf-8"))
# the README's example of reading the published warehouse where it is, over HTTP
OVER_HTTP = re.compile(r"```sql\n(\s*ATTACH '(https://[^']+)' AS eparl \(READ_ONLY\);.*?)```", re.S)


def test_the_examples_page_asks_at_least_ten_questions_each_with_its_query():
    assert len(EXAMPLE_QUERIES) >= 10
    assert EXAMPLES.read_text(encoding="utf-8").count("```sql") == len(EXAMPLE_QUERIES)  # no query left untested


@pytest.mark.parametrize(("number", "question", "query"), EXAMPLE_QUERIES, ids=[q[0] for q in EXAMPLE_QUERIES])
def test_every_example_query_answers_on_the_demo_release(demo_release, number, question, query):
    release = current_release(demo_release["settings"].releases_path)
    with duckdb.connect(str(release.database), read_only=True) as con:
        rows = con.execute(query).fetchall()
    assert rows, f"question {number} ({question}) has no answer on the demo release"


def test_the_readme_s_example_of_attaching_the_published_warehouse_runs_on_the_published_file(demo_release):
    """The example's SQL as written, on the `warehouse` dataset's file: DuckDB reads that file over HTTP(S) with its
    httpfs extension, which a machine without internet cannot install, so the URL is the one thing replaced."""
    (example,) = OVER_HTTP.findall((PROJECT_DIR / "README.md").read_text(encoding="utf-8"))
    sql, url = example
    published = demo_release["settings"].publish_dir / "warehouse" / url.rsplit("/", 1)[1]
    assert published.name == "warehouse.duckdb" and published.is_file()
    with duckdb.connect() as con:
        *setup, query = duckdb.extract_statements(sql.replace(url, str(published)))
        for statement in setup:
            con.execute(statement.query)
        rows = con.execute(query.query).fetchall()
    assert len(rows) == 5 and all(0 <= index <= 1 for _, _, index in rows)


def test_the_published_docs_site_carries_the_overview_and_the_exposures(demo_release):
    """The static page embeds the manifest it shows: the project's overview (its first page, see
    tests/e2e/test_docs_browser.py) and an exposure per open dataset, the docs site and CKAN (publish/exposures.py)."""
    page = (demo_release["settings"].publish_dir / "docs" / "index.html").read_text(encoding="utf-8")
    assert '"doc.eparl.__overview__"' in page and "# e-Parlament open data: the warehouse" in page
    catalogue = catalogue_for(ensure_manifest())
    for name in [f"dataset_{d.name}" for d in catalogue.datasets] + ["dataset_warehouse", "docs_site", "ckan_portal"]:
        assert f'"exposure.eparl.{name}"' in page, name
