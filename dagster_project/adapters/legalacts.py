"""legalacts.egov.kz ("Открытые НПА"): draft legal acts put to public discussion, and citizens' comments on them.

What belongs here: reading a draft act's page (`/npa/view?id=<id>`, and its further comment pages
`&pageComment=<n>`) into landing records, and nothing else. Every assumption about the portal's layout is in
the block "The layout" below. The portal's saved pages may be fragments (the MANIFEST of the real captures):
nothing here reads the site's navigation. A page is known by its capture's URL, its own content (the draft's
card and id, the comment pager) or its saved name (`recognition.py`): its comment page number follows.

A draft act is a `draft_acts` record; each citizen's comment is a submission of channel `draft_law_comment`
whose answer is the body's reply (so answer times are computed as for every submission), and a
`draft_acts.comments[]` entry with the part of the draft it comments and the body's decision. Comment dates are
printed without a year ("10/09 - 11:05"): the year is the draft's creation year, plus one for a date that would
fall before the creation (a discussion over New Year), and a reply's year follows its comment's the same way.
The commenter's printed name is personal data: it goes only into the submission's private `author_name`. The
page's own totals (comments, accepted, not accepted, views, likes, dislikes) are printed figures, reconciled
in dbt against the comments loaded; comments on several pages of one discussion are joined by comment id.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dagster_project.adapters import Adapter, LayoutError, Page, Records, Rejected
from dagster_project.adapters.recognition import Site
from dagster_project.enrich.language import detect_languages

NAME = "legalacts"

# ---- The layout: every assumption about legalacts.egov.kz's pages -------------------------------------------
HOST = "legalacts.egov.kz"
SITE = f"https://{HOST}"
# Where a page is (see recognition.py): a draft's page is /npa/view?id=<id>, its further comment pages add
# pageComment=<n>; a page saved by hand is named npa_<id>[_page<n>]_<lang>[.fragment].html; a page's content gives
# its own address in the draft's id (CARD_ID, in a page with the CARD) and the comment page the pager's script
# starts on (PAGER_PAGE; no pager: one page of comments).
PATHS = re.compile(r"/npa/view$")
SAVED_NAME = re.compile(r"(?:^|/)npa_(?:(?P<id>\d+)_)?[^/]*\.html$")
CARD = "div.view-npa"  # the draft's card: <h2> title, then <small><b>label:</b> value</small> lines
CARD_ID = "[card-id]"  # the first element with a card-id attribute carries the draft's id
LABELS = {  # the card's labels (ru, kk) → draft act field
    "Статус": "status",
    "Мәртебесі": "status",
    "Версия проекта": "version",
    "Жоба нұсқасы": "version",
    "Тип НПА": "act_type",
    "НҚА түрі": "act_type",
    "Дата создания": "created_date",
    "Құрылған күні": "created_date",
    "Публичное обсуждение до": "discussion_end_date",
    "Жария талқылау мерзімі": "discussion_end_date",
    "Дата запуска онлайн-обсуждения": "online_discussion_date",
}
GOVERNMENT_BODY = "ul.blog-info span.gov-parent"
FIGURES = {  # the totals under the card: the icon's class → figure name
    "fa-comments": "comment_count",
    "fa-eye": "view_count",
    "fa-check-square": "accepted_comment_count",
    "fa-times-circle": "not_accepted_comment_count",
}
LIKES = {"likeCount-": "like_count", "dislikeCount-": "dislike_count"}  # span classes, suffixed with the id
COMMENT = "div.main-comments > div.media"  # one citizen's comment, its reply nested in a div.media inside
COMMENT_PART = "a.view-comment-part span"  # "1 Наименование проекта НПА (с указанием вида НП..."
DECISIONS = {"Не принято": "not_accepted", "Принято": "accepted", "Қабылданбады": "not_accepted",
             "Қабылданды": "accepted"}  # fmt: skip
COMMENT_DATE = re.compile(r"(?P<day>\d{2})/(?P<month>\d{2}) - (?P<hour>\d{2}):(?P<minute>\d{2})")
CARD_DATE = re.compile(r"(?P<day>\d{2})/(?P<month>\d{2})/(?P<year>\d{4})")
TOTAL_PAGES = re.compile(r"totalPages:\s*(?P<pages>\d+)")  # the comment pager's script
PAGER_PAGE = re.compile(r"twbsPagination\(\{\s*startPage:\s*(?P<page>\d+)")  # the page the pager shows first
PAGE_NUMBER = re.compile(r"page(?:Comment)?[_=-]?(?P<page>\d+)", re.I)  # in a saved name: npa_1_page2_ru.html
KAZAKHSTAN_TIME = timezone(timedelta(hours=5))  # one time zone since 1 March 2024

# ---- Identifiers in the warehouse -----------------------------------------------------------------------------


def draft_act_id(card_id: str) -> str:
    return f"kz-legalacts/draft/{card_id}"


def body_id(name: str) -> str:
    """The government body by its printed name (the portal gives no id of its own)."""
    return f"kz-legalacts/body/{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def _own_address(tree: LexborHTMLParser) -> str | None:
    card_id = tree.css_first(CARD_ID) if tree.css_first(CARD) is not None else None
    if card_id is None:
        return None
    pager = next(filter(None, (PAGER_PAGE.search(script.text()) for script in tree.css("script"))), None)
    return _view(pager["page"] if pager else None, card_id.attributes.get("card-id"))


def _saved_address(name: str) -> str | None:
    saved = SAVED_NAME.search(name)
    if saved is None:
        return None
    page = PAGE_NUMBER.search(name.rsplit("/", 1)[-1].removeprefix("npa_"))
    return _view(page["page"] if page else None, saved["id"])


def _view(comment_page: str | None, draft_id: str | None) -> str:
    query = urlencode({key: value for key, value in (("pageComment", comment_page), ("id", draft_id)) if value})
    return "/npa/view" + (f"?{query}" if query else "")


SITE_PAGES = Site("legalacts.egov.kz", HOST, PATHS, _own_address, _saved_address)


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def _card_date(text: str) -> date | None:
    match = CARD_DATE.search(text)
    return date(int(match["year"]), int(match["month"]), int(match["day"])) if match else None


def _dated(text: str, after: date) -> datetime | None:
    """A "dd/mm - HH:MM" date in the year that puts it on or after `after` (at most a year later)."""
    match = COMMENT_DATE.search(text)
    if not match:
        return None
    day, month = int(match["day"]), int(match["month"])
    year = after.year if (month, day) >= (after.month, after.day) else after.year + 1
    return datetime(year, month, day, int(match["hour"]), int(match["minute"]), tzinfo=KAZAKHSTAN_TIME)


def _read(page: Page) -> dict:
    tree, address = SITE_PAGES.parse(page)
    card = tree.css_first(CARD)
    if card is None:
        raise LayoutError(f"no draft act card ({CARD})")
    title = card.css_first("h2")
    if title is None or not _text(title):
        raise LayoutError(f"no title in the card ({CARD} h2)")
    card_id = tree.css_first(CARD_ID)
    if card_id is None:
        raise LayoutError(f"no draft act id ({CARD_ID})")
    fields: dict[str, str] = {}
    for line in card.css("small"):
        label = _text(line.css_first("b")).rstrip(":")
        if label in LABELS:
            fields[LABELS[label]] = _text(line)[len(label) + 1 :].strip()
    if "created_date" not in fields:
        raise LayoutError(f"no creation date in the card ({CARD} small b 'Дата создания:')")
    figures = {}
    info = tree.css_first("ul.blog-info")
    if info is None:
        raise LayoutError("no totals under the card (ul.blog-info)")
    for item in info.css("li"):
        icon = item.css_first("i")
        name = next((f for cls, f in FIGURES.items() if icon and cls in (icon.attributes.get("class") or "")), None)
        if name and _text(item).isdigit():
            figures[name] = int(_text(item))
    for span in info.css("span"):
        classes = span.attributes.get("class") or ""
        name = next((f for prefix, f in LIKES.items() if classes.startswith(prefix)), None)
        if name and _text(span).isdigit():
            figures[name] = int(_text(span))
    body = _text(tree.css_first(GOVERNMENT_BODY)) or None
    comments = []
    for item in tree.css(COMMENT):
        bodies = item.css("div.media-body")  # the comment's own, then its reply's (nested)
        comment_body, reply = (bodies[0] if bodies else None), (bodies[1] if len(bodies) > 1 else None)
        headings = comment_body.css("h4.media-heading") if comment_body else []
        text = comment_body.css_first("p[id]") if comment_body else None
        if len(headings) < 2 or text is None:
            raise LayoutError(f"a comment ({COMMENT}) without its author, its date line and its text (p[id])")
        status_icon = headings[1].css_first("i[title]")
        reply_text = reply.css_first("p[id]") if reply else None
        comments.append(
            {
                "id": text.attributes["id"],
                "author": _text(headings[0]) or None,
                "part": _text(headings[1].css_first(COMMENT_PART)) or None,
                "date_text": _text(headings[1]),
                "decision": DECISIONS.get(status_icon.attributes.get("title", "")) if status_icon else None,
                "text": _text(text),
                "reply_date_text": _text(reply.css_first("h4.media-heading span")) if reply else None,
                "reply_text": _text(reply_text) if reply_text else None,
            }
        )
    pages = TOTAL_PAGES.search(page.html)
    this_page = parse_qs(urlsplit(address).query).get("pageComment", ["1"])[0]
    return {
        "card_id": card_id.attributes["card-id"],
        "title": _text(title),
        "fields": fields,
        "government_body": body,
        "figures": figures,
        "comments": comments,
        "total_pages": int(pages["pages"]) if pages else 1,
        "page_number": int(this_page) if this_page.isdigit() else 1,
    }


def adapt(pages: Sequence[Page]) -> Records:
    records = Records()
    drafts: dict[str, list[tuple[Page, dict]]] = defaultdict(list)
    for page in pages:
        try:
            read = _read(page)
        except LayoutError as error:
            records.rejected.append(Rejected(page=page.name, adapter=NAME, reason=str(error)))
            continue
        drafts[read["card_id"]].append((page, read))
    bodies: dict[str, str] = {}
    for card_id, read_pages in sorted(drafts.items()):
        _draft(card_id, read_pages, records, bodies)
    records.organizations.extend(
        {"id": body_id(name), "name": name, "classification": "executive"} for name in sorted(bodies)
    )
    if records.submissions:
        records.notes.append(
            "legalacts comments: the portal gives no commenter's region (region_kato empty) and comment dates "
            "without a year (taken from the draft's creation date)"
        )
    return records


def _draft(card_id: str, read_pages: list[tuple[Page, dict]], records: Records, bodies: dict[str, str]) -> None:
    first_page, first = min(read_pages, key=lambda pair: pair[1]["page_number"])
    fields = first["fields"]
    created = _card_date(fields["created_date"])
    title_language = detect_languages([first["title"]])[0]
    version = re.search(r"\d+", fields.get("version", ""))
    body = first["government_body"]
    if body:
        bodies[body] = body
    comments: dict[str, dict] = {}
    for _, read in read_pages:
        for comment in read["comments"]:
            comments.setdefault(comment["id"], comment)
    seen_pages = {read["page_number"] for _, read in read_pages}
    missing = sorted(set(range(1, first["total_pages"] + 1)) - seen_pages)
    if missing:
        records.notes.append(
            f"{first_page.name}: comment pages {missing} of {first['total_pages']} of draft {card_id} were not "
            "captured: their comments are missing, and the printed totals say how many"
        )
    discussion_end = _card_date(fields.get("discussion_end_date", ""))
    online = _card_date(fields.get("online_discussion_date", ""))
    records.draft_acts.append(
        {
            "id": draft_act_id(card_id),
            "legislature_id": None,  # a draft of a ministry's order is not before parliament
            f"title_{title_language if title_language in ('kk', 'ru') else 'ru'}": first["title"],
            "act_type": fields.get("act_type") or None,
            "government_body": body,
            "status": fields.get("status") or None,
            "version": int(version[0]) if version else None,
            "created_date": created.isoformat() if created else None,
            "discussion_end_date": discussion_end.isoformat() if discussion_end else None,
            "online_discussion_date": online.isoformat() if online else None,
            "url": f"{SITE}/npa/view?id={card_id}",
            "comments": [
                {"submission_id": _submission_id(c["id"]), "part": c["part"], "decision": c["decision"]}
                for c in comments.values()
            ],
        }
    )
    for figure, value in sorted(first["figures"].items()):
        records.printed_figures.append(
            {
                "source": NAME,
                "page": first_page.name,
                "figure": figure,
                "dimension": "total",
                "dimension_value": None,
                "subject_id": draft_act_id(card_id),
                "value": value,
            }
        )
    languages = detect_languages([c["text"] for c in comments.values()])
    for comment, language in zip(comments.values(), languages, strict=True):
        received = _dated(comment["date_text"], created) if created else None
        answered = _dated(comment["reply_date_text"] or "", received.date()) if received else None
        records.submissions.append(
            {
                "submission_id": _submission_id(comment["id"]),
                "channel": "draft_law_comment",
                "received_at": received.isoformat() if received else None,
                "answered_at": answered.isoformat() if answered else None,
                "language": language if language in ("kk", "ru") else None,
                "region_kato": None,
                "addressee_id": body_id(body) if body else None,
                "topic": None,
                "status": "answered" if comment["reply_text"] else "received",
                "bill_id": None,
                "signature_count": None,
                "author_name": comment["author"],
                "author_iin": None,
                "author_phone": None,
                "author_email": None,
                "author_address": None,
                "text": comment["text"],
            }
        )


def _submission_id(comment_id: str) -> str:
    return f"kz-legalacts/comment/{comment_id}"


LEGALACTS = Adapter(name=NAME, recognise=SITE_PAGES.recognise, adapt=adapt)
