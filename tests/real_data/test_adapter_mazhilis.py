"""The Mazhilis adapter (dagster_project/adapters/mazhilis.py) on the site's real pages (realdata/parlam-kz-2025),
and on real pages with their layout broken."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dagster_project.adapters import Page, Records
from dagster_project.adapters.mazhilis import MAZHILIS
from tests.support.realdata import require_realdata


def _page(path: Path, html: str | None = None) -> Page:
    data = path.read_bytes()
    return Page(
        name=path.name, html=data.decode("utf-8") if html is None else html, sha256=hashlib.sha256(data).hexdigest()
    )


@pytest.fixture(scope="module")
def folder() -> Path:
    return require_realdata() / "parlam-kz-2025" / "mazhilis"


@pytest.fixture(scope="module")
def pages(folder: Path) -> list[Page]:
    return [_page(path) for path in sorted(folder.glob("*.html"))]


@pytest.fixture(scope="module")
def records(pages: list[Page]) -> Records:
    return MAZHILIS.adapt(pages)


def _person(records: Records, name: str) -> dict:
    (person,) = [p for p in records.persons if p["name"] == name]
    return person


def _roles(records: Records, organization_id: str) -> dict[str, list[str]]:
    names = {p["id"]: p["name"] for p in records.persons}
    roles: dict[str, list[str]] = {}
    for m in records.memberships:
        if m["organization_id"] == organization_id:
            roles.setdefault(m["role"], []).append(names[m["person_id"]])
    return roles


def test_every_page_of_the_site_is_recognised_and_adapted(pages, records, folder):
    assert len(pages) == 13
    assert all(MAZHILIS.recognise(page) for page in pages)
    assert records.rejected == []
    senate = require_realdata() / "parlam-kz-2025" / "senate" / "ru-RU_about_deputies.html"
    assert not MAZHILIS.recognise(_page(senate))


def test_the_98_deputies_of_the_8th_convocation_each_have_a_seat(records):
    seats = _roles(records, "kz-parliament/mazhilis")
    assert len(seats["member"]) == 98
    assert seats["chair"] == ["ҚОШАНОВ Ерлан Жақанұлы"]
    assert sorted(seats["deputy chair"]) == ["ЕСПАЕВА Дания Мәдиқызы", "РАУ Альберт Павлович"]
    person = _person(records, "ҚОШАНОВ Ерлан Жақанұлы")
    assert person["id"] == "kz-parliament/person/mazhilis-3"
    assert (person["family_name"], person["given_name"], person["patronymic_name"]) == ("ҚОШАНОВ", "Ерлан", "Жақанұлы")
    assert _person(records, "АМАНТАЙ Жарқынбек")["patronymic_name"] is None


def test_names_are_labelled_kazakh_from_their_text_though_every_page_says_lang_ru(records):
    assert _person(records, "ӘБІЛ Еркін Аманжолұлы")["other_names"] == [{"name": "ӘБІЛ Еркін Аманжолұлы", "lang": "kk"}]
    assert '13 pages of mazhilis.parlam.kz say <html lang="ru"> but their text is kk' in " ".join(records.notes)


def test_committees_with_their_chairs_secretaries_and_members(records):
    committees = {o["name"]: o["id"] for o in records.organizations if o["classification"] == "committee"}
    assert len(committees) == 7
    agrarian = _roles(records, committees["Аграрлық мәселелер комитеті"])
    assert agrarian["chair"] == ["ЕГІЗБАЕВ Серік Рахметоллаұлы"]
    assert agrarian["secretary"] == ["МӘМБЕТОВ Еркебұлан Нұрмағамбетұлы"]
    assert len(agrarian["member"]) == 8
    finance = _roles(records, "kz-parliament/mazhilis/committee/finance")
    assert finance["chair"] == ["САВЕЛЬЕВА Татьяна Михайловна"]  # printed "Комитет Төрайымы", the female form
    sizes = {name: sum(len(v) for v in _roles(records, oid).values()) for name, oid in committees.items()}
    assert sizes == {
        "Аграрлық мәселелер комитеті": 10,
        "Әлеуметтік-мәдени даму комитеті": 18,
        "Заңнама және сот-құқықтық реформа комитеті": 15,
        "Қаржы және бюджет комитеті": 13,
        "Халықаралық істер, қорғаныс және қауіпсіздік комитеті": 13,
        "Экология және табиғатты пайдалану жөніндегі Комитет": 11,
        "Экономикалық реформа және өңірлік даму комитеті": 15,
    }
    # the role under each name on the list of deputies agrees with the committees page
    assert not [note for note in records.notes if "on the list of deputies" in note]


def test_the_six_factions_are_loaded_without_members_the_page_does_not_list(records):
    factions = {o["id"]: o["name"] for o in records.organizations if o["classification"] == "parliamentary_group"}
    assert factions == {
        "kz-parliament/mazhilis/faction/amanat": "«AMANAT» партиясының фракциясы",
        "kz-parliament/mazhilis/faction/respublica": '"Respublica" партиясының фракциясы',
        "kz-parliament/mazhilis/faction/auyl": "«Ауыл партиясы» фракциясы",
        "kz-parliament/mazhilis/faction/ak-zhol": '"Ақ жол" Қазақстан демократиялық партиясының фракциясы',
        "kz-parliament/mazhilis/faction/nsdp": "Жалпыұлттық социал-демократиялық партиясының фракциясы",
        "kz-parliament/mazhilis/faction/peoples-party": "Қазақстан Халық партиясының фракциясы",
    }
    assert not [m for m in records.memberships if m["organization_id"] in factions or m.get("on_behalf_of_id")]


def test_the_bureau_is_an_organization_of_its_15_deputies(records):
    (bureau,) = [o for o in records.organizations if o["classification"] == "bureau"]
    assert (bureau["id"], bureau["name"], bureau["parent_id"]) == (
        "kz-parliament/mazhilis/bureau", "Мәжіліс бюросы", "kz-parliament/mazhilis"
    )  # fmt: skip
    roles = _roles(records, "kz-parliament/mazhilis/bureau")
    assert list(roles) == ["member"]  # the page prints each one's office, not who chairs the bureau
    assert len(roles["member"]) == 15
    assert {"ҚОШАНОВ Ерлан Жақанұлы", "РАУ Альберт Павлович", "МАГЕРРАМОВ Магеррам Мамедович",
            "ПЕРУАШЕВ Азат Тұрлыбекұлы", "КҰСПАН Айгүл Сайфоллақызы"} <= set(roles["member"])  # fmt: skip
    # every member is a deputy of the convocation, with a seat
    seated = {m["person_id"] for m in records.memberships if m["organization_id"] == "kz-parliament/mazhilis"}
    assert {m["person_id"] for m in records.memberships if m["organization_id"] == bureau["id"]} <= seated


def test_single_mandate_deputies_are_marked_and_their_districts_stay_unknown(records):
    names = {p["id"]: p["name"] for p in records.persons}
    single = {names[m["person_id"]] for m in records.memberships if "label" in m}
    assert len(single) == 29
    assert {"ЖАҢБЫРШИН Еділ Терекбайұлы", "САБИЛЬЯНОВ Нұртай Салихұлы", "АМАНТАЙ Жарқынбек"} <= single
    assert "ҚОШАНОВ Ерлан Жақанұлы" not in single
    assert "districts unknown" in " ".join(records.notes)


def test_the_statistics_block_is_loaded_as_printed_figures(records):
    figures = {(f["dimension"], f["dimension_value"]): f["value"] for f in records.printed_figures}
    assert figures == {
        ("status", "Мәжілістің қарауында"): 75,
        ("status", "Бірінші оқылымда мақұлданды"): 25,
        ("status", "Қабылданып, Сенатқа жіберілді"): 194,
        ("status", "Бірлескен отырыста қабылданды"): 1,
        ("status", "Президент қол қойды"): 178,
        ("status", "Кері қайтарып алынды және қабылданбады"): 11,
        ("status", "Сенат қайтарды"): 2,
        ("committee", "Қаржы және бюджет комитеті"): 39,
        ("committee", "Әлеуметтік-мәдени даму комитеті"): 48,
        ("committee", "Халықаралық істер, қорғаныс және қауіпсіздік комитеті"): 37,
        ("committee", "Аграрлық мәселелер комитеті"): 16,
        ("committee", "Экология және табиғатты пайдалану жөніндегі Комитет"): 30,
        ("committee", "Экономикалық реформа және өңірлік даму комитеті"): 55,
        ("committee", "Заңнама және сот-құқықтық реформа комитеті"): 49,
    }
    assert {(f["source"], f["page"], f["figure"]) for f in records.printed_figures} == {
        ("mazhilis", "all-bill.html", "bill_count")
    }


def test_printed_figures_that_the_bills_read_do_not_add_up_to_are_flagged(records):
    """Only the first page of each list was captured, so the printed counts disagree with the bills read: said."""
    (by_status,) = [n for n in records.notes if n.startswith("printed bill counts by status disagree")]
    assert "Президент қол қойды 178 printed / 12 read" in by_status
    assert "Сенат қайтарды 2 printed / 0 read" in by_status
    assert "274 bills printed by committee; no page read names a bill's committee" in " ".join(records.notes)


def _bill(records: Records, title_start: str) -> dict:
    (bill,) = [b for b in records.bills if b.get("title_kk", "").startswith(title_start)]
    return bill


def test_a_renamed_bill_has_its_former_and_current_title_and_its_documents(records):
    bill = _bill(records, "Қазақстан Республикасының кейбір заңнамалық актілеріне дене шынықтыру және спорт, сондай-ақ")
    assert bill["former_title_kk"].endswith(
        "нормалардың артық (шамадан тыс) заңнамалық регламенттелуін болдырмау туралы"
    )
    assert bill["title_kk"].endswith(
        "регламенттеуді болғызбау мәселелері бойынша өзгерістер мен толықтырулар енгізу туралы"
    )
    assert "//" not in bill["title_kk"]
    assert (bill["status"], bill["status_as_printed"], bill["list_date"]) == (
        "signed",
        "Президент қол қойды",
        "2025-04-15",
    )
    assert bill["site_ids"] == ["532"]
    documents = {d["title"]: d for d in bill["documents"] if d["title"]}
    assert set(documents) == {"Заң жобасы", "Қабылданған Заң", "Қол қойылған Заң", "Салыстыру кестесі"}
    signed = documents["Қол қойылған Заң"]
    assert signed["url"] == "https://mazhilis.parlam.kz/media/draft_law/documents/532/2025-04-16/183.pdf"
    assert (signed["classification"], signed["media_type"], signed["date"]) == ("signed_law", "application/pdf", None)
    assert len(bill["documents"]) == 4  # the same files linked from the sent-to-Senate list are not repeated


def test_what_the_bill_list_does_not_say_stays_null(records):
    assert len(records.bills) == 30  # the first page of all-bill and of the three filtered lists, merged by title
    assert {b["number"] for b in records.bills} == {None}  # the list's № is the row's position
    assert {b["registration_date"] for b in records.bills} == {None}
    assert {b["lead_committee_id"] for b in records.bills} == {None}
    deputies = [b for b in records.bills if b["initiator_type"] == "deputies"]
    assert len(deputies) == 2
    assert all("(депутаттар бастамашылық жасаған)" in b["title_kk"] for b in deputies)
    assert {b["initiator_type"] for b in records.bills} == {"deputies", "unknown"}  # the code list's "unknown"
    # listed only as sent to the Senate, which also lists bills since signed: no current status
    sent_only = _bill(records, "2007 жылғы 26 маусымдағы Қазақстан Республикасының Үкіметі мен Азиядағы")
    assert (sent_only["status"], sent_only["status_as_printed"]) == ("unknown", None)
    # pending in the Mazhilis: told by the filtered list's title
    pending = _bill(records, "Қазақстан Республикасының Үкіметі мен Түрікменстан Үкіметі арасындағы")
    assert (pending["status"], pending["status_as_printed"]) == ("in_progress", "Мәжілістің қарауында")


def test_a_bill_page_with_an_unlinked_document_keeps_its_title_without_a_url(records):
    bill = _bill(records, "Қазақстан Республикасының аумақтық қорғанысы туралы")
    assert bill["site_ids"] == ["490"]
    assert {(d["title"], d["url"]) for d in bill["documents"]} == {
        ("Заң жобасы", None),
        (
            "Қабылданған Заң",
            "https://mazhilis.parlam.kz/media/draft_law/documents/490/2025-04-24/%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD_%D0%BA%D0%B0%D0%B7.pdf",
        ),
    }


def _without(html: str, start_marker: str, end_marker: str) -> str:
    start = html.index(start_marker)
    return html[:start] + html[html.index(end_marker, start) + len(end_marker) :]


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        ("all-bill.html", lambda h: _without(h, "<table _ngcontent", "</table>"), "bill table missing (table.custom)"),
        (
            "all-bill.html",
            lambda h: _without(h, "<app-infographic-white", "</app-infographic-white>"),
            "statistics by status missing",
        ),
        (
            "composition-n-structure_committees.html",
            lambda h: h.replace("<app-accordion", "<app-folded").replace("</app-accordion>", "</app-folded>"),
            "committees missing (app-committees app-accordion)",
        ),
        (
            "composition-n-structure_deputies-viii-convocation.html",
            lambda h: h.replace("<app-profile-card", "<app-card").replace("</app-profile-card>", "</app-card>"),
            "deputies' profile cards missing (app-profile-card)",
        ),
        ("all-bill_490.html", lambda h: h.replace("<h1", "<h2").replace("</h1>", "</h2>"), "bill title missing (h1)"),
        ("all-bill.html", lambda h: "", "empty body"),
        (
            "all-bill.html",
            lambda h: h.replace("<body>", '<body><form><input type="password" name="password"></form>'),
            "login page",
        ),
        ("all-bill.html", lambda h: h.encode("utf-8").decode("latin-1"), "wrong encoding"),
        ("all-bill.html", lambda h: h.encode("utf-8").decode("cp1251", errors="replace"), "wrong encoding"),
        (
            "composition-n-structure_bureau.html",
            lambda h: h.replace("<title>Бюро", "<title>404 Not Found"),
            "error page",
        ),
    ],
)
def test_a_page_whose_layout_changed_is_rejected_naming_what_is_missing(folder, name, change, reason):
    original = folder / name
    broken = _page(original, change(original.read_text(encoding="utf-8")))
    other = _page(folder / "composition-n-structure_management-team.html")
    assert MAZHILIS.recognise(broken)
    records = MAZHILIS.adapt([broken, other])
    assert [(r.page, r.adapter) for r in records.rejected] == [(name, "mazhilis")]
    assert reason in records.rejected[0].reason
    # the page that was not broken is still read, and nothing of the broken one: pages in = adapted + rejected
    assert len(_roles(records, "kz-parliament/mazhilis")["deputy chair"]) == 2
    assert len(records.persons) == 3
    assert (records.bills, records.printed_figures) == ([], [])


def test_a_new_committee_and_an_unknown_role_label_are_said_in_the_notes_not_guessed(folder):
    page = folder / "composition-n-structure_committees.html"
    html = page.read_text(encoding="utf-8").replace("Аграрлық мәселелер комитеті", "Цифрландыру комитеті")
    html = html.replace("Комитет хатшысы", "Комитет Төрағасының орынбасары", 1)  # the agrarian committee's secretary
    records = MAZHILIS.adapt([_page(page, html)])
    assert records.rejected == []
    committees = {o["name"]: o["id"] for o in records.organizations if o["classification"] == "committee"}
    assert committees["Цифрландыру комитеті"] == "kz-parliament/mazhilis/committee/tsifrlandyru-komiteti"
    roles = _roles(records, committees["Цифрландыру комитеті"])
    assert "secretary" not in roles
    assert all("МӘМБЕТОВ Еркебұлан Нұрмағамбетұлы" not in names for names in roles.values())
    notes = " ".join(records.notes)
    assert "'Цифрландыру комитеті' is new to the adapter" in notes
    assert "unknown role 'Комитет Төрағасының орынбасары' of МӘМБЕТОВ Еркебұлан Нұрмағамбетұлы: not loaded" in notes
