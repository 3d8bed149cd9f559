"""The adapters on the real captures of senate.parlam.kz and legalacts.egov.kz (the real data folder), and on real
pages changed the ways sites break. Their pure parsing functions, on text written here: tests/unit/test_adapters.py.
"""

from __future__ import annotations

import hashlib

import pytest

from dagster_project.adapters import Page
from dagster_project.adapters.legalacts import LEGALACTS
from dagster_project.adapters.senate import SENATE
from tests.support.realdata import require_realdata


def _pages(folder, names=None):
    paths = sorted(folder.glob("*.html"))
    return [
        Page(
            name=f"{folder.name}/{p.name}",
            html=p.read_text(encoding="utf-8"),
            sha256=hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in paths
        if names is None or p.name in names
    ]


@pytest.fixture(scope="module")
def senate_pages():
    return _pages(require_realdata() / "parlam-kz-2025" / "senate")


def test_a_bill_page_without_its_document_table_is_rejected_naming_the_table(senate_pages):
    page = next(p for p in senate_pages if p.name.endswith("ru-RU_lawProjects_details_6156.html"))
    start, end = page.html.index("<table"), page.html.index("</table>") + len("</table>")
    broken = Page(name=page.name, html=page.html[:start] + page.html[end:], sha256="x")
    records = SENATE.adapt([broken])
    assert [(r.page, r.reason) for r in records.rejected] == [
        (page.name, "no document table (table.law-projects-table)")
    ]
    assert records.bills == []


def test_senators_are_matched_across_languages_by_profile_and_a_mismatched_photo_is_not_merged(senate_pages):
    deputies = [p for p in senate_pages if p.name.endswith("_about_deputies.html")]
    records = SENATE.adapt(deputies)
    assert len(records.persons) == 50
    languages = {p["id"].rsplit("/", 1)[1]: {n["lang"] for n in p["other_names"]} for p in records.persons}
    assert {blog for blog, langs in languages.items() if langs != {"kk", "ru", "en"}} == {"974"}
    # the en page gives Жоргенбаев another patronymic: that name is left out, and the notes say why, by his id
    zhorgenbayev = next(p for p in records.persons if p["id"] == "kz-parliament/senate/person/974")
    assert [(n["lang"], n["name"]) for n in zhorgenbayev["other_names"]] == [
        ("kk", "Жөргенбаев Жанболат Әкебайұлы"),
        ("ru", "Жоргенбаев Жанболат Акебаевич"),
    ]
    assert [n for n in records.notes if n.startswith("senator ")] == [
        "senator 974: the en name 'Zhorgenbayev Zhanbolat Askerbaevich' does not agree with the other languages' "
        "(Жөргенбаев Жанболат Әкебайұлы / Жоргенбаев Жанболат Акебаевич): not merged, the person has no en name"
    ]
    kk = next(p for p in deputies if p.name.startswith("senate/kk-KZ"))
    swapped = Page(name=kk.name, html=kk.html.replace("9f64895656504f4da75948ab81797b62", "another-photo"), sha256="x")
    records = SENATE.adapt([p for p in deputies if p is not kk] + [swapped])
    chair = next(p for p in records.persons if p["id"] == "kz-parliament/senate/person/938")
    assert {n["lang"] for n in chair["other_names"]} == {"ru", "en"}
    assert any("profile 938 shows another photo" in note for note in records.notes)


def test_legalacts_comments_and_totals_from_the_real_page():
    records = LEGALACTS.adapt(_pages(require_realdata() / "legalacts-egov-kz"))
    assert [d["id"] for d in records.draft_acts] == ["kz-legalacts/draft/15906353", "kz-legalacts/draft/15912271"]
    assert len(records.submissions) == 10
    assert {s["channel"] for s in records.submissions} == {"draft_law_comment"}
    assert {s["author_name"] for s in records.submissions} == {"СУХАНОВ АНДРЕЙ"}
    assert records.draft_acts[1]["comments"] == [] and records.draft_acts[1]["status"] == "На публичном обсуждении"
    figures = {(f["subject_id"][-8:], f["figure"]): f["value"] for f in records.printed_figures}
    assert figures[("15906353", "comment_count")] == 24 and figures[("15906353", "view_count")] == 822
    assert figures[("15906353", "dislike_count")] == 1 and figures[("15912271", "view_count")] == 74
