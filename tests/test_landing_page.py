"""The publish folder's landing page (`publish/landing_page.py`, asset `datasets/index`): the pure rendering on
hand-made packages, then the page the demo release published, opened from file:// in headless Chromium (screenshot,
every link, the three languages, the synthetic banner, row counts, charts), then on a real CKAN portal."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from html import escape
from pathlib import Path

import dagster as dg
import pytest
import requests

from dagster_project.assets.transform import DBT_PROJECT
from publish.catalogue import LANGUAGES, Text, catalogue_for
from publish.ckan import CkanTarget
from publish.ckan_client import CkanClient, Retry
from publish.landing_charts import RegionFigures, Series, histogram, line_chart, region_bars
from publish.landing_page import (
    INDEX_FILE,
    README_FILE,
    PersonalDataInPage,
    build_landing_page,
    count,
    size,
    write_landing_page,
)
from publish.package import DataFile, datapackage
from tests.browser import ARTEFACTS_DIR, browse

CATALOGUE = catalogue_for(DBT_PROJECT.manifest_path)
MEMBERS = next(d for d in CATALOGUE.datasets if d.name == "members")


# ---- the pure parts: charts and the page, on hand-made data (no pipeline) ----------------------------------------


def test_a_line_chart_has_a_point_per_value_and_its_labels_in_three_languages():
    import datetime as dt

    series = [
        Series(Text("Біріншісі", "Первая", "First"), ((dt.date(2024, 1, 1), 0.5), (dt.date(2025, 1, 1), 0.9))),
        Series(Text("Екіншісі", "Вторая", "Second"), ((dt.date(2024, 6, 1), 1.0),)),
    ]
    svg = line_chart("cohesion", series)
    assert svg.startswith("<svg") and 'id="chart-cohesion"' in svg
    assert svg.count('class="point"') == 3 and svg.count("<polyline") == 2
    for lang, word in (("kk", "Біріншісі"), ("ru", "Первая"), ("en", "First")):
        assert f'lang="{lang}"' in svg and word in svg
    assert line_chart("cohesion", series) == svg  # deterministic


def test_charts_with_nothing_to_draw_are_none():
    assert line_chart("x", []) is None
    assert histogram("x", [0, 0, 0], Text("a", "b", "c")) is None
    assert region_bars("x", [RegionFigures(Text("a", "b", "c"), None, None)], (Text("a", "b", "c"),) * 2) is None
    bars = region_bars("x", [RegionFigures(Text("А", "Б", "C"), 4.5, None)], (Text("a", "b", "c"),) * 2)
    assert bars.count('class="bar"') == 1 and 'class="none"' in bars  # the missing share says so


def test_sizes_and_counts_read_the_same_in_every_language():
    assert (size(999), size(57_363), size(1_512_345), size(3 * 10**9)) == ("999 B", "57.4 kB", "1.5 MB", "3.0 GB")
    assert count(8396) == "8\u202f396" and count(12) == "12"


def _members_folder(publish_dir: Path, description: str | None = None) -> dict:
    """A publish folder holding only the members dataset's datapackage.json (its files need not exist: the page
    reads sizes and rows from the descriptor), with one table's description replaced when asked."""
    files = [
        DataFile(table.name, fmt, publish_dir / "members" / f"{table.name}.{fmt}", 1234 + i, "0" * 64, 3 + i)
        for i, table in enumerate(MEMBERS.tables)
        for fmt in ("csv", "parquet")
    ]
    temporal = {"start": "2020-01-01", "end": "2024-12-31"}
    package = datapackage(CATALOGUE, MEMBERS, files, True, temporal, {"popolo_persons"})
    if description:
        package["resources"][0]["description_ru"] = description
    (publish_dir / "members").mkdir(parents=True)
    (publish_dir / "members" / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    return package


def test_the_page_is_made_from_the_datapackages_and_the_catalogue(tmp_path):
    package = _members_folder(tmp_path)
    written, page = write_landing_page(tmp_path, CATALOGUE)
    assert written == [INDEX_FILE, README_FILE]
    html = (tmp_path / INDEX_FILE).read_text(encoding="utf-8")
    for lang in LANGUAGES:  # the catalogue's texts, each once per language
        assert f'<span lang="{lang}">{getattr(MEMBERS.title, lang)}</span>' in html
        assert f'<p lang="{lang}">{getattr(CATALOGUE.synthetic_notice, lang)}</p>' in html
    for resource in package["resources"]:  # every table's rows, files and data dictionary
        assert f'href="members/{resource["path"]}"' in html
        for field in resource["schema"]["fields"]:
            assert f"<code>{field['name']}</code>" in html and escape(field["description_kk"]) in html
    assert 'data-rows="3"' in html and 'id="dictionary-persons"' in html
    assert html.count("Not published in this run") == len(CATALOGUE.built_datasets)  # the others, and warehouse
    assert html.count('class="note no-data"') == len(CATALOGUE.landing_page.charts)  # no published table to draw
    assert "<script src" not in html and "<link" not in html and "http-equiv" not in html  # nothing from outside
    readme = (tmp_path / README_FILE).read_text(encoding="utf-8")
    assert readme.startswith(f"# {CATALOGUE.landing_page.title.en}\n")
    assert f"## {MEMBERS.title.en}" in readme and f"*{MEMBERS.title.kk}* · *{MEMBERS.title.ru}*" in readme
    assert "| Persons (`persons`) | 3 | [CSV](members/persons.csv)" in readme
    assert f"> **{CATALOGUE.synthetic_notice.en}**" in readme
    # the same folder gives the same bytes, and nothing is written again
    assert write_landing_page(tmp_path, CATALOGUE) == ([], page)


def test_a_page_without_synthetic_data_has_no_banner(tmp_path):
    _members_folder(tmp_path)
    package_path = tmp_path / "members" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["synthetic"] = False
    package_path.write_text(json.dumps(package, ensure_ascii=False))
    page = build_landing_page(tmp_path, CATALOGUE)
    assert 'class="banner synthetic"' not in page.html and CATALOGUE.synthetic_notice.en not in page.markdown


def test_personal_data_in_any_text_of_the_page_refuses_it(tmp_path):
    _members_folder(tmp_path, description="Звоните по номеру +7 701 123 45 67")
    with pytest.raises(PersonalDataInPage, match="PHONE") as refused:
        write_landing_page(tmp_path, CATALOGUE)
    assert "701" not in str(refused.value)  # where, never the value
    assert not (tmp_path / INDEX_FILE).exists() and not (tmp_path / README_FILE).exists()


# ---- the page the demo release published ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(demo_release) -> Path:
    return demo_release["settings"].publish_dir


def _packages(publish_dir: Path) -> dict[str, dict]:
    return {
        p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(publish_dir.glob("*/datapackage.json"))
    }


def test_the_pipeline_publishes_the_page_from_what_it_published(demo_release, published):
    records = demo_release["instance"].fetch_materializations(dg.AssetKey(["datasets", "index"]), limit=2).records
    (record,) = [r for r in records if r.run_id == demo_release["run_id"]]
    metadata = record.asset_materialization.metadata
    assert metadata["files_written"].value == [INDEX_FILE, README_FILE]
    assert metadata["bytes_sent"].value == sum((published / name).stat().st_size for name in (INDEX_FILE, README_FILE))
    page = build_landing_page(published, CATALOGUE)  # the same folder, built again: the same bytes
    assert (published / INDEX_FILE).read_text(encoding="utf-8") == page.html
    assert (published / README_FILE).read_text(encoding="utf-8") == page.markdown
    for name, package in _packages(published).items():
        for resource in package["resources"]:
            assert f"{name}/{resource['path']}" in page.markdown, resource["path"]


def test_the_page_in_chromium_links_switches_languages_and_shows_the_data(published, tmp_path):
    screenshot = tmp_path / "landing-page.png"
    packages = _packages(published)
    with browse((published / INDEX_FILE).as_uri(), screenshot) as visit:
        page = visit.page
        # every link and picture resolves: a file in the publish folder, or an element of the page
        targets = page.evaluate(
            "Array.from(document.querySelectorAll('a[href], img[src]')).map(e => e.getAttribute('href') || "
            "e.getAttribute('src'))"
        )
        relative = [t for t in targets if not re.match(r"^[a-z]+:", t)]
        assert len(relative) > 60
        for target in relative:
            path, _, fragment = urllib.parse.unquote(target).partition("#")
            if path:
                assert (published / path).is_file(), target
            if fragment and not path:
                assert page.locator(f"[id='{fragment}']").count() == 1, target
        linked = {t.partition("#")[0] for t in relative}
        for name, package in packages.items():  # every published file is on the page
            assert f"{name}/datapackage.json" in linked
            assert {f"{name}/{r['path']}" for r in package["resources"]} <= linked, name
        # the page's images load (the published PNG charts)
        assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")

        # the three languages: each switch shows the datasets' titles in that language, and only in it
        for lang in ("kk", "ru", "en"):
            page.click(f"#langs button[data-lang={lang}]")
            assert page.evaluate("document.documentElement.lang") == lang
            text = page.inner_text("body")
            for dataset in CATALOGUE.built_datasets:
                assert getattr(dataset.title, lang) in text, (lang, dataset.name)
                for other in set(LANGUAGES) - {lang}:
                    assert getattr(dataset.title, other) not in text, (lang, other, dataset.name)
            # demo data: the synthetic banner is visible, in the chosen language
            banner = page.locator(".banner.synthetic")
            assert banner.is_visible() and banner.inner_text() == getattr(CATALOGUE.synthetic_notice, lang)
            page.screenshot(path=str(tmp_path / f"landing-page-{lang}.png"))
        ARTEFACTS_DIR.mkdir(parents=True, exist_ok=True)  # to look at after a run
        shutil.copy(tmp_path / "landing-page-kk.png", ARTEFACTS_DIR / "landing-page-kk.png")

        # each table's rows on the page are its datapackage's
        for name, package in packages.items():
            for resource in package["resources"]:
                if resource["format"] != "csv":
                    continue
                table = resource["path"].removesuffix(".csv")
                cell = page.locator(f"section#dataset-{name} tr#table-{table} td[data-rows]")
                assert cell.get_attribute("data-rows") == str(resource["rows"]), table
                assert cell.inner_text().split(" (")[0] == count(resource["rows"]), table

        # each chart is drawn, with its points or bars (the demo has votes, attendance and submissions)
        for chart in CATALOGUE.landing_page.charts:
            svg = page.locator(f"svg#chart-{chart.name}")
            assert svg.count() == 1 and svg.is_visible(), chart.name
            assert svg.locator(".point, .bar").count() >= 3, chart.name
    png = screenshot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000
    shutil.copy(screenshot, ARTEFACTS_DIR / "landing-page.png")


# ---- on a real CKAN portal ---------------------------------------------------------------------------------------


def test_the_page_reaches_the_portal_once(ckan_portal, published):
    folder = published
    client = CkanClient(ckan_portal.site_url, ckan_portal.api_token, timeout=60, retry=Retry(attempts=2))
    target = CkanTarget(client, CATALOGUE)
    name = CATALOGUE.landing_page.name
    ckan_portal.purge_dataset_if_present(name)

    planned = target.ship_landing_page(folder, apply=False)
    assert ("create dataset", name) in [(c.action, c.target) for c in planned.changes]
    shipped = target.ship_landing_page(folder)
    assert [c.action for c in shipped.changes if c.action == "upload"] == ["upload", "upload"]

    package = ckan_portal.action("package_show", id=name)
    assert package["title"] == f"[SYNTHETIC DATA] {CATALOGUE.landing_page.title.en}" and package["synthetic"] == "yes"
    assert package["title_kk"].endswith(CATALOGUE.landing_page.title.kk)
    assert package["organization"]["name"] == CATALOGUE.organization.name
    resources = package["resources"]  # CKAN stores an uploaded file's name lowercased: README.md as readme.md
    assert [r["url"].rsplit("/", 1)[-1] for r in resources] == [INDEX_FILE, README_FILE.lower()]
    for file_name, resource in zip((INDEX_FILE, README_FILE), resources, strict=True):
        answer = requests.get(resource["url"], timeout=30)
        assert answer.status_code == 200 and answer.content == (folder / file_name).read_bytes()
    assert resources[0]["format"] == "HTML" and resources[0]["name_ru"] and resources[1]["format"] == "MD"

    again = CkanTarget(client, CATALOGUE).ship_landing_page(folder)  # a second publish sends nothing
    assert again.changes == [] and again.bytes_sent == 0
