"""Synthetic demo data: a seeded generator that writes a complete landing folder.

`generate_landing` writes a made-up but realistic landing folder for the Parliament of Kazakhstan, in exactly
the format of `docs/landing-format.md`: the 8th-convocation Mazhilis and the Senate with their parties,
factions, committees and members (`popolo/members.json`), roll-call votes (`popolo/votes_<YYYY-MM>.json`),
bills moving through both chambers (`bills/bills_<year>.jsonl`), citizens' submissions with fake personal
data (`submissions/submissions_<YYYY-MM>.csv`), petitions with signatures by region and country
(`petitions/petitions.json`) and the `synthetic.json` marker. Every personal value planted in the submissions
(names in kk and ru, valid-checksum IINs, phones in three formats, e-mails, addresses; in the author columns
and, for some, inside the text) is returned in `GenerationSummary.planted_personal_data`, never written out, so
the tests can prove none of it reaches a public output.

What belongs here: the tables the data is drawn from (names, parties, committees, regions, bill subjects,
phrases) and the code that draws the data from one seed. Code lists are read from `dbt/seeds/*.csv`, never
copied: a table keyed by codes must cover its code list, and every code the generator names must be in its
list, or generation stops with an error saying which. The same seed and scale give the same bytes. The
parliament, the bills, the votes and the submissions each draw from their own `random.Random`, so the
parliament is the same at every scale; `scale` multiplies bills, vote events and submissions.

Traps planted on purpose, for the pipeline to handle:
- count mismatches: a few vote events (3 at scale 1, never fewer) print a count that differs from their
  individual votes (`GenerationSummary.mismatched_vote_event_ids`); every other printed count matches.
- `group_id` is left out on every vote of a deputy who took a seat mid-term (the source's roster was not
  updated) and on all votes of about 15% of Mazhilis vote events (a print without the faction column): the
  pipeline fills it from the faction memberships on the day. Independent (self-nominated) deputies belong to
  no faction: no faction membership, no `group_id`, in no `group_results`. The Senate has no factions.
- a few deputies leave mid-term and are replaced after a vacancy; one of them moves to the Senate, so one
  person votes in both chambers at different times. Two deputies of different factions share a surname and
  initials.
- time zones: Kazakhstan moved to one time zone (UTC+5) on 2024-03-01. Before it Astana and most regions were
  on UTC+6 and the west on UTC+5; every date-time carries the offset in force where it happened.
"""

from __future__ import annotations

import csv
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate, groupby
from pathlib import Path
from random import Random
from typing import Generic, NamedTuple, TypeVar

from dagster_project.layout import SEEDS_DIR

T = TypeVar("T")
ProgressCallback = Callable[[str, int, int], None]

# Identifiers, the period, the calendar ----------------------------------------------------------------------

LEGISLATURE_ID = "kz-parliament"
CONVOCATION_ID = "kz-parliament/convocation/8"
GOVERNMENT_ID = "kz/government"
PRESIDENT_ID = "kz/president"
CONVOCATION_START = date(2023, 3, 29)
DATA_END = date(2025, 12, 31)  # the data stops here; later steps of a bill have not happened yet
PLANNING_HORIZON = date(2027, 6, 30)  # bills are planned up to here, then cut off at DATA_END
ONE_TIME_ZONE_FROM = date(2024, 3, 1)
UTC5, UTC6 = timezone(timedelta(hours=5)), timezone(timedelta(hours=6))
FIXED_HOLIDAYS = frozenset(  # public holidays on fixed dates (the moving Kurban ait is left out)
    {(1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30), (10, 25),
     (12, 16)}
)  # fmt: skip
SESSION_ORDINALS_RU = ("Первая", "Вторая", "Третья", "Четвёртая", "Пятая")
SENATE_ELECTIONS = (date(2020, 8, 12), date(2023, 1, 14))  # each region elects one senator per cohort

# Volumes at scale 1, and the least any scale gets ----------------------------------------------------------

BILLS = (300, 5)
PROCEDURAL_VOTES = (120, 2)
SUBMISSIONS = (40_000, 100)
COUNT_MISMATCHES = (3, 3)
MAZHILIS_DEPARTURES = 4  # deputies who leave mid-term; the first one moves to the Senate
GROUPLESS_EVENT_SHARE = 0.15
NOT_VOTING_SHARE = 0.01
DISSENT = 0.03
INDEPENDENT_DISSENT = 0.12

# Codes the generator names (each must be in its code list) --------------------------------------------------

ORGANIZATION_CLASSIFICATIONS = ("legislature", "chamber", "executive", "party", "parliamentary_group", "committee")
BILL_STATUSES = ("in_progress", "signed", "withdrawn", "returned", "rejected")
YES, NO, ABSTAIN, NOT_VOTING, ABSENT = "yes", "no", "abstain", "not voting", "absent"
PETITION, BILL_COMMENT = "e_petition", "draft_law_comment"
RECEIVED, IN_REVIEW = "received", "in_review"


class Forms(NamedTuple):
    """One name or phrase in Kazakh, Russian and English."""

    kk: str
    ru: str
    en: str


def _other_names(forms: Forms) -> list[dict[str, str]]:
    return [{"name": forms.kk, "lang": "kk"}, {"name": forms.ru, "lang": "ru"}, {"name": forms.en, "lang": "en"}]


# The parliament ---------------------------------------------------------------------------------------------


class Chamber(NamedTuple):
    key: str
    seats: int
    sitting_weekday: int  # plenary sittings: the Mazhilis on Wednesdays, the Senate on Thursdays
    female_share: float
    name: Forms
    agenda_motion: str


class Party(NamedTuple):
    key: str
    seats: int  # Mazhilis seats won in 2023
    district_seats: int  # of which in single-member districts (the rest from the party list)
    loyalty: float  # how often its faction backs what the majority backs
    name: Forms
    faction: Forms
    of_party_ru: str  # "… партии «AMANAT»"


class Committee(NamedTuple):
    key: str
    chamber: str
    name: Forms  # the Kazakh name ends in "комитеті"


LEGISLATURE = Forms(
    "Қазақстан Республикасының Парламенті", "Парламент Республики Казахстан", "Parliament of the Republic of Kazakhstan"
)
CHAMBERS = {
    "mazhilis": Chamber(
        "mazhilis",
        98,
        2,
        0.2,
        Forms(
            "Қазақстан Республикасы Парламентінің Мәжілісі",
            "Мажилис Парламента Республики Казахстан",
            "Mazhilis of the Parliament of the Republic of Kazakhstan",
        ),
        "Об утверждении повестки дня пленарного заседания Мажилиса",
    ),
    "senate": Chamber(
        "senate",
        50,
        3,
        0.12,
        Forms(
            "Қазақстан Республикасы Парламентінің Сенаты",
            "Сенат Парламента Республики Казахстан",
            "Senate of the Parliament of the Republic of Kazakhstan",
        ),
        "Об утверждении повестки дня пленарного заседания Сената",
    ),
}
EXECUTIVES = {
    GOVERNMENT_ID: Forms(
        "Қазақстан Республикасының Үкіметі",
        "Правительство Республики Казахстан",
        "Government of the Republic of Kazakhstan",
    ),
    PRESIDENT_ID: Forms(
        "Қазақстан Республикасының Президенті",
        "Президент Республики Казахстан",
        "President of the Republic of Kazakhstan",
    ),
}
PARTIES = (
    Party(
        "amanat", 62, 22, 1.0,
        Forms("«AMANAT» партиясы", "Партия «AMANAT»", "AMANAT Party"),
        Forms("«AMANAT» партиясының фракциясы", "Фракция партии «AMANAT»", "AMANAT Party faction"),
        "партии «AMANAT»",
    ),
    Party(
        "auyl", 8, 0, 0.92,
        Forms(
            "«Ауыл» халықтық-демократиялық патриоттық партиясы",
            "Народно-демократическая патриотическая партия «Ауыл»",
            "Auyl People's Democratic Patriotic Party",
        ),
        Forms("«Ауыл» партиясының фракциясы", "Фракция партии «Ауыл»", "Auyl Party faction"),
        "партии «Ауыл»",
    ),
    Party(
        "respublica", 6, 0, 0.88,
        Forms("«Respublica» партиясы", "Партия «Respublica»", "Respublica Party"),
        Forms("«Respublica» партиясының фракциясы", "Фракция партии «Respublica»", "Respublica Party faction"),
        "партии «Respublica»",
    ),
    Party(
        "ak-zhol", 6, 0, 0.85,
        Forms(
            "Қазақстанның «Ақ жол» демократиялық партиясы",
            "Демократическая партия Казахстана «Ак жол»",
            "Ak Zhol Democratic Party of Kazakhstan",
        ),
        Forms("«Ақ жол» партиясының фракциясы", "Фракция партии «Ак жол»", "Ak Zhol Party faction"),
        "партии «Ак жол»",
    ),
    Party(
        "peoples-party", 5, 0, 0.8,
        Forms("Қазақстан Халық партиясы", "Народная партия Казахстана", "People's Party of Kazakhstan"),
        Forms(
            "Қазақстан Халық партиясының фракциясы",
            "Фракция Народной партии Казахстана",
            "People's Party of Kazakhstan faction",
        ),
        "Народной партии Казахстана",
    ),
    Party(
        "nsdp", 4, 0, 0.7,
        Forms(
            "Жалпыұлттық социал-демократиялық партия",
            "Общенациональная социал-демократическая партия",
            "National Social Democratic Party",
        ),
        Forms("ЖСДП фракциясы", "Фракция ОСДП", "National Social Democratic Party faction"),
        "ОСДП",
    ),
)  # fmt: skip
INDEPENDENT_SEATS = 7  # self-nominated deputies, all from single-member districts
MAJORITY_PARTY = "amanat"
COMMITTEES = (
    Committee("legislation", "mazhilis", Forms(
        "Заңнама және сот-құқықтық реформа комитеті", "Комитет по законодательству и судебно-правовой реформе",
        "Committee on Legislation and Judicial-Legal Reform")),
    Committee("international", "mazhilis", Forms(
        "Халықаралық істер, қорғаныс және қауіпсіздік комитеті",
        "Комитет по международным делам, обороне и безопасности",
        "Committee on International Affairs, Defence and Security")),
    Committee("finance", "mazhilis", Forms(
        "Қаржы және бюджет комитеті", "Комитет по финансам и бюджету", "Committee on Finance and Budget")),
    Committee("economy", "mazhilis", Forms(
        "Экономикалық реформа және өңірлік даму комитеті", "Комитет по экономической реформе и региональному развитию",
        "Committee on Economic Reform and Regional Development")),
    Committee("agrarian", "mazhilis", Forms(
        "Аграрлық мәселелер комитеті", "Комитет по аграрным вопросам", "Committee on Agrarian Issues")),
    Committee("ecology", "mazhilis", Forms(
        "Экология мәселелері және табиғатты пайдалану комитеті", "Комитет по вопросам экологии и природопользованию",
        "Committee on Ecology and Environmental Management")),
    Committee("social-cultural", "mazhilis", Forms(
        "Әлеуметтік-мәдени даму комитеті", "Комитет по социально-культурному развитию",
        "Committee on Socio-Cultural Development")),
    Committee("family-youth", "mazhilis", Forms(
        "Отбасы және жастар саясаты комитеті", "Комитет по семейной и молодёжной политике",
        "Committee on Family and Youth Policy")),
    Committee("science", "mazhilis", Forms(
        "Ғылым және жоғары білім комитеті", "Комитет по науке и высшему образованию",
        "Committee on Science and Higher Education")),
    Committee("digital", "mazhilis", Forms(
        "Цифрландыру және байланыс комитеті", "Комитет по цифровизации и связи",
        "Committee on Digitalisation and Communications")),
    Committee("constitutional", "senate", Forms(
        "Конституциялық заңнама және сот жүйесі комитеті",
        "Комитет по конституционному законодательству и судебной системе",
        "Committee on Constitutional Legislation and the Judicial System")),
    Committee("international", "senate", Forms(
        "Халықаралық қатынастар, қорғаныс және қауіпсіздік комитеті",
        "Комитет по международным отношениям, обороне и безопасности",
        "Committee on International Relations, Defence and Security")),
    Committee("economic-policy", "senate", Forms(
        "Экономикалық саясат, инновациялық даму және кәсіпкерлік комитеті",
        "Комитет по экономической политике, инновационному развитию и предпринимательству",
        "Committee on Economic Policy, Innovation and Entrepreneurship")),
    Committee("finance", "senate", Forms(
        "Қаржы және бюджет комитеті", "Комитет по финансам и бюджету", "Committee on Finance and Budget")),
    Committee("agrarian", "senate", Forms(
        "Аграрлық мәселелер, табиғатты пайдалану және ауылдық аумақтарды дамыту комитеті",
        "Комитет по аграрным вопросам, природопользованию и развитию сельских территорий",
        "Committee on Agrarian Issues, Environmental Management and Rural Development")),
    Committee("social-cultural", "senate", Forms(
        "Әлеуметтік-мәдени даму және ғылым комитеті", "Комитет по социально-культурному развитию и науке",
        "Committee on Socio-Cultural Development and Science")),
    Committee("regional", "senate", Forms(
        "Өңірлік даму және жергілікті өзін-өзі басқару комитеті",
        "Комитет по региональному развитию и местному самоуправлению",
        "Committee on Regional Development and Local Self-Government")),
)  # fmt: skip


def _chamber_id(chamber: str) -> str:
    return f"{LEGISLATURE_ID}/{chamber}"


def _party_id(party: str) -> str:
    return f"{LEGISLATURE_ID}/party/{party}"


def _faction_id(party: str) -> str:
    return f"{LEGISLATURE_ID}/mazhilis/faction/{party}"


def _committee_id(committee: Committee) -> str:
    return f"{LEGISLATURE_ID}/{committee.chamber}/committee/{committee.key}"


# Names: Kazakh names are built from given names, fathers' names (patronymics) and surname roots -------------


class SurnameRoot(NamedTuple):
    """The stem of a Kazakh surname, and its suffix: "ов" or "ев" ("Сапар" + "ов", "Жұмаба" + "ев")."""

    kk: str
    ru: str
    en: str
    suffix: str


MALE_NAMES = tuple(Forms(*n) for n in (
    ("Ерлан", "Ерлан", "Yerlan"), ("Ержан", "Ержан", "Yerzhan"), ("Асқар", "Аскар", "Askar"),
    ("Нұрлан", "Нурлан", "Nurlan"), ("Ғалым", "Галым", "Galym"), ("Бақыт", "Бакыт", "Bakyt"),
    ("Серік", "Серик", "Serik"), ("Дәурен", "Даурен", "Dauren"), ("Қайрат", "Кайрат", "Kairat"),
    ("Мұрат", "Мурат", "Murat"), ("Жанболат", "Жанболат", "Zhanbolat"), ("Ерболат", "Ерболат", "Yerbolat"),
    ("Талғат", "Талгат", "Talgat"), ("Әлібек", "Алибек", "Alibek"), ("Мақсат", "Максат", "Maksat"),
    ("Бауыржан", "Бауыржан", "Bauyrzhan"), ("Дархан", "Дархан", "Darkhan"), ("Нұржан", "Нуржан", "Nurzhan"),
    ("Айдос", "Айдос", "Aidos"), ("Болат", "Болат", "Bolat"), ("Арман", "Арман", "Arman"),
    ("Жақсылық", "Жаксылык", "Zhaksylyk"), ("Темірхан", "Темирхан", "Temirkhan"), ("Сәкен", "Сакен", "Saken"),
    ("Құдайберген", "Кудайберген", "Kudaibergen"), ("Бекзат", "Бекзат", "Bekzat"), ("Азамат", "Азамат", "Azamat"),
    ("Ғабит", "Габит", "Gabit"), ("Марат", "Марат", "Marat"), ("Қанат", "Канат", "Kanat"),
    ("Берік", "Берик", "Berik"), ("Әділ", "Адиль", "Adil"), ("Ұлан", "Улан", "Ulan"), ("Ербол", "Ербол", "Yerbol"),
    ("Самат", "Самат", "Samat"), ("Оңласын", "Онласын", "Onlassyn"), ("Жомарт", "Жомарт", "Zhomart"),
    ("Елнұр", "Елнур", "Yelnur"), ("Ильяс", "Ильяс", "Ilyas"), ("Тимур", "Тимур", "Timur"),
))  # fmt: skip
FEMALE_NAMES = tuple(Forms(*n) for n in (
    ("Айгүл", "Айгуль", "Aigul"), ("Гүлнар", "Гульнар", "Gulnar"), ("Әсел", "Асель", "Assel"),
    ("Жанар", "Жанар", "Zhanar"), ("Динара", "Динара", "Dinara"), ("Сәуле", "Сауле", "Saule"),
    ("Мәдина", "Мадина", "Madina"), ("Аида", "Аида", "Aida"), ("Ақмарал", "Акмарал", "Akmaral"),
    ("Салтанат", "Салтанат", "Saltanat"), ("Гүлмира", "Гульмира", "Gulmira"), ("Ләззат", "Ляззат", "Lyazzat"),
    ("Айжан", "Айжан", "Aizhan"), ("Назгүл", "Назгуль", "Nazgul"), ("Ботагөз", "Ботагоз", "Botagoz"),
    ("Мөлдір", "Молдир", "Moldir"), ("Жұлдыз", "Жулдыз", "Zhuldyz"), ("Қарлығаш", "Карлыгаш", "Karlygash"),
    ("Әйгерім", "Айгерим", "Aigerim"), ("Үміт", "Умит", "Umit"), ("Інжу", "Инжу", "Inzhu"),
    ("Нұргүл", "Нургуль", "Nurgul"), ("Гаухар", "Гаухар", "Gaukhar"), ("Дана", "Дана", "Dana"),
))  # fmt: skip
FATHER_NAMES = tuple(Forms(*n) for n in (
    ("Болат", "Болат", "Bolat"), ("Бақыт", "Бакыт", "Bakyt"), ("Серік", "Серик", "Serik"), ("Мұрат", "Мурат", "Murat"),
    ("Нұрлан", "Нурлан", "Nurlan"), ("Қайрат", "Кайрат", "Kairat"), ("Асқар", "Аскар", "Askar"),
    ("Жұмабек", "Жумабек", "Zhumabek"), ("Төлеген", "Тулеген", "Tulegen"), ("Оразбек", "Оразбек", "Orazbek"),
    ("Сапарбек", "Сапарбек", "Saparbek"), ("Қанат", "Канат", "Kanat"), ("Жақып", "Жакып", "Zhakyp"),
    ("Әбдірахман", "Абдрахман", "Abdrakhman"), ("Тұрсын", "Турсын", "Tursyn"), ("Сейтжан", "Сейтжан", "Seitzhan"),
    ("Ахмет", "Ахмет", "Akhmet"), ("Бейбіт", "Бейбит", "Beibit"), ("Кеңес", "Кенес", "Kenes"),
    ("Тоқтар", "Токтар", "Toktar"), ("Мақсұт", "Максут", "Maksut"), ("Дүйсен", "Дуйсен", "Duisen"),
    ("Манап", "Манап", "Manap"), ("Ерлан", "Ерлан", "Yerlan"),
))  # fmt: skip
SURNAME_ROOTS = tuple(SurnameRoot(*n) for n in (
    ("Сапар", "Сапар", "Sapar", "ов"), ("Жақсыбек", "Жаксыбек", "Zhaksybek", "ов"),
    ("Тоқтар", "Токтар", "Toktar", "ов"), ("Сейтқали", "Сейткали", "Seitkali", "ев"),
    ("Әбдірахман", "Абдрахман", "Abdrakhman", "ов"),
    ("Нұрмағамбет", "Нурмагамбет", "Nurmagambet", "ов"), ("Оспан", "Оспан", "Ospan", "ов"),
    ("Қасым", "Касым", "Kassym", "ов"), ("Байжан", "Байжан", "Baizhan", "ов"), ("Смағұл", "Смагул", "Smagul", "ов"),
    ("Есім", "Есим", "Yessim", "ов"), ("Жұмаба", "Жумаба", "Zhumaba", "ев"),
    ("Сүлеймен", "Сулеймен", "Suleimen", "ов"),
    ("Ахмет", "Ахмет", "Akhmet", "ов"), ("Әбілқасым", "Абилкасым", "Abilkassym", "ов"),
    ("Тәжіба", "Тажиба", "Tazhiba", "ев"), ("Ибраим", "Ибраим", "Ibraim", "ов"),
    ("Серікба", "Серикба", "Serikba", "ев"), ("Омар", "Омар", "Omar", "ов"),
    ("Бекмұхамбет", "Бекмухамбет", "Bekmukhambet", "ов"), ("Ысқақ", "Искак", "Iskak", "ов"),
    ("Қожахмет", "Кожахмет", "Kozhakhmet", "ов"), ("Бейсен", "Бейсен", "Beisen", "ов"),
    ("Шайдар", "Шайдар", "Shaidar", "ов"), ("Құрманғали", "Курмангали", "Kurmangali", "ев"),
    ("Әлімжан", "Алимжан", "Alimzhan", "ов"), ("Жүнісбек", "Жунусбек", "Zhunusbek", "ов"),
    ("Дүйсенба", "Дуйсенба", "Duisenba", "ев"), ("Рахым", "Рахим", "Rakhim", "ов"),
    ("Тұрлыхан", "Турлыхан", "Turlykhan", "ов"), ("Мамыт", "Мамыт", "Mamyt", "ов"), ("Әшім", "Ашим", "Ashim", "ов"),
    ("Нұрпейіс", "Нурпеис", "Nurpeis", "ов"), ("Кенжебек", "Кенжебек", "Kenzhebek", "ов"),
    ("Жарылғап", "Жарылгап", "Zharylgap", "ов"), ("Өтеп", "Утеп", "Utep", "ов"), ("Исабек", "Исабек", "Issabek", "ов"),
    ("Базарба", "Базарба", "Bazarba", "ев"), ("Қали", "Кали", "Kali", "ев"), ("Мұса", "Муса", "Mussa", "ев"),
    ("Байтұрсын", "Байтурсын", "Baitursyn", "ов"), ("Кошан", "Кошан", "Koshan", "ов"),
    ("Ораз", "Ораз", "Oraz", "ов"), ("Сыздық", "Сыздык", "Syzdyk", "ов"), ("Тілеуба", "Тлеуба", "Tleuba", "ев"),
))  # fmt: skip
# Russian (and Korean, German) names of Kazakhstan's citizens: the same in Kazakh as in Russian.
SLAVIC_MALE_NAMES = (("Сергей", "Sergey"), ("Андрей", "Andrey"), ("Владимир", "Vladimir"), ("Игорь", "Igor"),
                     ("Алексей", "Alexey"), ("Николай", "Nikolay"), ("Дмитрий", "Dmitriy"))  # fmt: skip
SLAVIC_FEMALE_NAMES = (("Ирина", "Irina"), ("Елена", "Yelena"), ("Ольга", "Olga"), ("Светлана", "Svetlana"),
                       ("Наталья", "Natalya"))  # fmt: skip
SLAVIC_PATRONYMICS = (("Петрович", "Петровна"), ("Иванович", "Ивановна"), ("Викторович", "Викторовна"),
                      ("Николаевич", "Николаевна"), ("Александрович", "Александровна"))  # fmt: skip
SLAVIC_SURNAMES = (("Ковалёв", "Ковалёва", "Kovalev"), ("Савельев", "Савельева", "Savelyev"),
                   ("Никитин", "Никитина", "Nikitin"), ("Шевченко", "Шевченко", "Shevchenko"),
                   ("Кравцов", "Кравцова", "Kravtsov"), ("Миллер", "Миллер", "Miller"), ("Ким", "Ким", "Kim"),
                   ("Цой", "Цой", "Tsoy"))  # fmt: skip
SHARED_SURNAME = SurnameRoot("Сапар", "Сапар", "Sapar", "ов")
# Two deputies printed alike as "Сапаров Е. Б.": (given name, father's name), both with SHARED_SURNAME.
SHARED_INITIALS = (
    (Forms("Ерлан", "Ерлан", "Yerlan"), Forms("Болат", "Болат", "Bolat")),
    (Forms("Ержан", "Ержан", "Yerzhan"), Forms("Бақыт", "Бакыт", "Bakyt")),
)
SHARED_INITIALS_PARTIES = ("amanat", "ak-zhol")  # the factions of the two
SLAVIC_SHARE = 0.1  # of deputies and senators


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


def _kazakh_name(given: Forms, father: Forms, root: SurnameRoot, female: bool, russian_style: bool) -> PersonName:
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


def _draw_name(rng: Random, female: bool, slavic_share: float) -> PersonName:
    if rng.random() < slavic_share:
        given_ru, given_en = rng.choice(SLAVIC_FEMALE_NAMES if female else SLAVIC_MALE_NAMES)
        patronymic = rng.choice(SLAVIC_PATRONYMICS)[female]
        family_male, family_female, family_en = rng.choice(SLAVIC_SURNAMES)
        family = family_female if female else family_male
        family_en += "a" if family != family_male else ""
        return PersonName(
            Forms(given_ru, given_ru, given_en), Forms(patronymic, patronymic, ""), Forms(family, family, family_en)
        )
    return _kazakh_name(
        rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        rng.choice(FATHER_NAMES),
        rng.choice(SURNAME_ROOTS),
        female,
        russian_style=rng.random() < 0.8,
    )


SHARED_INITIALS_NAMES = tuple(
    _kazakh_name(given, father, SHARED_SURNAME, female=False, russian_style=True) for given, father in SHARED_INITIALS
)


# Regions ------------------------------------------------------------------------------------------------------


class RegionProfile(NamedTuple):
    population_k: int  # approximate population at the start of 2024, thousands (rounded; a weight, not a statistic)
    kazakh_share: float  # approximate share of submissions written in Kazakh
    west: bool  # on UTC+5 before 2024-03-01 (the rest of the country was on UTC+6)
    city_kk: str
    city_ru: str


REGIONS = {  # keyed by KATO code (`kato_regions.csv`)
    "100000000": RegionProfile(603, 0.45, False, "Семей", "Семей"),
    "110000000": RegionProfile(785, 0.30, False, "Көкшетау", "Кокшетау"),
    "150000000": RegionProfile(930, 0.55, True, "Ақтөбе", "Актобе"),
    "190000000": RegionProfile(1520, 0.55, False, "Қонаев", "Конаев"),
    "230000000": RegionProfile(700, 0.70, True, "Атырау", "Атырау"),
    "270000000": RegionProfile(690, 0.50, True, "Орал", "Уральск"),
    "310000000": RegionProfile(1220, 0.55, False, "Тараз", "Тараз"),
    "330000000": RegionProfile(700, 0.50, False, "Талдықорған", "Талдыкорган"),
    "350000000": RegionProfile(1130, 0.25, False, "Қарағанды", "Караганда"),
    "390000000": RegionProfile(830, 0.20, False, "Қостанай", "Костанай"),
    "430000000": RegionProfile(830, 0.75, True, "Қызылорда", "Кызылорда"),
    "470000000": RegionProfile(780, 0.70, True, "Ақтау", "Актау"),
    "550000000": RegionProfile(750, 0.20, False, "Павлодар", "Павлодар"),
    "590000000": RegionProfile(530, 0.15, False, "Петропавл", "Петропавловск"),
    "610000000": RegionProfile(2160, 0.70, False, "Түркістан", "Туркестан"),
    "620000000": RegionProfile(220, 0.45, False, "Жезқазған", "Жезказган"),
    "630000000": RegionProfile(720, 0.25, False, "Өскемен", "Усть-Каменогорск"),
    "710000000": RegionProfile(1420, 0.40, False, "Астана", "Астана"),
    "750000000": RegionProfile(2230, 0.30, False, "Алматы", "Алматы"),
    "790000000": RegionProfile(1230, 0.55, False, "Шымкент", "Шымкент"),
}


def _utc_offset(day: date, west: bool = False) -> timezone:
    """The offset in force on `day`: Astana's by default, or a western region's."""
    return UTC5 if west or day >= ONE_TIME_ZONE_FROM else UTC6


# Bills: what they are about, and how they move ------------------------------------------------------------


class Act(NamedTuple):
    title_kk: str
    title_ru: str
    act_date: date


# Legal acts a bill amends, keyed by an act code in the form of adilet.zan.kz (illustrative, not checked).
ACTS = {
    "K1700000120": Act("Салық және бюджетке төленетін басқа да міндетті төлемдер туралы (Салық кодексі)",
                       "О налогах и других обязательных платежах в бюджет (Налоговый кодекс)", date(2017, 12, 25)),
    "K080000095_": Act("Қазақстан Республикасының Бюджет кодексі", "Бюджетный кодекс Республики Казахстан",
                       date(2008, 12, 4)),
    "K030000442_": Act("Қазақстан Республикасының Жер кодексі", "Земельный кодекс Республики Казахстан",
                       date(2003, 6, 20)),
    "K1500000414": Act("Қазақстан Республикасының Еңбек кодексі", "Трудовой кодекс Республики Казахстан",
                       date(2015, 11, 23)),
    "K1500000375": Act("Қазақстан Республикасының Кәсіпкерлік кодексі",
                       "Предпринимательский кодекс Республики Казахстан", date(2015, 10, 29)),
    "K2100000400": Act("Қазақстан Республикасының Экология кодексі", "Экологический кодекс Республики Казахстан",
                       date(2021, 1, 2)),
    "K2300000224": Act("Қазақстан Республикасының Әлеуметтік кодексі", "Социальный кодекс Республики Казахстан",
                       date(2023, 4, 20)),
    "K2000000360": Act("Халық денсаулығы және денсаулық сақтау жүйесі туралы",
                       "О здоровье народа и системе здравоохранения", date(2020, 7, 7)),
    "K1400000226": Act("Қазақстан Республикасының Қылмыстық кодексі", "Уголовный кодекс Республики Казахстан",
                       date(2014, 7, 3)),
    "K1400000231": Act("Қазақстан Республикасының Қылмыстық-процестік кодексі",
                       "Уголовно-процессуальный кодекс Республики Казахстан", date(2014, 7, 4)),
    "K1400000235": Act("Әкімшілік құқық бұзушылық туралы", "Об административных правонарушениях", date(2014, 7, 5)),
    "K940001000_": Act("Қазақстан Республикасының Азаматтық кодексі (Жалпы бөлім)",
                       "Гражданский кодекс Республики Казахстан (Общая часть)", date(1994, 12, 27)),
    "K1700000125": Act("Жер қойнауы және жер қойнауын пайдалану туралы", "О недрах и недропользовании",
                       date(2017, 12, 27)),
    "K2000000350": Act("Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексі",
                       "Административный процедурно-процессуальный кодекс Республики Казахстан", date(2020, 6, 29)),
    "K1100000518": Act("Неке (ерлі-зайыптылық) және отбасы туралы", "О браке (супружестве) и семье",
                       date(2011, 12, 26)),
    "Z070000319_": Act("Білім туралы", "Об образовании", date(2007, 7, 27)),
    "Z970000094_": Act("Тұрғын үй қатынастары туралы", "О жилищных отношениях", date(1997, 4, 16)),
    "Z010000148_": Act("Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы",
                       "О местном государственном управлении и самоуправлении в Республике Казахстан",
                       date(2001, 1, 23)),
    "Z1500000434": Act("Мемлекеттік сатып алу туралы", "О государственных закупках", date(2015, 12, 4)),
    "Z1500000410": Act("Сыбайлас жемқорлыққа қарсы іс-қимыл туралы", "О противодействии коррупции",
                       date(2015, 11, 18)),
    "Z1600000482": Act("Халықты жұмыспен қамту туралы", "О занятости населения", date(2016, 4, 6)),
    "Z040000588_": Act("Электр энергетикасы туралы", "Об электроэнергетике", date(2004, 7, 9)),
    "Z1200000541": Act("Энергия үнемдеу және энергия тиімділігін арттыру туралы",
                       "Об энергосбережении и повышении энергоэффективности", date(2012, 1, 13)),
    "Z040000567_": Act("Байланыс туралы", "О связи", date(2004, 7, 5)),
    "Z950002444_": Act("Банктер және банк қызметі туралы", "О банках и банковской деятельности в Республике Казахстан",
                       date(1995, 8, 31)),
    "Z1500000418": Act("Ақпараттандыру туралы", "Об информатизации", date(2015, 11, 24)),
    "Z050000029_": Act("Қорғаныс және Қарулы Күштер туралы", "Об обороне и Вооружённых Силах Республики Казахстан",
                       date(2005, 1, 7)),
    "Z1100000477": Act("Халықтың көші-қоны туралы", "О миграции населения", date(2011, 7, 22)),
    "Z060000207_": Act("Мәдениет туралы", "О культуре", date(2006, 12, 15)),
    "Z1400000228": Act("Дене шынықтыру және спорт туралы", "О физической культуре и спорте", date(2014, 7, 3)),
    "Z1100000407": Act("Ғылым туралы", "О науке", date(2011, 2, 18)),
    "Z1500000416": Act("Қазақстан Республикасының мемлекеттік қызметі туралы",
                       "О государственной службе Республики Казахстан", date(2015, 11, 23)),
    "Z030000476_": Act("Автомобиль көлігі туралы", "Об автомобильном транспорте", date(2003, 7, 4)),
    "Z100000274_": Act("Тұтынушылардың құқықтарын қорғау туралы", "О защите прав потребителей", date(2010, 5, 4)),
    "Z050000066_": Act("Агроөнеркәсіптік кешенді және ауылдық аумақтарды дамытуды мемлекеттік реттеу туралы",
                       "О государственном регулировании развития агропромышленного комплекса и сельских территорий",
                       date(2005, 7, 8)),
    "Z1100000380": Act("Құқық қорғау қызметі туралы", "О правоохранительной службе", date(2011, 1, 6)),
    "Z1500000285": Act("Мемлекеттік жастар саясаты туралы", "О государственной молодёжной политике", date(2015, 2, 9)),
}  # fmt: skip
ALWAYS_AMENDED = "K1400000235"  # the Code of Administrative Offences: amended by most "some acts" bills


class BillTopic(NamedTuple):
    name: Forms  # kk: "… мәселелері бойынша"; ru: "по вопросам …" (genitive); en: "on …"
    committee: str  # key of the Mazhilis committee in charge
    acts: tuple[str, ...]


BILL_TOPICS = tuple(BillTopic(Forms(kk, ru, en), committee, acts) for kk, ru, en, committee, acts in (
    ("салық салу", "налогообложения", "taxation", "finance", ("K1700000120", "K080000095_")),
    ("бюджет процесі", "бюджетного процесса", "the budget process", "finance", ("K080000095_",)),
    ("банк қызметі", "банковской деятельности", "banking", "finance", ("Z950002444_", "K940001000_")),
    ("мемлекеттік сатып алу", "государственных закупок", "public procurement", "finance", ("Z1500000434",)),
    ("денсаулық сақтау", "здравоохранения", "healthcare", "social-cultural", ("K2000000360",)),
    ("білім беру", "образования", "education", "science", ("Z070000319_",)),
    ("ғылым", "науки", "science", "science", ("Z1100000407",)),
    ("тұрғын үй-коммуналдық шаруашылық", "жилищно-коммунального хозяйства", "housing and utilities", "economy",
     ("Z970000094_", "Z040000588_")),
    ("әлеуметтік қорғау", "социальной защиты", "social protection", "social-cultural", ("K2300000224",)),
    ("халықты жұмыспен қамту", "занятости населения", "employment", "social-cultural",
     ("Z1600000482", "K1500000414")),
    ("мәдениет", "культуры", "culture", "social-cultural", ("Z060000207_",)),
    ("жер қатынастары", "земельных отношений", "land relations", "agrarian", ("K030000442_",)),
    ("агроөнеркәсіптік кешен", "агропромышленного комплекса", "the agro-industrial complex", "agrarian",
     ("Z050000066_", "K030000442_")),
    ("көлік", "транспорта", "transport", "economy", ("Z030000476_",)),
    ("кәсіпкерлік", "предпринимательства", "entrepreneurship", "economy", ("K1500000375",)),
    ("тұтынушылардың құқықтарын қорғау", "защиты прав потребителей", "consumer protection", "economy",
     ("Z100000274_",)),
    ("жергілікті мемлекеттік басқару", "местного государственного управления", "local government", "economy",
     ("Z010000148_",)),
    ("энергетика", "энергетики", "energy", "economy", ("Z040000588_", "Z1200000541")),
    ("құқық қорғау қызметі", "правоохранительной деятельности", "law enforcement", "legislation",
     ("K1400000226", "K1400000231", "Z1100000380")),
    ("сыбайлас жемқорлыққа қарсы іс-қимыл", "противодействия коррупции", "anti-corruption", "legislation",
     ("Z1500000410", "Z1500000416")),
    ("әкімшілік құқық бұзушылықтар", "административных правонарушений", "administrative offences", "legislation",
     ("K1400000235", "K2000000350")),
    ("экология", "экологии", "ecology", "ecology", ("K2100000400",)),
    ("жер қойнауын пайдалану", "недропользования", "subsoil use", "ecology", ("K1700000125",)),
    ("цифрландыру", "цифровизации", "digitalisation", "digital", ("Z1500000418", "Z040000567_")),
    ("байланыс", "связи", "communications", "digital", ("Z040000567_",)),
    ("қорғаныс және әскери қызмет", "обороны и воинской службы", "defence and military service", "international",
     ("Z050000029_",)),
    ("көші-қон", "миграции", "migration", "international", ("Z1100000477",)),
    ("дене шынықтыру және спорт", "физической культуры и спорта", "sport", "family-youth", ("Z1400000228",)),
    ("отбасы және балалар құқықтарын қорғау", "защиты прав семьи и детей", "family and children's rights",
     "family-youth", ("K1100000518",)),
    ("жастар саясаты", "молодёжной политики", "youth policy", "family-youth", ("Z1500000285",)),
))  # fmt: skip


class CodeAmendment(NamedTuple):
    act: str  # key of ACTS
    code: Forms  # kk dative ("… кодексіне"), ru accusative, en
    committee: str


CODE_AMENDMENTS = (
    CodeAmendment("K1700000120", Forms("Салық кодексіне", "Налоговый кодекс Республики Казахстан",
                                       "Tax Code of the Republic of Kazakhstan"), "finance"),
    CodeAmendment("K080000095_", Forms("Бюджет кодексіне", "Бюджетный кодекс Республики Казахстан",
                                       "Budget Code of the Republic of Kazakhstan"), "finance"),
    CodeAmendment("K030000442_", Forms("Жер кодексіне", "Земельный кодекс Республики Казахстан",
                                       "Land Code of the Republic of Kazakhstan"), "agrarian"),
    CodeAmendment("K1500000414", Forms("Еңбек кодексіне", "Трудовой кодекс Республики Казахстан",
                                       "Labour Code of the Republic of Kazakhstan"), "social-cultural"),
    CodeAmendment("K1500000375", Forms("Кәсіпкерлік кодексіне", "Предпринимательский кодекс Республики Казахстан",
                                       "Entrepreneurial Code of the Republic of Kazakhstan"), "economy"),
    CodeAmendment("K2100000400", Forms("Экология кодексіне", "Экологический кодекс Республики Казахстан",
                                       "Environmental Code of the Republic of Kazakhstan"), "ecology"),
    CodeAmendment("K2300000224", Forms("Әлеуметтік кодексіне", "Социальный кодекс Республики Казахстан",
                                       "Social Code of the Republic of Kazakhstan"), "social-cultural"),
    CodeAmendment("K1400000235", Forms("Әкімшілік құқық бұзушылық туралы кодексіне",
                                       "Кодекс Республики Казахстан об административных правонарушениях",
                                       "Code of Administrative Offences of the Republic of Kazakhstan"), "legislation"),
)  # fmt: skip


class NewLaw(NamedTuple):
    title: Forms
    committee: str
    acts: tuple[str, ...]  # acts amended along with it


NEW_LAWS = tuple(NewLaw(Forms(kk, ru, en), committee, acts) for kk, ru, en, committee, acts in (
    ("Медиация туралы", "О медиации", "On Mediation", "legislation", ("K940001000_", "K2000000350")),
    ("Құқық бұзушылық профилактикасы туралы", "О профилактике правонарушений", "On the Prevention of Offences",
     "legislation", ("K1400000235",)),
    ("Жасанды интеллект туралы", "Об искусственном интеллекте", "On Artificial Intelligence", "digital",
     ("Z1500000418",)),
    ("Онлайн-платформалар және онлайн-жарнама туралы", "Об онлайн-платформах и онлайн-рекламе",
     "On Online Platforms and Online Advertising", "digital", ("Z040000567_", "Z1500000418")),
    ("Мемлекеттік аудит және қаржылық бақылау туралы", "О государственном аудите и финансовом контроле",
     "On State Audit and Financial Control", "finance", ("K080000095_",)),
    ("Туристік қызмет туралы", "О туристской деятельности", "On Tourism", "economy", ("K1500000375",)),
    ("Әкімшілік-аумақтық құрылыс туралы", "Об административно-территориальном устройстве",
     "On the Administrative-Territorial Structure", "economy", ("Z010000148_",)),
    ("Жануарларға жауапкершілікпен қарау туралы", "Об ответственном обращении с животными",
     "On the Responsible Treatment of Animals", "ecology", ("K1400000235",)),
    ("Бала құқықтары туралы", "О правах ребёнка", "On the Rights of the Child", "family-youth", ("K1100000518",)),
    ("Ғылым және технологиялық саясат туралы", "О науке и технологической политике",
     "On Science and Technology Policy", "science", ("Z1100000407",)),
    ("Бұқаралық ақпарат құралдары туралы", "О средствах массовой информации", "On Mass Media", "social-cultural",
     ("Z040000567_",)),
    ("Өсімдіктер карантині туралы", "О карантине растений", "On Plant Quarantine", "agrarian", ("Z050000066_",)),
))  # fmt: skip
TREATY_PARTNERS = tuple(Forms(*p) for p in (  # kk genitive, ru genitive, en
    ("Өзбекстан Республикасының", "Республики Узбекистан", "the Republic of Uzbekistan"),
    ("Қырғыз Республикасының", "Кыргызской Республики", "the Kyrgyz Republic"),
    ("Қытай Халық Республикасының", "Китайской Народной Республики", "the People's Republic of China"),
    ("Түркия Республикасының", "Турецкой Республики", "the Republic of Türkiye"),
    ("Ресей Федерациясының", "Российской Федерации", "the Russian Federation"),
    ("Германия Федеративтік Республикасының", "Федеративной Республики Германия", "the Federal Republic of Germany"),
    ("Біріккен Араб Әмірліктерінің", "Объединённых Арабских Эмиратов", "the United Arab Emirates"),
    ("Әзербайжан Республикасының", "Азербайджанской Республики", "the Republic of Azerbaijan"),
    ("Корея Республикасының", "Республики Корея", "the Republic of Korea"),
    ("Тәжікстан Республикасының", "Республики Таджикистан", "the Republic of Tajikistan"),
    ("Түрікменстанның", "Туркменистана", "Turkmenistan"),
    ("Венгрияның", "Венгрии", "Hungary"),
))  # fmt: skip
TREATY_SUBJECTS = tuple(Forms(*s) for s in (  # kk before "туралы", ru prepositional after "о", en after "on"
    ("инвестицияларды көтермелеу және өзара қорғау", "поощрении и взаимной защите инвестиций",
     "the promotion and mutual protection of investments"),
    ("халықаралық автомобиль қатынасы", "международном автомобильном сообщении", "international road transport"),
    ("қылмыстық істер бойынша өзара құқықтық көмек", "взаимной правовой помощи по уголовным делам",
     "mutual legal assistance in criminal matters"),
    ("әскери-техникалық ынтымақтастық", "военно-техническом сотрудничестве", "military-technical cooperation"),
    ("табысқа салынатын салықтарды қосарланған салық салуды болдырмау", "избежании двойного налогообложения",
     "the avoidance of double taxation"),
    ("білім беру саласындағы ынтымақтастық", "сотрудничестве в области образования", "cooperation in education"),
    ("еңбек көші-қоны", "трудовой миграции", "labour migration"),
    ("трансшекаралық су ресурстарын бірлесіп пайдалану", "совместном использовании трансграничных водных ресурсов",
     "the joint use of transboundary water resources"),
    ("денсаулық сақтау саласындағы ынтымақтастық", "сотрудничестве в области здравоохранения",
     "cooperation in healthcare"),
))  # fmt: skip


class InitiatorProfile(NamedTuple):
    weight: int
    organization_id: str  # the body that initiates (and withdraws) its bills
    deputies_sponsor: bool  # its bills are sponsored by named deputies (else by the body)
    kinds: Mapping[str, int]  # what it initiates: keys of BILL_SUBJECTS
    fates: Mapping[str, int]  # how its bills end (if the data runs long enough)


INITIATORS = {  # keyed by `bill_initiator_types.csv`
    "government": InitiatorProfile(
        72, GOVERNMENT_ID, False, {"amendments": 50, "code": 10, "new_law": 10, "ratification": 30},
        {"adopted": 86, "withdrawn": 5, "rejected": 1, "returned_readopted": 5, "returned_stuck": 3},
    ),
    "deputies": InitiatorProfile(
        24, _chamber_id("mazhilis"), True, {"amendments": 70, "code": 15, "new_law": 15},
        {"adopted": 60, "withdrawn": 12, "rejected": 16, "returned_readopted": 6, "returned_stuck": 6},
    ),
    "president": InitiatorProfile(
        4, PRESIDENT_ID, False, {"amendments": 60, "new_law": 40}, {"adopted": 96, "returned_readopted": 4}
    ),
}  # fmt: skip


class ActionStep(NamedTuple):
    classification: str  # `bill_action_types.csv`
    description_kk: str
    description_ru: str
    acting: str | None  # mazhilis, senate (these vote), committee, president, initiator
    motion_ru: str | None = None  # the motion voted on, when the step is a vote
    passes: bool = True


ACTION_STEPS = {
    "registration": ActionStep("registration", "Мәжілісте тіркелді", "Зарегистрирован в Мажилисе", "mazhilis"),
    "committee_referral": ActionStep(
        "committee_referral", "{committee_kk}не жіберілді", "Направлен в {committee_ru}", "committee"
    ),
    "first_reading": ActionStep(
        "first_reading", "Бірінші оқылымда мақұлданды", "Одобрен в первом чтении", "mazhilis",
        "О проекте Закона Республики Казахстан «{title}» (первое чтение)",
    ),
    "first_reading_failed": ActionStep(
        "first_reading", "Бірінші оқылымда мақұлданбады", "Не одобрен в первом чтении", "mazhilis",
        "О проекте Закона Республики Казахстан «{title}» (первое чтение)", passes=False,
    ),
    "second_reading": ActionStep(
        "second_reading", "Екінші оқылымда мақұлданды", "Одобрен во втором чтении", "mazhilis",
        "О проекте Закона Республики Казахстан «{title}» (второе чтение)",
    ),
    "mazhilis_adoption": ActionStep(
        "mazhilis_adoption", "Мәжіліс қабылдап, Сенатқа жіберді", "Принят Мажилисом и направлен в Сенат", "mazhilis",
        "О принятии Закона Республики Казахстан «{title}» в целом",
    ),
    "mazhilis_readoption": ActionStep(
        "mazhilis_adoption", "Мәжіліс Сенаттың қарсылығын еңсеріп, қайта қабылдады",
        "Повторно принят Мажилисом с преодолением возражений Сената", "mazhilis",
        "О преодолении возражений Сената по Закону Республики Казахстан «{title}»",
    ),
    "senate_approval": ActionStep(
        "senate_approval", "Сенат мақұлдап, Мемлекет басшысының қол қоюына жіберді",
        "Одобрен Сенатом и направлен на подпись Главе государства", "senate",
        "Об одобрении Закона Республики Казахстан «{title}»",
    ),
    "senate_return": ActionStep(
        "senate_return", "Сенат мақұлдамай, Мәжіліске қайтарды", "Не одобрен Сенатом и возвращён в Мажилис", "senate",
        "Об одобрении Закона Республики Казахстан «{title}»", passes=False,
    ),
    "signature": ActionStep("signature", "Мемлекет басшысы қол қойды", "Подписан Главой государства", "president"),
    "entry_into_force": ActionStep("entry_into_force", "Күшіне енді", "Вступил в силу", None),
    "withdrawal": ActionStep("withdrawal", "Бастамашы кері қайтарып алды", "Отозван инициатором", "initiator"),
}  # fmt: skip


class DocumentKind(NamedTuple):
    classification: str
    language: str
    title: str
    slug: str
    extension: str


DOCUMENTS = (
    DocumentKind("bill_text", "kk", "Заң жобасының мәтіні", "text", "pdf"),
    DocumentKind("bill_text", "ru", "Текст законопроекта", "text", "pdf"),
    DocumentKind("explanatory_note", "kk", "Түсіндірме жазба", "explanatory-note", "pdf"),
    DocumentKind("explanatory_note", "ru", "Пояснительная записка", "explanatory-note", "pdf"),
    DocumentKind("comparative_table", "ru", "Сравнительная таблица", "comparative-table", "docx"),
)
GOVERNMENT_CONCLUSION = DocumentKind(  # deputies' bills need the Government's conclusion
    "conclusion", "ru", "Заключение Правительства Республики Казахстан", "government-conclusion", "pdf"
)
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ProceduralMotion(NamedTuple):
    chamber: str
    text: str  # {topic}: a BillTopic's Russian name; {party}: the proposing party
    passes: bool
    proposed_by_faction: bool = False


PROCEDURAL_MOTIONS = (
    ProceduralMotion("mazhilis", "О предложении депутатов фракции {party} включить в повестку дня вопрос о положении "
                     "дел в сфере {topic}", passes=False, proposed_by_faction=True),
    ProceduralMotion("mazhilis", "О проекте постановления Мажилиса «О создании рабочей группы по вопросам {topic}»",
                     passes=True),
    ProceduralMotion("mazhilis", "О направлении депутатского запроса Премьер-Министру Республики Казахстан по "
                     "вопросам {topic}", passes=True),
    ProceduralMotion("mazhilis", "О проведении парламентских слушаний по вопросам {topic}", passes=True),
    ProceduralMotion("senate", "О проекте постановления Сената «О проведении парламентских слушаний по вопросам "
                     "{topic}»", passes=True),
    ProceduralMotion("senate", "О направлении депутатского запроса Премьер-Министру Республики Казахстан по вопросам "
                     "{topic}", passes=True),
)  # fmt: skip


# Submissions: channels, statuses, topics and what citizens write ----------------------------------------------

SUBMISSION_COLUMNS = (
    "submission_id", "channel", "received_at", "answered_at", "language", "region_kato", "addressee_id", "topic",
    "status", "bill_id", "signature_count", "author_name", "author_iin", "author_phone", "author_email",
    "author_address", "text",
)  # fmt: skip
CHANNEL_WEIGHTS = {"eotinish_appeal": 70, "egov_proposal": 14, PETITION: 4, BILL_COMMENT: 12}


class AnswerTimes(NamedTuple):
    weight: int
    fastest: int  # working days
    slowest: int
    late_share: float  # share answered after the legal 15 working days (16 to 40)


CLOSED_STATUSES = {  # keyed by the closed codes of `submission_statuses.csv`
    "answered": AnswerTimes(78, 3, 15, 0.12),
    "forwarded": AnswerTimes(14, 1, 5, 0.0),
    "rejected": AnswerTimes(8, 2, 12, 0.05),
}
STUCK_SHARE = 0.02  # submissions left in review however old they are
ADDRESSEES = {"mazhilis": 55, "senate": 15, "legislature": 10, "committee": 20}
INLINE_CONTACT_SHARE = 0.3
EMAIL_COLUMN_SHARE, ADDRESS_COLUMN_SHARE = 0.75, 0.85
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 17, 14, 16, 17, 16, 14, 12, 10, 9, 8, 6, 4, 2)
QUIET_DAY_WEIGHT = 0.35  # weekends and holidays, against 1 for a working day
PHONE_OPERATORS = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")
PHONE_FORMATS = ("+7 {op} {a} {b} {c}", "8{op}{a}{b}{c}", "+7({op}){a}-{b}-{c}")
EMAIL_DOMAINS = ("mail.ru", "gmail.com", "inbox.kz", "yandex.kz", "bk.ru", "list.ru")
STREETS = (("Абай", "Абая"), ("Сәтбаев", "Сатпаева"), ("Жамбыл", "Жамбыла"), ("Төле би", "Толе би"),
           ("Қабанбай батыр", "Кабанбай батыра"), ("Бейбітшілік", "Бейбитшилик"), ("Әуезов", "Ауэзова"),
           ("Желтоқсан", "Желтоксан"), ("Достық", "Достык"), ("Абылай хан", "Абылай хана"),
           ("Сейфуллин", "Сейфуллина"), ("Мағжан Жұмабаев", "Магжана Жумабаева"), ("Құрманғазы", "Курмангазы"),
           ("Шоқан Уәлиханов", "Чокана Валиханова"), ("Тәуелсіздік", "Тауелсиздик"), ("Гагарин", "Гагарина"),
           ("Пушкин", "Пушкина"), ("Наурызбай батыр", "Наурызбай батыра"))  # fmt: skip
ADDRESS_FORMATS = {
    "kk": ("{city} қ., {street} көшесі, {house}-үй, {flat}-пәтер", "{city} қ., {street} көшесі, {house}-үй"),
    "ru": ("г. {city}, ул. {street}, д. {house}, кв. {flat}", "г. {city}, ул. {street}, д. {house}"),
}


class SubmissionTopic(NamedTuple):
    weight: int
    committee: str  # key of the Mazhilis committee a submission on it may be addressed to
    texts: Mapping[str, tuple[str, ...]]  # language -> sentences about it


SUBMISSION_TOPICS = {  # keyed by `submission_topics.csv`
    "healthcare": SubmissionTopic(12, "social-cultural", {
        "kk": ("Аудандық емханада тар бейінді дәрігерлер жетіспейді, маманға жазылу бірнеше аптаға созылады.",
               "Тегін медициналық көмектің кепілдік берілген көлемі бойынша дәрі-дәрмектің жетіспеушілігіне назар "
               "аударуды сұраймын.",
               "Біздің ауылға жедел жәрдем бір сағаттан кейін ғана келеді."),
        "ru": ("В нашей районной поликлинике не хватает узких специалистов, запись к врачу растягивается на недели.",
               "Прошу обратить внимание на нехватку лекарств в рамках гарантированного объёма бесплатной медицинской "
               "помощи.",
               "Скорая помощь в наше село приезжает только через час."),
    }),
    "education": SubmissionTopic(10, "science", {
        "kk": ("Шағын ауданымыздағы мектепте сыныптар толып кеткен, балалар үш ауысыммен оқиды.",
               "Мектепке дейінгі ұйымдар педагогтарының жалақысын көтеру мәселесін қарауды сұраймын.",
               "Балабақшада орын жоқ, кезек екінші жыл бойы жылжымайды."),
        "ru": ("В школе нашего микрорайона классы переполнены, дети учатся в три смены.",
               "Прошу рассмотреть вопрос о повышении заработной платы педагогов дошкольных организаций.",
               "Мест в детском саду нет, очередь не двигается второй год."),
    }),
    "housing_utilities": SubmissionTopic(14, "economy", {
        "kk": ("Жылу тарифі екі есеге жуық өсті, бірақ пәтерлерде суық.",
               "Біздің үй апатты деп танылды, бірақ тұрғындарды көшіру кейінге шегеріліп келеді.",
               "Бір айдан бері ыстық су жоқ, басқарушы компания жауап бермейді."),
        "ru": ("Тарифы на отопление выросли почти вдвое, а в квартирах холодно.",
               "Наш дом признан аварийным, но расселение откладывается.",
               "Уже месяц нет горячей воды, управляющая компания не реагирует."),
    }),
    "social_protection": SubmissionTopic(14, "social-cultural", {
        "kk": ("Мүгедектігі бар баланы күтуге арналған жәрдемақы мөлшерін қайта қарауды сұраймын.",
               "Маған атаулы әлеуметтік көмек тағайындаудан себебін түсіндірмей бас тартты.",
               "Зейнетақы азық-түлік бағасының өсуіне ілеспей отыр."),
        "ru": ("Прошу пересмотреть размер пособия по уходу за ребёнком с инвалидностью.",
               "Мне отказали в назначении адресной социальной помощи, не объяснив причин.",
               "Пенсии не успевают за ростом цен на продукты."),
    }),
    "land": SubmissionTopic(8, "agrarian", {
        "kk": ("Жеке тұрғын үй құрылысына жер телімін сегіз жылдан бері күтіп жүрмін.",
               "Ауылымыздың айналасындағы жайылымдар жеке тұлғаға жалға берілген, мал жаятын жер жоқ.",
               "Жер телімін алып қоюдың заңдылығын тексеруді сұраймын."),
        "ru": ("Земельный участок под индивидуальное жилищное строительство я жду уже восемь лет.",
               "Пастбища вокруг нашего села сданы в аренду частному лицу, скот пасти негде.",
               "Прошу проверить законность изъятия земельного участка."),
    }),
    "transport": SubmissionTopic(6, "economy", {
        "kk": ("Ауылымыз бен аудан орталығы арасындағы жол он жылдан астам жөнделмеген.",
               "Өткен жылы тоқтатылған автобус бағытын қалпына келтіруді сұраймыз.",
               "Ел ішіндегі әуе билеттерінің бағасы көп отбасы үшін қолжетімсіз болды."),
        "ru": ("Дорогу между нашим селом и районным центром не ремонтировали больше десяти лет.",
               "Просим восстановить автобусный маршрут, отменённый в прошлом году.",
               "Авиабилеты внутри страны стали недоступны для многих семей."),
    }),
    "employment": SubmissionTopic(7, "social-cultural", {
        "kk": ("Жұмыс беруші үшінші ай бойы жалақыны кешіктіріп отыр.",
               "Біздің өңірде колледж түлектеріне мамандығы бойынша жұмыс табу қиын.",
               "Жастар практикасы бағдарламасына қатысу тәртібін түсіндіруді сұраймын."),
        "ru": ("Работодатель третий месяц задерживает заработную плату.",
               "Выпускникам колледжей в нашем регионе трудно найти работу по специальности.",
               "Прошу разъяснить порядок участия в программе молодёжной практики."),
    }),
    "law_enforcement": SubmissionTopic(7, "legislation", {
        "kk": ("Полицияға берілген алаяқтық туралы арыз екі айдан бері қаралмай жатыр.",
               "Телефон арқылы алаяқтық үшін жауапкершілікті күшейтуді сұраймын.",
               "Үйіміздің ауласында түнде қоғамдық тәртіпті бұзушылар жиналады."),
        "ru": ("Заявление о мошенничестве, поданное в полицию, не рассматривается уже два месяца.",
               "Прошу ужесточить ответственность за телефонное мошенничество.",
               "Во дворе нашего дома по ночам собираются нарушители общественного порядка."),
    }),
    "economy_taxes": SubmissionTopic(7, "finance", {
        "kk": ("Шағын бизнеске арналған салық есептілігінің жаңа талаптары тым күрделі.",
               "Өзін-өзі жұмыспен қамтығандарға арналған арнаулы салық режимін қолдану тәртібін түсіндіруді "
               "сұраймын.",
               "Жанар-жағармай бағасының өсуі фермерлерге ауыр тиіп отыр."),
        "ru": ("Новые требования к налоговой отчётности для малого бизнеса слишком сложны.",
               "Прошу разъяснить порядок применения специального налогового режима для самозанятых.",
               "Рост цен на горюче-смазочные материалы бьёт по фермерам."),
    }),
    "environment": SubmissionTopic(5, "ecology", {
        "kk": ("Тұрғын үйлердің жанында рұқсатсыз қоқыс үйіндісі пайда болды.",
               "Кәсіпорынның шығарындылары қаламыздың ауасын ластап отыр.",
               "Саябақтағы ағаштарды кесуге қарсы шара қолдануды сұраймыз."),
        "ru": ("Рядом с жилыми домами появилась несанкционированная свалка.",
               "Выбросы предприятия загрязняют воздух в нашем городе.",
               "Просим принять меры против вырубки деревьев в парке."),
    }),
    "parliamentary_reform": SubmissionTopic(3, "legislation", {
        "kk": ("Депутаттардың атаулы дауыс беру нәтижелерін ашық жариялауды ұсынамын.",
               "Мәжіліс комитеттерінің барлық отырыстарын онлайн көрсетуді сұраймын.",
               "Депутаттардың сайлаушылар алдында тұрақты есеп беруін енгізуді ұсынамын."),
        "ru": ("Предлагаю публиковать результаты поимённого голосования депутатов в открытом доступе.",
               "Прошу транслировать онлайн все заседания комитетов Мажилиса.",
               "Предлагаю ввести регулярные отчёты депутатов перед избирателями."),
    }),
    "other": SubmissionTopic(7, "legislation", {
        "kk": ("Отбасы құрамы туралы анықтаманы қайдан алуға болатынын түсіндіруді сұраймын.",
               "Алдыңғы өтінішіме жауап алмағандықтан, қайта жүгініп отырмын.",
               "Депутаттардың азаматтарды жеке қабылдау кестесін жариялауды сұраймын."),
        "ru": ("Прошу разъяснить, где получить справку о составе семьи.",
               "Обращаюсь повторно, так как ответа на предыдущее обращение не получил.",
               "Прошу опубликовать график личного приёма граждан депутатами."),
    }),
}  # fmt: skip
BILL_COMMENT_TEXTS = {  # what a comment on a draft law says, instead of a topic's sentences
    "kk": ("Жобаның кейбір нормалары азаматтардың құқықтарын шектейді деп санаймын.",
           "Заңның күшіне ену мерзімін кейінге шегеруді ұсынамын.",
           "Жобадағы терминдер анық емес, оларды нақтылау қажет.",
           "Жобаны қоғамдық талқылауға көбірек уақыт беруді сұраймын."),
    "ru": ("Считаю, что отдельные нормы проекта ограничивают права граждан.",
           "Предлагаю перенести срок введения закона в действие.",
           "Термины в проекте сформулированы нечётко, их нужно уточнить.",
           "Прошу продлить срок публичного обсуждения проекта."),
}  # fmt: skip
OPENINGS = {  # keyed by channel, then language; {bill}: the number of the bill commented on
    "eotinish_appeal": {"kk": ("Құрметті депутаттар!", "Сәлеметсіз бе.", "Сіздерге мына мәселе бойынша жүгінемін."),
                        "ru": ("Уважаемые депутаты!", "Здравствуйте.", "Обращаюсь к вам по следующему вопросу.")},
    "egov_proposal": {"kk": ("Ұсыныс енгіземін.", "Келесі мәселені қарауды ұсынамын."),
                      "ru": ("Вношу предложение.", "Предлагаю рассмотреть следующее.")},
    PETITION: {"kk": ("Біз, төменде қол қойған азаматтар, петициямен жүгінеміз.",),
               "ru": ("Мы, нижеподписавшиеся граждане, обращаемся с петицией.",)},
    BILL_COMMENT: {"kk": ("{bill} заң жобасына ескерту.", "{bill} заң жобасы бойынша нормаларды пысықтауды ұсынамын."),
                   "ru": ("Замечание к проекту закона {bill}.", "По законопроекту {bill} предлагаю доработать нормы.")},
}  # fmt: skip
INLINE_CONTACTS = {  # what a letter may add about its author
    "kk": ("Телефоным: {phone}.", "Жауапты {email} поштасына жіберуіңізді сұраймын.", "Құрметпен, {name}, ЖСН {iin}.",
           "Мекенжайым: {address}."),
    "ru": ("Мой телефон: {phone}.", "Ответ прошу направить на {email}.", "С уважением, {name}, ИИН {iin}.",
           "Проживаю по адресу: {address}."),
}  # fmt: skip
CLOSINGS = {
    "kk": ("Шара қолдануларыңызды сұраймын.", "Жазбаша жауап беруіңізді сұраймын.", "Түсіністікпен қарайсыздар деп "
           "үміттенемін."),
    "ru": ("Прошу принять меры.", "Прошу дать письменный ответ.", "Надеюсь на понимание."),
}  # fmt: skip


# Code lists ---------------------------------------------------------------------------------------------------


def _seed_rows(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _require(codes: Sequence[str], used: Sequence[str], code_list: str) -> None:
    missing = [code for code in used if code not in codes]
    if missing:
        raise ValueError(f"dbt/seeds/{code_list}.csv lacks codes the demo generator uses: {missing}")


def _covering(table: Mapping[str, T], codes: Sequence[str], table_name: str) -> dict[str, T]:
    """The entries of a generator table for exactly the codes of a code list (all must be there)."""
    missing = [code for code in codes if code not in table]
    if missing:
        raise ValueError(f"the demo generator's {table_name} has no entry for the codes {missing}")
    return {code: table[code] for code in codes}


@dataclass(frozen=True)
class CodeLists:
    """The code lists of `dbt/seeds/` the data is drawn from, checked against the generator's tables."""

    vote_options: tuple[str, ...]
    initiators: dict[str, InitiatorProfile]
    closed_statuses: dict[str, AnswerTimes]
    channels: dict[str, int]
    topics: dict[str, SubmissionTopic]
    regions: dict[str, RegionProfile]
    region_names_ru: dict[str, str]

    @classmethod
    def load(cls) -> CodeLists:
        codes = {
            name: [row["code"] for row in _seed_rows(name)]
            for name in (
                "organization_classifications",
                "vote_options",
                "bill_action_types",
                "bill_initiator_types",
                "bill_statuses",
                "submission_channels",
                "submission_statuses",
                "submission_topics",
                "languages",
            )
        }
        _require(codes["organization_classifications"], ORGANIZATION_CLASSIFICATIONS, "organization_classifications")
        _require(codes["vote_options"], (YES, NO, ABSTAIN, NOT_VOTING, ABSENT), "vote_options")
        _require(codes["bill_action_types"], [s.classification for s in ACTION_STEPS.values()], "bill_action_types")
        _require(codes["bill_statuses"], BILL_STATUSES, "bill_statuses")
        _require(codes["submission_channels"], (PETITION, BILL_COMMENT), "submission_channels")
        _require(codes["submission_statuses"], (RECEIVED, IN_REVIEW), "submission_statuses")
        _require(codes["languages"], ("kk", "ru"), "languages")
        _covering(OPENINGS, codes["submission_channels"], "OPENINGS")
        closed = [row["code"] for row in _seed_rows("submission_statuses") if row["is_closed"] == "true"]
        regions = _seed_rows("kato_regions")
        return cls(
            vote_options=tuple(codes["vote_options"]),
            # `unknown` is what a real source says when it names no initiator (the Senate's pages); the demo knows
            initiators=_covering(
                INITIATORS, [c for c in codes["bill_initiator_types"] if c != "unknown"], "INITIATORS"
            ),
            closed_statuses=_covering(CLOSED_STATUSES, closed, "CLOSED_STATUSES"),
            channels=_covering(CHANNEL_WEIGHTS, codes["submission_channels"], "CHANNEL_WEIGHTS"),
            topics=_covering(SUBMISSION_TOPICS, codes["submission_topics"], "SUBMISSION_TOPICS"),
            regions=_covering(REGIONS, [row["code"] for row in regions], "REGIONS"),
            region_names_ru={row["code"]: row["name_ru"] for row in regions},
        )


class _Choice(Generic[T]):
    """A weighted choice with its cumulative weights computed once (hot loops draw from it many times)."""

    def __init__(self, weights: Mapping[T, float]):
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: Random) -> T:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _volume(base_and_least: tuple[int, int], scale: float) -> int:
    base, least = base_and_least
    return max(least, round(base * scale))


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, rounded so the parts add up exactly (largest remainder)."""
    shares = [total * w / sum(weights) for w in weights]
    parts = [int(share) for share in shares]
    for i in sorted(range(len(shares)), key=lambda i: parts[i] - shares[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


# The calendar -------------------------------------------------------------------------------------------------


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


class Calendar:
    """Working days, sessions (September to June) and plenary sitting days, up to PLANNING_HORIZON."""

    def __init__(self) -> None:
        first = date(CONVOCATION_START.year, 1, 1)
        days = [first + timedelta(n) for n in range((date(PLANNING_HORIZON.year, 12, 31) - first).days + 1)]
        self.working_days = [day for day in days if _is_working_day(day)]
        self._working_ordinals = [day.toordinal() for day in self.working_days]
        last_of_june = [day for day in self.working_days if day.month == 6 and day.day >= 24]
        first_of_september = [day for day in self.working_days if day.month == 9 and day.day <= 7]
        ends = {day.year: day for day in last_of_june}  # the last working day of June, per year
        starts = {day.year: day for day in reversed(first_of_september)}  # the first working day of September
        self.sessions = [(CONVOCATION_START, ends[CONVOCATION_START.year])] + [
            (starts[year], ends[year + 1]) for year in sorted(starts) if starts[year] < PLANNING_HORIZON
        ]
        self.sittings = {
            key: [d for d in self.working_days if d.weekday() == chamber.sitting_weekday and self.session_number(d)]
            for key, chamber in CHAMBERS.items()
        }
        self._sitting_ordinals = {key: [d.toordinal() for d in days] for key, days in self.sittings.items()}

    def session_number(self, day: date) -> int:
        """The number of the session `day` falls in (1: the convocation's first), or 0 in a recess."""
        return next((n for n, (start, end) in enumerate(self.sessions, 1) if start <= day <= end), 0)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count >= 1)."""
        return self.working_days[bisect_right(self._working_ordinals, day.toordinal()) + count - 1]

    def next_working_day(self, day: date) -> date:
        return self.working_days[bisect_left(self._working_ordinals, day.toordinal())]

    def sitting(self, chamber: str, on_or_after: date, rng: Random) -> date:
        """The chamber's next sitting day; after a recess, one of the first few (not every bill at the first)."""
        index = bisect_left(self._sitting_ordinals[chamber], on_or_after.toordinal())
        if not self.session_number(on_or_after):
            index += rng.randint(0, 5)
        return self.sittings[chamber][index]

    def sittings_in_data(self, chamber: str) -> list[date]:
        return [day for day in self.sittings[chamber] if day <= DATA_END]


# The parliament: persons, organizations, memberships, events ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tenure:
    """One person's seat in one chamber for a span of time, with their faction and committee meanwhile."""

    person_id: str
    chamber: str
    start: date
    end: date | None  # the last day in the seat; None: still there
    label: str
    committee_id: str
    committee_role: str = "member"
    party: str | None = None  # the party the deputy was elected for (None: independent, or a senator)
    faction_role: str = "member"
    prints_group: bool = True  # False: the source prints this deputy's votes without the faction

    @property
    def faction_id(self) -> str | None:
        return _faction_id(self.party) if self.party else None

    def sits_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Roster:
    """Who held a seat when; the seated members of a chamber on a day are computed once per day."""

    def __init__(self, tenures: list[Tenure]):
        self.tenures = tenures
        self._seated: dict[tuple[str, date], tuple[Tenure, ...]] = {}

    def seated(self, chamber: str, day: date) -> tuple[Tenure, ...]:
        key = (chamber, day)
        if key not in self._seated:
            self._seated[key] = tuple(t for t in self.tenures if t.chamber == chamber and t.sits_on(day))
        return self._seated[key]


@dataclass(frozen=True)
class Parliament:
    persons: list[dict]
    organizations: list[dict]
    memberships: list[dict]
    events: list[dict]
    roster: Roster
    names: dict[str, str]  # person id -> name as printed


class _PersonMaker:
    """Gives each new person an id, a name no other person has, a birth date and a profile link."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.records: list[dict] = []
        self.taken = {name.full("ru") for name in SHARED_INITIALS_NAMES}

    def make(self, chamber: str, name: PersonName | None = None) -> str:
        """A new member of `chamber`: named `name` (a man), or a drawn name no one has yet."""
        female = name is None and self.rng.random() < CHAMBERS[chamber].female_share
        while name is None:
            drawn = _draw_name(self.rng, female, SLAVIC_SHARE)
            name = None if drawn.full("ru") in self.taken else drawn
        self.taken.add(name.full("ru"))
        number = len(self.records) + 1
        person_id = f"{LEGISLATURE_ID}/person/{number:04d}"
        self.records.append(
            {
                "id": person_id,
                "name": name.full("ru"),
                "given_name": name.given.ru,
                "family_name": name.family.ru,
                "patronymic_name": name.patronymic.ru,
                "other_names": [{"name": name.full("kk"), "lang": "kk"}, {"name": name.full("en"), "lang": "en"}],
                "gender": "female" if female else "male",
                "birth_date": (date(1958, 1, 1) + timedelta(days=self.rng.randrange(32 * 365))).isoformat(),
                "links": [
                    {"url": f"https://parlam.kz/ru/{chamber}/deputy/{number}", "note": "Страница на сайте Парламента"}
                ],
            }
        )
        return person_id


def _committee_places(
    rng: Random, seat_count: int, committees: Sequence[Committee], leaving: set[int]
) -> tuple[list[str], list[str]]:
    """Each seat's committee (seats spread evenly over them) and role there: one chair each, never a leaver."""
    order = list(range(seat_count))
    rng.shuffle(order)
    committee_of, role = [""] * seat_count, ["member"] * seat_count
    for k, committee in enumerate(committees):
        members = order[k :: len(committees)]
        for seat in members:
            committee_of[seat] = _committee_id(committee)
        role[next(seat for seat in members if seat not in leaving)] = "chair"
    return committee_of, role


def _mazhilis_tenures(rng: Random, people: _PersonMaker) -> list[Tenure]:
    """The 98 deputies elected in 2023, then those who took the seats of deputies who left (first one first)."""
    districts = iter(rng.sample(range(1, 30), 29))
    seats: list[tuple[str | None, str]] = []  # (party, mandate)
    for party in PARTIES:
        seats += [
            (party.key, f"Избран по одномандатному территориальному округу № {next(districts)}")
            for _ in range(party.district_seats)
        ]
        seats += [
            (party.key, f"Избран по партийному списку {party.of_party_ru}")
            for _ in range(party.seats - party.district_seats)
        ]
    seats += [
        (None, f"Избран по одномандатному территориальному округу № {next(districts)}")
        for _ in range(INDEPENDENT_SEATS)
    ]
    shared = {
        next(i for i, (party, _) in enumerate(seats) if party == key): name
        for key, name in zip(SHARED_INITIALS_PARTIES, SHARED_INITIALS_NAMES, strict=True)
    }
    leavers = rng.sample([i for i, (party, _) in enumerate(seats) if party and i not in shared], MAZHILIS_DEPARTURES)
    left_on = dict(
        zip(leavers, sorted(CONVOCATION_START + timedelta(days=rng.randint(200, 880)) for _ in leavers), strict=True)
    )
    committees = [c for c in COMMITTEES if c.chamber == "mazhilis"]
    committee_of, committee_role = _committee_places(rng, len(seats), committees, set(leavers))
    faction_chairs = {
        next(i for i, (p, _) in enumerate(seats) if p == party.key and i not in left_on) for party in PARTIES
    }
    tenures = [
        Tenure(
            person_id=people.make("mazhilis", shared.get(i)),
            chamber="mazhilis",
            start=CONVOCATION_START,
            end=left_on.get(i),
            label=mandate,
            committee_id=committee_of[i],
            committee_role=committee_role[i],
            party=party,
            faction_role="chair" if i in faction_chairs else "member",
        )
        for i, (party, mandate) in enumerate(seats)
    ]
    for i in sorted(leavers, key=left_on.__getitem__):  # the next candidate of the party takes the seat
        party, mandate = seats[i]
        tenures.append(
            Tenure(
                person_id=people.make("mazhilis"),
                chamber="mazhilis",
                start=left_on[i] + timedelta(days=rng.randint(14, 45)),
                end=None,
                label=mandate,
                committee_id=committee_of[i],
                party=party,
                prints_group=False,
            )
        )
    return tenures


def _senate_tenures(
    rng: Random, people: _PersonMaker, codes: CodeLists, mover_id: str, mover_left: date
) -> list[Tenure]:
    """Two senators elected by each region's maslikhats (one per cohort), the rest appointed by the President.
    An appointed senator leaves and the deputy `mover_id`, who left the Mazhilis on `mover_left`, is appointed
    to the seat; an elected senator leaves and a by-election fills the seat."""
    appointed = "Назначен Президентом Республики Казахстан"
    seats = [
        (f"Избран маслихатами: {name}", elected)
        for name in codes.region_names_ru.values()
        for elected in SENATE_ELECTIONS
    ]
    elected_count = len(seats)
    seats += [
        (appointed, date(2019, 1, 1) + timedelta(days=rng.randrange(1500)))
        for _ in range(CHAMBERS["senate"].seats - elected_count)
    ]
    appointed_leaver, elected_leaver = rng.randrange(elected_count, len(seats)), rng.randrange(elected_count)
    left_on = {
        appointed_leaver: mover_left - timedelta(days=rng.randint(7, 30)),
        elected_leaver: CONVOCATION_START + timedelta(days=rng.randint(300, 850)),
    }
    committees = [c for c in COMMITTEES if c.chamber == "senate"]
    committee_of, role = _committee_places(rng, len(seats), committees, set(left_on))
    tenures = [
        Tenure(people.make("senate"), "senate", start, left_on.get(i), mandate, committee_of[i], role[i])
        for i, (mandate, start) in enumerate(seats)
    ]
    by_election = left_on[elected_leaver] + timedelta(days=rng.randint(30, 60))
    return [
        *tenures,
        Tenure(mover_id, "senate", mover_left + timedelta(days=1), None, appointed, committee_of[appointed_leaver]),
        Tenure(
            people.make("senate"), "senate", by_election, None, seats[elected_leaver][0], committee_of[elected_leaver]
        ),
    ]


def _organizations() -> list[dict]:
    def organization(org_id: str, names: Forms, classification: str, **fields: object) -> dict:
        return {
            "id": org_id,
            "name": names.ru,
            "classification": classification,
            **fields,
            "other_names": _other_names(names),
        }

    mazhilis = _chamber_id("mazhilis")
    return [
        organization(LEGISLATURE_ID, LEGISLATURE, "legislature"),
        *(
            organization(_chamber_id(c.key), c.name, "chamber", parent_id=LEGISLATURE_ID, seats=c.seats)
            for c in CHAMBERS.values()
        ),
        *(organization(org_id, names, "executive") for org_id, names in EXECUTIVES.items()),
        *(organization(_party_id(p.key), p.name, "party") for p in PARTIES),
        *(
            organization(
                _faction_id(p.key),
                p.faction,
                "parliamentary_group",
                parent_id=mazhilis,
                founding_date=CONVOCATION_START.isoformat(),
            )
            for p in PARTIES
        ),
        *(organization(_committee_id(c), c.name, "committee", parent_id=_chamber_id(c.chamber)) for c in COMMITTEES),
    ]


def _memberships(tenures: list[Tenure]) -> list[dict]:
    """Per tenure: the seat in the chamber (with the party and, in the Mazhilis, the convocation), the faction
    and the committee, all for the same span."""
    records = []
    for t in tenures:
        span = {"start_date": t.start.isoformat(), **({"end_date": t.end.isoformat()} if t.end else {})}
        seat = {"person_id": t.person_id, "organization_id": _chamber_id(t.chamber), "role": "member"}
        if t.party:
            seat["on_behalf_of_id"] = _party_id(t.party)
        if t.chamber == "mazhilis":
            seat["legislative_period_id"] = CONVOCATION_ID
        records.append({**seat, **span, "label": t.label})
        if t.faction_id:
            records.append({"person_id": t.person_id, "organization_id": t.faction_id, "role": t.faction_role, **span})
        records.append({"person_id": t.person_id, "organization_id": t.committee_id, "role": t.committee_role, **span})
    return [{"id": f"{LEGISLATURE_ID}/membership/{n:04d}", **record} for n, record in enumerate(records, 1)]


def _session_id(number: int) -> str:
    return f"{CONVOCATION_ID}/session/{number}"


def _events(calendar: Calendar) -> list[dict]:
    """The convocation and its sessions up to DATA_END (the one still running has no end date)."""
    convocation = {
        "id": CONVOCATION_ID,
        "name": "Парламент Республики Казахстан VIII созыва",
        "classification": "legislative period",
        "organization_id": LEGISLATURE_ID,
        "identifier": "8",
        "start_date": CONVOCATION_START.isoformat(),
    }
    sessions = [
        {
            "id": _session_id(n),
            "name": f"{SESSION_ORDINALS_RU[n - 1]} сессия Парламента Республики Казахстан VIII созыва",
            "classification": "session",
            "organization_id": LEGISLATURE_ID,
            "parent_id": CONVOCATION_ID,
            "identifier": str(n),
            "start_date": start.isoformat(),
            **({"end_date": end.isoformat()} if end <= DATA_END else {}),
        }
        for n, (start, end) in enumerate(calendar.sessions, 1)
        if start <= DATA_END
    ]
    return [convocation, *sessions]


def _build_parliament(rng: Random, codes: CodeLists, calendar: Calendar) -> Parliament:
    people = _PersonMaker(rng)
    mazhilis = _mazhilis_tenures(rng, people)
    mover_left, mover_id = min((t.end, t.person_id) for t in mazhilis if t.end)  # the first deputy to leave
    tenures = mazhilis + _senate_tenures(rng, people, codes, mover_id, mover_left)
    return Parliament(
        persons=people.records,
        organizations=_organizations(),
        memberships=_memberships(tenures),
        events=_events(calendar),
        roster=Roster(tenures),
        names={person["id"]: person["name"] for person in people.records},
    )


# Bills ----------------------------------------------------------------------------------------------------

FINAL_STEPS = {"withdrawal": "withdrawn", "first_reading_failed": "rejected", "signature": "signed"}
MAZHILIS_COMMITTEES = {c.key: c for c in COMMITTEES if c.chamber == "mazhilis"}


@dataclass(frozen=True, slots=True)
class BillPlan:
    number: int
    initiator: str
    title: Forms
    committee: str  # key of the Mazhilis committee in charge
    acts: tuple[str, ...]
    sponsor_ids: tuple[str, ...]  # deputies who initiated it, the first one primary
    steps: tuple[tuple[str, date], ...]  # ACTION_STEPS keys and dates, up to DATA_END

    @property
    def id(self) -> str:
        return f"{LEGISLATURE_ID}/bill/{self.number}-VIII"

    @property
    def printed_number(self) -> str:
        return f"№ {self.number}-VIII"

    @property
    def registered(self) -> date:
        return self.steps[0][1]

    @property
    def closed_on(self) -> date | None:
        return next((day for key, day in self.steps if key in FINAL_STEPS), None)

    @property
    def status(self) -> str:
        final = next((FINAL_STEPS[key] for key, _ in self.steps if key in FINAL_STEPS), None)
        if final:
            return final
        return "returned" if self.steps[-1][0] == "senate_return" else "in_progress"


def _amendments(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    topic = rng.choice(BILL_TOPICS)
    title = Forms(
        f"Қазақстан Республикасының кейбір заңнамалық актілеріне {topic.name.kk} мәселелері бойынша өзгерістер мен "
        "толықтырулар енгізу туралы",
        f"О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан по вопросам "
        f"{topic.name.ru}",
        f"On amendments and additions to certain legislative acts of the Republic of Kazakhstan on {topic.name.en}",
    )
    also = [ALWAYS_AMENDED] if rng.random() < 0.6 else []
    return (
        title,
        topic.committee,
        tuple(dict.fromkeys([*topic.acts, *also, *rng.sample(list(ACTS), rng.randint(0, 2))])),
    )


def _code_amendment(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    entry = rng.choice(CODE_AMENDMENTS)
    title = Forms(
        f"Қазақстан Республикасының {entry.code.kk} өзгерістер мен толықтырулар енгізу туралы",
        f"О внесении изменений и дополнений в {entry.code.ru}",
        f"On amendments and additions to the {entry.code.en}",
    )
    return title, entry.committee, (entry.act,)


def _new_law(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    law = rng.choice(NEW_LAWS)
    return law.title, law.committee, law.acts


def _ratification(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    partner, subject = rng.choice(TREATY_PARTNERS), rng.choice(TREATY_SUBJECTS)
    title = Forms(
        f"Қазақстан Республикасының Үкіметі мен {partner.kk} Үкіметі арасындағы {subject.kk} туралы келісімді "
        "ратификациялау туралы",
        f"О ратификации Соглашения между Правительством Республики Казахстан и Правительством {partner.ru} "
        f"о {subject.ru}",
        f"On the ratification of the Agreement between the Government of the Republic of Kazakhstan and the "
        f"Government of {partner.en} on {subject.en}",
    )
    return title, "international", ()


BILL_SUBJECTS = {"amendments": _amendments, "code": _code_amendment, "new_law": _new_law, "ratification": _ratification}


def _entry_into_force(rng: Random, signed: date) -> date:
    """Ten days after publication (most laws), sixty days after it, or the next 1 January."""
    published = signed + timedelta(days=rng.randint(1, 3))
    options = (published + timedelta(days=10), published + timedelta(days=60), date(signed.year + 1, 1, 1))
    return rng.choices(options, weights=(70, 10, 20))[0]


def _bill_steps(rng: Random, registered: date, fate: str, calendar: Calendar) -> list[tuple[str, date]]:
    """Every step the bill takes to its fate, some of them past DATA_END; votes fall on sitting days."""
    referred = calendar.add_working_days(registered, rng.randint(2, 7))
    steps = [("registration", registered), ("committee_referral", referred)]
    if fate == "withdrawn" and rng.random() < 0.5:
        return [*steps, ("withdrawal", calendar.add_working_days(referred, rng.randint(15, 120)))]
    day = calendar.sitting("mazhilis", referred + timedelta(days=rng.randint(20, 90)), rng)
    if fate == "rejected":
        return [*steps, ("first_reading_failed", day)]
    steps.append(("first_reading", day))
    if fate == "withdrawn":
        return [*steps, ("withdrawal", calendar.add_working_days(day, rng.randint(10, 60)))]
    day = calendar.sitting("mazhilis", day + timedelta(days=rng.randint(14, 60)), rng)
    steps += [("second_reading", day), ("mazhilis_adoption", day)]
    day = calendar.sitting("senate", day + timedelta(days=rng.randint(10, 40)), rng)
    if fate in ("returned_readopted", "returned_stuck"):
        steps.append(("senate_return", day))
        if fate == "returned_stuck":
            return steps
        day = calendar.sitting("mazhilis", day + timedelta(days=rng.randint(20, 60)), rng)
        steps.append(("mazhilis_readoption", day))
        day = calendar.sitting("senate", day + timedelta(days=rng.randint(10, 40)), rng)
    signed = calendar.add_working_days(day, rng.randint(5, 20))
    return [
        *steps,
        ("senate_approval", day),
        ("signature", signed),
        ("entry_into_force", _entry_into_force(rng, signed)),
    ]


def _plan_bills(rng: Random, count: int, calendar: Calendar, roster: Roster, codes: CodeLists) -> list[BillPlan]:
    """`count` bills registered over the period, numbered in order of registration."""
    initiators = _Choice({code: profile.weight for code, profile in codes.initiators.items()})
    registration_days = (DATA_END - CONVOCATION_START).days - 14
    drafts = []
    for _ in range(count):
        initiator = initiators.draw(rng)
        profile = codes.initiators[initiator]
        kind = rng.choices(list(profile.kinds), weights=list(profile.kinds.values()))[0]
        title, committee, acts = BILL_SUBJECTS[kind](rng)
        registered = calendar.next_working_day(CONVOCATION_START + timedelta(days=rng.randrange(registration_days)))
        fate = rng.choices(list(profile.fates), weights=list(profile.fates.values()))[0]
        steps = tuple((key, day) for key, day in _bill_steps(rng, registered, fate, calendar) if day <= DATA_END)
        sponsors = ()
        if profile.deputies_sponsor:
            sponsors = tuple(t.person_id for t in rng.sample(roster.seated("mazhilis", registered), rng.randint(1, 7)))
        drafts.append(BillPlan(0, initiator, title, committee, acts, sponsors, steps))
    drafts.sort(key=lambda bill: bill.registered)
    return [replace(bill, number=number) for number, bill in enumerate(drafts, 1)]


def _bill_record(bill: BillPlan, names: Mapping[str, str]) -> dict:
    committee = MAZHILIS_COMMITTEES[bill.committee]
    acting = {
        "mazhilis": _chamber_id("mazhilis"),
        "senate": _chamber_id("senate"),
        "committee": _committee_id(committee),
        "president": PRESIDENT_ID,
        "initiator": INITIATORS[bill.initiator].organization_id,
    }
    actions = []
    for key, day in bill.steps:
        step = ACTION_STEPS[key]
        actions.append(
            {
                "date": day.isoformat(),
                "classification": step.classification,
                **({"organization_id": acting[step.acting]} if step.acting else {}),
                "description_kk": step.description_kk.format(committee_kk=committee.name.kk),
                "description_ru": step.description_ru.format(committee_ru=committee.name.ru),
            }
        )
    if bill.sponsor_ids:
        sponsors = [
            {"person_id": person_id, "name": names[person_id], "classification": "cosponsor" if n else "primary"}
            for n, person_id in enumerate(bill.sponsor_ids)
        ]
    else:
        initiator = INITIATORS[bill.initiator].organization_id
        sponsors = [{"organization_id": initiator, "name": EXECUTIVES[initiator].ru, "classification": "primary"}]
    documents = [
        {
            "title": kind.title,
            "url": f"https://parlam.kz/{kind.language}/mazhilis/lawprojects/{bill.number}/{kind.slug}.{kind.extension}",
            "date": bill.registered.isoformat(),
            "language": kind.language,
            "classification": kind.classification,
            "media_type": MEDIA_TYPES[kind.extension],
        }
        for kind in (*DOCUMENTS, *((GOVERNMENT_CONCLUSION,) if bill.sponsor_ids else ()))
    ]
    amends = [
        {
            "act_code": code,
            "title_kk": ACTS[code].title_kk,
            "title_ru": ACTS[code].title_ru,
            "act_date": ACTS[code].act_date.isoformat(),
        }
        for code in bill.acts
    ]
    return {
        "id": bill.id,
        "legislature_id": LEGISLATURE_ID,
        "number": bill.printed_number,
        "title_kk": bill.title.kk,
        "title_ru": bill.title.ru,
        "title_en": bill.title.en,
        "initiator_type": bill.initiator,
        "registration_date": bill.registered.isoformat(),
        "status": bill.status,
        "lead_committee_id": _committee_id(committee),
        "actions": actions,
        "sponsors": sponsors,
        "documents": documents,
        "amends": amends,
    }


# Vote events --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VotePlan:
    day: date
    chamber: str
    order: tuple[int, int, int]  # within a sitting: the agenda, then bills by number and step, then the rest
    motion: str
    passes: bool
    bill_id: str | None = None
    stage: str | None = None
    proposer: str | None = None  # the party whose faction proposed the motion (it backs it)


def _plan_votes(rng: Random, bills: list[BillPlan], calendar: Calendar, scale: float) -> list[VotePlan]:
    """The bills' votes, procedural votes on random sitting days, and the agenda vote opening each sitting."""
    plans = []
    for bill in bills:
        for n, (key, day) in enumerate(bill.steps):
            step = ACTION_STEPS[key]
            if step.motion_ru:
                motion = step.motion_ru.format(title=bill.title.ru)
                plans.append(
                    VotePlan(day, step.acting, (1, bill.number, n), motion, step.passes, bill.id, step.classification)
                )
    sittings = {chamber: calendar.sittings_in_data(chamber) for chamber in CHAMBERS}
    opposition = [party for party in PARTIES if party.key != MAJORITY_PARTY]
    for n in range(_volume(PROCEDURAL_VOTES, scale)):
        motion = rng.choice(PROCEDURAL_MOTIONS)
        party = rng.choice(opposition) if motion.proposed_by_faction else None
        text = motion.text.format(topic=rng.choice(BILL_TOPICS).name.ru, party=party.of_party_ru if party else "")
        day = rng.choice(sittings[motion.chamber])
        plans.append(
            VotePlan(day, motion.chamber, (2, n, 0), text, motion.passes, proposer=party.key if party else None)
        )
    for day, chamber in sorted({(plan.day, plan.chamber) for plan in plans}):
        plans.append(VotePlan(day, chamber, (0, 0, 0), CHAMBERS[chamber].agenda_motion, True))
    return sorted(plans, key=lambda plan: (plan.day, plan.chamber, plan.order))


def _carries(yes: int, seats: int) -> bool:
    """A motion passes with the votes of a majority of all seats."""
    return yes > seats // 2


def _lines(rng: Random, plan: VotePlan) -> dict[str | None, str]:
    """The option each faction backs; key None: the line of members without a faction."""
    majority = YES if plan.passes else NO
    lines: dict[str | None, str] = {None: majority}
    for party in PARTIES:
        if party.key == plan.proposer:
            lines[party.key] = YES
        elif rng.random() < party.loyalty:
            lines[party.key] = majority
        else:
            lines[party.key] = rng.choice((ABSTAIN, NO if plan.passes else YES))
    return lines


def _ballot(rng: Random, line: str, absent_share: float, dissent: float) -> str:
    draw = rng.random()
    if draw < absent_share:
        return ABSENT
    if draw < absent_share + NOT_VOTING_SHARE:
        return NOT_VOTING
    if draw < absent_share + NOT_VOTING_SHARE + dissent:
        return rng.choice([option for option in (YES, NO, ABSTAIN) if option != line])
    return line


def _cast_ballots(rng: Random, plan: VotePlan, seated: Sequence[Tenure]) -> list[tuple[Tenure, str]]:
    """Each seated member's vote: their faction's line with some dissent, absence and not voting; drawn again in
    the rare case the outcome is not the planned one."""
    seats = CHAMBERS[plan.chamber].seats
    absent_share = rng.uniform(0.04, 0.10)
    lines = _lines(rng, plan)
    dissent = [INDEPENDENT_DISSENT if t.party is None and t.chamber == "mazhilis" else DISSENT for t in seated]
    while True:
        ballots = [(t, _ballot(rng, lines[t.party], absent_share, d)) for t, d in zip(seated, dissent, strict=True)]
        if _carries(sum(option == YES for _, option in ballots), seats) == plan.passes:
            return ballots


def _option_counts(counts: Mapping[str, int], options: Sequence[str]) -> list[dict]:
    return [{"option": option, "value": counts.get(option, 0)} for option in options]


def _vote_event(
    rng: Random,
    plan: VotePlan,
    identifier: int,
    sitting_size: int,
    seated: Sequence[Tenure],
    session: int,
    options: Sequence[str],
    misprint: bool,
) -> dict:
    ballots = _cast_ballots(rng, plan, seated)
    counts = Counter(option for _, option in ballots)
    result = "pass" if _carries(counts[YES], CHAMBERS[plan.chamber].seats) else "fail"
    printed = {option: counts[option] for option in options}
    if misprint:  # a typo in the printed counts, never one that would change the result
        printed[rng.choice([option for option in options if option != YES or result == "pass"])] += rng.randint(1, 3)
    seconds = 10 * 3600 + (identifier - 1) * min(360, 8 * 3600 // sitting_size) + rng.randrange(60)
    start = datetime.combine(plan.day, time(), _utc_offset(plan.day)) + timedelta(seconds=seconds)
    event = {
        "id": f"{_chamber_id(plan.chamber)}/vote/{plan.day.isoformat()}/{identifier:02d}",
        "identifier": str(identifier),
        "organization_id": _chamber_id(plan.chamber),
        "legislative_session_id": _session_id(session),
        "start_date": start.isoformat(),
        "motion": {"text": plan.motion},
        "result": result,
        **({"bill_id": plan.bill_id, "bill_stage": plan.stage} if plan.bill_id else {}),
        "counts": _option_counts(printed, options),
    }
    if plan.chamber == "mazhilis":
        by_party: dict[str, Counter] = {}
        for t, option in ballots:
            if t.party:
                by_party.setdefault(t.party, Counter())[option] += 1
        event["group_results"] = [
            {"group_id": _faction_id(p.key), "counts": _option_counts(by_party[p.key], options)}
            for p in PARTIES
            if p.key in by_party
        ]
    groupless = plan.chamber == "mazhilis" and rng.random() < GROUPLESS_EVENT_SHARE
    event["votes"] = [
        {
            "voter_id": t.person_id,
            "option": option,
            **({"group_id": t.faction_id} if t.faction_id and t.prints_group and not groupless else {}),
        }
        for t, option in ballots
    ]
    return event


@dataclass(frozen=True)
class _VotesWritten:
    files: list[Path]
    vote_events: int
    votes: int
    mismatched_ids: list[str]


def _write_votes(
    landing: Path,
    rng: Random,
    plans: list[VotePlan],
    roster: Roster,
    calendar: Calendar,
    codes: CodeLists,
    mismatches: int,
    report: ProgressCallback,
) -> _VotesWritten:
    """One file per month, so only one month's votes are in memory at a time."""
    misprinted = set(rng.sample(range(len(plans)), min(mismatches, len(plans))))
    months = [list(group) for _, group in groupby(enumerate(plans), key=lambda item: item[1].day.strftime("%Y-%m"))]
    files, event_count, vote_count, mismatched_ids = [], 0, 0, []
    for done, month in enumerate(months, 1):
        events = []
        for (day, chamber), sitting in groupby(month, key=lambda item: (item[1].day, item[1].chamber)):
            sitting = list(sitting)
            seated, session = roster.seated(chamber, day), calendar.session_number(day)
            for identifier, (index, plan) in enumerate(sitting, 1):
                misprint = index in misprinted
                events.append(
                    _vote_event(rng, plan, identifier, len(sitting), seated, session, codes.vote_options, misprint)
                )
                if misprint:
                    mismatched_ids.append(events[-1]["id"])
        event_count += len(events)
        vote_count += sum(len(event["votes"]) for event in events)
        files.append(
            _write_array_file(landing / "popolo" / f"votes_{month[0][1].day:%Y-%m}.json", "vote_events", events)
        )
        report("votes", done, len(months))
    return _VotesWritten(files, event_count, vote_count, mismatched_ids)


# Submissions --------------------------------------------------------------------------------------------------


def _iin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of a Kazakh IIN; None when both weightings leave remainder 10 (no valid IIN)."""
    digits = [int(c) for c in first_eleven]
    for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _iin(rng: Random, birth: date, female: bool) -> str:
    """Birth date, century-and-sex digit (3/4: born 1900-1999, 5/6: from 2000; even: female), four random
    digits, then the check digit (the four digits are drawn again when no check digit exists)."""
    century_sex = (5 if birth.year >= 2000 else 3) + female
    while True:
        first_eleven = f"{birth:%y%m%d}{century_sex}{rng.randrange(10_000):04d}"
        check = _iin_check_digit(first_eleven)
        if check is not None:
            return f"{first_eleven}{check}"


def _phone(rng: Random) -> str:
    return rng.choice(PHONE_FORMATS).format(
        op=rng.choice(PHONE_OPERATORS),
        a=f"{rng.randrange(1000):03d}",
        b=f"{rng.randrange(100):02d}",
        c=f"{rng.randrange(100):02d}",
    )


def _email(rng: Random, name: PersonName, birth: date) -> str:
    given, family = (re.sub("[^a-z]", "", part.en.lower()) for part in (name.given, name.family))
    local = rng.choice(
        (f"{given}.{family}", f"{given}{family}{birth:%y}", f"{given[0]}.{family}", f"{family}_{birth:%d%m}")
    )
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def _address(rng: Random, region: RegionProfile, language: str) -> str:
    street_kk, street_ru = rng.choice(STREETS)
    template = rng.choices(ADDRESS_FORMATS[language], weights=(75, 25))[0]
    kazakh = language == "kk"
    return template.format(
        city=region.city_kk if kazakh else region.city_ru,
        street=street_kk if kazakh else street_ru,
        house=rng.randint(1, 180),
        flat=rng.randint(1, 240),
    )


class _SubmissionDrawer:
    """Draws one submission at a time: where from, through which channel, about what, how it ended, who wrote it
    (fake personal data) and what they wrote."""

    def __init__(self, rng: Random, codes: CodeLists, calendar: Calendar):
        self.rng, self.codes, self.calendar = rng, codes, calendar
        self.regions = _Choice({kato: region.population_k for kato, region in codes.regions.items()})
        self.topics = _Choice({code: topic.weight for code, topic in codes.topics.items()})
        self.channels = _Choice(codes.channels)
        self.channels_without_bills = _Choice({code: w for code, w in codes.channels.items() if code != BILL_COMMENT})
        self.closed = _Choice({code: times.weight for code, times in codes.closed_statuses.items()})
        self.addressees = _Choice(ADDRESSEES)
        self.hours = _Choice(dict(enumerate(HOUR_WEIGHTS)))
        self.planted: dict[str, set[str]] = {kind: set() for kind in ("name", "iin", "phone", "email", "address")}

    def draw(self, days: _Choice[date], open_bills: Sequence[BillPlan]) -> tuple[datetime, list[str]]:
        """One submission received on one of `days`: its time, and its CSV row without the id."""
        rng = self.rng
        kato = self.regions.draw(rng)
        region = self.codes.regions[kato]
        language = "kk" if rng.random() < region.kazakh_share else "ru"
        channel = (self.channels if open_bills else self.channels_without_bills).draw(rng)
        topic_code = self.topics.draw(rng)
        topic = self.codes.topics[topic_code]
        bill = rng.choice(open_bills) if channel == BILL_COMMENT else None
        day = days.draw(rng)
        received = datetime.combine(
            day, time(self.hours.draw(rng), rng.randrange(60), rng.randrange(60)), _utc_offset(day, region.west)
        )
        status, answered_at = self._outcome(day, region.west)

        female = rng.random() < 0.5
        name = _draw_name(rng, female, slavic_share=0.02 if language == "kk" else 0.2)
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(57 * 365))
        author = name.formal(language)
        iin, phone, email = _iin(rng, birth, female), _phone(rng), _email(rng, name, birth)
        address = _address(rng, region, language)
        for kind, value in zip(self.planted, (author, iin, phone, email, address), strict=True):
            self.planted[kind].add(value)

        parts = [
            rng.choice(OPENINGS[channel][language]).format(bill=bill.printed_number if bill else ""),
            *rng.sample(BILL_COMMENT_TEXTS[language] if bill else topic.texts[language], rng.randint(1, 2)),
        ]
        if rng.random() < INLINE_CONTACT_SHARE:
            contact = rng.choice(INLINE_CONTACTS[language])
            parts.append(contact.format(phone=phone, email=email, name=author, iin=iin, address=address))
        parts.append(rng.choice(CLOSINGS[language]))

        return received, [
            channel,
            received.isoformat(),
            answered_at,
            language,
            kato,
            self._addressee(topic, bill),
            "" if bill or rng.random() < 0.05 else topic_code,  # comments on a bill have no topic
            status,
            bill.id if bill else "",
            str(int(rng.lognormvariate(6.0, 1.6))) if channel == PETITION else "",
            author,
            iin,
            phone,
            email if rng.random() < EMAIL_COLUMN_SHARE else "",
            address if rng.random() < ADDRESS_COLUMN_SHARE else "",
            " ".join(parts),
        ]

    def _addressee(self, topic: SubmissionTopic, bill: BillPlan | None) -> str:
        if bill:  # comments on a bill go to its committee, or to the Mazhilis
            return (
                _committee_id(MAZHILIS_COMMITTEES[bill.committee])
                if self.rng.random() < 0.6
                else _chamber_id("mazhilis")
            )
        addressee = self.addressees.draw(self.rng)
        if addressee == "committee":
            return _committee_id(MAZHILIS_COMMITTEES[topic.committee])
        return LEGISLATURE_ID if addressee == "legislature" else _chamber_id(addressee)

    def _outcome(self, received: date, west: bool) -> tuple[str, str]:
        """Status and answer time: most are answered within 15 working days, some late; those whose answer
        would come after DATA_END, and a few stuck ones, are still open."""
        rng = self.rng
        if rng.random() < STUCK_SHARE:
            return IN_REVIEW, ""
        status = self.closed.draw(rng)
        times = self.codes.closed_statuses[status]
        late = rng.random() < times.late_share
        delay = rng.randint(16, 40) if late else rng.randint(times.fastest, times.slowest)
        answer_day = self.calendar.add_working_days(received, delay)
        if answer_day > DATA_END:
            return (RECEIVED if (DATA_END - received).days < 3 else IN_REVIEW), ""
        answered = datetime.combine(
            answer_day, time(rng.randint(9, 17), rng.randrange(60)), _utc_offset(answer_day, west)
        )
        return status, answered.isoformat()


def _data_months() -> list[list[date]]:
    """The days from CONVOCATION_START to DATA_END, month by month."""
    days = [CONVOCATION_START + timedelta(n) for n in range((DATA_END - CONVOCATION_START).days + 1)]
    return [list(group) for _, group in groupby(days, key=lambda day: (day.year, day.month))]


def _write_submissions(
    landing: Path,
    rng: Random,
    count: int,
    bills: list[BillPlan],
    codes: CodeLists,
    calendar: Calendar,
    report: ProgressCallback,
) -> tuple[list[Path], dict[str, set[str]]]:
    """`count` submissions over the months (growing as the portals catch on), one file per month. A comment on
    a draft law concerns a bill registered before its month and still open at the month's end."""
    months = _data_months()
    day_weights = [[1.0 if _is_working_day(day) else QUIET_DAY_WEIGHT for day in days] for days in months]
    growth = [0.8 + 0.4 * n / max(1, len(months) - 1) for n in range(len(months))]
    per_month = _spread(count, [sum(weights) * g for weights, g in zip(day_weights, growth, strict=True)])
    drawer = _SubmissionDrawer(rng, codes, calendar)
    files, number = [], 0
    for done, (days, weights, month_count) in enumerate(zip(months, day_weights, per_month, strict=True), 1):
        first, last = days[0], days[-1]
        open_bills = [b for b in bills if b.registered < first and (b.closed_on is None or b.closed_on > last)]
        day_choice = _Choice(dict(zip(days, weights, strict=True)))
        drawn = sorted((drawer.draw(day_choice, open_bills) for _ in range(month_count)), key=lambda item: item[0])
        rows = []
        for received, row in drawn:
            number += 1
            rows.append([f"{LEGISLATURE_ID}/submission/{received.year}-{number:07d}", *row])
        if rows:
            files.append(
                _write_csv(landing / "submissions" / f"submissions_{first:%Y-%m}.csv", SUBMISSION_COLUMNS, rows)
            )
        report("submissions", done, len(months))
    return files, drawer.planted


PETITIONS = (10, 3)
PETITION_TITLES = (
    ("kk", "Ауылдық жолдарды жөндеуге бөлінетін қаржыны көбейту"),
    ("ru", "Увеличить финансирование ремонта сельских дорог"),
    ("kk", "Мектептерде тегін ыстық тамақты барлық сыныптарға енгізу"),
    ("ru", "Ввести бесплатное горячее питание во всех классах школ"),
    ("ru", "Запретить вырубку деревьев в городских парках"),
    ("kk", "Жылу тарифтерін өсіруге мораторий енгізу"),
    ("ru", "Публиковать поимённые результаты голосований депутатов"),
    ("kk", "Мүгедектігі бар балаларға арналған жәрдемақыны арттыру"),
)
ABROAD = (("RU", "Russia"), ("TR", "Turkey"), ("DE", "Germany"), ("KG", "Kyrgyzstan"))


def _write_petitions(landing: Path, rng: Random, count: int, codes: CodeLists) -> Path:
    """Petitions with signatures by region (KATO) and by country: the regions add up to Kazakhstan's count, the
    countries to the total."""
    petitions = []
    for number in range(1, count + 1):
        language, title = PETITION_TITLES[(number - 1) % len(PETITION_TITLES)]
        created = datetime.combine(date(2024, 1, 15) + timedelta(days=rng.randrange(600)), time(10), UTC5)
        regions = [(kato, int(rng.lognormvariate(4.5, 1.0))) for kato in codes.regions]
        abroad = [(code, name, rng.randrange(0, 40)) for code, name in rng.sample(ABROAD, 2)]
        in_kazakhstan = sum(n for _, n in regions)
        areas = [{"area_type": "region", "area_code": kato, "signature_count": n} for kato, n in regions] + [
            {"area_type": "country", "area_code": "KZ", "area_name": "Kazakhstan", "signature_count": in_kazakhstan}
        ]
        areas += [
            {"area_type": "country", "area_code": c, "area_name": name, "signature_count": n} for c, name, n in abroad
        ]
        petitions.append(
            {
                "id": f"{LEGISLATURE_ID}/petition/{number:04d}",
                "legislature_id": LEGISLATURE_ID,
                "title": title,
                "language": language,
                "state": "closed" if created.date() < date(2025, 6, 1) else "open",
                "created_at": created.isoformat(),
                "signature_count": in_kazakhstan + sum(n for *_, n in abroad),
                "signatures_by_area": areas,
            }
        )
    return _write_array_file(landing / "petitions" / "petitions.json", "petitions", petitions)


# Files --------------------------------------------------------------------------------------------------------

OWNED_FILES = {  # what the generator writes, and so removes before writing again (folder -> file names)
    ".": re.compile(r"synthetic\.json"),
    "popolo": re.compile(r"members\.json|votes_\d{4}-\d{2}\.json"),
    "bills": re.compile(r"bills_\d{4}\.jsonl"),
    "submissions": re.compile(r"submissions_\d{4}-\d{2}\.csv"),
    "petitions": re.compile(r"petitions\.json"),
}


def _remove_generated_files(landing: Path) -> None:
    for folder, names in OWNED_FILES.items():
        directory = landing / folder
        if directory.is_dir():
            for path in directory.iterdir():
                if path.is_file() and names.fullmatch(path.name):
                    path.unlink()


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _write_json(path: Path, document: object) -> Path:
    return _write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _write_array_file(path: Path, key: str, items: list[dict]) -> Path:
    """A JSON object holding one array, one item per line: readable, and no line of many megabytes."""
    body = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    return _write_text(path, f'{{"{key}": [\n{body}\n]}}\n')


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    return _write_text(path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))


def _write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _write_bills(
    landing: Path, bills: list[BillPlan], names: Mapping[str, str], report: ProgressCallback
) -> list[Path]:
    """One file per year of registration."""
    years = [(year, list(group)) for year, group in groupby(bills, key=lambda bill: bill.registered.year)]
    files = []
    for done, (year, group) in enumerate(years, 1):
        files.append(_write_jsonl(landing / "bills" / f"bills_{year}.jsonl", [_bill_record(b, names) for b in group]))
        report("bills", done, len(years))
    return files


# The entry point ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationSummary:
    """What `generate_landing` wrote: record counts, the planted count mismatches, and the files."""

    persons: int
    organizations: int
    memberships: int
    events: int
    vote_events: int
    votes: int
    bills: int
    bill_actions: int
    submissions: int
    mismatched_vote_event_ids: tuple[str, ...]
    files: tuple[Path, ...]
    # PRIVATE: every personal value planted in the submissions (kind -> values), for the tests' scan of public
    # outputs. Never written to the landing folder or printed.
    planted_personal_data: dict[str, frozenset[str]]
    petitions: int


def generate_landing(
    out_dir: Path,
    *,
    scale: float = 1.0,
    seed: int = 42,
    progress: ProgressCallback | None = None,
    submission_scale: float | None = None,
) -> GenerationSummary:
    """Write a synthetic landing folder into `out_dir` and say what was written.

    The files this generator owns (`synthetic.json`, `popolo/members.json`, `popolo/votes_*.json`,
    `bills/bills_*.jsonl`, `submissions/submissions_*.csv`) are removed first, so running again converges;
    other files are left alone. `scale` multiplies bills, vote events and submissions; `submission_scale`, when
    given, multiplies the submissions instead (the benchmark's largest scale has many votes but fewer texts to
    enrich); `progress(step, done, total)` is called as each step advances.
    """
    for name, value in (("scale", scale), ("submission_scale", submission_scale)):
        if value is not None and value <= 0:
            raise ValueError(f"{name} must be positive, not {value}")
    report = progress or (lambda step, done, total: None)
    out_dir = Path(out_dir)
    codes = CodeLists.load()
    calendar = Calendar()
    _remove_generated_files(out_dir)

    marker = {
        "synthetic": True,
        "generator": "eparl demo-data",
        "seed": seed,
        "scale": scale,
        **({} if submission_scale is None else {"submission_scale": submission_scale}),
        "note": "Made-up data for demonstrations and tests: these persons, votes, bills and submissions do not exist; "
        "names, IINs, phone numbers, e-mail addresses and street addresses are fake.",
    }
    files = [_write_json(out_dir / "synthetic.json", marker)]

    parliament = _build_parliament(Random(f"{seed}/parliament"), codes, calendar)
    members = {
        "persons": parliament.persons,
        "organizations": parliament.organizations,
        "memberships": parliament.memberships,
        "events": parliament.events,
    }
    files.append(_write_json(out_dir / "popolo" / "members.json", members))
    report("parliament", 1, 1)

    bills = _plan_bills(Random(f"{seed}/bills"), _volume(BILLS, scale), calendar, parliament.roster, codes)
    files += _write_bills(out_dir, bills, parliament.names, report)

    vote_rng = Random(f"{seed}/votes")
    plans = _plan_votes(vote_rng, bills, calendar, scale)
    votes = _write_votes(
        out_dir, vote_rng, plans, parliament.roster, calendar, codes, _volume(COUNT_MISMATCHES, scale), report
    )
    files += votes.files

    submission_count = _volume(SUBMISSIONS, scale if submission_scale is None else submission_scale)
    submission_files, planted = _write_submissions(
        out_dir, Random(f"{seed}/submissions"), submission_count, bills, codes, calendar, report
    )
    files += submission_files
    petition_count = _volume(PETITIONS, scale)
    files.append(_write_petitions(out_dir, Random(f"{seed}/petitions"), petition_count, codes))

    return GenerationSummary(
        persons=len(parliament.persons),
        organizations=len(parliament.organizations),
        memberships=len(parliament.memberships),
        events=len(parliament.events),
        vote_events=votes.vote_events,
        votes=votes.votes,
        bills=len(bills),
        bill_actions=sum(len(bill.steps) for bill in bills),
        submissions=submission_count,
        mismatched_vote_event_ids=tuple(votes.mismatched_ids),
        files=tuple(files),
        planted_personal_data={kind: frozenset(values - {""}) for kind, values in planted.items()},
        petitions=petition_count,
    )
