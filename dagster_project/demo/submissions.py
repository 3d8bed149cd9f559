"""Citizens' submissions: appeals, proposals, petitions and comments on draft laws, with who wrote them (fake
personal data), what they wrote and how they were answered (`submissions/submissions_<YYYY-MM>.csv`); and the
petitions with their signatures by region and country (`petitions/petitions.json`).

What belongs here: the submissions' tables (`vocabularies/regions.csv`, `submission_topics.yaml`,
`submission_texts.yaml`, `contact_details.yaml`, `petitions.yaml`), the shares and weights they are drawn with,
and the drawing. Every personal value planted, in the author columns and, for some, inside the text, is returned by
`write_submissions` for the tests, never written out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from dagster_project.demo.bills import BillPlan
from dagster_project.demo.landing_files import ProgressCallback, write_array_file, write_csv
from dagster_project.demo.names import PersonName, draw_name
from dagster_project.demo.organizations import LEGISLATURE_ID, MAZHILIS_COMMITTEES, chamber_id, committee_id
from dagster_project.demo.period import DATA_END, UTC5, Calendar, data_months, is_working_day, utc_offset
from dagster_project.demo.vocabulary import load_csv, load_yaml

if TYPE_CHECKING:
    from dagster_project.demo.code_lists import CodeLists

T = TypeVar("T")

PETITION, BILL_COMMENT = "e_petition", "draft_law_comment"
RECEIVED, IN_REVIEW = "received", "in_review"
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


class RegionProfile(NamedTuple):
    population_k: int  # approximate population at the start of 2024, thousands (rounded; a weight, not a statistic)
    kazakh_share: float  # approximate share of submissions written in Kazakh
    west: bool  # on UTC+5 before 2024-03-01 (the rest of the country was on UTC+6)
    city_kk: str
    city_ru: str


class SubmissionTopic(NamedTuple):
    weight: int
    committee: str  # key of the Mazhilis committee a submission on it may be addressed to
    texts: Mapping[str, tuple[str, ...]]  # language -> sentences about it


def _by_language(sentences: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {language: tuple(texts) for language, texts in sentences.items()}


REGIONS = {  # keyed by KATO code (`kato_regions.csv`)
    row["kato"]: RegionProfile(
        int(row["population_k"]), float(row["kazakh_share"]), row["west"] == "true", row["city_kk"], row["city_ru"]
    )
    for row in load_csv("regions")
}
SUBMISSION_TOPICS = {  # keyed by `submission_topics.csv`
    code: SubmissionTopic(topic["weight"], topic["committee"], _by_language(topic["texts"]))
    for code, topic in load_yaml("submission_topics").items()
}
_TEXTS = load_yaml("submission_texts")
BILL_COMMENT_TEXTS = _by_language(_TEXTS["bill_comment_texts"])  # instead of a topic's sentences
OPENINGS = {channel: _by_language(openings) for channel, openings in _TEXTS["openings"].items()}  # by channel
INLINE_CONTACTS = _by_language(_TEXTS["inline_contacts"])  # what a letter may add about its author
CLOSINGS = _by_language(_TEXTS["closings"])
_CONTACT_DETAILS = load_yaml("contact_details")
PHONE_OPERATORS = tuple(_CONTACT_DETAILS["phone_operators"])
PHONE_FORMATS = tuple(_CONTACT_DETAILS["phone_formats"])
EMAIL_DOMAINS = tuple(_CONTACT_DETAILS["email_domains"])
STREETS = tuple((street["kk"], street["ru"]) for street in _CONTACT_DETAILS["streets"])
ADDRESS_FORMATS = _by_language(_CONTACT_DETAILS["address_formats"])
_PETITIONS = load_yaml("petitions")
PETITION_TITLES = tuple((petition["language"], petition["title"]) for petition in _PETITIONS["titles"])
ABROAD = tuple((country["code"], country["name"]) for country in _PETITIONS["countries_abroad"])


class _Choice(Generic[T]):
    """A weighted choice with its cumulative weights computed once (hot loops draw from it many times)."""

    def __init__(self, weights: Mapping[T, float]):
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: Random) -> T:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, rounded so the parts add up exactly (largest remainder)."""
    shares = [total * w / sum(weights) for w in weights]
    parts = [int(share) for share in shares]
    for i in sorted(range(len(shares)), key=lambda i: parts[i] - shares[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


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
            day, time(self.hours.draw(rng), rng.randrange(60), rng.randrange(60)), utc_offset(day, region.west)
        )
        status, answered_at = self._outcome(day, region.west)

        female = rng.random() < 0.5
        name = draw_name(rng, female, slavic_share=0.02 if language == "kk" else 0.2)
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
                committee_id(MAZHILIS_COMMITTEES[bill.committee]) if self.rng.random() < 0.6 else chamber_id("mazhilis")
            )
        addressee = self.addressees.draw(self.rng)
        if addressee == "committee":
            return committee_id(MAZHILIS_COMMITTEES[topic.committee])
        return LEGISLATURE_ID if addressee == "legislature" else chamber_id(addressee)

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
            answer_day, time(rng.randint(9, 17), rng.randrange(60)), utc_offset(answer_day, west)
        )
        return status, answered.isoformat()


def write_submissions(
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
    months = data_months()
    day_weights = [[1.0 if is_working_day(day) else QUIET_DAY_WEIGHT for day in days] for days in months]
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
                write_csv(landing / "submissions" / f"submissions_{first:%Y-%m}.csv", SUBMISSION_COLUMNS, rows)
            )
        report("submissions", done, len(months))
    return files, drawer.planted


def write_petitions(landing: Path, rng: Random, count: int, codes: CodeLists) -> Path:
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
    return write_array_file(landing / "petitions" / "petitions.json", "petitions", petitions)
