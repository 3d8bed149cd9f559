"""The Mazhilis's site (mazhilis.parlam.kz, Kazakh pages): its deputies, committees, factions and bills.

What belongs here: reading the saved pages of the Mazhilis's site into landing records (see the package's
docstring for the contract); what the pages say about one person's name across languages is `names.py`'s.
The layout's assumptions (paths, selectors, labels) are the constants at the top: a change of the site's
layout is a change of them.

Pages read, by path after `/kk/`:
- `composition-n-structure/deputies-viii-convocation`: the 8th convocation's deputies (name, profile id,
  the role printed under the name); each becomes a person with a seat in the chamber.
- `composition-n-structure/committees`: each committee with its chair, secretary and members.
- `composition-n-structure/management-team`: the Chair and deputy chairs of the Mazhilis.
- `composition-n-structure/fractions-of-political-parties`: the party factions (names only: the page lists
  no members, so no one is put in a faction and no seat says on behalf of which party).
- `composition-n-structure/deputies-elected-in-single-mandate-territorial-constituencies`: who holds a
  single-mandate seat (the page prints no district: that stays unknown).
- `composition-n-structure/bureau`: the Mazhilis's bureau (its title, its members): an organization of
  classification `bureau` with each deputy a `member` (the page prints each one's office, not a place in the
  bureau: who chairs it is not said).
- `all-bill`: the statistics block (bills by status, by committee: printed figures) and the bill list (date,
  title, status); `all-bill/pending-majilis`, `…/signed-by-president`: lists whose title is a current status;
  `all-bill/sent-to-senat`: bills the Mazhilis sent to the Senate, since signed or not (no current status),
  with their documents' links; `all-bill/<id>`: one bill's title and documents.

What the pages do not say stays null: the list's `№` is the row's position on the page, not a registration
number (`number` is null); its date (`Күні`) moves with the status (bill 532, drafted in April 2024, is dated
15.04.2025, the day it was signed), so it is kept as `list_date`, not as the registration date; the initiator
only where the title says "(депутаттар бастамашылық жасаған)"; no committee is printed beside a bill. A page's
language is decided from its text: every page says `<html lang="ru">` and is Kazakh.
"""

from __future__ import annotations

import copy
import hashlib
import mimetypes
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from selectolax.lexbor import LexborHTMLParser, LexborNode
from unidecode import unidecode

from dagster_project.adapters import Adapter, LayoutError, Page, Records, Rejected
from dagster_project.adapters.names import parse_name
from dagster_project.adapters.recognition import Site, canonical_link
from dagster_project.enrich.language import detect_languages

NAME = "mazhilis"
HOST = "mazhilis.parlam.kz"
SITE = f"https://{HOST}"
LEGISLATURE_ID = "kz-parliament"
CHAMBER_ID = f"{LEGISLATURE_ID}/mazhilis"
BUREAU_ID = f"{CHAMBER_ID}/bureau"
PERSON_ID = f"{LEGISLATURE_ID}/person/mazhilis-{{profile}}"
BILL_ID = f"{LEGISLATURE_ID}/bill/mazhilis-{{digest}}"

# ---- the layout: paths, selectors, labels ------------------------------------------------------------------------
SAVED_NAME = re.compile(r"(?:^|/)(all-bill|composition-n-structure)(?:_(.+))?\.html$")  # `all-bill_490.html`
PATHS = re.compile(r"^/(kk|ru|en)/")  # the site's paths start with the language; a page's own address: canonical
CHAMBER_NAME = ".logo-name"  # `Қазақстан Республикасы Парламентінің Мәжілісі`, in the header of every page
PROFILE_CARD = "app-profile-card"  # a.profile-card[href=/kk/profile/<id>/biography] > .description > div, p
PROFILE_ID = re.compile(r"/profile/(\d+)/")
CARD_NAME, CARD_ROLE = ".description div", ".description p"
COMMITTEE = "app-committees app-accordion"  # one per committee: .block-title, then its profile cards
BLOCK_TITLE = ".block-title"
FACTION = "app-fractions-of-political-parties .card .block-title"
BUREAU_TITLE = "app-bureau .paragraph-title"  # `Мәжіліс бюросы`
SINGLE_MANDATE = "app-deputies-elected-in-single-mandate-territorial-constituencies a.profile-block"
SINGLE_MANDATE_NAME = ".large-title"  # SURNAME<br>Given Patronymic
SINGLE_MANDATE_SEAT = "Бірмандатты аумақтық сайлау округінен сайланған"  # the seat's label: no district is printed
BILL_TABLE = "table.custom"  # thead: № | Күні | Атауы | Мәртебесі (all-bill only) | …
LIST_TITLE = ".block-title"
BILL_TITLE = "h1"
DOCUMENT = "app-document-card"  # .document__filename (bill pages only), a[href] when the file is linked
DOCUMENT_NAME = ".document__filename"
STATUS_FIGURE = "app-infographic-white .infographic__stats .types .type"  # .type__count, .type__name
COMMITTEE_FIGURE = "app-infographic-white .infographic__table .item"  # .item__count, .item__name
SITE_BILL_ID = re.compile(r"/documents/(\d+)/")
TITLE_SEPARATOR = "//"  # "former title // current title"
DEPUTIES_INITIATED = "(депутаттар бастамашылық жасаған)"

COMPOSITION = "composition-n-structure/"
DEPUTIES = re.compile(r"^composition-n-structure/deputies-viii-convocation(/\d+)?$")  # /1: sorted by name
COMMITTEES = COMPOSITION + "committees"
MANAGEMENT = COMPOSITION + "management-team"
FACTIONS = COMPOSITION + "fractions-of-political-parties"
SINGLE_MANDATE_DEPUTIES = COMPOSITION + "deputies-elected-in-single-mandate-territorial-constituencies"
BUREAU = COMPOSITION + "bureau"
BILL_LIST = "all-bill"
BILL_PAGE = re.compile(r"^all-bill/(\d+)$")
# Filtered lists whose title is the bills' current status (`sent-to-senat` also lists bills since signed).
STATUS_LISTS = {
    "all-bill/pending-majilis": "Мәжілістің қарауында",
    "all-bill/signed-by-president": "Президент қол қойды",
}
SENT_TO_SENATE = "all-bill/sent-to-senat"

COMMITTEE_ROLES = {"Комитет Төрағасы": "chair", "Комитет Төрайымы": "chair", "Комитет хатшысы": "secretary",
                   "Комитет мүшесі": "member"}  # fmt: skip
CHAMBER_ROLES = {"Мәжіліс Төрағасы": "chair", "Мәжіліс Төрағасының орынбасары": "deputy chair"}
# The bill statuses the site prints → bill_statuses.csv; None where the label does not tell which code.
STATUSES = {
    "Мәжілістің қарауында": "in_progress",
    "Бірінші оқылымда мақұлданды": "in_progress",
    "Қабылданып, Сенатқа жіберілді": "in_progress",
    "Бірлескен отырыста қабылданды": "in_progress",
    "Президент қол қойды": "signed",
    "Кері қайтарып алынды және қабылданбады": None,  # withdrawn or rejected: the label does not say which
    "Сенат қайтарды": "returned",
}
# Keys as in the demo data (dagster_project/demo/vocabularies/organizations.yaml), so the ids read alike.
COMMITTEE_KEYS = {
    "Аграрлық мәселелер комитеті": "agrarian",
    "Әлеуметтік-мәдени даму комитеті": "social-cultural",
    "Заңнама және сот-құқықтық реформа комитеті": "legislation",
    "Қаржы және бюджет комитеті": "finance",
    "Халықаралық істер, қорғаныс және қауіпсіздік комитеті": "international",
    "Экология және табиғатты пайдалану жөніндегі Комитет": "ecology",
    "Экономикалық реформа және өңірлік даму комитеті": "economy",
}
FACTION_KEYS = {
    "«AMANAT» партиясының фракциясы": "amanat",
    '"Respublica" партиясының фракциясы': "respublica",
    "«Ауыл партиясы» фракциясы": "auyl",
    '"Ақ жол" Қазақстан демократиялық партиясының фракциясы': "ak-zhol",
    "Жалпыұлттық социал-демократиялық партиясының фракциясы": "nsdp",
    "Қазақстан Халық партиясының фракциясы": "peoples-party",
}
DOCUMENT_CLASSES = {"Заң жобасы": "bill_text", "Салыстыру кестесі": "comparative_table",
                    "Қабылданған Заң": "adopted_law", "Қол қойылған Заң": "signed_law"}  # fmt: skip
# ------------------------------------------------------------------------------------------------------------------


def _text(node: LexborNode | None) -> str:
    """The node's text as a browser shows it: runs of white space as one space."""
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def _saved_address(name: str) -> str | None:
    saved = SAVED_NAME.search(name)
    return "/kk/" + "/".join(part for part in saved.groups() if part) if saved else None


SITE_PAGES = Site("the Mazhilis's site", HOST, PATHS, canonical_link, _saved_address)


def _page_path(address: str) -> str:
    """The page's path after `/kk/` (`all-bill/490`)."""
    return PATHS.sub("", urlparse(address).path, count=1).strip("/")


def _parse(page: Page) -> tuple[LexborHTMLParser, str]:
    """The page's tree and path, or a LayoutError when it is no page of the site's layout at all."""
    tree, address = SITE_PAGES.parse(page)
    return tree, _page_path(address)


def _require(tree: LexborHTMLParser, selector: str, what: str) -> list[LexborNode]:
    nodes = tree.css(selector)
    if not nodes:
        raise LayoutError(f"{what} missing ({selector})")
    return nodes


@dataclass(frozen=True)
class Card:
    profile: str
    name: str
    role_label: str


def _cards(nodes: Sequence[LexborNode]) -> list[Card]:
    cards = []
    for node in nodes:
        link = node.css_first("a[href]")
        profile = PROFILE_ID.search(link.attributes.get("href") or "") if link is not None else None
        if profile is None:
            raise LayoutError(f"profile link missing in a profile card ({PROFILE_CARD} a[href*=/profile/])")
        cards.append(Card(profile.group(1), _text(node.css_first(CARD_NAME)), _text(node.css_first(CARD_ROLE))))
    return cards


@dataclass
class _Reading:
    """What the pages said, gathered page by page before it becomes records."""

    language: dict[str, str | None]  # page name → language decided from its text
    declared: dict[str, str | None]  # page name → <html lang>
    names: dict[str, dict[str, str]]  # profile id → page name → name as printed
    deputies: dict[str, str]  # profile id → role label on the deputies page
    committees: dict[str, list[Card]]  # committee name → cards
    chamber_roles: list[Card]
    factions: list[str]
    single_mandate: set[str]
    bureau: list[Card]
    chamber_name: str | None
    bills: dict[str, dict]  # bill key (normalised full title) → what the pages said
    figures: list[dict]
    bureau_name: str | None = None


def _new_bill() -> dict:
    """What the pages say of one bill: page name → list date, page name → status as printed, document link →
    its name (`unlinked:<name>` for a document shown without a link), the site's bill ids."""
    return {"dates": {}, "statuses": {}, "documents": {}, "site_ids": set()}


def _read_bill_list(page: Page, tree: LexborHTMLParser, path: str, reading: _Reading) -> None:
    table = _require(tree, BILL_TABLE, "bill table")[0]
    headers = [_text(th) for th in table.css("thead th")]
    if headers[:3] != ["№", "Күні", "Атауы"]:
        raise LayoutError(f"bill table header № | Күні | Атауы missing (found {' | '.join(headers)})")
    status_column = headers.index("Мәртебесі") if "Мәртебесі" in headers else None
    if path == BILL_LIST and status_column is None:
        raise LayoutError("status column (Мәртебесі) missing from the bill table")
    list_status = STATUS_LISTS.get(path)
    if list_status is not None and _text(tree.css_first(LIST_TITLE)) != list_status:
        raise LayoutError(f"list title {list_status!r} missing ({LIST_TITLE})")
    for row in table.css("tbody tr"):
        cells = row.css("td")
        if len(cells) < len(headers):
            raise LayoutError(f"bill table row with {len(cells)} cells under {len(headers)} headers")
        date = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", _text(cells[1]))
        if date is None:
            raise LayoutError(f"bill table: date dd.mm.yyyy missing (found {_text(cells[1])!r})")
        day, month, year = date.groups()
        bill = reading.bills.setdefault(_text(cells[2]), _new_bill())
        bill["dates"][page.name] = f"{year}-{month}-{day}"
        printed_status = _text(cells[status_column]) if status_column is not None else list_status
        if printed_status is not None:
            bill["statuses"][page.name] = printed_status
        for link in row.css(f"{DOCUMENT} a[href]"):
            url = link.attributes["href"]
            bill["documents"].setdefault(url, None)
            bill["site_ids"].update(SITE_BILL_ID.findall(url))
    if path == BILL_LIST:
        _read_figures(page, tree, reading)


def _read_figures(page: Page, tree: LexborHTMLParser, reading: _Reading) -> None:
    for dimension, selector, count, label in (
        ("status", STATUS_FIGURE, ".type__count", ".type__name"),
        ("committee", COMMITTEE_FIGURE, ".item__count", ".item__name"),
    ):
        for node in _require(tree, selector, f"statistics by {dimension}"):
            printed = _text(node.css_first(count))
            if not printed.isdigit():
                raise LayoutError(f"statistics by {dimension}: {printed!r} is no count ({selector} {count})")
            reading.figures.append(
                {
                    "source": NAME,
                    "page": page.name,
                    "figure": "bill_count",
                    "dimension": dimension,
                    "dimension_value": _text(node.css_first(label)),
                    "value": int(printed),
                }
            )


def _read_bill_page(tree: LexborHTMLParser, site_id: str, reading: _Reading) -> None:
    title = _text(_require(tree, BILL_TITLE, "bill title")[0])
    bill = reading.bills.setdefault(title, _new_bill())
    bill["site_ids"].add(site_id)
    for card in tree.css(DOCUMENT):
        link = card.css_first("a[href]")
        name = _text(card.css_first(DOCUMENT_NAME)) or None
        url = link.attributes["href"] if link is not None else f"unlinked:{name}"
        bill["documents"][url] = name


def _read(pages: Sequence[Page], records: Records) -> _Reading:
    reading = _Reading({}, {}, {}, {}, {}, [], [], set(), [], None, {}, [])
    parsed = []
    for page in pages:
        try:
            tree, path = _parse(page)
            parsed.append((page, tree, path))
        except LayoutError as error:
            records.rejected.append(Rejected(page.name, NAME, str(error)))
    texts = [_text(tree.css_first("app-template") or tree.body) for _, tree, _ in parsed]
    for (page, tree, path), language in zip(parsed, detect_languages(texts), strict=True):
        before = copy.deepcopy(reading)  # a page rejected halfway leaves nothing behind
        try:
            _read_page(page, tree, path, reading)
        except LayoutError as error:
            records.rejected.append(Rejected(page.name, NAME, str(error)))
            reading = before
            continue
        reading.language[page.name] = language
        html = tree.css_first("html")
        reading.declared[page.name] = html.attributes.get("lang") if html is not None else None
        reading.chamber_name = reading.chamber_name or _text(tree.css_first(CHAMBER_NAME)) or None
    return reading


def _remember(reading: _Reading, page: Page, cards: Sequence[Card]) -> None:
    for card in cards:
        if not card.name:
            raise LayoutError(f"deputy name missing in a profile card ({CARD_NAME})")
        reading.names.setdefault(card.profile, {})[page.name] = card.name


def _read_page(page: Page, tree: LexborHTMLParser, path: str, reading: _Reading) -> None:
    if path in (BILL_LIST, SENT_TO_SENATE) or path in STATUS_LISTS:
        _read_bill_list(page, tree, path, reading)
    elif BILL_PAGE.match(path):
        _read_bill_page(tree, BILL_PAGE.match(path).group(1), reading)
    elif DEPUTIES.match(path):
        cards = _cards(_require(tree, PROFILE_CARD, "deputies' profile cards"))
        _remember(reading, page, cards)
        reading.deputies.update({card.profile: card.role_label for card in cards})
    elif path == COMMITTEES:
        for committee in _require(tree, COMMITTEE, "committees"):
            name = _text(committee.css_first(BLOCK_TITLE))
            cards = _cards(committee.css(PROFILE_CARD))
            if not name or not cards:
                raise LayoutError(f"committee name ({BLOCK_TITLE}) or members ({PROFILE_CARD}) missing")
            _remember(reading, page, cards)
            reading.committees[name] = cards
    elif path == MANAGEMENT:
        reading.chamber_roles = _cards(_require(tree, PROFILE_CARD, "leadership's profile cards"))
        _remember(reading, page, reading.chamber_roles)
    elif path == BUREAU:
        reading.bureau_name = _text(_require(tree, BUREAU_TITLE, "bureau's title")[0])
        reading.bureau = _cards(_require(tree, PROFILE_CARD, "bureau's profile cards"))
        _remember(reading, page, reading.bureau)
    elif path == FACTIONS:
        reading.factions = [_text(node) for node in _require(tree, FACTION, "faction names")]
    elif path == SINGLE_MANDATE_DEPUTIES:
        for block in _require(tree, SINGLE_MANDATE, "single-mandate deputies"):
            profile = PROFILE_ID.search(block.attributes.get("href") or "")
            if profile is None:
                raise LayoutError(f"profile link missing ({SINGLE_MANDATE}[href*=/profile/])")
            _remember(reading, page, [Card(profile.group(1), _text(block.css_first(SINGLE_MANDATE_NAME)), "")])
            reading.single_mandate.add(profile.group(1))
    else:
        raise LayoutError(f"no reader for the page {path!r} of the Mazhilis's site")


def _key(known: dict[str, str], name: str, records: Records) -> str:
    """The id key of a committee or faction: the known one, or one made from a new name (and a note says so)."""
    if name in known:
        return known[name]
    key = re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-")
    records.notes.append(f"{name!r} is new to the adapter: its id is made from its name ({key})")
    return key


def _organization(org_id: str, name: str, classification: str, language: str | None) -> dict:
    return {
        "id": org_id,
        "name": name,
        "classification": classification,
        "other_names": [{"name": name, "lang": language}] if language else [],
        "parent_id": LEGISLATURE_ID if classification == "chamber" else CHAMBER_ID,
    }


def _popolo(reading: _Reading, records: Records, pages_language: str | None) -> None:
    def person_id(profile: str) -> str:
        return PERSON_ID.format(profile=profile)

    def language_of(page_name: str) -> str | None:
        return reading.language.get(page_name)

    if reading.chamber_name:
        records.organizations.append(_organization(CHAMBER_ID, reading.chamber_name, "chamber", pages_language))
    for profile, printed in reading.names.items():
        by_name = dict.fromkeys(printed.values())
        if len(by_name) > 1:
            records.notes.append(
                f"deputy profile {profile} is printed under {len(by_name)} names: {' / '.join(by_name)}"
            )
        name = next(iter(printed.values()))
        parsed = parse_name(name)
        records.persons.append(
            {
                "id": person_id(profile),
                "name": name,
                "other_names": [
                    {"name": n, "lang": lang}
                    for lang, n in {language_of(p): n for p, n in reversed(printed.items()) if language_of(p)}.items()
                ],
                "family_name": parsed.family,
                "given_name": parsed.given,
                "patronymic_name": parsed.patronymic,
                "identifiers": [{"scheme": HOST, "identifier": profile}],
                "links": [{"url": f"{SITE}/kk/profile/{profile}/biography", "note": "Mazhilis profile"}],
            }
        )
    for profile in reading.deputies:
        seat = {"person_id": person_id(profile), "organization_id": CHAMBER_ID, "role": "member"}
        if profile in reading.single_mandate:
            seat["label"] = SINGLE_MANDATE_SEAT
        records.memberships.append(seat)
    if reading.deputies:
        for profile in sorted(set(reading.names) - set(reading.deputies)):
            records.notes.append(
                f"deputy profile {profile} ({' / '.join(dict.fromkeys(reading.names[profile].values()))}) is not on "
                "the list of the convocation's deputies: no seat loaded"
            )
    for card in reading.chamber_roles:
        role = CHAMBER_ROLES.get(card.role_label)
        if role is None:
            records.notes.append(f"leadership: unknown role {card.role_label!r} of {card.name}: not loaded")
            continue
        records.memberships.append({"person_id": person_id(card.profile), "organization_id": CHAMBER_ID, "role": role})
    for name, cards in reading.committees.items():
        committee_id = f"{CHAMBER_ID}/committee/{_key(COMMITTEE_KEYS, name, records)}"
        records.organizations.append(_organization(committee_id, name, "committee", pages_language))
        for card in cards:
            role = COMMITTEE_ROLES.get(card.role_label)
            if role is None:
                records.notes.append(f"committee {name!r}: unknown role {card.role_label!r} of {card.name}: not loaded")
                continue
            records.memberships.append(
                {"person_id": person_id(card.profile), "organization_id": committee_id, "role": role}
            )
            listed = reading.deputies.get(card.profile)
            if listed is not None and COMMITTEE_ROLES.get(listed) not in (None, role):
                records.notes.append(
                    f"{card.name}: {card.role_label!r} in {name!r} but {listed!r} on the list of deputies"
                )
    for name in reading.factions:
        faction_id = f"{CHAMBER_ID}/faction/{_key(FACTION_KEYS, name, records)}"
        records.organizations.append(_organization(faction_id, name, "parliamentary_group", pages_language))
    if reading.factions:
        records.notes.append(
            f"{len(reading.factions)} factions read; the factions page lists no members: no faction memberships, "
            "no party on any seat (on_behalf_of_id)"
        )
    if reading.bureau:
        records.organizations.append(_organization(BUREAU_ID, reading.bureau_name, "bureau", pages_language))
        records.memberships.extend(
            {"person_id": person_id(card.profile), "organization_id": BUREAU_ID, "role": "member"}
            for card in reading.bureau
        )
        records.notes.append(
            f"the bureau: {len(reading.bureau)} deputies, each a member; the page prints each one's office, not who "
            "chairs the bureau"
        )
    if reading.single_mandate:
        records.notes.append(
            f"{len(reading.single_mandate)} single-mandate deputies read; the page prints no district: "
            "districts unknown"
        )


def _document(url: str, name: str | None) -> dict:
    linked = not url.startswith("unlinked:")
    return {
        "title": name,
        "url": url if linked else None,
        "date": None,
        "language": None,
        "classification": DOCUMENT_CLASSES.get(name or ""),
        "media_type": mimetypes.guess_type(urlparse(url).path)[0] if linked else None,
    }


def _bills(reading: _Reading, records: Records) -> None:
    titles = list(reading.bills)
    languages = detect_languages([title.rpartition(TITLE_SEPARATOR)[2] for title in titles])
    for title, language in zip(titles, languages, strict=True):
        bill = reading.bills[title]
        former, _, current = title.rpartition(TITLE_SEPARATOR)
        former, current = " ".join(former.split()) or None, " ".join(current.split())
        if language not in ("kk", "ru"):
            records.notes.append(f"bill {current[:60]!r}: title language not told ({language}): title not loaded")
        printed, dates = dict.fromkeys(bill["statuses"].values()), dict.fromkeys(bill["dates"].values())
        for what, values in (("statuses", printed), ("dates", dates)):
            if len(values) > 1:
                records.notes.append(f"bill {current[:60]!r}: {what} disagree across lists: {' / '.join(values)}")
        status = next(iter(printed), None)
        if status is not None and status not in STATUSES:
            records.notes.append(f"bill {current[:60]!r}: unknown status {status!r}: status not loaded")
        digest = hashlib.sha256((former or current).casefold().encode()).hexdigest()[:16]
        records.bills.append(
            {
                "id": BILL_ID.format(digest=digest),
                "legislature_id": LEGISLATURE_ID,
                "number": None,
                **(
                    {f"title_{language}": current, f"former_title_{language}": former}
                    if language in ("kk", "ru")
                    else {}
                ),
                # Where the page does not say, the code list's "unknown", never a guess.
                "initiator_type": "deputies" if DEPUTIES_INITIATED in title else "unknown",
                "registration_date": None,
                "list_date": next(iter(dates), None),
                "status": STATUSES.get(status) or "unknown",
                "status_as_printed": status,
                "lead_committee_id": None,
                "site_ids": sorted(bill["site_ids"]),
                "actions": [],
                "documents": [_document(url, name) for url, name in bill["documents"].items()],
            }
        )


def adapt(pages: Sequence[Page]) -> Records:
    records = Records()
    reading = _read(pages, records)
    languages = dict.fromkeys(language for language in reading.language.values() if language)
    pages_language = next(iter(languages), None)
    lying = {
        name: (reading.declared[name], language)
        for name, language in reading.language.items()
        if language and reading.declared[name] and reading.declared[name].split("-")[0] != language
    }
    if lying:
        declared = "/".join(dict.fromkeys(d for d, _ in lying.values()))
        told = "/".join(dict.fromkeys(t for _, t in lying.values()))
        records.notes.append(
            f'{len(lying)} pages of {HOST} say <html lang="{declared}"> but their text is {told}: '
            "languages are taken from the text"
        )
    _popolo(reading, records, pages_language)
    _bills(reading, records)
    records.printed_figures = reading.figures
    _reconcile(records)
    return records


def _reconcile(records: Records) -> None:
    """Say where the printed statistics and the bills read disagree (the warehouse compares them again, set-wise):
    the bills read are the first page of each list, so they are not expected to add up."""
    read = Counter(bill["status_as_printed"] for bill in records.bills)
    status = [
        f"{f['dimension_value']} {f['value']} printed / {read[f['dimension_value']]} read"
        for f in records.printed_figures
        if f["dimension"] == "status" and f["value"] != read[f["dimension_value"]]
    ]
    by_committee = sum(f["value"] for f in records.printed_figures if f["dimension"] == "committee")
    if status:
        records.notes.append("printed bill counts by status disagree with the bills read: " + "; ".join(status))
    if by_committee:
        records.notes.append(
            f"{by_committee} bills printed by committee; no page read names a bill's committee (lead_committee_id null)"
        )


MAZHILIS = Adapter(name=NAME, recognise=SITE_PAGES.recognise, adapt=adapt)
