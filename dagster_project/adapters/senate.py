"""The Senate's own site (senate.parlam.kz): bills, senators, committees and the Senate's leadership.

What belongs here: reading the Senate's pages into landing records, and nothing else (no fetching, no files).
Every assumption about the site's layout is in the block "The layout" below: when the site changes, that block
changes. One bill per `lawId` merges the ru-RU, kk-KZ and en-US pages of its details and of the bill list; one
senator per profile id (`/blog/<id>/biography`) merges the three languages, checked by the photo and by the names
(`names.py`): a language's name that agrees with none of the others is left out and named in the notes. A text's
language is decided by lingua from the text, never from the URL: the en-US pages carry Kazakh titles, and then
the English title stays empty and the run's notes say so. What the Senate does not print (a bill's initiator)
is the explicit code `unknown`; what a page does not give (an index-only bill's documents) stays empty.
A page is known by its capture's URL, its own content (the language switcher and the search form) or its saved
name (`recognition.py`), so a page copied under any name reads the same; its kind, language and lawId follow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dagster_project.adapters import Adapter, LayoutError, Page, Records, Rejected
from dagster_project.adapters.names import disagreeing_names
from dagster_project.adapters.recognition import Site
from dagster_project.enrich.language import detect_languages

NAME = "senate"

# ---- The layout: every assumption about senate.parlam.kz's pages --------------------------------------------
HOST = "senate.parlam.kz"
SITE = f"https://{HOST}"
# Where a page is (see recognition.py): every path starts with the page's language; a page saved by hand is named
# after its path with "_" for "/"; a page's content gives its own path in the language switcher's links (one per
# language, the same path) and its language in the search form's action (`/ru-RU/Search/Index`).
PATHS = re.compile(r"/(?P<lang>ru-RU|kk-KZ|en-US)/")
SAVED_NAME = re.compile(r"(?:^|/)(?P<lang>ru-RU|kk-KZ|en-US)_(?P<path>\w+)\.html$")  # ru-RU_lawProjects_details_6143
LANGUAGE_SWITCH = "ul.lang-list a[href]"
SEARCH_FORM = 'form[action$="/Search/Index"]'
# The pages read, by path after the language: a bill's details (its lawId in the path), the bill list, the
# senators, the committees, the leadership.
DETAILS_PATH = re.compile(r"lawProjects/details/(?P<law_id>\d+)")
PAGE_KINDS = {"lawProjects/index": "index", "about/deputies": "deputies", "committees": "committees",
              "leadership": "leadership"}  # fmt: skip
SITE_MARK = ("Сенат Парламента", "Парламентінің Сенаты", "Senate of the Parliament")  # in every page's footer
LANG_OF_PATH = {"ru-RU": "ru", "kk-KZ": "kk", "en-US": "en"}
BILL_TITLE = "div.section-content > p > b"  # the first <p><b> of a bill's details page is its title
DOCUMENT_TABLE = "table.law-projects-table"  # details: type, date, number, sheets, languages, file link
DOWNLOAD = re.compile(r"fileId=(?P<file_id>\d+)")
INDEX_ROW_LINK = 'a[href*="/lawProjects/details/"]'  # bill list: №, title link, registration date, number
LAW_ID = re.compile(r"/lawProjects/details/(?P<law_id>\d+)")
PERSON_CARD = "a.person-card"  # deputies and leadership: profile link, photo, full name, position
PROFILE_ID = re.compile(r"/blog/(?P<blog_id>\d+)/biography")
COMMITTEE_HEADING = 'div.deputy-container > h3 > a[href*="/committees/details/"]'
COMMITTEE_ID = re.compile(r"/committees/details/(?P<committee_id>\d+)")
COMMITTEE_MEMBER = "div.deputy-item"  # in the div.deputies-list after each heading: photo link, name, role span
DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
# "(заголовок до принятия Мажилисом 25.12.2024 «…»)" and its Kazakh twin end a title: the title before the
# Mazhilis changed it, with the date of the change.
FORMER_TITLE = (
    re.compile(r"\s*\(заголовок до принятия Мажилисом (?P<date>\d{2}\.\d{2}\.\d{4})\s*(?P<former>«.*)\)\s*$"),
    re.compile(r"\s*\((?P<date>\d{2}\.\d{2}\.\d{4}) Мәжіліс қабылдағанға дейінгі тақырыбы\s*(?P<former>«.*)\)\s*$"),
)
# A stage document's type, in any of the languages the site prints it in (the en-US pages print Kazakh).
DOCUMENT_KINDS = (
    (re.compile(r"Постановление Мажилиса|Мәжіліс қаулысы|Resolution of the Mazhilis", re.I), "mazhilis_resolution"),
    (re.compile(r"Постановление Сената|Сенат қаулысы|Resolution of the Senate", re.I), "senate_resolution"),
    (re.compile(r"^(Законы?|Заңдар|Заң|Laws?)$", re.I), "law"),
)
DOCUMENT_LANGUAGES = {"KZ": "kk", "RU": "ru", "EN": "en"}
# Roles as printed beside a name; the deputy chair is tested before the chair it contains.
ROLES = (
    (re.compile(r"Заместитель Председателя|Төрағасының Орынбасары|Deputy Chair", re.I), "deputy chair"),
    (re.compile(r"Председатель|Төрағасы|Chair", re.I), "chair"),
    (re.compile(r"Секретарь|хатшысы|Secretary", re.I), "secretary"),
    (re.compile(r"Член|мүшесі|Member", re.I), "member"),
)

# ---- Identifiers in the warehouse -----------------------------------------------------------------------------
LEGISLATURE_ID = "kz-parliament"
SENATE_ID = f"{LEGISLATURE_ID}/senate"
MAZHILIS_ID = f"{LEGISLATURE_ID}/mazhilis"


def person_id(blog_id: str) -> str:
    return f"{SENATE_ID}/person/{blog_id}"


def committee_id(number: str) -> str:
    return f"{SENATE_ID}/committee/{number}"


def bill_id(law_id: str) -> str:
    return f"{SENATE_ID}/bill/{law_id}"


# ---- Reading ------------------------------------------------------------------------------------------------
def _own_address(tree: LexborHTMLParser) -> str | None:
    switch, search = tree.css_first(LANGUAGE_SWITCH), tree.css_first(SEARCH_FORM)
    path = PATHS.match(switch.attributes.get("href") or "") if switch is not None else None
    language = PATHS.match(search.attributes.get("action") or "") if search is not None else None
    return f"/{language['lang']}/{switch.attributes['href'][path.end() :]}" if path and language else None


def _saved_address(name: str) -> str | None:
    saved = SAVED_NAME.search(name)
    return f"/{saved['lang']}/{saved['path'].replace('_', '/')}" if saved else None


SITE_PAGES = Site("the Senate's site", HOST, PATHS, _own_address, _saved_address)


def _kind(address: str) -> tuple[str, str, str | None]:
    """The page's kind, language and lawId from its address, or a LayoutError for a page no reader reads."""
    path = urlsplit(address).path
    language = PATHS.match(path)
    rest = path[language.end() :].strip("/") if language else path
    details = DETAILS_PATH.fullmatch(rest)
    if language is None or (details is None and rest not in PAGE_KINDS):
        raise LayoutError(f"no reader for the page {path!r} of the Senate's site")
    return ("details" if details else PAGE_KINDS[rest]), LANG_OF_PATH[language["lang"]], details and details["law_id"]


def adapt(pages: Sequence[Page]) -> Records:
    records = Records()
    parsed: dict[str, list[tuple[Page, str, dict]]] = defaultdict(list)
    for page in pages:
        try:
            tree, address = SITE_PAGES.parse(page)
            kind, lang, law_id = _kind(address)
            _require_mark(tree)
            read = _read_details(tree, law_id) if kind == "details" else _READERS[kind](tree)
            parsed[kind].append((page, lang, read))
        except LayoutError as error:
            records.rejected.append(Rejected(page=page.name, adapter=NAME, reason=str(error)))
    _bills(parsed["index"], parsed["details"], records)
    _senators(parsed["deputies"], parsed["leadership"], parsed["committees"], records)
    return records


def _require_mark(tree: LexborHTMLParser) -> None:
    if not any(mark in tree.body.text() for mark in SITE_MARK):
        raise LayoutError(f"not a Senate page: none of {SITE_MARK} in its footer")


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def _date(text: str) -> str | None:
    match = DATE.match(text.strip())
    return f"{match[3]}-{match[2]}-{match[1]}" if match else None


def _read_details(tree: LexborHTMLParser, law_id: str) -> dict:
    title = tree.css_first(BILL_TITLE)
    if title is None or not _text(title):
        raise LayoutError(f"no bill title ({BILL_TITLE})")
    table = tree.css_first(DOCUMENT_TABLE)
    if table is None:
        raise LayoutError(f"no document table ({DOCUMENT_TABLE})")
    documents = []
    for row in table.css("tbody > tr"):
        cells = [_text(cell) for cell in row.css("td")]
        link = row.css_first("a[href]")
        if len(cells) < 6 or link is None:
            raise LayoutError(f"a row of {DOCUMENT_TABLE} without its 6 cells and file link")
        file_id = DOWNLOAD.search(link.attributes.get("href") or "")
        documents.append(
            {
                "type": cells[0],
                "date": _date(cells[1]),
                "number": cells[2] or None,
                "sheets": int(cells[3]) if cells[3].isdigit() else None,
                "languages": [DOCUMENT_LANGUAGES[c] for c in re.split(r"[/,\s]+", cells[4]) if c in DOCUMENT_LANGUAGES],
                "url": SITE + link.attributes["href"]
                if link.attributes["href"].startswith("/")
                else link.attributes["href"],
                "file_id": file_id["file_id"] if file_id else None,
            }
        )
    return {"law_id": law_id, "title": _text(title), "documents": documents}


def _read_index(tree: LexborHTMLParser) -> dict:
    table = tree.css_first(DOCUMENT_TABLE)
    if table is None:
        raise LayoutError(f"no bill list ({DOCUMENT_TABLE})")
    rows = {}
    for link in table.css(INDEX_ROW_LINK):
        cells = [_text(cell) for cell in link.parent.parent.css("td")]
        if len(cells) < 4:
            raise LayoutError("a row of the bill list without its 4 cells (№, title, registration date, number)")
        law_id = LAW_ID.search(link.attributes["href"])["law_id"]
        rows[law_id] = {"title": _text(link), "registration_date": _date(cells[2]), "number": cells[3] or None}
    if not rows:
        raise LayoutError(f"no bill in the list ({INDEX_ROW_LINK})")
    return rows


def _person(card: LexborNode, name_selector: str) -> dict:
    profile = PROFILE_ID.search(card.attributes.get("href") or "")
    image = card.css_first("img")
    return {
        "blog_id": profile["blog_id"] if profile else None,
        "name": _text(card.css_first(name_selector)),
        "image": SITE + image.attributes["src"].split("?")[0] if image and image.attributes.get("src") else None,
        "position": _text(card.css_first(".person-card--position")),
    }


def _read_cards(tree: LexborHTMLParser) -> list[dict]:
    cards = [_person(card, ".person-card--full-name") for card in tree.css(PERSON_CARD)]
    if not cards:
        raise LayoutError(f"no senator ({PERSON_CARD})")
    return cards


def _read_committees(tree: LexborHTMLParser) -> list[dict]:
    committees = []
    for heading in tree.css(COMMITTEE_HEADING):
        members_list = heading.parent.next
        while members_list is not None and members_list.tag != "div":
            members_list = members_list.next
        if members_list is None:
            raise LayoutError("a committee heading without its div.deputies-list")
        members = []
        for item in members_list.css(COMMITTEE_MEMBER):
            card = item.css_first("a[href]")
            profile = PROFILE_ID.search(card.attributes.get("href") or "") if card else None
            members.append({"blog_id": profile["blog_id"] if profile else None, "role": _text(item.css_first("span"))})
        committees.append(
            {
                "id": COMMITTEE_ID.search(heading.attributes["href"])["committee_id"],
                "name": _text(heading),
                "members": members,
            }
        )
    if not committees:
        raise LayoutError(f"no committee ({COMMITTEE_HEADING})")
    return committees


_READERS = {"index": _read_index, "deputies": _read_cards, "leadership": _read_cards, "committees": _read_committees}


# ---- Merging the languages ----------------------------------------------------------------------------------
def _titles(texts: dict[str, tuple[str, str]], what: str, notes: list[str]) -> dict[str, str | None]:
    """{lang: (page name, text)} → title_kk/_ru/_en, each only where lingua agrees the text is in that language."""
    titles: dict[str, str | None] = {"kk": None, "ru": None, "en": None}
    languages = dict(zip(texts, detect_languages([text for _, text in texts.values()]), strict=True))
    for lang, (page_name, text) in texts.items():
        if languages[lang] == lang:
            titles[lang] = text
        else:
            notes.append(f"{page_name}: the {lang} title of {what} is in {languages[lang]}, not {lang}: left empty")
    return titles


def _split_former_title(title: str) -> tuple[str, str | None, str | None]:
    for pattern in FORMER_TITLE:
        match = pattern.search(title)
        if match:
            former = _unquote(match["former"].strip())
            return title[: match.start()].strip(), former, _date(match["date"])
    return title, None, None


def _unquote(text: str) -> str:
    """The text inside the outer «…», where the site sometimes leaves out the opening or the closing quote."""
    opening, closing = text.count("«"), text.count("»")
    if text.startswith("«") and text.endswith("»") and opening == closing:
        return text[1:-1].strip()
    if text.startswith("«") and opening > closing:
        return text[1:].strip()
    if text.endswith("»") and closing > opening:
        return text[:-1].strip()
    return text


def _document_kind(text: str) -> str | None:
    return next((kind for pattern, kind in DOCUMENT_KINDS if pattern.search(text)), None)


def _actions(documents: list[dict]) -> tuple[list[dict], str]:
    """The stages from the dated documents: a Mazhilis resolution adopts, a Senate resolution approves (or returns,
    when a later Mazhilis resolution follows), a law is the signature. The status follows from the last stage."""
    dated = sorted((d for d in documents if d["date"] and d["kind"]), key=lambda d: d["date"])
    actions = []
    for document in dated:
        if document["kind"] == "mazhilis_resolution":
            classification, organization = "mazhilis_adoption", MAZHILIS_ID
        elif document["kind"] == "senate_resolution":
            returned = any(d["kind"] == "mazhilis_resolution" and d["date"] > document["date"] for d in dated)
            classification, organization = ("senate_return" if returned else "senate_approval"), SENATE_ID
        else:
            classification, organization = "signature", None
        actions.append(
            {
                "date": document["date"],
                "classification": classification,
                "organization_id": organization,
                "description_ru": document["title_ru"],
                "description_kk": document["title_kk"],
            }
        )
    kinds = {a["classification"] for a in actions}
    if "signature" in kinds:
        status = "signed"
    elif actions and actions[-1]["classification"] == "senate_return":
        status = "returned"
    else:
        status = "in_progress" if actions else "unknown"
    return actions, status


def _bills(index_pages: list, detail_pages: list, records: Records) -> None:
    listed: dict[str, dict[str, tuple[str, dict]]] = defaultdict(dict)  # law_id → lang → (page, row)
    for page, lang, rows in index_pages:
        for law_id, row in rows.items():
            listed[law_id][lang] = (page.name, row)
    details: dict[str, dict[str, tuple[str, dict]]] = defaultdict(dict)
    for page, lang, bill in detail_pages:
        details[bill["law_id"]][lang] = (page.name, bill)
    for law_id in sorted(set(listed) | set(details), key=int):
        pages = details[law_id] or listed[law_id]
        split = {lang: (name, _split_former_title(row["title"])) for lang, (name, row) in pages.items()}
        titles = _titles({lang: (name, s[0]) for lang, (name, s) in split.items()}, f"bill {law_id}", records.notes)
        former = _titles(
            {lang: (name, s[1]) for lang, (name, s) in split.items() if s[1]}, f"bill {law_id}'s former title", []
        )
        listed_row = next(iter(listed[law_id].values()), (None, None))[1]
        documents = _documents(details[law_id])
        actions, status = _actions(documents)
        records.bills.append(
            {
                "id": bill_id(law_id),
                "legislature_id": LEGISLATURE_ID,
                "number": listed_row["number"] if listed_row else None,
                "title_kk": titles["kk"],
                "title_ru": titles["ru"],
                "title_en": titles["en"],
                "former_title_kk": former["kk"],
                "former_title_ru": former["ru"],
                "title_changed_date": next((s[2] for _, s in split.values() if s[2]), None),
                "initiator_type": "unknown",  # the Senate's pages do not name the initiator
                "registration_date": listed_row["registration_date"] if listed_row else None,
                "status": status,
                "actions": actions,
                "documents": [
                    {
                        "title": d["title_ru"] or d["title_kk"],
                        "url": d["url"],
                        "date": d["date"],
                        "number": d["number"],
                        "sheet_count": d["sheets"],
                        "languages": ",".join(d["languages"]) or None,
                        "file_id": d["file_id"],
                        "classification": d["kind"],
                    }
                    for d in documents
                ],
                "source_url": f"{SITE}/ru-RU/lawProjects/details/{law_id}",
            }
        )
    if details or listed:
        records.notes.append(
            "senate bills: the Senate names no initiator (initiator_type 'unknown'); registration date and number "
            "come from the bill list, and are empty for a bill not in it"
        )


def _documents(pages: dict[str, tuple[str, dict]]) -> list[dict]:
    """One document per file id, with its type as printed in ru and kk (checked by lingua, as titles are)."""
    by_file: dict[str, dict] = {}
    for lang in ("ru", "kk", "en"):
        if lang not in pages:
            continue
        for position, document in enumerate(pages[lang][1]["documents"]):
            key = document["file_id"] or f"position-{position}"
            merged = by_file.setdefault(
                key, {**document, "kind": None, "types": [], "title_ru": None, "title_kk": None}
            )
            merged["kind"] = merged["kind"] or _document_kind(document["type"])
            merged["types"].append(document["type"])
    types = [t for d in by_file.values() for t in d["types"]]
    detected = dict(zip(types, detect_languages(types), strict=True))
    for document in by_file.values():
        for text in document.pop("types"):
            if detected[text] in ("ru", "kk") and document[f"title_{detected[text]}"] is None:
                document[f"title_{detected[text]}"] = text
    return list(by_file.values())


def _role(text: str) -> str | None:
    return next((role for pattern, role in ROLES if pattern.search(text)), None)


def _senators(deputy_pages: list, leadership_pages: list, committee_pages: list, records: Records) -> None:
    people: dict[str, dict] = {}  # blog id → merged person
    for page, lang, cards in deputy_pages + leadership_pages:
        for card in cards:
            if card["blog_id"] is None:
                records.notes.append(f"{page.name}: a senator card without a profile link ({card['name']}): left out")
                continue
            person = people.setdefault(card["blog_id"], {"names": {}, "image": card["image"], "pages": set()})
            if card["image"] and person["image"] and card["image"] != person["image"]:
                records.notes.append(
                    f"{page.name}: profile {card['blog_id']} shows another photo than in the other languages: its "
                    f"{lang} name {card['name']!r} is not merged"
                )
                continue
            person["names"].setdefault(lang, card["name"])
            person["pages"].add(page.name)
    for blog_id, person in sorted(people.items(), key=lambda item: int(item[0])):
        names = person["names"]
        # when no two languages agree, the ru name is kept (the person's `name`), then the kk
        for lang in disagreeing_names({lang: names[lang] for lang in ("ru", "kk", "en") if lang in names}):
            others = " / ".join(n for other, n in sorted(names.items()) if other != lang)
            records.notes.append(
                f"senator {blog_id}: the {lang} name {names.pop(lang)!r} does not agree with the other languages' "
                f"({others}): not merged, the person has no {lang} name"
            )
        records.persons.append(
            {
                "id": person_id(blog_id),
                "name": names.get("ru") or names.get("kk") or names.get("en"),
                "other_names": [{"name": n, "lang": lang, "note": "as printed"} for lang, n in sorted(names.items())],
                "image": person["image"],
                "identifiers": [{"scheme": "senate.parlam.kz/blog", "identifier": blog_id}],
                "links": [{"url": f"{SITE}/ru-RU/blog/{blog_id}/biography", "note": "biography"}],
            }
        )
        records.memberships.append(
            {"id": f"{SENATE_ID}/membership/{blog_id}", "person_id": person_id(blog_id), "organization_id": SENATE_ID}
        )
    leaders = {}
    for _page, lang, cards in leadership_pages:
        for card in cards:
            role = _role(card["position"])
            if card["blog_id"] in people and role and (lang == "ru" or card["blog_id"] not in leaders):
                leaders[card["blog_id"]] = role
    for blog_id, role in sorted(leaders.items()):
        records.memberships.append(
            {
                "id": f"{SENATE_ID}/leadership/{blog_id}",
                "person_id": person_id(blog_id),
                "organization_id": SENATE_ID,
                "role": role,
            }
        )
    committees: dict[str, dict] = {}
    for page, lang, listed in committee_pages:
        for committee in listed:
            merged = committees.setdefault(committee["id"], {"names": {}, "members": {}})
            merged["names"][lang] = (page.name, committee["name"])
            for member in committee["members"]:
                if member["blog_id"] not in people:
                    records.notes.append(f"{page.name}: committee member {member['blog_id']} is not a listed senator")
                    continue
                role = _role(member["role"])
                known = merged["members"].setdefault(member["blog_id"], role)
                if known != role:
                    records.notes.append(
                        f"{page.name}: senator {member['blog_id']} is {role} of committee {committee['id']} in {lang} "
                        f"but {known} in another language: kept {known}"
                    )
    for number, committee in sorted(committees.items(), key=lambda item: int(item[0])):
        names = _titles(committee["names"], f"committee {number}", records.notes)
        records.organizations.append(
            {
                "id": committee_id(number),
                "name": names["ru"] or names["kk"] or names["en"],
                "classification": "committee",
                "parent_id": SENATE_ID,
                "other_names": [{"name": n, "lang": lang} for lang, n in names.items() if n],
                "identifiers": [{"scheme": "senate.parlam.kz/committees", "identifier": number}],
            }
        )
        for blog_id, role in committee["members"].items():
            records.memberships.append(
                {
                    "id": f"{committee_id(number)}/membership/{blog_id}",
                    "person_id": person_id(blog_id),
                    "organization_id": committee_id(number),
                    "role": role or "member",
                }
            )
    if people or committees:
        records.organizations[:0] = [
            {"id": LEGISLATURE_ID, "name": "Парламент Республики Казахстан", "classification": "legislature",
             "other_names": [{"name": "Қазақстан Республикасының Парламенті", "lang": "kk"},
                             {"name": "Parliament of the Republic of Kazakhstan", "lang": "en"}]},
            {"id": SENATE_ID, "name": "Сенат Парламента Республики Казахстан", "classification": "chamber",
             "parent_id": LEGISLATURE_ID,
             "other_names": [{"name": "Қазақстан Республикасы Парламентінің Сенаты", "lang": "kk"},
                             {"name": "Senate of the Parliament of the Republic of Kazakhstan", "lang": "en"}]},
            # the chamber whose resolutions a bill's documents list
            {"id": MAZHILIS_ID, "name": "Мажилис Парламента Республики Казахстан", "classification": "chamber",
             "parent_id": LEGISLATURE_ID,
             "other_names": [{"name": "Қазақстан Республикасы Парламентінің Мәжілісі", "lang": "kk"},
                             {"name": "Mazhilis of the Parliament of the Republic of Kazakhstan", "lang": "en"}]},
        ]  # fmt: skip


SENATE = Adapter(name=NAME, recognise=SITE_PAGES.recognise, adapt=adapt)
