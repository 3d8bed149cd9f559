"""The publish folder's landing page (`publish/landing_page.py`, asset `datasets/index`): the page the demo release
published, opened from file:// in headless Chromium (screenshot, every link, the three languages, the synthetic
banner, row counts, charts), then on a real CKAN portal. The pure rendering on hand-made packages:
tests/unit/test_landing_page.py."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import dagster as dg
import pytest
import requests

from dagster_project.assets.transform import ensure_manifest
from publish.catalogue import LANGUAGES, catalogue_for
from publish.ckan import CkanTarget
from publish.ckan_client import CkanClient, Retry
from publish.landing_page import (
    INDEX_FILE,
    README_FILE,
    build_landing_page,
    count,
)
from tests.support.browser import ARTEFACTS_DIR, browse

CATALOGUE = catalogue_for(ensure_manifest())


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
