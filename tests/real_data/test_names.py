"""Person-name matching (dagster_project/adapters/names.py) on the parliament's real pages: the Senate's ru, kk and
en lists of its 50 senators, the Mazhilis's deputies against EveryPolitician's 5th convocation, and the archived
deputy pages of www.parlam.kz. The rules on names written here: tests/unit/test_names.py."""

from __future__ import annotations

import json
import re

from selectolax.lexbor import LexborHTMLParser

from dagster_project.adapters import Page, mazhilis, senate
from dagster_project.adapters.names import (
    PersonRecord,
    identities,
    match_persons,
)
from tests.support.realdata import require_realdata


def test_one_id_per_person_across_the_senate_the_mazhilis_and_everypolitician():
    """The adapters' persons and EveryPolitician's, in the warehouse's order (the official sites first): the chair
    of the Senate sat in the 5th Mazhilis, and three of today's deputies too."""
    realdata = require_realdata()

    def pages(folder: str) -> list[Page]:
        return [Page(name=p.name, html=p.read_text(encoding="utf-8"), sha256="")
                for p in sorted((realdata / "parlam-kz-2025" / folder).glob("*.html"))]  # fmt: skip

    popolo = json.loads(
        (realdata / "everypolitician-kazakhstan/data/Kazakhstan/Assembly/ep-popolo-v1.0.json").read_text()
    )
    records = [PersonRecord.from_popolo("senate", p) for p in senate.adapt(pages("senate")).persons]
    records += [PersonRecord.from_popolo("mazhilis", p) for p in mazhilis.adapt(pages("mazhilis")).persons]
    records += [PersonRecord.from_popolo("everypolitician", p) for p in popolo["persons"]]
    found = identities(records)
    names = {r.id: r.names["printed"] for r in records}
    linked = {(names[i.id], names[i.canonical_id]) for i in found if i.id != i.canonical_id}
    assert linked == {
        ("ASHIMBAYEV Maulen Sagathanuly", "Ашимбаев Маулен Сагатханулы"),
        ("PERUASHEV Azat Turlybekuly", "ПЕРУАШЕВ Азат Тұрлыбекұлы"),
        ("SABILYANOV Nurtay Salihuly", "САБИЛЬЯНОВ Нұртай Салихұлы"),
        ("SADIBEKOV Ulasbek", "Сәдібеков Ұласбек"),
    }
    chair = next(i for i in found if i.id == "kz-parliament/senate/person/938")
    assert (chair.canonical_id, chair.method) == ("kz-parliament/senate/person/938", "name_match")
    assert [i for i in found if i.method == "quarantined"] == []
    assert sum(i.method == "own_id" for i in found) == 50 + 98 + 107 - 2 * 4


def _senators(lang: str) -> dict[str, str]:
    """blog id → name, from the Senate's list of senators (the Senate adapter reads it fully; this is enough)."""
    page = require_realdata() / "parlam-kz-2025" / "senate" / f"{lang}_about_deputies.html"
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    return {
        re.search(r"/blog/(\d+)/", card.attributes["href"]).group(1): card.css_first(".person-card--full-name")
        .text()
        .strip()
        for card in tree.css("a.person-card")
    }


def _pair(a: str, b: str) -> tuple[dict[str, str], object]:
    first, second = _senators(a), _senators(b)
    records = [PersonRecord(a, f"{a}/{k}", {a[:2]: v}) for k, v in first.items()]
    records += [PersonRecord(b, f"{b}/{k}", {b[:2]: v}) for k, v in second.items()]
    return first, match_persons(records, same_people=True)


def test_the_senates_ru_and_kk_lists_match_one_to_one():
    ru, matching = _pair("ru-RU", "kk-KZ")
    assert len(ru) == 50
    assert matching.quarantined == []
    # the blog id in both pages' links is the truth the names were matched without
    assert {key: value for key, value in matching.ids.items() if key[0] == "kk-KZ"} == {
        ("kk-KZ", f"kk-KZ/{k}"): f"ru-RU/{k}" for k in ru
    }
    assert matching.ids[("kk-KZ", "kk-KZ/938")] == "ru-RU/938"  # Ашимбаев Маулен Сагатханулы / Әшімбаев Мәулен …
    assert matching.ids[("kk-KZ", "kk-KZ/996")] == "ru-RU/996"  # Жунусов Талгат / Жүнісов Талғат
    assert matching.ids[("kk-KZ", "kk-KZ/1008")] == "ru-RU/1008"  # Аккужина … Беркутовна / Аққожина … Бүркітқызы


def test_the_senates_english_page_misprints_one_patronymic_and_that_senator_is_quarantined():
    ru, matching = _pair("ru-RU", "en-US")
    assert sorted((q.id, q.name) for q in matching.quarantined) == [
        ("en-US/974", "Zhorgenbayev Zhanbolat Askerbaevich"),
        ("ru-RU/974", "Жоргенбаев Жанболат Акебаевич"),
    ]
    linked = {key[1]: value for key, value in matching.ids.items() if key[0] == "en-US" and value.startswith("ru")}
    assert linked == {f"en-US/{k}": f"ru-RU/{k}" for k in ru if k != "974"}


def test_mazhilis_deputies_found_in_everypolitician_are_the_three_who_sat_in_the_5th_convocation():
    """The Mazhilis adapter's persons against EveryPolitician's Popolo file, both as Popolo persons."""
    realdata = require_realdata()
    pages = [
        Page(name=path.name, html=path.read_text(encoding="utf-8"), sha256="")
        for path in sorted((realdata / "parlam-kz-2025" / "mazhilis").glob("composition-n-structure_*.html"))
    ]
    popolo = json.loads(
        (realdata / "everypolitician-kazakhstan/data/Kazakhstan/Assembly/ep-popolo-v1.0.json").read_text()
    )
    persons = mazhilis.adapt(pages).persons
    assert len(persons) == 98
    records = [PersonRecord.from_popolo("mazhilis", p) for p in persons]
    records += [PersonRecord.from_popolo("everypolitician", p) for p in popolo["persons"]]
    matching = match_persons(records)
    names = {r.id: r.names["printed"] for r in records}
    merged = {
        (names[value], names[key[1]])
        for key, value in matching.ids.items()
        if key[0] == "everypolitician" and key[1] != value
    }
    assert merged == {
        ("ПЕРУАШЕВ Азат Тұрлыбекұлы", "PERUASHEV Azat Turlybekuly"),
        ("САБИЛЬЯНОВ Нұртай Салихұлы", "SABILYANOV Nurtay Salihuly"),
        ("Сәдібеков Ұласбек", "SADIBEKOV Ulasbek"),
    }
    assert matching.ids[("mazhilis", "kz-parliament/person/mazhilis-1698")] == "kz-parliament/person/mazhilis-1698"
    assert matching.quarantined == []


def _archived_deputy_pages() -> dict[str, dict[str, str]]:
    """lang → blog slug → the name in the page's title, from the 2016/2018 captures of www.parlam.kz."""
    folder = require_realdata() / "parlam-kz-mazhilis-html-archive" / "www.parlam.kz"
    pages: dict[str, dict[str, str]] = {}
    for exchange in sorted(folder.glob("*.yml")):
        blog = re.search(r"uri: \S+/(ru|kk)/blogs/(\w+)\n", exchange.read_text(encoding="utf-8"))
        title = re.search(r"<title>([^<]*)", exchange.with_suffix(".html").read_text(encoding="utf-8"))
        if blog and title:
            pages.setdefault(blog.group(1), {})[blog.group(2)] = " ".join(title.group(1).split())
    return pages


def test_the_archived_kk_deputy_pages_each_match_their_ru_page():
    pages = _archived_deputy_pages()
    assert pages["kk"]["Erman"] == "ЕРМАН Мұхтар Тілдәбекұлы"
    assert pages["ru"]["Erman"] == "ЕРМАН Мухтар Тилдабекулы"
    records = [
        PersonRecord(lang, f"{lang}/{slug}", {lang: name})
        for lang in ("ru", "kk")
        for slug, name in pages[lang].items()
    ]
    matching = match_persons(records)
    assert len(pages["kk"]) == 15
    assert {key[1]: value for key, value in matching.ids.items() if key[0] == "kk"} == {
        f"kk/{slug}": f"ru/{slug}" for slug in pages["kk"]
    }


def test_everypolitician_persons_are_linked_to_their_own_archived_ru_page_or_to_none():
    """EveryPolitician's link to each deputy's page (`/ru/blogs/<slug>`) is the truth: 40 are linked by name, none
    wrongly; the rest stay apart (EveryPolitician glued some names: `BALIEVA ZagipaYahyanovna`)."""
    realdata = require_realdata()
    popolo = json.loads(
        (realdata / "everypolitician-kazakhstan/data/Kazakhstan/Assembly/ep-popolo-v1.0.json").read_text()
    )
    ru = _archived_deputy_pages()["ru"]
    records = [PersonRecord("ru", f"ru/{slug}", {"ru": name}) for slug, name in ru.items()]
    records += [PersonRecord("everypolitician", p["id"], {"en": p["name"]}) for p in popolo["persons"]]
    matching = match_persons(records)
    slugs = {p["id"]: p["links"][0]["url"].rsplit("/", 1)[1] for p in popolo["persons"]}
    linked = {key[1]: value for key, value in matching.ids.items() if key[0] == "everypolitician" and key[1] != value}
    assert len(linked) == 40
    assert {value for value in linked.values()} == {f"ru/{slugs[person]}" for person in linked}
    assert linked[next(p["id"] for p in popolo["persons"] if p["name"] == "SCHEGELSKIY Gleb Anatolyevich")] == (
        "ru/Shegelski"
    )
    assert matching.ids[("everypolitician", next(p["id"] for p in popolo["persons"] if "BALIEVA" in p["name"]))] != (
        "ru/Balieva"
    )
