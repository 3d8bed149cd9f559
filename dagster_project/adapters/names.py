"""Person names across languages and sources: a comparison key per name, and a matcher giving one id per person.

What belongs here: telling whether two printed names (Kazakh, Russian or English, from any page or source) are
the same person's, and nothing about any one page's layout. The parliament prints the same deputy as
`Ашимбаев Маулен Сагатханулы` (ru), `Әшімбаев Мәулен Сағатханұлы` (kk) and `Ashimbayev Maulen Sagathanuly` (en).

`name_key` folds one name to a Latin key in which those spellings agree: Kazakh letters to their Russian
counterparts (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ→у, ү→у, һ→х, і→и), Cyrillic to Latin with unidecode, then the
spelling variants of transliteration (kh/h, zh/j, shch/sh, x/ks, y/i, ya/a, й after a vowel, doubled letters)
and the vowels Kazakh and Russian spell differently for one sound (о/ө/у/ұ/ү, е/і/и/ы) to one letter each. `а`
stays apart from both, so Марат and Мурат never agree. A patronymic is compared by its stem, without
-ұлы/-улы/-қызы/-кызы/-ович/-евич/-овна/-евна/-ич.

`match_persons` links records of different sources. Two records agree when their given names agree and either
their surnames agree and, when both print a patronymic, so do the patronymics (a stem differing only in its
vowels, Беркутовна / Бүркітқызы, or one extending the other, Тулендинович / Төленді, still agrees), or their
surnames differ only in vowels (Жунусов / Жүнісов) and both print the same patronymic stem. An initial is no
given name. A record is linked only to a record that agrees with it alone, and back: a record agreeing with two
in another source (two people sharing a surname and a given name, one printed without patronymic) is
quarantined, never merged with either.

`disagreeing_names` checks one record's names by language (a senator's ru, kk and en cards on one profile): a
name agreeing with none of the others is not that person's. `identities` is what the warehouse runs
(dbt/models/core/person_identities.py): one `Identity` per record, with the person's one id, the method and the
evidence.

Measured on the real pages (tests/real_data/test_names.py): the Senate's ru and kk lists match 50 of 50; its en list 49
(the en page gives one senator another patronymic, and he is quarantined); EveryPolitician's 107 deputies of
the 5th convocation link to 40 archived ru pages of theirs, none wrongly, to 3 deputies of the 8th and to the
chair of the Senate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

# unidecode: a kept, complete Unicode→ASCII table. Transliteration schemes for Kazakh differ (2017, 2018, 2021
# Latin alphabets, passports, ISO 9); the key below only has to make the variants agree, so the plainest table
# with every Cyrillic letter will do.
from unidecode import unidecode

KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіё", "агкноуухие", "ьъ")
# Patronymic endings, as the key spells them (after transliteration, before the vowel classes), longest first.
PATRONYMIC_SUFFIXES = ("ovich", "evich", "ovna", "evna", "ichna", "ich", "uli", "kizi")
PATRONYMIC_WORDS = {"uli", "kizi"}  # `Сағатхан ұлы`, written apart
INITIALS = re.compile(r"\w|(\w\.){1,3}")  # `М.`, `М.С.`: no given name
# Latin spelling variants made equal, in this order.
LATIN_VARIANTS = (
    (r"x", "ks"),
    (r"dzh|zh|dj", "j"),
    (r"kh", "h"),
    (r"shch|sch", "sh"),  # щ: Щегельский / Schegelskiy
    (r"q", "k"),
    (r"w", "v"),
    (r"['`’ʼ\-.]", ""),
    (r"y", "i"),
    (r"i([aou])", r"\1"),  # я ya ia → a, ю yu iu → u, ё yo → o
    (r"^ie", "e"),  # Ернур / Yernur
    (r"([aeou])i(?=[^aeiou]|$)", r"\1"),  # й after a vowel: Байтелес / Batiles / Baitelessovich
)
VOWEL_CLASSES = str.maketrans("oe", "ui")  # о ө у ұ ү → u; е і и ы → i; а stays a


def _latin(word: str) -> str:
    """The word in lower-case Latin with the spelling variants of transliteration made equal."""
    latin = unidecode(word.lower().translate(KAZAKH_TO_RUSSIAN).replace("й", ""))
    for pattern, replacement in LATIN_VARIANTS:
        latin = re.sub(pattern, replacement, latin)
    return latin


def _finish(latin: str) -> str:
    return re.sub(r"(.)\1+", r"\1", latin.translate(VOWEL_CLASSES))


@cache
def name_key(word: str) -> str:
    """The comparison key of one name (a surname or a given name): `Әшімбаев`, `Ашимбаев`, `Ashimbayev` all give
    `ashimbaiv`."""
    return _finish(_latin(word))


@cache
def patronymic_key(word: str) -> str:
    """The key of a patronymic's stem: `Сағатханұлы`, `Сагатханович`, `Sagathanuly` → `sagathan`."""
    latin = _latin(word)
    for suffix in PATRONYMIC_SUFFIXES:
        if latin.endswith(suffix) and len(latin) > len(suffix) + 2:
            latin = latin[: -len(suffix)]
            break
    return _finish(latin)


def _consonants(key: str) -> str:
    return re.sub(r"[aiu]", "", key)


def _patronymics_agree(a: str, b: str) -> bool:
    """Patronymic stems agree when equal, when one extends the other (Төленді / Тулендинович) or when only their
    vowels differ (Бүркіт / Беркут)."""
    extends = min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))
    return a == b or extends or _consonants(a) == _consonants(b)


@dataclass(frozen=True)
class ParsedName:
    family: str
    given: str | None  # None when only an initial is printed
    patronymic: str | None


@cache
def parse_name(full_name: str) -> ParsedName:
    """A name as the parliament prints it, surname first (`ҚОШАНОВ Ерлан Жақанұлы`, `Ashimbayev Maulen`); a
    patronymic written apart (`Сағатхан ұлы`) is joined to its stem."""
    words = full_name.split()
    if len(words) > 2 and _latin(words[-1]) in PATRONYMIC_WORDS:
        words = [*words[:-2], words[-2] + words[-1]]
    family, given, *rest = [*words, None] if len(words) == 1 else words
    if given is not None and INITIALS.fullmatch(given):
        given = None
    return ParsedName(family, given, " ".join(rest) or None)


def names_agree(a: ParsedName, b: ParsedName) -> bool:
    """Given names agree, and surnames agree and, when both print one, so do the patronymics; or surnames differ
    only in their vowels and both print the same patronymic stem."""
    if a.given is None or b.given is None or name_key(a.given) != name_key(b.given):
        return False
    family_a, family_b = name_key(a.family), name_key(b.family)
    if a.patronymic is None or b.patronymic is None:
        return family_a == family_b
    patronymic_a, patronymic_b = patronymic_key(a.patronymic), patronymic_key(b.patronymic)
    if family_a == family_b:
        return _patronymics_agree(patronymic_a, patronymic_b)
    # a surname differing only in its vowels (Жүнісов / Жунусов) needs the same given name and patronymic stem
    return _consonants(family_a) == _consonants(family_b) and patronymic_a == patronymic_b


@dataclass(frozen=True)
class PersonRecord:
    """One person as one source prints them: the source's own id for them and their names by language."""

    source: str  # e.g. "senate-ru", "mazhilis", "everypolitician"
    id: str
    names: dict[str, str]  # lang → full name, surname first

    @classmethod
    def from_popolo(cls, source: str, person: dict) -> PersonRecord:
        """A Popolo person: its `name` as printed and its `other_names` by language."""
        others = {o["lang"]: o["name"] for o in person.get("other_names", []) if o.get("lang") and o.get("name")}
        return cls(source, person["id"], {"printed": person["name"], **others})


@dataclass(frozen=True)
class Quarantined:
    source: str
    id: str
    name: str
    reason: str


@dataclass
class Matching:
    """`ids`: (source, id) → the one id of the person (the id of the person's first record in the input);
    `linked`: (source, id) → the records it was linked with by their names (each agreeing with it alone);
    `quarantined`: records that could not be matched confidently. They keep their own id, merged with no one."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    linked: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)


def _agree(a: PersonRecord, b: PersonRecord) -> bool:
    return any(names_agree(parse_name(x), parse_name(y)) for x in a.names.values() for y in b.names.values() if x and y)


def match_persons(records: Sequence[PersonRecord], *, same_people: bool = False) -> Matching:
    """One id per person across sources. Records of one source are different people. With `same_people` (the ru
    and kk pages of one list), a record with no counterpart in every other source is quarantined too."""
    sources = list(dict.fromkeys(r.source for r in records))
    by_source = {s: [r for r in records if r.source == s] for s in sources}
    agreeing = {
        (r.source, r.id): {s: [o for o in by_source[s] if _agree(r, o)] for s in sources if s != r.source}
        for r in records
    }
    order = {(r.source, r.id): position for position, r in enumerate(records)}
    reasons: dict[tuple[str, str], str] = {}
    links: dict[tuple[str, str], set[tuple[str, str]]] = {(r.source, r.id): set() for r in records}
    for r in records:
        key = (r.source, r.id)
        for source, found in agreeing[key].items():
            if len(found) > 1:
                reasons[key] = f"agrees with {len(found)} persons on {source}: " + "; ".join(
                    next(iter(o.names.values())) for o in found
                )
            elif len(found) == 1:
                other = (found[0].source, found[0].id)
                if [(o.source, o.id) for o in agreeing[other][r.source]] == [key]:
                    links[key].add(other)
            if same_people and not found:
                reasons.setdefault(key, f"no counterpart on {source}")
    # a person is a connected group of linked records; a group holding two records of one source is no person
    matching = Matching()
    seen: set[tuple[str, str]] = set()
    for r in records:
        start = (r.source, r.id)
        if start in seen:
            continue
        group, todo = [], [start]
        while todo:
            key = todo.pop()
            if key not in seen:
                seen.add(key)
                group.append(key)
                todo.extend(links[key])
        clean = len({s for s, _ in group}) == len(group) and not any(k in reasons for k in group)
        for key in group:
            matching.ids[key] = start[1] if clean else key[1]
            if clean and links[key]:
                matching.linked[key] = sorted(links[key], key=lambda k: order[k])
        if not clean:
            for key in group:
                record = next(x for x in by_source[key[0]] if x.id == key[1])
                reason = reasons.get(key, "linked to a record that could not be matched confidently")
                matching.quarantined.append(Quarantined(key[0], key[1], next(iter(record.names.values())), reason))
    return matching


def disagreeing_names(names: dict[str, str]) -> list[str]:
    """The languages whose name, among one record's names by language (a senator's ru, kk and en names on one
    profile), agrees with none of the others; of names agreeing with no other at all, the first is kept."""
    parsed = {lang: parse_name(name) for lang, name in names.items() if name}
    alone = [
        lang for lang, name in parsed.items() if not any(names_agree(name, parsed[o]) for o in parsed if o != lang)
    ]
    return alone[1:] if len(alone) == len(parsed) else alone


@dataclass(frozen=True)
class Identity:
    """One record's place among the persons of all sources: the one id of its person (`canonical_id`), how it was
    found (`own_id`: no other record of the person; `name_match`: linked by its names; `quarantined`: a match not
    confident enough, the record kept apart under its own id), the names that agreed, and why it was quarantined."""

    source: str
    id: str
    canonical_id: str
    method: str
    evidence: str | None
    quarantine_reason: str | None


def identities(records: Sequence[PersonRecord]) -> list[Identity]:
    """`match_persons` over the records of all sources, one `Identity` per record, in the order given: the first
    record of a person gives the person's id, so sources whose ids should last come first."""
    matching = match_persons(records)
    by_key = {(r.source, r.id): r for r in records}
    quarantined = {(q.source, q.id): q.reason for q in matching.quarantined}

    def printed(key: tuple[str, str]) -> str:
        return f"{next(iter(by_key[key].names.values()))} ({key[0]}: {key[1]})"

    result = []
    for record in records:
        key = (record.source, record.id)
        linked = matching.linked.get(key, [])
        method = "quarantined" if key in quarantined else "name_match" if linked else "own_id"
        evidence = f"{printed(key)} agrees with " + "; ".join(printed(k) for k in linked) if linked else None
        result.append(Identity(record.source, record.id, matching.ids[key], method, evidence, quarantined.get(key)))
    return result
