"""Recognising pages by their content as well as their name: real pages copied under any name read the same, and
pages that are no page of the site (empty, mis-encoded, a login or error page, a table missing) are turned away
with the reason and the adapter's name, while the other pages still load."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from dagster_project.adapters import Page, Records
from dagster_project.adapters.legalacts import LEGALACTS
from dagster_project.adapters.senate import SENATE
from dagster_project.ingest.adapt import adapt_captures
from tests.support.realdata import require_realdata

BILL_6143 = "kz-parliament/senate/bill/6143"
DRAFT = "kz-legalacts/draft/15906353"
COMMENTS_PAGE = "npa_15906353_with_comments_ru.fragment.html"


def _page(path: Path, name: str, html: str | None = None, url: str | None = None) -> Page:
    text = path.read_text(encoding="utf-8") if html is None else html
    return Page(name=name, html=text, sha256=hashlib.sha256(text.encode()).hexdigest(), url=url)


@pytest.fixture(scope="module")
def senate_folder() -> Path:
    return require_realdata() / "parlam-kz-2025" / "senate"


@pytest.fixture(scope="module")
def legalacts_folder() -> Path:
    return require_realdata() / "legalacts-egov-kz"


def _read_alike(saved: Records, renamed: Records) -> None:
    for kind in ("persons", "organizations", "memberships", "bills", "draft_acts", "submissions"):
        assert getattr(renamed, kind) == getattr(saved, kind), kind
    assert [{**f, "page": None} for f in renamed.printed_figures] == [
        {**f, "page": None} for f in saved.printed_figures
    ]
    assert renamed.rejected == saved.rejected == []


def test_senate_pages_under_any_name_are_read_as_under_their_own(senate_folder):
    files = sorted(senate_folder.glob("*.html"))
    saved = SENATE.adapt([_page(p, f"senate/{p.name}") for p in files])
    renamed_pages = [_page(p, f"page{i}.html") for i, p in enumerate(files)]
    assert all(SENATE.recognise(p) for p in renamed_pages)
    renamed = SENATE.adapt(renamed_pages)
    _read_alike(saved, renamed)
    # what the content told: the bill's lawId (language switcher), each page's language (search form), its kind
    bill = next(b for b in renamed.bills if b["id"] == BILL_6143)
    assert bill["title_ru"].startswith("О внесении изменений и дополнений в некоторые законодательные акты")
    assert bill["title_kk"].startswith("Қазақстан Республикасының кейбір заңнамалық актілеріне байланыс")
    assert bill["title_en"] is None  # the en-US page's title is Kazakh
    assert (bill["number"], bill["registration_date"], bill["status"]) == ("№ 5932", "2024-12-31", "signed")
    assert [(d["classification"], d["date"], d["number"], d["file_id"]) for d in bill["documents"]] == [
        ("mazhilis_resolution", "2024-12-25", "583-VIII МП", "28553"),
        ("senate_resolution", "2025-01-30", "374-VIII СП", "28668"),
        ("senate_resolution", "2025-01-30", "376-VIII СП", "28669"),
        ("law", "2025-02-10", "164-VIII ЗРК", "28758"),
    ]
    assert len(renamed.persons) == 50
    assert any(n.startswith("page") and "the en title of bill 6143 is in kk" in n for n in renamed.notes)


def test_legalacts_pages_under_any_name_are_read_as_under_their_own(legalacts_folder):
    files = sorted(legalacts_folder.glob("*.html"))
    saved = LEGALACTS.adapt([_page(p, f"legalacts/{p.name}") for p in files])
    renamed_pages = [_page(p, f"capture-{i}.htm") for i, p in enumerate(files)]
    assert all(LEGALACTS.recognise(p) and not SENATE.recognise(p) for p in renamed_pages)
    renamed = LEGALACTS.adapt(renamed_pages)
    _read_alike(saved, renamed)
    assert [d["id"] for d in renamed.draft_acts] == [DRAFT, "kz-legalacts/draft/15912271"]
    assert renamed.draft_acts[0]["created_date"] == "2026-09-09" and len(renamed.submissions) == 10
    # the pager says page 1 of 2: the second page is missing, whatever the first is named
    assert any(n.startswith("capture-") and "comment pages [2] of 2" in n for n in renamed.notes)


def test_a_capture_named_anyhow_is_placed_by_its_url(legalacts_folder):
    first = _page(legalacts_folder / COMMENTS_PAGE, "a.html")
    second_html = re.sub(r'<p tabindex="0" id="159', '<p tabindex="0" id="259', first.html)  # other comments
    url = "http://127.0.0.1:8080/npa/view?typeComment=6&pageComment=2&id=15906353"  # a mirror, as the tests' server
    second = _page(legalacts_folder / COMMENTS_PAGE, "b.html", second_html, url=url)
    assert LEGALACTS.recognise(second)
    records = LEGALACTS.adapt([first, second])
    assert len(records.draft_acts[0]["comments"]) == 20  # the URL says page 2 (its pager says 1): joined
    assert not any("were not captured" in note for note in records.notes)


LOGIN = '<html><head><title>Вход</title></head><body><form><input type="password" name="p"></form></body></html>'
ERROR = "<html><head><title>500 - Internal server error</title></head><body><h1>Ошибка сервера</h1></body></html>"


WRONG_ENCODING = "wrong encoding: replacement characters, or UTF-8 read as Latin-1 or cp1251"


def _broken(html: str) -> list[tuple[str, str]]:
    """Ways a real page breaks, each with the reason it is turned away for."""
    return [
        ("", "empty body"),
        ("<html><body>\n  </body></html>", "empty body"),
        (LOGIN, "login page (a password field), not the page asked for"),
        (ERROR, "error page (title '500 - Internal server error')"),
        (html.encode("utf-8").decode("latin-1"), WRONG_ENCODING),
        (html.encode("utf-8").decode("cp1251", errors="replace"), WRONG_ENCODING),
    ]


@pytest.mark.parametrize(
    ("adapter", "folder", "real", "name", "missing", "reason"),
    [
        (SENATE, ("parlam-kz-2025", "senate"), "ru-RU_lawProjects_details_6143.html",
         "senate/ru-RU_lawProjects_details_6156.html", ("<table", "</table>"),
         "no document table (table.law-projects-table)"),
        (LEGALACTS, ("legalacts-egov-kz",), COMMENTS_PAGE, "legalacts/npa_15912271_ru.html",
         ('<div class="view-npa">', "</h2>"), "no draft act card (div.view-npa)"),
    ],
)  # fmt: skip
def test_pages_that_are_no_page_of_the_site_are_rejected_with_the_reason(adapter, folder, real, name, missing, reason):
    path = require_realdata().joinpath(*folder) / real
    good = _page(path, real)
    html = good.html
    start = html.index(missing[0])
    broken = [*_broken(html), (html[:start] + html[html.index(missing[1], start) + len(missing[1]) :], reason)]
    pages = [good] + [_page(path, f"{i}/{name}", text) for i, (text, _) in enumerate(broken)]
    assert all(adapter.recognise(p) for p in pages)
    records = adapter.adapt(pages)
    assert len(pages) == 1 + len(records.rejected)  # pages in = adapted + rejected
    assert [(r.page, r.adapter, r.reason) for r in records.rejected] == [
        (f"{i}/{name}", adapter.name, why) for i, (_, why) in enumerate(broken)
    ]
    assert len(records.bills) + len(records.draft_acts) == 1  # the good page is still read


def test_a_senate_page_of_a_kind_no_reader_reads_is_rejected_naming_it(senate_folder):
    page = _page(senate_folder / "ru-RU_leadership.html", "news.html")
    page = Page(name=page.name, html=page.html.replace("/leadership", "/news"), sha256="x")
    assert SENATE.recognise(page)
    assert [r.reason for r in SENATE.adapt([page]).rejected] == [
        "no reader for the page '/ru-RU/news' of the Senate's site"
    ]


def test_captures_named_anyhow_adapt_and_bad_ones_are_quarantined_pages_in_equal_adapted_plus_rejected(
    senate_folder, legalacts_folder, tmp_path
):
    captures = tmp_path / "captures"
    captures.mkdir()
    for i, path in enumerate([*sorted(senate_folder.glob("ru-RU_*.html")), legalacts_folder / COMMENTS_PAGE]):
        (captures / f"page{i}.html").write_bytes(path.read_bytes())
    (captures / "senate").mkdir()
    (captures / "senate" / "kk-KZ_leadership.html").write_text(LOGIN, encoding="utf-8")
    (captures / "senate" / "ru-RU_committees.html").write_bytes("Комитеты".encode("cp1251"))  # not UTF-8
    (captures / "legalacts").mkdir()
    (captures / "legalacts" / "npa_1_ru.html").write_text(ERROR, encoding="utf-8")
    (captures / "unknown.html").write_text("<html><body><p>Привет</p></body></html>", encoding="utf-8")
    report = adapt_captures(captures, tmp_path / "landing")
    assert report.pages == 7 + 1 + 4
    assert report.pages == sum(report.adapted.values()) + len(report.rejected)
    assert report.adapted == {"senate": 7, "mazhilis": 0, "legalacts": 1}
    assert {(r.page, r.adapter, r.reason.split(" (")[0]) for r in report.rejected} == {
        ("senate/kk-KZ_leadership.html", "senate", "login page"),
        ("senate/ru-RU_committees.html", "senate", "not UTF-8 text"),
        ("legalacts/npa_1_ru.html", "legalacts", "error page"),
        ("unknown.html", "none", "no adapter recognises this page"),
    }
    bills = [json.loads(line) for line in (tmp_path / "landing" / "bills" / "senate.jsonl").read_text().splitlines()]
    assert [d["number"] for d in next(b for b in bills if b["id"] == BILL_6143)["documents"]] == [
        "583-VIII МП", "374-VIII СП", "376-VIII СП", "164-VIII ЗРК"
    ]  # fmt: skip
