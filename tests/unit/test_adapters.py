"""The adapters as pure functions, on text written here: a comment's date, a bill's former title, a page that is not
the Senate's. On the real captures, and on real pages changed the ways sites break: tests/real_data/test_adapters.py."""

from __future__ import annotations

from datetime import date

from dagster_project.adapters import Page
from dagster_project.adapters.legalacts import _dated
from dagster_project.adapters.senate import SENATE, _split_former_title


def test_a_comment_without_a_year_takes_the_year_that_follows_the_draft_over_new_year():
    assert _dated("28/12 - 09:30", date(2026, 12, 20)).isoformat() == "2026-12-28T09:30:00+05:00"
    assert _dated("03/01 - 10:00", date(2026, 12, 20)).isoformat() == "2027-01-03T10:00:00+05:00"
    assert _dated("20/12 - 00:00", date(2026, 12, 20)).date() == date(2026, 12, 20)
    assert _dated("no date here", date(2026, 12, 20)) is None


def test_the_former_title_is_split_off_in_both_languages_even_with_a_quote_missing():
    title, former, changed = _split_former_title(
        "О почте и связи (заголовок до принятия Мажилисом 25.12.2024 «О внесении изменений в Закон «О почте»)"
    )
    assert (title, former, changed) == ("О почте и связи", "О внесении изменений в Закон «О почте»", "2024-12-25")
    title, former, changed = _split_former_title(
        "Пошта туралы (05.03.2025 Мәжіліс қабылдағанға дейінгі тақырыбы «Су туралы»)"
    )
    assert (title, former, changed) == ("Пошта туралы", "Су туралы", "2025-03-05")
    assert _split_former_title("Об особом статусе города Туркестана") == (
        "Об особом статусе города Туркестана",
        None,
        None,
    )


def test_a_page_under_a_senate_name_without_the_senates_mark_is_rejected():
    html = "<html><body><form>Войти</form></body></html>"  # empty, login, error pages: real_data/test_recognition.py
    records = SENATE.adapt([Page(name="senate/ru-RU_committees.html", html=html, sha256="x")])
    assert records.rejected[0].reason.startswith("not a Senate page") and records.organizations == []
