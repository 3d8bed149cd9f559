"""The redaction's patterns of personal data: one definition of each kind and its placeholder (`redact.py`).

They are not the gate: what may be published is decided by the broader, independent `detector.py` (whose IIN
check digit they share: a rule of the IIN, not an expression). Each `Pattern` has a regular expression and,
where a regular expression cannot say it alone, a Python `accept` test on each match (the IIN check digit).
Names need more than a pattern: Russian names are found by natasha's named-entity recogniser (its model ships
inside the wheel), Kazakh and Russian forms with a patronymic by `NAME_WITH_PATRONYMIC` below; see `redact.py`.
No maintained library knows Kazakh patronymics (-ұлы/-қызы, and their Russian spellings -улы/-кызы, are
suffixes a Russian NER model never saw): they are a few lines, tested on planted values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from dagster_project.privacy.detector import iin_check_digit

_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "а-яёәғқңөұүһі"
_WORD = f"[{_UPPER}][{_LOWER}]+"
# A run of digits that is part of an identifier (a UUID, a hash, `…/person/079553487156`) is not personal data:
# digit runs must not touch Latin letters, digits, slashes or hyphens (Cyrillic text around them is fine).
_NOT_IN_ID_BEFORE, _NOT_IN_ID_AFTER = r"(?<![0-9A-Za-z/\-])", r"(?![0-9A-Za-z/\-])"


def is_valid_iin(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    return len(digits) == 12 and iin_check_digit(digits[:11]) == int(digits[11])


@dataclass(frozen=True)
class Pattern:
    """One kind of personal data: its placeholder, its expression, and an optional test of each match."""

    kind: str
    regex: str
    accept: Callable[[str], bool] | None = None

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    def find(self, text: str) -> list[re.Match[str]]:
        return [m for m in self.compiled.finditer(text) if self.accept is None or self.accept(m.group())]


EMAIL = Pattern("EMAIL", r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# +7 or 8, then the 3-digit operator or city code and 7 digits, with or without spaces, dashes and brackets.
PHONE = Pattern("PHONE", r"(?<![\d+])(?:\+7|8)[\s\-]?\(?\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)")
# Birth date (YYMMDD), century-and-sex digit 1-6, four serial digits, the check digit (tested by `accept`).
IIN = Pattern(
    "IIN",
    rf"{_NOT_IN_ID_BEFORE}\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[1-6]\d{{5}}{_NOT_IN_ID_AFTER}",
    is_valid_iin,
)
# Any other run of 12 digits (an IIN with a typo in it, a business number, an account): redacted all the same.
TWELVE_DIGITS = Pattern("NUMBER", rf"{_NOT_IN_ID_BEFORE}\d{{12}}{_NOT_IN_ID_AFTER}")
# A street with its house and flat, in Russian (ул. Абая, д. 12, кв. 5; пр. …; мкр …) or Kazakh
# (Абай көшесі, 12-үй, 5-пәтер; … даңғылы; … шағын ауданы); a house or flat number alone counts too.
_HOUSE = r"(?:,?\s*(?:д\.|дом)\s*\d+[а-я]?)?(?:,?\s*(?:кв\.|квартира)\s*\d+)?"
_UY = r"(?:,?\s*\d+[а-я]?\s*-?\s*үй)?(?:,?\s*\d+\s*-?\s*пәтер)?"
ADDRESS = Pattern(
    "ADDRESS",
    rf"(?:\b(?:ул\.|улица|пр\.|пр-т|проспект|мкр\.?|микрорайон|бульвар)\s*[{_UPPER}0-9][^,.;:\n]{{0,40}}{_HOUSE}"
    rf"|{_WORD}\s(?:[{_UPPER}{_LOWER}][{_LOWER}]*\s){{0,2}}(?:көшесі|даңғылы|шағын ауданы){_UY}"
    rf"|\b(?:д\.|дом)\s*\d+[а-я]?,?\s*(?:кв\.|квартира)\s*\d+"
    rf"|\d+[а-я]?\s*-\s*үй(?:,?\s*\d+\s*-?\s*пәтер)?)",
)
# A person named with a patronymic, in either order: "Сапаров Ерлан Серікұлы", "Ерлан Серикович Сапаров".
NAME_WITH_PATRONYMIC = Pattern(
    "NAME",
    rf"(?:{_WORD}\s+){{0,2}}{_WORD}(?:ұлы|улы|қызы|кызы|ович|евич|овна|евна|ична)\b(?:\s+{_WORD}(?:ов|ев|ин)а?\b)?",
)

# A surname in -ов/-ев/-ин(а) followed by a given name, the order portals print: "Сапарова Айгүл".
NAME_SURNAME_FIRST = Pattern("NAME", rf"\b{_WORD}(?:ов|ев|ин)а?\s+{_WORD}\b")

# In the order redaction applies them: an e-mail before the digits in it, a phone before an IIN-like run, a valid
# IIN before any other twelve digits.
PATTERNS: tuple[Pattern, ...] = (EMAIL, PHONE, IIN, TWELVE_DIGITS, ADDRESS, NAME_WITH_PATRONYMIC, NAME_SURNAME_FIRST)
PLACEHOLDER_KINDS: tuple[str, ...] = tuple(dict.fromkeys(p.kind for p in PATTERNS))


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """Every (kind, value) the patterns find in `text` (overlaps included): the scan of a public output."""
    return [(p.kind, m.group()) for p in PATTERNS for m in p.find(text)]
