"""The publish folder's landing page (`publish/landing_page.py`) and its charts (`publish/landing_charts.py`), pure:
rendered on hand-made packages, with no pipeline. The page the demo release published, in headless Chromium and on
a real CKAN portal: tests/e2e/test_landing_page.py."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from dagster_project.assets.transform import ensure_manifest
from publish.catalogue import LANGUAGES, Text, catalogue_for
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

CATALOGUE = catalogue_for(ensure_manifest())
MEMBERS = next(d for d in CATALOGUE.datasets if d.name == "members")


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
