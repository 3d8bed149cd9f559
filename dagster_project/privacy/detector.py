"""The gate's detector of personal data: broader than the redaction's patterns, and independent of them.

`patterns.py` says what redaction replaces; this module says what may never be published, and it shares no
expression with `patterns.py`, so a format the redaction's patterns miss is still caught here before it ships.
It is used by the blocking check of every published table (`dagster_project/assets/validate.py`), by the scan
of every published file (`privacy/scan.py`) and, as a last pass, by the redaction itself (`redact.py`), so a
citizen's comment is redacted rather than its dataset blocked.

A text is normalised first, keeping a map from each normalised character to the original one, so each finding
is a span of the original text:

- NFKC (full-width digits and `＠`, non-breaking and thin spaces, ligatures), invisible format characters
  (zero-width space, soft hyphen) dropped, every dash a hyphen;
- the letters O and I/l (Latin or Cyrillic) between digits read as 0 and 1 (`9OO1O1…`);
- e-mail separators spelled out: `at`, `(at)`, `[at]`, `собака` for `@`; `dot`, `(dot)`, `точка`, `нүкте`
  for `.`, and spaces around `@`.

Then each kind is found on the normalised text:

- IIN: twelve digits, single spaces or hyphens allowed between them (`900101 350122`), with a plausible birth
  date, century digit and a valid check digit; or, after the prefix ИИН/IIN/ЖСН (Latin or Cyrillic letters, any
  case, glued or with `:`, `-`, `№`), any 11 to 13 digits, check digit or not (a typo is still someone's IIN).
- PHONE: Google's libphonenumber (`phonenumbers`) with Kazakhstan's numbering plan: `+7 (7172) 74-60-01`,
  `8(7172)746001`, `+7 707 12 34 567`, `707 123 45 67`, and any valid number with a country code.
- EMAIL: any letters on either side of `@` (Cyrillic local parts and IDN domains such as `почта.kz`).
- ADDRESS: a street, avenue or micro-district keyword (ул, улица, пр., проспект, мкр, көшесі, даңғылы, шағын
  ауданы, …, with or without a dot) with a name and a house number; or a house with a flat (`150 кв 12`,
  `д. 5, кв. 7`, `12-үй, 5-пәтер`).
- NAME (only where asked: tables made from what citizens send, see `CITIZENS_TABLES`): a Kazakh or Russian
  patronymic or surname form (-ұлы/-қызы, -ович/-овна, -ов/-ева/-ин/-ская…) next to a capitalised given name or
  initials, in Cyrillic or Latin letters, or both in capitals as portals print authors (`СУХАНОВ АНДРЕЙ` on
  legalacts.egov.kz). The parliament's own records name members and officials on purpose,
  so names are not looked for there.

Placeholders left by the redaction (`[PHONE]`, `[IIN]`, …) are not findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

# The tables made from what citizens send: the published aggregates of submissions, the comments on bills and
# the petitions. Names are looked for only in these: the parliament's own records name officials on purpose
# ("Констанкевич І.М." in a motion, "Сапаров Ерлан Серікұлы" as a sponsor), and no detector can tell an official
# from a citizen. Every other kind is looked for in every published table.
SUBMISSION_AGGREGATES = ("submission_counts", "submission_response_times", "submission_region_rates",
                         "bill_submission_topics")  # fmt: skip
CITIZENS_TABLES = (*SUBMISSION_AGGREGATES, "bill_comments", "petitions", "petition_signatures")

KINDS = ("IIN", "PHONE", "EMAIL", "ADDRESS", "NAME")
_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LO = "a-zа-яёәғқңөұүһі"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and its span in the original text (never copied elsewhere)."""

    kind: str
    start: int
    end: int


# ---- normalisation ---------------------------------------------------------------------------------------------
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣"), "-")
_SPELLED = (
    # bracketed forms first: `aigul (at) mail [dot] kz`, `aigul[собака]mail.kz`
    (re.compile(r"\s*[(\[{<]\s*(?:at|собака|sobaka)\s*[)\]}>]\s*", re.I), "@"),
    (re.compile(r"\s*[(\[{<]\s*(?:dot|точка|нүкте|tochka)\s*[)\]}>]\s*", re.I), "."),
    (re.compile(r"(?<=\w)\s+(?:at|собака|sobaka)\s+(?=\w)", re.I), "@"),
    (re.compile(r"(?<=\w)\s+(?:dot|точка|нүкте|tochka)\s+(?=\w)", re.I), "."),
    (re.compile(r"(?<=\w)\s*@\s*(?=\w)"), "@"),
    (re.compile(r"(?<=\d)[OoОо](?=[\dOoОо])|(?<=[\dOoОо])[OoОо](?=\d)"), "0"),
    (re.compile(r"(?<=\d)[Il|Іі](?=\d)"), "1"),
)

# A cheap test first: most texts hold none of these, and the rewrites above then cost nothing.
_SPELLED_WORDS = ("at", "собака", "sobaka", "dot", "точка", "нүкте", "tochka", "@")
_LOOKALIKE_DIGIT = re.compile(r"\d[OoОоIl|Іі]|[OoОоIl|Іі]\d")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the index of the original character it came from."""

    text: str
    origin: tuple[int, ...]  # len(text) + 1 entries: the last is the original text's length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        return self.origin[start], (self.origin[end - 1] + 1 if end > start else self.origin[start])


# Characters that NFKC keeps but that matter here: invisible format characters (dropped) and dashes (hyphens).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ODD = re.compile(f"{_INVISIBLE.pattern}|[{''.join(map(chr, _DASHES))}]")
_NUMERO = "№"


def normalise(text: str) -> Normalised:
    if unicodedata.is_normalized("NFKC", text.replace(_NUMERO, "")) and not _ODD.search(text):
        normalised, positions = text, list(range(len(text)))  # most texts: nothing to fold, no map to build
    else:
        chars: list[str] = []
        positions = []
        for index, char in enumerate(text):
            if _INVISIBLE.match(char):
                continue  # zero-width space, soft hyphen, direction marks: invisible, and they split digit runs
            # NFKC would spell № as "No": a letter glued to the digits that follow it.
            for folded in (char if char == _NUMERO else unicodedata.normalize("NFKC", char)).translate(_DASHES):
                chars.append(folded)
                positions.append(index)
        normalised = "".join(chars)
    lower = normalised.lower()
    if not any(word in lower for word in _SPELLED_WORDS) and not _LOOKALIKE_DIGIT.search(normalised):
        return Normalised(normalised, (*positions, len(text)))
    for pattern, replacement in _SPELLED:
        if not pattern.search(normalised):
            continue
        pieces, mapped, last = [], [], 0
        for match in pattern.finditer(normalised):
            pieces.append(normalised[last : match.start()])
            mapped += positions[last : match.start()]
            pieces.append(replacement)
            mapped.append(positions[match.start()])  # every rewrite consumes at least one character
            last = match.end()
        pieces.append(normalised[last:])
        mapped += positions[last:]
        normalised, positions = "".join(pieces), mapped
    return Normalised(normalised, (*positions, len(text)))


# ---- the kinds ---------------------------------------------------------------------------------------------------
def iin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN (the IIN rules of the Ministry of Justice; no maintained library validates one):
    the digits weighted 1..11, sum mod 11; when that is 10, weighted 3..11,1,2 mod 11; when that is 10 again, no
    valid IIN has these eleven digits (None)."""
    digits = [int(c) for c in first_eleven]
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _plausible_iin(digits: str) -> bool:
    month, day, century = int(digits[2:4]), int(digits[4:6]), digits[6]
    return (
        1 <= month <= 12 and 1 <= day <= 31 and century in "0123456" and iin_check_digit(digits[:11]) == int(digits[11])
    )


_DIGITS = re.compile(r"\d")
# Twelve digits, one space or hyphen allowed between any two, not part of a longer number or an identifier.
_TWELVE = re.compile(r"(?<![\w/.\-])(?<!\d[ \-])\d(?:[ \-]?\d){11}(?![ \-]?\d)(?![\w/])")
_PREFIXED_IIN = re.compile(
    r"(?<![^\W\d_])(?:[ИиIi]{2}[НнNnH]|[ЖжJj][СсSs][НнNnH])(?![^\W\d_])\W{0,4}?(\d(?:[ \-.]?\d){10,12})(?!\d)"
)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.%+\-]*\w@\w[\w\-]*(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w])")
_STREET = (
    r"(?:ул|улица|у-ца|пр|пр-т|пр-кт|просп|проспект|мкр|мкрн|мкр-н|микрорайон|б-р|бульвар|пер|переулок|шоссе"
    r"|наб|набережная|тупик|жк|жилой\s+комплекс|көшесі|көш|даңғылы|даң|шағын\s+ауданы|ықшам\s*ауданы|ш\.\s*а)"
)
_FLAT = r"(?:[\s,]*(?i:кв|квартира|кв-ра|пәтер)\.?\s*\d+)?"
_HOUSE = rf"(?:(?:д|дом|үй)\.?\s*)?№?\s*\d+(?:[а-яa-z](?![\w]))?(?:\s*[/\-]\s*\d+)?(?![\d.,]\d){_FLAT}"
_ADDRESS = re.compile(
    # ул Абая 150 кв 12 / ул. Абая, д. 150 / пр. Республики, 24 / мкр Самал-2, 5
    rf"(?<![\w\-])(?i:{_STREET})\.?\s*[{_UP}0-9][\w\-]*(?:\s+[{_UP}][\w\-]*){{0,2}}\.?[\s,]+{_HOUSE}"
    # Абай көшесі, 150-үй / Абай даңғылы 12
    rf"|(?<![\w\-])[{_UP}][\w\-]*(?:\s+[{_UP}][\w\-]*){{0,2}}\s+(?i:көшесі|даңғылы|шағын\s+ауданы|ықшамауданы)"
    rf"[\s,]+\d+\s*[а-я]?(?:\s*-\s*үй)?"
    # 150 кв 12 / д. 5, кв. 7 / 12-үй, 5-пәтер / 5-пәтер
    rf"|(?<![\w\-])\d+\s*[а-я]?(?:\s*/\s*\d+)?[\s,]*(?i:кв|квартира|кв-ра)\.?\s*\d+"
    rf"|(?<![\w\-])(?i:д|дом)\.?\s*\d+\s*[а-я]?[\s,]+(?i:кв|квартира)\.?\s*\d+"
    rf"|(?<![\w\-])\d+\s*[а-я]?\s*-\s*(?i:үй)(?:[\s,]+\d+\s*-?\s*(?i:пәтер))?|(?<![\w\-])\d+\s*-\s*(?i:пәтер)"
)
_CAP = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
_INITIALS = rf"[{_UP}]\.\s?(?:[{_UP}]\.)?"
_PATRONYMIC = r"(?:ұлы|улы|қызы|кызы|ович|евич|овна|евна|ична|инична|uly|uli|kyzy|qyzy|ovich|evich|ovna|evna)"
# Surnames in any case (Сапаров, Сапарова, Сапаровой, Сапарову; Кравцовская, Кравцовской) and in Latin letters.
_SURNAME = r"(?:(?:ов|ев|ёв|ин|ын)(?:а|ой|у|ым|ого|ому|е)?|(?:ск|цк)(?:ий|ая|ого|ой|ому|ую|им)|ov|ev|ova|eva)"
_CAPS_SURNAME = r"(?:ОВ|ЕВ|ЁВ|ИН|ЫН|ОВА|ЕВА|ЁВА|ИНА|ЫНА|СКИЙ|СКАЯ|ЦКИЙ|ЦКАЯ|ҰЛЫ|ҚЫЗЫ|OV|EV|OVA|EVA)"
_NAMES = tuple(
    re.compile(expression)
    for expression in (
        # Сапаров Ерлан Серікұлы / Ерлан Серикович Сапаров / Айгүл Сапарқызы
        rf"\b(?:{_CAP}\s+){{1,2}}[{_UP}][{_LO}]+{_PATRONYMIC}\b(?:\s+{_CAP})?",
        # Сапаровой Айгуль / Saparova Aigul, and Айгүл Сапарова (each on its own: the two may overlap)
        rf"\b[{_UP}][{_LO}]+{_SURNAME}\s+{_CAP}\b",
        rf"\b{_CAP}\s+[{_UP}][{_LO}]+{_SURNAME}\b",
        # as portals print authors, in capitals: САПАРОВА АЙГҮЛ / АЙГҮЛ САПАРОВА, standing alone (not within a
        # sentence in capitals, where "ОБСУЖДЕНИЕ ПРОЕКТОВ" is no name) with an optional patronymic
        rf"(?<![{_UP}]{{2}}\s)\b(?:[{_UP}]{{2,}}{_CAPS_SURNAME}\s+[{_UP}]{{4,}}|[{_UP}]{{4,}}\s+[{_UP}]{{2,}}{_CAPS_SURNAME})"
        rf"(?:\s+[{_UP}]+(?:ОВИЧ|ЕВИЧ|ОВНА|ЕВНА|ИЧНА|ҰЛЫ|ҚЫЗЫ|УЛЫ|КЫЗЫ))?\b(?!\s+[{_UP}]{{2}})",
        # Сапаров Е.С. / Е.С. Сапаров
        rf"\b[{_UP}][{_LO}]{{2,}}{_SURNAME}\s+{_INITIALS}|(?<![\w.]){_INITIALS}\s?[{_UP}][{_LO}]{{2,}}\b",
    )
)
# What redaction leaves behind: `[PHONE]`, `[IIN]`, … (a bracketed upper-case word) is not personal data.
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")


# VALID: a number libphonenumber knows to exist in the plan (Kazakhstan's, or any with a country code), in any
# grouping (`+7 707 12 34 567` is grouped 3-2-2-3, which STRICT_GROUPING refuses).
_LENIENCY = phonenumbers.Leniency.VALID
_NUMBER = re.compile(r"\d+")


def _addresses(text: str) -> set[tuple[int, int]]:
    """Every address holds a house number: the expression runs only around numbers (60 characters before, 40
    after, from a word's start), which is many times cheaper on long texts than running it on all of them."""
    windows: list[list[int]] = []
    for number in _NUMBER.finditer(text):
        start = text.rfind(" ", 0, max(0, number.start() - 60)) + 1
        end = min(len(text), number.end() + 40)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return {m.span() for start, end in windows for m in _ADDRESS.finditer(text, start, end)}


def detect(text: str | None, names: bool = False) -> list[Finding]:
    """Every piece of personal data in `text`, as spans of the original text (names only when `names`)."""
    if not text:
        return []
    norm = normalise(_PLACEHOLDER.sub(lambda m: " " * len(m.group()), text))
    spans: list[tuple[str, int, int]] = []
    digits = len(_DIGITS.findall(norm.text))  # each kind but names needs some: skip what cannot match
    if digits >= 11:
        for match in _TWELVE.finditer(norm.text):
            if _plausible_iin(re.sub(r"\D", "", match.group())):
                spans.append(("IIN", match.start(), match.end()))
        spans += [("IIN", m.start(), m.end(1)) for m in _PREFIXED_IIN.finditer(norm.text)]
    if digits >= 7:  # no phone number has fewer digits; the matcher costs microseconds per character
        matcher = phonenumbers.PhoneNumberMatcher(norm.text, "KZ", leniency=_LENIENCY)
        spans += [("PHONE", m.start, m.end) for m in matcher]
    if "@" in norm.text:
        spans += [("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(norm.text)]
    spans += [("ADDRESS", start, end) for start, end in _addresses(norm.text)]
    if names:
        spans += [("NAME", m.start(), m.end()) for pattern in _NAMES for m in pattern.finditer(norm.text)]
    return sorted({Finding(kind, *norm.span(start, end)) for kind, start, end in spans}, key=lambda f: f.start)


def kinds_in(text: str | None, names: bool = False) -> set[str]:
    return {finding.kind for finding in detect(text, names)}
