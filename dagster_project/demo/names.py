"""Names of persons, for deputies, senators and the authors of submissions: Kazakh names built from given
names, fathers' names (patronymics) and surname roots, and the Russian (and Korean, German) names of
Kazakhstan's citizens, which are the same in Kazakh as in Russian.

What belongs here: the name tables (`vocabularies/kazakh_*.csv`, `vocabularies/slavic_*.csv`), how a name is
built in each language, and how one is drawn.
"""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from dagster_project.demo.vocabulary import Forms, load_csv


class SurnameRoot(NamedTuple):
    """The stem of a Kazakh surname, and its suffix: "ов" or "ев" ("Сапар" + "ов", "Жұмаба" + "ев")."""

    kk: str
    ru: str
    en: str
    suffix: str


_GIVEN_NAMES = load_csv("kazakh_given_names")
MALE_NAMES = tuple(Forms.of(row) for row in _GIVEN_NAMES if row["sex"] == "male")
FEMALE_NAMES = tuple(Forms.of(row) for row in _GIVEN_NAMES if row["sex"] == "female")
FATHER_NAMES = tuple(Forms.of(row) for row in load_csv("kazakh_fathers_names"))
SURNAME_ROOTS = tuple(SurnameRoot(**row) for row in load_csv("kazakh_surname_roots"))
_SLAVIC_GIVEN_NAMES = load_csv("slavic_given_names")
SLAVIC_MALE_NAMES = tuple((row["ru"], row["en"]) for row in _SLAVIC_GIVEN_NAMES if row["sex"] == "male")
SLAVIC_FEMALE_NAMES = tuple((row["ru"], row["en"]) for row in _SLAVIC_GIVEN_NAMES if row["sex"] == "female")
SLAVIC_PATRONYMICS = tuple((row["male"], row["female"]) for row in load_csv("slavic_patronymics"))
SLAVIC_SURNAMES = tuple((row["male"], row["female"], row["en"]) for row in load_csv("slavic_surnames"))


class PersonName(NamedTuple):
    given: Forms
    patronymic: Forms
    family: Forms

    def full(self, lang: str) -> str:
        """As the parliament prints it: given name, patronymic, surname (English: no patronymic)."""
        if lang == "en":
            return f"{self.given.en} {self.family.en}"
        return " ".join(getattr(part, lang) for part in self)

    def formal(self, lang: str) -> str:
        """As a portal prints it: surname, given name, patronymic."""
        return " ".join(getattr(part, lang) for part in (self.family, self.given, self.patronymic))


def kazakh_name(given: Forms, father: Forms, root: SurnameRoot, female: bool, russian_style: bool) -> PersonName:
    """Patronymic -ұлы/-қызы in Kazakh; in Russian -ович/-овна or, `russian_style` false, -улы/-кызы."""
    if russian_style:
        patronymic_ru = father.ru + ("овна" if female else "ович")
    else:
        patronymic_ru = father.ru + ("кызы" if female else "улы")
    suffix_ru = root.suffix + ("а" if female else "")
    suffix_en = {"ов": "ov", "ев": "yev" if root.en[-1] in "aeiouy" else "ev"}[root.suffix] + ("a" if female else "")
    return PersonName(
        given,
        Forms(father.kk + ("қызы" if female else "ұлы"), patronymic_ru, father.en + ("kyzy" if female else "uly")),
        Forms(root.kk + suffix_ru, root.ru + suffix_ru, root.en + suffix_en),
    )


def draw_name(rng: Random, female: bool, slavic_share: float) -> PersonName:
    if rng.random() < slavic_share:
        given_ru, given_en = rng.choice(SLAVIC_FEMALE_NAMES if female else SLAVIC_MALE_NAMES)
        patronymic = rng.choice(SLAVIC_PATRONYMICS)[female]
        family_male, family_female, family_en = rng.choice(SLAVIC_SURNAMES)
        family = family_female if female else family_male
        family_en += "a" if family != family_male else ""
        return PersonName(
            Forms(given_ru, given_ru, given_en), Forms(patronymic, patronymic, ""), Forms(family, family, family_en)
        )
    return kazakh_name(
        rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        rng.choice(FATHER_NAMES),
        rng.choice(SURNAME_ROOTS),
        female,
        russian_style=rng.random() < 0.8,
    )
