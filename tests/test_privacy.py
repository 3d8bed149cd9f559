"""Personal data: the detectors find every kind the demo plants, redaction replaces them and verifies it, and the
personal-data suite of Great Expectations fails on a planted IIN."""

from __future__ import annotations

from dataclasses import replace
from random import Random

import pandas as pd
import pytest

from dagster_project.demo.generator import generate_landing
from dagster_project.privacy.patterns import find_personal_data, iin_check_digit, is_valid_iin
from dagster_project.privacy.redact import Author, Redactor
from expectations.runner import validate_table
from publish.catalogue import Column, Table, Text


def test_the_iin_check_digit_uses_the_second_weighting_when_the_first_leaves_ten():
    assert is_valid_iin("900101300007") and not is_valid_iin("900101300001")
    rng = Random(1)
    for _ in range(200):
        first = f"{rng.randrange(10**11):011d}"
        check = iin_check_digit(first)
        if check is not None:
            assert is_valid_iin(first + str(check))
            assert not is_valid_iin(first + str((check + 1) % 10))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return generate_landing(tmp_path_factory.mktemp("p") / "landing", scale=0.01, seed=3).planted_personal_data


def test_the_patterns_find_every_planted_phone_email_and_iin(planted):
    for kind in ("phone", "email", "iin"):
        assert planted[kind]
        for value in planted[kind]:
            assert (kind.upper(), value) in find_personal_data(f"текст {value} текст"), value


def test_redaction_removes_every_planted_value_in_kazakh_and_russian(planted):
    redactor = Redactor()
    names, iins, phones, emails, addresses = (sorted(planted[k]) for k in ("name", "iin", "phone", "email", "address"))
    items = []
    for name, iin, phone, email, address in zip(names, iins, phones, emails, addresses, strict=False):
        text = (
            f"Замечание к проекту закона № 12-VIII. С уважением, {name}, ИИН {iin}. Мой телефон: {phone}. "
            f"Ответ прошу направить на {email}. Мекенжайым: {address}."
        )
        items.append((text, Author(name, iin, phone, email, address)))
    redactions = redactor.redact_all(items)
    assert all(r.verified for r in redactions), [r.problems for r in redactions if not r.verified][:3]
    for redaction, (_, author) in zip(redactions, items, strict=True):
        for value in (author.name, author.iin, author.phone, author.email, author.address):
            assert value not in redaction.text
        assert all(p in redaction.text for p in ("[IIN]", "[PHONE]", "[EMAIL]", "[ADDRESS]", "[NAME]"))


def test_verification_fails_when_an_author_value_survives():
    # digits spaced out escape the phone pattern, but not the check against the author's own phone
    redaction = Redactor().redact("Звоните: 7 0 1 1 2 3 4 5 6 7.", Author(phone="+7 701 123 45 67"))
    assert not redaction.verified and redaction.problems == ("author_phone",)


def test_a_planted_iin_in_a_published_cell_fails_the_personal_data_suite(tmp_path):
    text = Text("t", "t", "t")
    table = Table(
        name="bill_comments_probe",
        title=text,
        description=text,
        columns=(Column("comment_id", "varchar", text), Column("comment_text", "varchar", text)),
        primary_key=("comment_id",),
    )
    clean = pd.DataFrame({"comment_id": ["a", "b"], "comment_text": ["Прошу продлить обсуждение.", "[NAME], [IIN]"]})
    assert validate_table(clean.copy(), table, tmp_path, min_cell=10).success
    assert is_valid_iin("900101300007")
    leaked = clean.assign(comment_text=["Прошу продлить обсуждение.", "ИИН 900101300007"])
    outcome = validate_table(leaked, replace(table), tmp_path, min_cell=10)
    assert not outcome.success
    (failure,) = outcome.failed
    assert failure.expectation == "expect_column_values_to_not_match_regex_list"
    assert "900101300007" not in repr(outcome)  # the value itself is not carried into results or metadata
    report = [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert report and not [text for text in report if "900101300007" in text]  # nor into the HTML report
